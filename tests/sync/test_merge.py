"""Field-by-field merge, conflicts and their resolution, note versions, tombstones."""
from __future__ import annotations

import pytest

from app.sync.client import conflicts, note_versions, pending_changes, resolve_conflict
from models.entities import Contact, Household

from .conftest import join
from .helpers import edit, get, kims_case, remove


@pytest.fixture
def trio(hub, center, tmp_path):
    """김사례's laptop with one case, synced; 박팀장 (1팀 supervisor) and the admin see it too."""
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    case_id, household_id, contact_id = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    center["admin"].sync()
    return {"kim": kim, "park": park, "admin": center["admin"], "case": case_id, "household": household_id,
            "contact": contact_id}


def round_(*devices):
    for d in devices:
        d.sync()
    for d in devices:
        d.sync()


def test_laptops_receive_the_case(trio):
    for who in ("park", "admin"):
        assert get(trio[who].ctx, Household, trio["household"]) is not None
        assert get(trio[who].ctx, Contact, trio["contact"]).note == "가정방문: 생활 상태 확인"


def test_different_fields_merge(trio):
    kim, park = trio["kim"], trio["park"]
    edit(kim.ctx, Household, trio["household"], address="서울 서대문구 연희로 2")
    edit(park.ctx, Household, trio["household"], phone="02-330-9999")
    round_(kim, park)
    for d in (kim, park):
        hh = get(d.ctx, Household, trio["household"])
        assert (hh.address, hh.phone) == ("서울 서대문구 연희로 2", "02-330-9999")
        assert conflicts(d.ctx) == []
        assert pending_changes(d.ctx) == 0


def test_same_field_becomes_a_conflict_with_both_values(trio, hub):
    kim, park = trio["kim"], trio["park"]
    edit(kim.ctx, Household, trio["household"], address="연희로 2 (김)")
    edit(park.ctx, Household, trio["household"], address="연희로 3 (박)")
    kim.sync()
    report = park.sync()
    assert report.conflicts == 1
    round_(kim, park)
    for d in (kim, park):
        [c] = conflicts(d.ctx)
        assert (c.kind, c.field) == ("field", "address")
        assert (c.base_value, c.hub_value, c.device_value) == ("서울 서대문구 연희로 1", "연희로 2 (김)", "연희로 3 (박)")
        # Never a silent overwrite: the hub keeps the first value until a person decides.
        assert get(d.ctx, Household, trio["household"]).address == "연희로 2 (김)"

    # The supervisor keeps their own value; the decision is a synced change like any other.
    resolve_conflict(park.ctx, c.id, "device")
    assert get(park.ctx, Household, trio["household"]).address == "연희로 3 (박)"
    round_(park, kim)
    for d in (kim, park):
        assert get(d.ctx, Household, trio["household"]).address == "연희로 3 (박)"
        assert conflicts(d.ctx) == []
        assert [c.status for c in conflicts(d.ctx, include_resolved=True)] == ["resolved"]


def test_second_resolution_of_the_same_conflict_is_stale(trio):
    kim, park = trio["kim"], trio["park"]
    edit(kim.ctx, Household, trio["household"], phone="010-1")
    edit(park.ctx, Household, trio["household"], phone="010-2")
    round_(kim, park)
    [c] = conflicts(kim.ctx)
    resolve_conflict(kim.ctx, c.id, "hub")
    resolve_conflict(park.ctx, c.id, "device")
    round_(kim, park)
    for d in (kim, park):
        # 김's choice arrived first ("keep the hub's value"); 박's later choice changed nothing.
        assert get(d.ctx, Household, trio["household"]).phone == "010-1"
        assert conflicts(d.ctx) == []


def test_choosing_the_laptop_value_never_drops_an_edit_made_after_the_conflict(trio):
    """Found by the property test: a conflict on a field, then an office edit of that field made on
    top of the hub's value, then 'keep the laptop's value' overwrote the office edit unseen. The
    choice is now refused and the conflict stays open with the newest office value."""
    kim, park, admin = trio["kim"], trio["park"], trio["admin"]
    edit(kim.ctx, Household, trio["household"], phone="010-1")
    edit(park.ctx, Household, trio["household"], phone="010-2")
    round_(kim, park)
    [c] = conflicts(park.ctx)
    admin.sync()
    edit(admin.ctx, Household, trio["household"], phone="02-330-7777")   # later, based on the hub's value
    admin.sync()
    resolve_conflict(park.ctx, c.id, "device")
    round_(park, kim, admin)
    for d in (kim, park, admin):
        assert get(d.ctx, Household, trio["household"]).phone == "02-330-7777"
        [again] = conflicts(d.ctx)
        assert (again.id, again.hub_value, again.device_value) == (c.id, "02-330-7777", "010-2")
    resolve_conflict(park.ctx, c.id, "device")                           # seen now: it counts
    round_(park, kim)
    assert get(kim.ctx, Household, trio["household"]).phone == "010-2" and conflicts(kim.ctx) == []


def test_a_later_edit_on_the_same_device_merges_on_top_of_its_own(trio):
    kim, park = trio["kim"], trio["park"]
    edit(park.ctx, Household, trio["household"], phone="02-1")
    park.sync()
    # Two edits in a row on 김's laptop, the second on top of the first, neither pushed yet.
    edit(kim.ctx, Household, trio["household"], address="A")
    edit(kim.ctx, Household, trio["household"], address="B", income_status="차상위")
    round_(kim, park)
    hh = get(park.ctx, Household, trio["household"])
    assert (hh.address, hh.income_status, hh.phone) == ("B", "차상위", "02-1")
    assert conflicts(kim.ctx) == []


def test_case_notes_keep_both_concurrent_versions(trio):
    kim, park = trio["kim"], trio["park"]
    edit(kim.ctx, Contact, trio["contact"], note="김: 월세 지원 연계함")
    edit(park.ctx, Contact, trio["contact"], note="박: 병원 동행 필요")
    round_(kim, park)
    for d in (kim, park):
        versions = note_versions(d.ctx, trio["contact"])
        texts = [v.text for v in versions]
        assert texts[0] == "가정방문: 생활 상태 확인"
        assert set(texts[1:]) == {"김: 월세 지원 연계함", "박: 병원 동행 필요"}
        assert [v.concurrent for v in versions[1:]] == [False, True]
        assert conflicts(d.ctx) == []


def test_delete_propagates_as_a_tombstone(trio, hub):
    kim, park = trio["kim"], trio["park"]
    remove(kim.ctx, Contact, trio["contact"])
    round_(kim, park)
    assert get(park.ctx, Contact, trio["contact"]) is None
    [(deleted,)] = hub.query("SELECT deleted FROM hub.record WHERE entity = 'contact' AND id = %s", trio["contact"])
    assert deleted


def test_delete_against_a_concurrent_edit_is_a_conflict(trio, hub):
    kim, park = trio["kim"], trio["park"]
    edit(park.ctx, Contact, trio["contact"], is_monitoring=False)
    remove(kim.ctx, Contact, trio["contact"])
    park.sync()
    kim.sync()
    round_(kim, park)
    # Neither lost nor silently resurrected: the record stays, with a conflict to decide.
    [c] = conflicts(kim.ctx)
    assert c.kind == "delete" and c.hub_value == {"is_monitoring": False}
    assert get(kim.ctx, Contact, trio["contact"]).is_monitoring is False
    resolve_conflict(kim.ctx, c.id, "device")
    round_(kim, park)
    assert get(park.ctx, Contact, trio["contact"]) is None
    assert get(kim.ctx, Contact, trio["contact"]) is None


def test_edit_against_a_concurrent_delete_is_a_conflict(trio):
    kim, park = trio["kim"], trio["park"]
    remove(kim.ctx, Contact, trio["contact"])
    edit(park.ctx, Contact, trio["contact"], is_monitoring=False)
    kim.sync()
    park.sync()
    round_(kim, park)
    [c] = conflicts(park.ctx)
    assert c.kind == "edit_deleted" and c.device_value == {"is_monitoring": False}
    assert get(park.ctx, Contact, trio["contact"]) is None
    resolve_conflict(park.ctx, c.id, "device")  # bring it back with 박's change
    round_(park, kim)
    for d in (kim, park):
        assert get(d.ctx, Contact, trio["contact"]).is_monitoring is False

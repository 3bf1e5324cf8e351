"""Records the devices keep unique by a key other than their id (one closure per case, one share
per colleague, ...). Two laptops offline can each make one under different ids: the hub keeps the
first, refuses the second as a 'duplicate' conflict for a person, and every device keeps syncing
(before hub schema 4 a device that received both failed its pull on every sync)."""
from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import UniqueConstraint, select
from sqlalchemy.exc import IntegrityError

from app.services import cases, sharing

from app.services.views import sync_status
from app.sync import engine as engine_mod
from app.sync import hub as hubmod
from app.sync.client import conflicts, pending_changes, resolve_conflict
from app.sync.hub import HubConnection
from models.entities import SYNCED_ENTITIES, Case, CaseShare, Closure, Dong
from models.types import ClosureReason

from ..workflow_helpers import closure_meeting, in_service_case
from .conftest import Hub, join, old_hub
from .helpers import edit, get, kims_case, local_ids, remove


def model_unique_keys() -> set[tuple[str, tuple[str, ...]]]:
    """(table, columns) of every UNIQUE constraint, unique column and unique index of the synced tables."""
    keys = set()
    for cls in SYNCED_ENTITIES:
        table = cls.__table__
        keys |= {(table.name, tuple(c.name for c in u.columns))
                 for u in table.constraints if isinstance(u, UniqueConstraint)}
        keys |= {(table.name, (c.name,)) for c in table.columns if c.unique}
        keys |= {(table.name, tuple(c.name for c in i.columns)) for i in table.indexes if i.unique}
    return keys


def live_duplicates(hub: Hub) -> list:
    """Keys held by more than one live hub record that devices receive (must always be none)."""
    keys = model_unique_keys()
    rows = hub.query("SELECT entity, id, fields FROM hub.record WHERE NOT deleted AND scope NOT IN ('invalid', 'none') "
                     "AND entity = ANY(%s)", sorted({e for e, _ in keys}))
    holders: dict[tuple, list[str]] = {}
    for entity, record_id, fields in rows:
        for e, columns in keys:
            values = tuple(fields.get(c) for c in columns)
            if e == entity and None not in values:
                holders.setdefault((e, columns, values), []).append(record_id)
    return sorted((key, ids) for key, ids in holders.items() if len(ids) > 1)


def close(ctx, case_id: str, evaluation: str) -> str:
    return cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation=evaluation,
                            closed_on=date(2026, 11, 21))


def evaluations(ctx) -> dict[str, str]:
    with ctx.session() as s:
        return {c.id: c.evaluation for c in s.scalars(select(Closure))}


def round_(*devices) -> None:
    for _ in range(2):
        for d in devices:
            d.sync()


@pytest.fixture
def closed_twice(hub, center, tmp_path):
    """김사례 and 박팀장 (1팀 supervisor) each close 김's case on their laptop, offline; 김 syncs first."""
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    admin = center["admin"]
    case_id, _, _ = in_service_case(kim.ctx)
    closure_meeting(kim.ctx, case_id)
    kim.sync()
    park.sync()
    admin.sync()
    mine = close(kim.ctx, case_id, "김: 목표 달성, 자립")
    theirs = close(park.ctx, case_id, "박: 주거 안정 확인")
    kim.sync()
    report = park.sync()
    round_(kim, park, admin)
    return {"kim": kim, "park": park, "admin": admin, "case": case_id, "mine": mine, "theirs": theirs,
            "report": report}


def test_hub_unique_keys_match_the_models(hub):
    stored = {(e, tuple(f)) for e, f in hub.query("SELECT entity, fields FROM hub.unique_key")}
    assert stored == model_unique_keys()


def test_two_laptops_close_one_case_offline_and_both_keep_syncing(closed_twice, hub):
    t = closed_twice
    assert t["report"].conflicts == 1
    for who in ("kim", "park", "admin"):
        d = t[who]
        # The first closure to reach the hub is the case's closure everywhere; 박's copy is gone.
        assert evaluations(d.ctx) == {t["mine"]: "김: 목표 달성, 자립"}
        assert pending_changes(d.ctx) == 0
        [c] = conflicts(d.ctx)
        assert (c.kind, c.entity, c.record_id) == ("duplicate", "closure", t["theirs"])
        assert c.hub_value["id"] == t["mine"] and c.hub_value["evaluation"] == "김: 목표 달성, 자립"
        assert c.device_value["evaluation"] == "박: 주거 안정 확인"
        # The inbox says what happened, on the case's row.
        [row] = sync_status.conflict_rows(d.ctx)
        assert row.entity_label == "종결" and row.case_id == t["case"]
        assert row.kind_label.startswith("같은 기록이 이미 있어")
        assert "박: 주거 안정 확인" in row.device and "김: 목표 달성, 자립" in row.hub
    assert row.from_this_device is False
    assert [r.from_this_device for r in sync_status.conflict_rows(t["park"].ctx)] == [True]
    assert live_duplicates(hub) == []
    [(deleted, scope)] = hub.query("SELECT deleted, scope FROM hub.record WHERE id = %s", t["theirs"])
    assert deleted and scope == t["case"]


def test_choosing_the_laptops_closure_keeps_one_closure_with_its_values(closed_twice, hub):
    t = closed_twice
    [c] = conflicts(t["park"].ctx)
    resolve_conflict(t["park"].ctx, c.id, "device")
    round_(t["park"], t["kim"], t["admin"])
    for who in ("kim", "park", "admin"):
        assert evaluations(t[who].ctx) == {t["mine"]: "박: 주거 안정 확인"}
        assert conflicts(t[who].ctx) == []
        assert sync_status.conflict_rows(t[who].ctx) == []
    assert live_duplicates(hub) == []
    [(case_id,)] = hub.query("SELECT fields->>'case_id' FROM hub.record WHERE id = %s", t["mine"])
    assert case_id == t["case"]


def test_choosing_the_offices_closure_changes_nothing(closed_twice, hub):
    t = closed_twice
    [c] = conflicts(t["kim"].ctx)
    resolve_conflict(t["kim"].ctx, c.id, "hub")
    round_(t["kim"], t["park"])
    for who in ("kim", "park"):
        assert evaluations(t[who].ctx) == {t["mine"]: "김: 목표 달성, 자립"}
        assert conflicts(t[who].ctx) == []
        assert [x.status for x in conflicts(t[who].ctx, include_resolved=True)] == ["resolved"]
    assert live_duplicates(hub) == []


def test_the_laptops_closure_is_taken_when_the_kept_one_was_deleted_since(closed_twice, hub):
    t = closed_twice
    remove(t["kim"].ctx, Closure, t["mine"])
    t["kim"].sync()
    [c] = conflicts(t["park"].ctx)
    resolve_conflict(t["park"].ctx, c.id, "device")   # 박 has not pulled the deletion yet
    t["park"].sync()
    round_(t["kim"], t["park"], t["admin"])
    for who in ("kim", "park", "admin"):
        assert evaluations(t[who].ctx) == {t["theirs"]: "박: 주거 안정 확인"}
        assert conflicts(t[who].ctx) == []
    assert live_duplicates(hub) == []


def test_a_resolution_never_makes_a_duplicate(closed_twice, hub):
    """An edit of 박's closure made offline joins the conflict; with 김's closure deleted and
    another made since, the laptop's closure cannot come back: the conflict stays open."""
    t = closed_twice
    kim, park = t["kim"], t["park"]
    remove(kim.ctx, Closure, t["mine"])
    with kim.ctx.session() as s:   # the case stays closed: a closure written again
        s.add(Closure(id=(third := str(uuid.uuid4())), case_id=t["case"], reason=ClosureReason.MOVED,
                      evaluation="김: 다시 작성한 종결 평가", closed_on=date(2026, 11, 22)))
    kim.sync()
    [c] = conflicts(park.ctx)
    resolve_conflict(park.ctx, c.id, "device")
    park.sync()
    round_(kim, park)
    assert live_duplicates(hub) == []
    for d in (kim, park):
        assert evaluations(d.ctx) == {third: "김: 다시 작성한 종결 평가"}
        [still] = conflicts(d.ctx)
        assert still.id == c.id and still.status == "open"


def test_bringing_a_closure_back_reaches_a_laptop_that_still_holds_a_removed_one(closed_twice, hub):
    """박 keeps an edit of 김's deleted closure while still holding a closure deleted since: the
    closure brought back reaches 박 by pull, after that deletion (the push reply would have put
    both keys on the laptop, and every retry would have failed the same way)."""
    t = closed_twice
    kim, park = t["kim"], t["park"]
    [dup] = conflicts(kim.ctx)
    resolve_conflict(kim.ctx, dup.id, "hub")
    round_(kim, park)
    edit(park.ctx, Closure, t["mine"], evaluation="박: 고친 평가")
    remove(kim.ctx, Closure, t["mine"])
    with kim.ctx.session() as s:
        s.add(Closure(id=(other := str(uuid.uuid4())), case_id=t["case"], reason=ClosureReason.MOVED,
                      evaluation="김: 새 종결", closed_on=date(2026, 11, 22)))
    kim.sync()
    park.sync()                        # 박 now holds 김's new closure; the edit is a conflict
    [c] = conflicts(park.ctx)
    assert c.kind == "edit_deleted"
    remove(kim.ctx, Closure, other)
    kim.sync()
    resolve_conflict(park.ctx, c.id, "device")
    park.sync()
    round_(kim, park)
    for d in (kim, park):
        assert evaluations(d.ctx) == {t["mine"]: "박: 고친 평가"}
        assert conflicts(d.ctx) == []
    assert live_duplicates(hub) == []


def test_a_lost_push_reply_is_answered_the_same_and_the_laptop_still_converges(closed_twice, hub):
    """The second laptop's push reached the hub but its reply was lost: the retry is a replay."""
    t = closed_twice
    kim, park = t["kim"], t["park"]
    case_id, _, _ = in_service_case(kim.ctx)
    closure_meeting(kim.ctx, case_id)
    kim.sync()
    park.sync()
    mine, theirs = close(kim.ctx, case_id, "김"), close(park.ctx, case_id, "박")
    kim.sync()

    def lose_reply(point: str) -> None:
        if point == "push.after_hub_commit":
            raise ConnectionError("reply lost")
    with pytest.raises(ConnectionError):
        park.client(hook=lose_reply).sync()
    assert theirs in local_ids(park.ctx, Closure)
    statuses = hub.query("SELECT status FROM hub.applied_op WHERE record_id = %s", theirs)
    report = park.sync()
    assert report.conflicts == 1
    assert hub.query("SELECT status FROM hub.applied_op WHERE record_id = %s", theirs) == statuses == [("conflict",)]
    [(n,)] = hub.query("SELECT count(*) FROM hub.record WHERE entity = 'sync_conflict' AND fields->>'record_id' = %s",
                       theirs)
    assert n == 1
    round_(kim, park)
    for d in (kim, park):
        assert {k: v for k, v in evaluations(d.ctx).items() if k in (mine, theirs)} == {mine: "김"}


def test_the_same_duplicate_pushed_twice_is_answered_the_same(closed_twice, hub):
    t = closed_twice
    op = {"op_id": str(uuid.uuid4()), "entity": "closure", "entity_id": str(uuid.uuid4()), "op": "insert",
          "base_version": 0, "prev_op_id": None,
          "changes": {"case_id": [None, t["case"]], "reason": [None, "refused"], "evaluation": [None, "세 번째"],
                      "closed_on": [None, "2026-11-22"]}}
    with HubConnection(t["kim"].dsn) as conn:
        first = conn.push(t["kim"].ctx.device_id, engine_mod.PROTOCOL, [op])
        again = conn.push(t["kim"].ctx.device_id, engine_mod.PROTOCOL, [op])
    assert first["results"][0]["status"] == again["results"][0]["status"] == "conflict"
    assert again["results"][0]["replayed"] is True
    for reply in (first, again):   # the device is told to remove its copy, both times
        assert [(r["e"], r["id"], r["d"]) for r in reply["records"] if r["e"] == "closure"] == \
            [("closure", op["entity_id"], True)]
    [(n,)] = hub.query("SELECT count(*) FROM hub.record WHERE entity = 'sync_conflict' AND fields->>'op_id' = %s",
                       op["op_id"])
    assert n == 1
    assert live_duplicates(hub) == []


def test_two_laptops_share_one_case_with_the_same_colleague(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    case_id, _, _ = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    sharing.share_case(kim.ctx, case_id, staff_ids["lee"])
    sharing.share_case(park.ctx, case_id, staff_ids["lee"])
    kim.sync()
    park.sync()
    lee = join(hub, tmp_path, "lee")   # 2팀: sees the case only through the share
    round_(kim, park, lee)
    [kept] = local_ids(kim.ctx, CaseShare)
    assert local_ids(park.ctx, CaseShare) == local_ids(lee.ctx, CaseShare) == {kept}
    assert get(lee.ctx, CaseShare, kept).staff_id == staff_ids["lee"]
    [c] = conflicts(park.ctx)
    assert (c.kind, c.entity) == ("duplicate", "case_share")
    assert [x.kind for x in conflicts(lee.ctx)] == ["duplicate"]   # lee sees the case, so the conflict
    resolve_conflict(park.ctx, c.id, "device")
    round_(park, kim, lee)
    assert all(conflicts(d.ctx) == [] for d in (kim, park, lee))
    assert live_duplicates(hub) == []


def test_a_case_number_taken_twice_keeps_each_case_in_its_household(hub, center, tmp_path):
    """Two cases with one 사례번호 are two cases: choosing the laptop's values never moves the kept
    case to the other household, person or manager."""
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    kept, household, _ = kims_case(kim.ctx)
    other, other_household, _ = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    with kim.ctx.session() as s:
        case_no, member = s.get(Case, kept).case_no, s.get(Case, other).primary_member_id
    twin = {"case_no": case_no, "household_id": other_household, "primary_member_id": member,
            "manager_id": park.ctx.actor.staff_id, "team": "1팀", "opened_on": "2026-11-02",
            "lead_agency": "연희동 주민센터"}
    op = {"op_id": str(uuid.uuid4()), "entity": "case_file", "entity_id": str(uuid.uuid4()), "op": "insert",
          "base_version": 0, "prev_op_id": None, "changes": {k: [None, v] for k, v in twin.items()}}
    with HubConnection(park.dsn) as conn:
        assert conn.push(park.ctx.device_id, engine_mod.PROTOCOL, [op])["results"][0]["status"] == "conflict"
    park.sync()
    [c] = conflicts(park.ctx)
    assert (c.kind, c.hub_value["id"]) == ("duplicate", kept)
    resolve_conflict(park.ctx, c.id, "device")
    round_(park, kim)
    [(fields,)] = hub.query("SELECT fields FROM hub.record WHERE entity = 'case_file' AND id = %s", kept)
    assert (fields["household_id"], fields["manager_id"], fields["lead_agency"]) == \
        (household, kim.ctx.actor.staff_id, "연희동 주민센터")
    assert live_duplicates(hub) == []


def test_a_key_freed_by_a_delete_and_taken_again_reaches_other_devices(hub, center, tmp_path, staff_ids):
    """Unsharing and sharing again makes a new share with the freed key: a device that holds the
    old one gets its tombstone in an earlier page than the new one (it could not store both)."""
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    case_id, _, _ = kims_case(kim.ctx)
    sharing.share_case(kim.ctx, case_id, staff_ids["lee"])
    kim.sync()
    park.sync()
    sharing.unshare_case(kim.ctx, case_id, staff_ids["lee"])
    sharing.share_case(kim.ctx, case_id, staff_ids["lee"])
    kim.sync()
    park.sync()
    assert local_ids(park.ctx, CaseShare) == local_ids(kim.ctx, CaseShare)
    assert len(local_ids(park.ctx, CaseShare)) == 1


def test_an_edit_that_takes_another_records_key_is_not_made(center, hub, tmp_path):
    """The administrator, on two PCs offline, renames two 동 to one new name: the second rename is
    refused, and that PC's copy is put back as the hub has it."""
    office, laptop = center["admin"], join(hub, tmp_path, "admin")
    with office.ctx.session() as s:
        names = dict(s.execute(select(Dong.name, Dong.id)).all())
    edit(office.ctx, Dong, names["연희동"], name="신촌동")
    edit(laptop.ctx, Dong, names["천연동"], name="신촌동", region_id=None)
    office.sync()
    report = laptop.sync()
    assert report.conflicts == 1
    assert get(laptop.ctx, Dong, names["천연동"]).name == "천연동"
    round_(office, laptop)
    for d in (office, laptop):
        assert get(d.ctx, Dong, names["연희동"]).name == "신촌동"
        assert get(d.ctx, Dong, names["천연동"]).name == "천연동"
    [c] = conflicts(office.ctx)
    assert (c.kind, c.record_id, c.device_value["name"], c.hub_value["name"], c.hub_value["id"]) == \
        ("duplicate", names["천연동"], "신촌동", "천연동", names["천연동"])
    resolve_conflict(laptop.ctx, c.id, "device")   # the other fields only: the name stays
    round_(laptop, office)
    for d in (office, laptop):
        assert get(d.ctx, Dong, names["천연동"]).name == "천연동"
        assert conflicts(d.ctx) == []
    assert live_duplicates(hub) == []


def test_an_upgraded_hub_keeps_the_first_of_its_duplicates(pg_cluster, tmp_path, admin_ctx, staff_ids, monkeypatch):
    """A hub at schema 3 took both closures and both shares; every device that received both failed
    its pull on every sync. The upgrade keeps the first of each and every device converges."""
    hub, admin = old_hub(pg_cluster, admin_ctx, staff_ids, 3, monkeypatch)
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    case_id, _, _ = in_service_case(kim.ctx)
    closure_meeting(kim.ctx, case_id)
    kim.sync()
    park.sync()
    mine = close(kim.ctx, case_id, "김: 목표 달성")
    theirs = close(park.ctx, case_id, "박: 목표 달성")
    sharing.share_case(kim.ctx, case_id, staff_ids["lee"])
    sharing.share_case(park.ctx, case_id, staff_ids["lee"])
    kim.sync()
    with pytest.raises(IntegrityError):
        park.sync()
    with pytest.raises(IntegrityError):
        kim.sync()
    assert len(live_duplicates(hub)) == 2

    assert hubmod.setup_hub(hub.admin_dsn) == hubmod.hub_schema_version() >= 4
    monkeypatch.undo()
    assert live_duplicates(hub) == []
    round_(kim, park, admin)
    kept_share = local_ids(kim.ctx, CaseShare)
    for d in (kim, park, admin):
        assert evaluations(d.ctx) == {mine: "김: 목표 달성"}
        assert local_ids(d.ctx, CaseShare) == kept_share and len(kept_share) == 1
        assert sorted((c.kind, c.entity) for c in conflicts(d.ctx)) == [("duplicate", "case_share"),
                                                                        ("duplicate", "closure")]
    [closure_conflict] = [c for c in conflicts(park.ctx) if c.entity == "closure"]
    assert (closure_conflict.record_id, closure_conflict.device_value["evaluation"]) == (theirs, "박: 목표 달성")
    assert closure_conflict.hub_value["id"] == mine
    resolve_conflict(park.ctx, closure_conflict.id, "device")
    round_(park, kim, admin)
    for d in (kim, park, admin):
        assert evaluations(d.ctx) == {mine: "박: 목표 달성"}
    assert live_duplicates(hub) == []

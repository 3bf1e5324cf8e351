"""사례번호 codes: no two devices of a center number cases with the same code (hub schema 8)."""
from __future__ import annotations

import psycopg
from sqlalchemy import select

from app.services import cases
from app.sync import hub as hubmod
from models.entities import Case, Meta

from ..conftest import PASSWORD
from ..workflow_helpers import intake_case
from .conftest import Device, Hub, join, new_hub_db
from .released_hub import build_released_hub


def code_of(ctx) -> str | None:
    with ctx.session() as s:
        row = s.get(Meta, cases.CASE_CODE_META)
        return row.value if row else None


def case_numbers(ctx) -> set[str]:
    with ctx.session() as s:
        return set(s.scalars(select(Case.case_no)))


def test_two_laptops_that_draw_the_same_code_number_cases_apart(hub, center, tmp_path, monkeypatch):
    kim = join(hub, tmp_path, "kim")
    taken = code_of(kim.ctx)
    assert taken == cases.device_code(kim.ctx.device_id)          # its own code was free
    monkeypatch.setattr(cases, "device_code", lambda device_id: taken)   # lee's laptop draws the same
    lee = join(hub, tmp_path, "lee")
    assert code_of(lee.ctx) not in (None, taken)
    kims_case, _ = intake_case(kim.ctx)
    lees_case, _ = intake_case(lee.ctx, dong="연희동")
    [kims_no], [lees_no] = case_numbers(kim.ctx), case_numbers(lee.ctx)
    assert kims_no.split("-")[1] == taken and lees_no.split("-")[1] == code_of(lee.ctx)
    assert kim.sync().conflicts == 0 and lee.sync().conflicts == 0
    assert hub.query("SELECT count(*) FROM hub.record WHERE entity = 'case_file' AND NOT deleted") == [(2,)]


def test_a_code_already_numbering_cases_on_the_hub_stays_with_its_device(pg_cluster, tmp_path, admin_ctx, staff_ids,
                                                                          monkeypatch):
    """Devices from before schema 8 hold no claimed code: the hub counts a code as taken when
    another device's cases already carry it, and the device that made them keeps it."""
    hub = Hub(pg_cluster, new_hub_db(pg_cluster))
    build_released_hub(hub.admin_dsn, upto=7)
    key = admin_ctx.store.ensure_center_key()
    for username, staff_id in [("admin", admin_ctx.actor.staff_id), *staff_ids.items()]:
        hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_id, username=username, password=PASSWORD,
                                  hub_admin=username == "admin", center_key=key)
    office = Device(admin_ctx, hub.dsn_for("admin"))
    intake_case(admin_ctx)
    office.sync()
    office_code = cases.device_code(admin_ctx.device_id)
    assert code_of(admin_ctx) is None

    hubmod.setup_hub(hub.admin_dsn)
    monkeypatch.setattr(cases, "device_code", lambda device_id: office_code)
    kim = join(hub, tmp_path, "kim")                      # draws the office's code: taken by its cases
    assert code_of(kim.ctx) not in (None, office_code)
    monkeypatch.undo()
    office.sync()
    assert code_of(admin_ctx) == office_code              # the office keeps numbering as before
    intake_case(admin_ctx)
    assert {n.split("-")[1] for n in case_numbers(admin_ctx)} == {office_code}


def test_a_claim_is_kept_and_bad_codes_are_refused(hub, center, tmp_path):
    kim = join(hub, tmp_path, "kim")
    lee = join(hub, tmp_path, "lee")
    with psycopg.connect(hub.admin_dsn, autocommit=True) as conn:   # as a device that has not claimed yet
        conn.execute("UPDATE hub.device SET case_code = NULL WHERE device_id = %s", (lee.ctx.device_id,))
    with hubmod.HubConnection(hub.dsn_for("lee")) as conn:
        for bad in ("", "ab1", "ABCD", "가나다", "A-B", code_of(kim.ctx)):
            assert conn.claim_case_code(lee.ctx.device_id, 1, bad) is None, bad
        free = next(c for c in ("QQQ", "RRR") if c != code_of(kim.ctx))
        assert conn.claim_case_code(lee.ctx.device_id, 1, free) == free
        assert conn.claim_case_code(lee.ctx.device_id, 1, "ZZZ") == free      # kept once given
    with hubmod.HubConnection(hub.dsn_for("kim")) as conn:          # a device keeps the code it holds
        assert conn.claim_case_code(kim.ctx.device_id, 1, "ZZZ") == code_of(kim.ctx)


def test_a_number_is_not_given_again_after_the_newest_case_left_the_laptop(hub, center, admin_ctx, staff_ids,
                                                                           tmp_path):
    """Review finding: numbers came from the highest one still on the device, so a case handed to
    a colleague freed its number, the next case took it, and the hub refused that case whole."""
    from .helpers import contact, edit, local_ids
    kim = join(hub, tmp_path, "kim")
    intake_case(kim.ctx)
    second, _ = intake_case(kim.ctx)
    kim.sync()
    office = center["admin"]
    office.sync()
    edit(admin_ctx, Case, second, manager_id=staff_ids["lee"], team="2팀")     # handed to 이사례
    office.sync()
    kim.sync()
    assert second not in local_ids(kim.ctx, Case)
    third, _ = intake_case(kim.ctx)
    note = contact(kim.ctx, third, "새 대상자 첫 상담")
    report = kim.sync()
    assert report.conflicts == 0
    assert hub.query("SELECT deleted FROM hub.record WHERE entity = 'case_file' AND id = %s", third) == [(False,)]
    assert hub.query("SELECT status FROM hub.applied_op WHERE record_id = %s", note) == [("applied",)]
    numbers = [n for (n,) in hub.query("SELECT fields->>'case_no' FROM hub.record WHERE entity = 'case_file'")]
    assert len(numbers) == len(set(numbers)) == 3

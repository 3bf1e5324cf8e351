"""An office PC shared by several staff members: each person syncs it with their own hub login,
their changes go out under their own name and rights, each pulls what they may see, and a case
leaves the PC only when none of its users may see it any more."""
from __future__ import annotations

import psycopg
from sqlalchemy import delete

from app.services import accounts
from app.sync.client import pending_changes
from app.sync.local import CURSOR_KEY, get_meta, remote_writes, set_meta
from models.entities import Case, CaseShare, Contact, Meta

from ..conftest import PASSWORD
from ..workflow_helpers import intake_case
from .conftest import Device, join
from .helpers import contact, edit, local_ids, remove


def sign_in_on(device: Device, hub, username: str) -> Device:
    """Another staff member signs in on the same device (its store, its device id)."""
    ctx = accounts.sign_in(device.ctx.store.path, username, PASSWORD)
    return Device(ctx, hub.dsn_for(username))


def test_two_people_sync_one_office_pc_each_as_themselves(hub, center, admin_ctx, staff_ids, tmp_path):
    office = center["admin"]
    kim = sign_in_on(office, hub, "kim")             # kim and lee have key slots on the office PC
    lee = sign_in_on(office, hub, "lee")
    kims_case, _ = intake_case(kim.ctx)
    lees_case, _ = intake_case(lee.ctx, dong="연희동")
    edit(admin_ctx, Case, kims_case, lead_agency="연희종합사회복지관")

    # Each person sees, and sends, only their own changes.
    assert pending_changes(kim.ctx) > 0 and pending_changes(lee.ctx) > 0 and pending_changes(admin_ctx) == 1
    report = kim.sync()
    assert report.conflicts == 0 and pending_changes(kim.ctx) == 0
    assert pending_changes(lee.ctx) > 0 and pending_changes(admin_ctx) == 1

    # The hub took kim's case from kim (origin and rights), not from the PC's first user.
    [(origin,)] = hub.query("SELECT origin_staff FROM hub.record WHERE entity = 'case_file' AND id = %s", kims_case)
    assert origin == staff_ids["kim"]
    assert hub.query("SELECT count(*) FROM hub.record WHERE entity = 'case_file' AND id = %s", lees_case) == [(0,)]

    assert lee.sync().conflicts == 0
    assert office.sync().conflicts == 0
    [(origin,)] = hub.query("SELECT origin_staff FROM hub.record WHERE entity = 'case_file' AND id = %s", lees_case)
    assert origin == staff_ids["lee"]
    [(agency,)] = hub.query("SELECT fields->>'lead_agency' FROM hub.record WHERE entity = 'case_file' AND id = %s",
                            kims_case)
    assert agency == "연희종합사회복지관"
    [(refused,)] = hub.query("SELECT count(*) FROM hub.applied_op WHERE status <> 'applied'")
    assert refused == 0
    users = hub.query("SELECT staff_id FROM hub.device_user WHERE device_id = %s ORDER BY staff_id",
                      office.ctx.device_id)
    assert {u for (u,) in users} == {admin_ctx.actor.staff_id, staff_ids["kim"], staff_ids["lee"]}
    for device in (kim, lee):
        accounts.sign_out(device.ctx)


def test_a_case_stays_on_a_shared_laptop_while_one_of_its_users_may_see_it(hub, center, admin_ctx, staff_ids,
                                                                           tmp_path):
    laptop = join(hub, tmp_path, "kim")
    laptop.ctx.store.grant_access("lee", PASSWORD)    # lee also uses kim's laptop
    lee = sign_in_on(laptop, hub, "lee")
    lees_case, _ = intake_case(lee.ctx, dong="연희동")
    lee.sync()
    kims_case, _ = intake_case(laptop.ctx)
    laptop.sync()
    # kim's pull does not take lee's case away: lee still may see it.
    assert {kims_case, lees_case} <= local_ids(laptop.ctx, Case)

    # lee's own cursor: a case shared with lee from the office reaches the laptop at lee's sync.
    office = center["admin"]
    office.sync()
    other = intake_case(admin_ctx, dong="북가좌1동")[0]
    contact(admin_ctx, other, "사무실에서 상담")
    office.sync()
    with admin_ctx.session() as s:
        s.add(CaseShare(case_id=other, staff_id=staff_ids["lee"]))
    office.sync()
    laptop.sync()                                      # kim may not see it: nothing comes
    assert other not in local_ids(laptop.ctx, Case)
    lee.sync()
    assert other in local_ids(laptop.ctx, Case) and len(local_ids(laptop.ctx, Contact)) >= 1

    # lee's case moves to the admin: neither user of the laptop may see it, and it leaves.
    edit(admin_ctx, Case, lees_case, manager_id=admin_ctx.actor.staff_id)
    office.sync()
    laptop.sync()
    assert lees_case not in local_ids(laptop.ctx, Case)
    assert {kims_case, other} <= local_ids(laptop.ctx, Case)
    accounts.sign_out(lee.ctx)


def test_a_device_cursor_from_before_per_person_cursors_stays_with_its_first_user(hub, center, tmp_path):
    laptop = join(hub, tmp_path, "kim")
    intake_case(laptop.ctx)
    laptop.sync()
    key = f"{CURSOR_KEY}:{laptop.ctx.actor.staff_id}"
    with remote_writes(laptop.ctx.store.engine) as conn:      # as a store of the previous version had it
        position = get_meta(conn, key)
        conn.execute(delete(Meta.__table__).where(Meta.key == key))
        set_meta(conn, CURSOR_KEY, position)
    assert laptop.sync().pulled == 0                           # kim carries on from the old position
    laptop.ctx.store.grant_access("lee", PASSWORD)
    lee = sign_in_on(laptop, hub, "lee")
    assert lee.sync().pulled > 0                                # lee starts from the beginning
    accounts.sign_out(lee.ctx)


# --- order between people on one PC (review findings) -------------------------------------------


def test_a_note_on_a_colleagues_unsent_case_waits_for_the_colleague(hub, center, admin_ctx):
    office = center["admin"]
    kim = sign_in_on(office, hub, "kim")
    kims_case, _ = intake_case(kim.ctx)                                   # kim's, not sent yet
    note = contact(admin_ctx, kims_case, "사무실 PC에서 관리자가 남긴 상담 기록")
    report = office.sync()                                                 # the admin goes first
    assert report.held == 1 and hub.query("SELECT 1 FROM hub.applied_op WHERE record_id = %s", note) == []
    kim.sync()
    assert office.sync().held == 0
    assert hub.query("SELECT status FROM hub.applied_op WHERE record_id = %s", note) == [("applied",)]
    accounts.sign_out(kim.ctx)


def test_deleting_a_colleagues_unsent_record_stays_deleted(hub, center, admin_ctx):
    office = center["admin"]
    kim = sign_in_on(office, hub, "kim")
    kims_case, _ = intake_case(kim.ctx)
    note = contact(kim.ctx, kims_case, "잘못 입력한 기록")
    remove(admin_ctx, Contact, note)
    office.sync()
    kim.sync()
    office.sync()
    assert hub.query("SELECT count(*) FROM hub.record WHERE entity = 'contact' AND id = %s AND NOT deleted",
                     note) == [(0,)]
    assert sorted(hub.query("SELECT op, status FROM hub.applied_op WHERE record_id = %s", note)) == [
        ("delete", "applied"), ("insert", "applied")]                  # it reached the hub, then went
    accounts.sign_out(kim.ctx)


def test_a_colleagues_unsent_edit_does_not_block_the_pc(hub, center, tmp_path):
    """The laptop replaces a closure while the office PC holds kim's unsent edit of the old one:
    the admin's sync applies the hub's state (kim's edit stays in the outbox for kim's sync)."""
    from datetime import date
    from sqlalchemy import select
    from models.entities import Closure
    from ..test_security import closed_case
    laptop = join(hub, tmp_path, "kim")
    case = closed_case(laptop.ctx, date(2023, 3, 1), "대상자")
    laptop.sync()
    office = center["admin"]
    office.sync()
    with laptop.ctx.session() as s:
        old = s.scalars(select(Closure).where(Closure.case_id == case)).one()
        first, values = old.id, dict(reason=old.reason, evaluation="다시 평가", closed_on=old.closed_on)
    kim_here = sign_in_on(office, hub, "kim")
    edit(kim_here.ctx, Closure, first, evaluation="사무실 PC에서 고친 평가")      # unsent, on the PC
    with laptop.ctx.session() as s:                                            # the laptop replaces it
        s.delete(s.get(Closure, first))
        s.flush()
        s.add(Closure(case_id=case, **values))
    laptop.sync()
    office.sync()                                                              # used to fail every time
    assert pending_changes(kim_here.ctx) == 1
    kim_here.sync()                                                            # kim's edit: a conflict
    assert pending_changes(kim_here.ctx) == 0
    accounts.sign_out(kim_here.ctx)


# --- who may join a device (review finding) -------------------------------------------------------


def test_a_colleague_cannot_attach_to_a_laptop_without_its_store(hub, center, admin_ctx, tmp_path):
    """Device ids are not secret (conflicts carry them). Attaching to a laptop would let a colleague
    pull as that laptop and swallow its removals; the hub wants the secret kept in its store."""
    import pytest
    from app.sync import engine as engine_mod
    from app.sync.errors import DeviceOwnerError
    from app.sync.hub import HubConnection
    kim = join(hub, tmp_path, "kim")
    case, _ = intake_case(kim.ctx)
    kim.sync()
    office = center["admin"]
    office.sync()
    edit(admin_ctx, Case, case, manager_id=admin_ctx.actor.staff_id)       # the case leaves kim
    office.sync()
    with HubConnection(hub.dsn_for("lee")) as lee:
        for secret in ("0" * 64, None):
            with pytest.raises(DeviceOwnerError):
                lee.register_device(kim.ctx.device_id, "lee-pc", engine_mod.PROTOCOL, secret)
        with pytest.raises(DeviceOwnerError):
            lee.pull(kim.ctx.device_id, engine_mod.PROTOCOL, 10**12, 10, [])
    assert case in kim.sync().removed


def test_a_device_from_before_secrets_gets_one_from_its_first_user(hub, center, tmp_path):
    laptop = join(hub, tmp_path, "kim")
    with psycopg.connect(hub.admin_dsn, autocommit=True) as conn:
        conn.execute("UPDATE hub.device SET secret_hash = NULL WHERE device_id = %s", (laptop.ctx.device_id,))
    laptop.ctx.store.grant_access("lee", PASSWORD)
    lee = sign_in_on(laptop, hub, "lee")
    from app.sync.errors import DeviceOwnerError
    import pytest
    with pytest.raises(DeviceOwnerError):       # no secret on the hub yet: nobody can join
        lee.sync()
    laptop.sync()                                # kim, its first user, gives it one
    assert hub.query("SELECT secret_hash IS NOT NULL FROM hub.device WHERE device_id = %s",
                     laptop.ctx.device_id) == [(True,)]
    lee.sync()
    accounts.sign_out(lee.ctx)


def test_a_disabled_account_leaves_its_devices(hub, center, admin_ctx, staff_ids, tmp_path):
    from app.sync import hub as hubmod
    laptop = join(hub, tmp_path, "kim")
    laptop.ctx.store.grant_access("lee", PASSWORD)
    lee = sign_in_on(laptop, hub, "lee")
    lees_case, _ = intake_case(lee.ctx, dong="연희동")
    lee.sync()
    laptop.sync()
    assert lees_case in local_ids(laptop.ctx, Case)
    hubmod.disable_staff_login(hub.admin_dsn, "lee")
    report = laptop.sync()                       # only kim uses the laptop now: lee's case leaves
    assert lees_case in report.removed and lees_case not in local_ids(laptop.ctx, Case)
    accounts.sign_out(lee.ctx)

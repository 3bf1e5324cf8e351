"""An office PC shared by several staff members: each person syncs it with their own hub login,
their changes go out under their own name and rights, each pulls what they may see, and a case
leaves the PC only when none of its users may see it any more."""
from __future__ import annotations

from sqlalchemy import delete

from app.services import accounts
from app.sync.client import pending_changes
from app.sync.local import CURSOR_KEY, get_meta, remote_writes, set_meta
from models.entities import Case, CaseShare, Contact, Meta

from ..conftest import PASSWORD
from ..workflow_helpers import intake_case
from .conftest import Device, join
from .helpers import contact, edit, local_ids


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

"""A shared office PC, second review: what one person's sync may send or remove while colleagues
have unsent work on the same PC, and who may come back onto a device."""
from __future__ import annotations

import pytest

from app.services import accounts, sharing
from app.sync import hub as hubmod
from app.sync.errors import DeviceOwnerError
from models.entities import Case, Contact

from ..conftest import FAST_KDF, PASSWORD
from ..workflow_helpers import intake_case
from .conftest import Device, join
from .helpers import contact, edit
from .test_shared_device import sign_in_on


def statuses_of(hub, record_id: str) -> list[str]:
    return [s for (s,) in hub.query("SELECT status FROM hub.applied_op WHERE record_id = %s ORDER BY applied_at",
                                    record_id)]


def test_an_edit_after_a_colleagues_unsent_share_waits_for_the_share(hub, center, staff_ids):
    office = center["admin"]
    kim, lee = sign_in_on(office, hub, "kim"), sign_in_on(office, hub, "lee")
    case, _ = intake_case(kim.ctx)
    note = contact(kim.ctx, case, "김사례의 상담")
    kim.sync()
    sharing.share_case(kim.ctx, case, staff_ids["lee"])          # unsent, kim's
    edit(lee.ctx, Contact, note, note="이사례가 보탠 내용")          # names neither the share nor the case
    assert lee.sync().held == 1                                   # lee goes first: the edit waits
    kim.sync()
    assert lee.sync().held == 0
    assert statuses_of(hub, note) == ["applied", "applied"]
    for d in (kim, lee):
        accounts.sign_out(d.ctx)


def test_an_edit_after_an_unsent_reassignment_waits_for_it(hub, center, admin_ctx, staff_ids):
    office = center["admin"]
    kim, lee = sign_in_on(office, hub, "kim"), sign_in_on(office, hub, "lee")
    case, _ = intake_case(kim.ctx)
    note = contact(kim.ctx, case, "김사례의 상담")
    kim.sync()
    office.sync()
    sharing.reassign_case(admin_ctx, case, staff_ids["lee"])     # unsent, the admin's
    edit(lee.ctx, Contact, note, note="새 담당자가 고친 내용")
    lee.sync()
    office.sync()
    lee.sync()
    assert statuses_of(hub, note) == ["applied", "applied"]
    for d in (kim, lee):
        accounts.sign_out(d.ctx)


def test_a_colleague_who_never_syncs_holds_back_only_what_builds_on_their_work(hub, center, admin_ctx):
    office = center["admin"]
    kim = sign_in_on(office, hub, "kim")
    case, _ = intake_case(kim.ctx)
    kim.sync()
    office.sync()
    edit(kim.ctx, Case, case, lead_agency="연희종합사회복지관")          # kim's last edit, never sent
    accounts.sign_out(kim.ctx)
    hubmod.disable_staff_login(hub.admin_dsn, "kim")                 # kim leaves the center
    edit(admin_ctx, Case, case, lead_agency="다른 기관")               # waits: the same case
    other, _ = intake_case(admin_ctx, dong="연희동")                   # unrelated: goes out
    report = office.sync()
    assert report.held == 1
    assert hub.query("SELECT count(*) FROM hub.record WHERE id = %s", other) == [(1,)]


def test_a_colleagues_unsent_share_with_the_same_key_does_not_break_the_pull(hub, center, staff_ids, tmp_path):
    laptop = join(hub, tmp_path, "kim")
    case, _ = intake_case(laptop.ctx)
    laptop.sync()
    office = center["admin"]
    office.sync()
    kim_here = sign_in_on(office, hub, "kim")
    sharing.share_case(kim_here.ctx, case, staff_ids["lee"])     # unsent on the office PC
    sharing.share_case(laptop.ctx, case, staff_ids["lee"])       # the same share, from the laptop
    laptop.sync()
    office.sync()                                                # failed on UNIQUE(case_id, staff_id)
    report = kim_here.sync()                                     # kim's copy: a duplicate for a person
    assert report.conflicts == 1 and report.pending == 0
    [(live,)] = hub.query("SELECT count(*) FROM hub.record WHERE entity = 'case_share' AND NOT deleted")
    assert live == 1
    accounts.sign_out(kim_here.ctx)


def test_unsent_work_of_a_colleague_not_yet_on_the_device_is_not_removed(hub, center, admin_ctx, staff_ids,
                                                                        tmp_path):
    office = center["admin"]
    case, _ = intake_case(admin_ctx)
    sharing.share_case(admin_ctx, case, staff_ids["lee"])
    sharing.share_case(admin_ctx, case, staff_ids["kim"])
    office.sync()
    laptop = join(hub, tmp_path, "lee")
    laptop.ctx.store.grant_access("kim", PASSWORD)
    kim = Device(accounts.sign_in(laptop.ctx.store.path, "kim", PASSWORD), hub.dsn_for("kim"))  # not synced here
    note = contact(kim.ctx, case, "김사례가 이사례 노트북에서 남긴 상담")
    sharing.unshare_case(admin_ctx, case, staff_ids["lee"])
    office.sync()
    laptop.sync()                                                # lee may no longer see the case
    kim.sync()
    assert hub.query("SELECT count(*) FROM hub.record WHERE id = %s", note) == [(1,)]
    accounts.sign_out(kim.ctx)


def test_no_hub_function_is_open_to_everyone(hub, center):
    rows = hub.query("SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
                     "WHERE n.nspname = 'hub' AND has_function_privilege('public', p.oid, 'EXECUTE')")
    assert rows == []
    staff = {r for (r,) in hub.query(
        "SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
        "WHERE n.nspname = 'hub' AND has_function_privilege('hub_staff', p.oid, 'EXECUTE')")}
    assert staff == {"hello", "register_device", "push_changes", "pull_changes", "field_key_slot", "claim_case_code"}


def test_a_former_first_user_does_not_come_back_without_the_secret(hub, center, staff_ids, tmp_path):
    laptop = join(hub, tmp_path, "kim")
    device = laptop.ctx.device_id
    hubmod.disable_staff_login(hub.admin_dsn, "kim")
    hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_ids["kim"], username="kim", password=PASSWORD,
                              kdf=FAST_KDF)                      # back from leave, the laptop handed on
    with hubmod.HubConnection(hub.dsn_for("kim")) as conn, pytest.raises(DeviceOwnerError):
        conn.register_device(device, "elsewhere", 1, None)       # the older, secretless call
    assert hub.query("SELECT count(*) FROM hub.device_user WHERE device_id = %s", device) == [(0,)]
    laptop.sync()                                                # with the laptop's store: back on it

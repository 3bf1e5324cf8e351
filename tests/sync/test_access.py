"""Who receives what, revoked devices, version and clock checks, and the errors a person sees."""
from __future__ import annotations

import threading
import time

import psycopg
import pytest

from app.sync import hub as hubmod
from app.sync.client import SyncClient, pending_changes
from app.sync.errors import (ClockSkewError, DeviceRevokedError, NoNetworkError, SyncCancelled,
                             UpdateRequiredError, WrongCredentialsError)
from models.entities import Case, CaseShare, Contact, Household, Member

from .conftest import Device, join
from .helpers import edit, get, kims_case, local_ids


@pytest.fixture
def kim(hub, center, tmp_path) -> Device:
    return join(hub, tmp_path, "kim")


def test_each_device_receives_only_the_cases_its_user_may_see(hub, center, kim, tmp_path, staff_ids):
    case_id, household_id, contact_id = kims_case(kim.ctx)
    kim.sync()
    lee = join(hub, tmp_path, "lee")      # case manager, 2팀
    park = join(hub, tmp_path, "park")    # supervisor, 1팀
    choi = join(hub, tmp_path, "choi")    # read-only, 1팀: may read the team's cases, as on the office PC
    for reader in (park, choi):
        assert case_id in local_ids(reader.ctx, Case) and contact_id in local_ids(reader.ctx, Contact)
        assert household_id in local_ids(reader.ctx, Household)
    assert local_ids(lee.ctx, Case) == set()
    assert local_ids(lee.ctx, Household) == set() and local_ids(lee.ctx, Member) == set()
    assert local_ids(lee.ctx, Contact) == set()

    # Shared with 이사례: the case and its household arrive.
    center["admin"].sync()
    with center["admin"].ctx.session() as s:
        s.add(CaseShare(case_id=case_id, staff_id=staff_ids["lee"]))
    center["admin"].sync()
    lee.sync()
    assert case_id in local_ids(lee.ctx, Case) and household_id in local_ids(lee.ctx, Household)


def test_reassigning_a_case_moves_it_between_laptops(hub, center, kim, tmp_path, staff_ids):
    case_id, household_id, contact_id = kims_case(kim.ctx)
    kim.sync()
    lee = join(hub, tmp_path, "lee")
    admin = center["admin"]
    admin.sync()
    edit(admin.ctx, Case, case_id, manager_id=staff_ids["lee"], team="2팀")
    admin.sync()
    report = kim.sync()
    assert case_id in report.removed and "hh:" + household_id in report.removed
    for cls, rid in ((Case, case_id), (Household, household_id), (Contact, contact_id)):
        assert get(kim.ctx, cls, rid) is None
    lee.sync()
    assert get(lee.ctx, Contact, contact_id) is not None
    # Acknowledged: the next sync does not remove again.
    assert kim.sync().removed == []


def test_a_change_made_offline_is_not_lost_when_the_case_moves_away(hub, center, kim, tmp_path, staff_ids):
    case_id, household_id, contact_id = kims_case(kim.ctx)
    kim.sync()
    admin = center["admin"]
    admin.sync()
    edit(kim.ctx, Contact, contact_id, is_monitoring=False)   # offline, on the home visit
    edit(admin.ctx, Case, case_id, manager_id=staff_ids["lee"], team="2팀")
    admin.sync()
    kim.sync()
    # The change went out first; the hub kept it as a refused change for a person to see.
    [(status,)] = hub.query("SELECT status FROM hub.applied_op WHERE entity = 'contact' AND op = 'update'")
    assert status == "denied"
    [(kind,)] = hub.query("SELECT fields->>'kind' FROM hub.record WHERE entity = 'sync_conflict'")
    assert kind == "denied"
    assert get(kim.ctx, Case, case_id) is None and pending_changes(kim.ctx) == 0


def test_staff_logins_have_no_table_access(hub, center):
    with psycopg.connect(hub.dsn_for("kim"), autocommit=True) as conn:
        for statement in ("SELECT * FROM hub.record", "SELECT * FROM hub.account",
                          "SELECT hub._apply_op('x', 'y', '{}')", "UPDATE hub.setting SET value = '0'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        superuser, = conn.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()
        assert superuser is False


def test_a_revoked_device_stops_syncing(hub, center, kim):
    case_id, _, contact_id = kims_case(kim.ctx)
    kim.sync()
    hubmod.revoke_device(hub.admin_dsn, kim.ctx.device_id)
    edit(kim.ctx, Contact, contact_id, is_monitoring=False)
    with pytest.raises(DeviceRevokedError) as e:
        kim.sync()
    assert "중지" in str(e.value)
    assert pending_changes(kim.ctx) == 1
    [(n,)] = hub.query("SELECT count(*) FROM hub.applied_op WHERE device_id = %s AND op = 'update'", kim.ctx.device_id)
    assert n == 0


def test_an_older_client_keeps_working_offline_and_is_told_to_update(hub, center, kim):
    case_id, _, contact_id = kims_case(kim.ctx)
    kim.sync()
    hubmod.set_setting(hub.admin_dsn, "min_protocol", 2)
    edit(kim.ctx, Contact, contact_id, is_monitoring=False)
    with pytest.raises(UpdateRequiredError) as e:
        kim.sync()
    assert "업데이트" in str(e.value)
    edit(kim.ctx, Contact, contact_id, note="업데이트 전에도 기록")   # still works locally
    assert pending_changes(kim.ctx) == 2
    # Even a client that skipped the handshake cannot push: the hub checks the protocol itself.
    with hubmod.HubConnection(kim.dsn) as conn, pytest.raises(UpdateRequiredError):
        conn.push(kim.ctx.device_id, 1, [])
    hubmod.set_setting(hub.admin_dsn, "min_protocol", 1)
    kim.sync()
    assert pending_changes(kim.ctx) == 0


def test_clock_skew_is_reported(center, kim):
    with pytest.raises(ClockSkewError) as e:
        SyncClient(kim.ctx, kim.dsn, clock=lambda: time.time() + 3600).sync()
    assert "60분" in str(e.value)


def test_no_network_and_wrong_password_are_told_apart(hub, center, kim, pg_cluster):
    closed = hub.dsn_for("kim").replace(f"port={pg_cluster.port}", "port=1")
    with pytest.raises(NoNetworkError) as e:
        SyncClient(kim.ctx, closed).sync()
    assert "네트워크" in str(e.value)
    with pytest.raises(WrongCredentialsError):
        SyncClient(kim.ctx, hub.dsn_for("kim", password="wrong-password")).sync()
    # Someone else's hub login on this laptop is refused too.
    with pytest.raises(WrongCredentialsError):
        SyncClient(kim.ctx, hub.dsn_for("lee")).sync()


def test_cancel_keeps_what_was_done(center, kim):
    case_id, _, contact_id = kims_case(kim.ctx)
    stages = []
    cancel = threading.Event()

    def progress(stage, done, total):
        stages.append(stage)
        if stage == "push":
            cancel.set()

    with pytest.raises(SyncCancelled):
        SyncClient(kim.ctx, kim.dsn, batch_size=3).sync(progress=progress, cancel=cancel)
    assert stages[:2] == ["connect", "push"]
    left = pending_changes(kim.ctx)
    assert 0 < left
    kim.sync()
    assert pending_changes(kim.ctx) == 0

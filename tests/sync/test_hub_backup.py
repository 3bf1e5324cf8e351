"""The hub goes back in time: it is backed up (pg_dump), devices keep syncing, and it is restored
from that backup (pg_restore into a new database, swapped in). Each device notices the new hub
generation, sends again what it had pushed since the backup, and pulls again from the start: every
change is back on the hub and on every device, nothing twice, the conflicts as they were."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import psycopg
import pytest
from sqlalchemy import func, select

from app.sync import hub as hubmod
from app.sync import local
from app.sync.client import conflicts, pending_changes
from app.sync.engine import GENERATION_KEY
from app.sync.hub_backup import backup_hub, restore_hub
from models.entities import Case, Contact, Household, Outbox

from ..workflow_helpers import intake_case
from .conftest import join
from .helpers import contact, edit, get, hub_view, kims_case, local_ids, local_view


def open_conflicts(hub) -> list[tuple]:
    return hub.query("SELECT id, fields->>'record_id', fields->>'field', fields->>'device_id' FROM hub.record "
                     "WHERE entity = 'sync_conflict' AND fields->>'status' = 'open' ORDER BY 1")


def meta(device, key):
    with device.ctx.store.engine.connect() as conn:
        return local.get_meta(conn, key)


def test_devices_send_again_what_a_restored_hub_lacks(hub, center, tmp_path, staff_ids):
    admin = center["admin"]
    kim, park = join(hub, tmp_path, "kim"), join(hub, tmp_path, "park")
    case_id, household_id, first_note = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    # a conflict before the backup: both changed the address
    edit(kim.ctx, Household, household_id, address="연희로 2 (김)")
    edit(park.ctx, Household, household_id, address="연희로 3 (박)")
    kim.sync()
    assert park.sync().conflicts == 1
    kim.sync()
    admin.sync()

    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    assert dump.path.stat().st_mode & 0o077 == 0 and dump.schema == hubmod.hub_schema_version()
    generation_before = hub.query("SELECT token FROM hub.generation")

    # after the backup: notes, edits on both sides, a new conflict, and a laptop that joins
    later_notes = {contact(kim.ctx, case_id, f"방문 {i}: 백업 후") for i in range(3)}
    edit(kim.ctx, Case, case_id, lead_agency="천연동 행정복지센터")
    kim.sync()
    park.sync()
    edit(park.ctx, Household, household_id, phone="02-330-1111")
    edit(kim.ctx, Household, household_id, phone="02-330-2222")
    park.sync()
    assert kim.sync().conflicts == 1                        # park's phone was first
    park.sync()
    lee = join(hub, tmp_path, "lee")                         # registered after the backup
    lee_case, _ = intake_case(lee.ctx)
    lee.sync()
    admin.sync()
    devices = {"admin": admin, "kim": kim, "park": park, "lee": lee}
    staff = {"admin": admin.ctx.actor.staff_id, **staff_ids}
    hub_before = {who: hub_view(hub, staff[who]) for who in devices}
    conflicts_before = open_conflicts(hub)
    assert len(conflicts_before) == 2
    local_before = {who: local_view(d.ctx) for who, d in devices.items()}
    assert all(local_before[who] == hub_before[who] for who in devices)

    done = restore_hub(hub.admin_dsn, dump.path)
    assert done.database == hub.dbname and done.kept_as and done.generation == 2 and done.missing_logins == []
    assert hub.query("SELECT token FROM hub.generation") != generation_before
    # the hub is as it was at the backup: the later changes are gone from it
    assert not {("contact", n) for n in later_notes} & set(hub_view(hub, staff_ids["kim"]))
    assert hub.query("SELECT count(*) FROM hub.device WHERE device_id = %s", lee.ctx.device_id) == [(0,)]
    assert len(open_conflicts(hub)) == 1
    # the database as it was before the restore is kept, closed to connections
    [(allowed,)] = hub.query("SELECT datallowconn FROM pg_database WHERE datname = %s", done.kept_as)
    assert allowed is False

    # each device syncs (park first: its phone reached the hub before kim's did), then once more each
    first = {who: devices[who].sync() for who in ("park", "kim", "lee", "admin")}
    assert all(r.hub_restored for r in first.values()) and first["kim"].resent >= 5
    assert first["lee"].pushed > 0 and first["kim"].conflicts >= 1   # kim's phone change: a conflict again
    for who in ("park", "kim", "lee", "admin"):
        again = devices[who].sync()
        assert not again.hub_restored and again.resent == 0
    for who, device in devices.items():
        assert meta(device, GENERATION_KEY) == hub.query("SELECT token FROM hub.generation")[0][0]
        assert pending_changes(device.ctx) == 0
    # every change is back, nothing twice, the same conflicts (same ids: made again by the same ops)
    assert {who: hub_view(hub, staff[who]) for who in devices} == hub_before
    assert {who: local_view(d.ctx) for who, d in devices.items()} == local_before
    assert open_conflicts(hub) == conflicts_before
    assert later_notes | {first_note} <= local_ids(park.ctx, Contact)
    with park.ctx.session() as s:
        assert s.scalar(select(func.count()).select_from(Contact).where(Contact.case_id == case_id)) == 4
    assert get(park.ctx, Case, case_id).lead_agency == "천연동 행정복지센터"
    assert get(kim.ctx, Household, household_id).phone == "02-330-1111"
    assert len([c for c in conflicts(kim.ctx)]) == 2
    assert lee_case in local_ids(admin.ctx, Case)
    [(code,)] = hub.query("SELECT case_code FROM hub.device WHERE device_id = %s", lee.ctx.device_id)
    assert code == get(lee.ctx, Case, lee_case).case_no.split("-")[1]   # its code claimed again

    # and the hub keeps working: a new change goes around once
    edit(kim.ctx, Household, household_id, address="연희로 9")
    assert kim.sync().pushed == 1
    park.sync()
    assert get(park.ctx, Household, household_id).address == "연희로 9"


def test_only_operations_since_the_backup_are_sent_again(hub, center, tmp_path, staff_ids):
    """The window of operations sent again starts an hour (and the allowed clock skew) before the
    newest change the backup holds; older ones are not sent."""
    kim = join(hub, tmp_path, "kim")
    case_id, _household, _note = kims_case(kim.ctx)
    kim.sync()
    with kim.ctx.store.engine.begin() as conn:   # as if these had been pushed two days ago
        conn.execute(local.OUTBOX.update().values(pushed_at=datetime.now(timezone.utc) - timedelta(days=2)))
    with kim.ctx.store.engine.connect() as conn:
        old_ops = conn.execute(select(func.count()).select_from(Outbox)).scalar_one()
    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    later = contact(kim.ctx, case_id, "백업 후")
    kim.sync()
    restore_hub(hub.admin_dsn, dump.path)
    report = kim.sync()
    assert report.hub_restored and report.resent == 1 and report.pushed == 1
    with kim.ctx.store.engine.connect() as conn:   # the older ones stay marked sent
        assert conn.execute(select(func.count()).select_from(Outbox)
                            .where(Outbox.pushed_at.is_not(None))).scalar_one() == old_ops + 1
    assert ("contact", later) in hub_view(hub, staff_ids["kim"])
    assert local_view(kim.ctx) == hub_view(hub, staff_ids["kim"])
    assert old_ops > 1


@pytest.mark.parametrize("forgotten", [(GENERATION_KEY,), (GENERATION_KEY, local.LAST_SYNC_KEY)])
def test_a_device_that_synced_before_the_hub_had_generations_still_notices_a_restore(hub, center, tmp_path,
                                                                                    staff_ids, forgotten):
    """A device that last synced with a hub before schema 9 knows no generation: the restore's time
    (after its last sync) tells it, or else its cursor, past the restored hub's last change."""
    kim = join(hub, tmp_path, "kim")
    case_id, _household, _note = kims_case(kim.ctx)
    kim.sync()
    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    later = contact(kim.ctx, case_id, "백업 후")
    kim.sync()
    with kim.ctx.store.engine.begin() as conn:
        conn.execute(local.META.delete().where(local.META.c.key.in_(forgotten)))
    restore_hub(hub.admin_dsn, dump.path)
    assert kim.sync().hub_restored
    assert ("contact", later) in hub_view(hub, staff_ids["kim"])
    assert local_view(kim.ctx) == hub_view(hub, staff_ids["kim"])

    # a laptop joining the restored hub is not fooled into sending anything again
    park = join(hub, tmp_path, "park")
    assert meta(park, GENERATION_KEY) is not None and not park.sync().hub_restored


def test_a_damaged_backup_leaves_the_hub_as_it_was(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    kims_case(kim.ctx)
    kim.sync()
    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    data = dump.path.read_bytes()
    cut = tmp_path / "cut.dump"
    cut.write_bytes(data[: len(data) * 2 // 3])   # its table of contents still reads
    before = hub_view(hub, staff_ids["kim"])
    databases = hub.query("SELECT datname FROM pg_database ORDER BY 1")
    from app.services.errors import ValidationError
    with pytest.raises(ValidationError, match="복원하지 못했습니다|읽을 수 없습니다"):
        restore_hub(hub.admin_dsn, cut)
    assert hub_view(hub, staff_ids["kim"]) == before
    assert hub.query("SELECT datname FROM pg_database ORDER BY 1") == databases   # no staging left behind
    assert hub.query("SELECT number FROM hub.generation") == [(1,)]
    assert kim.sync().hub_restored is False


def test_conflict_ids_follow_the_operation(hub, center, tmp_path):
    """A conflict is named by the operation that made it: sent again, the same one is made."""
    kim, park = join(hub, tmp_path, "kim"), join(hub, tmp_path, "park")
    _case, household_id, _note = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    edit(kim.ctx, Household, household_id, address="A")
    edit(park.ctx, Household, household_id, address="B")
    kim.sync()
    park.sync()
    [(conflict_id, op_id)] = hub.query("SELECT id, fields->>'op_id' FROM hub.record WHERE entity = 'sync_conflict'")
    with psycopg.connect(hub.admin_dsn) as conn:
        [(expected,)] = conn.execute("SELECT md5(concat_ws('/', %s::text, 'household', %s::text, 'field', "
                                     "'address'))::uuid::text", (op_id, household_id)).fetchall()
    assert conflict_id == expected


def test_changes_sent_again_in_another_order_keep_both_values(hub, center, tmp_path):
    """Two laptops changed one field after the backup; after the restore the one that was second
    syncs first. The hub cannot know the old order: the field is a conflict again, the other way
    round, and both values wait in it for a person (nothing is lost)."""
    kim, park = join(hub, tmp_path, "kim"), join(hub, tmp_path, "park")
    _case, household_id, _note = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    edit(park.ctx, Household, household_id, phone="02-330-1111")
    edit(kim.ctx, Household, household_id, phone="02-330-2222")
    park.sync()
    assert kim.sync().conflicts == 1
    restore_hub(hub.admin_dsn, dump.path)
    kim.sync()
    assert park.sync().conflicts == 1
    kim.sync()
    [(hub_value, device_value)] = hub.query(
        "SELECT fields->>'hub_value', fields->>'device_value' FROM hub.record WHERE entity = 'sync_conflict' "
        "AND fields->>'status' = 'open'")
    assert {hub_value, device_value} == {"02-330-1111", "02-330-2222"}
    for device in (kim, park):   # the conflict of the old order is gone from the laptops: one, not two
        assert local_view(device.ctx) == hub_view(hub, device.ctx.actor.staff_id)
        assert len(conflicts(device.ctx)) == 1


def test_the_password_never_reaches_a_command_line(hub, center, tmp_path, monkeypatch):
    import subprocess
    from app.sync import hub_backup
    seen = []
    real = subprocess.run

    def recording(args, **kw):
        seen.append((list(args), kw.get("env") or {}))
        return real(args, **kw)

    monkeypatch.setattr(hub_backup.subprocess, "run", recording)
    password = psycopg.conninfo.conninfo_to_dict(hub.admin_dsn)["password"]
    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    syncing = psycopg.connect(hub.dsn_for("admin"), autocommit=True)   # a device connected meanwhile
    restore_hub(hub.admin_dsn, dump.path)
    with pytest.raises(psycopg.OperationalError):                     # disconnected, to sync again later
        syncing.execute("SELECT 1")
    syncing.close()
    tools = [(args, env) for args, env in seen if "--dbname" in " ".join(args)]
    assert {args[0].rsplit("/", 1)[-1] for args, _ in tools} == {"pg_dump", "pg_restore"}
    for args, env in tools:
        assert not any(password in a for a in args) and env.get("PGPASSWORD") == password
        assert any("channel_binding=require" in a for a in args)   # the tools keep this client's TLS rules


def test_restore_lists_the_accounts_without_a_login_on_this_server(hub, center, tmp_path, staff_ids):
    """Roles are the server's, not in the dump: an account whose login is gone (a new server, here one
    dropped) is named, for `hub add-staff`."""
    dump = backup_hub(hub.admin_dsn, tmp_path / "hub.dump")
    with psycopg.connect(hub.admin_dsn, autocommit=True) as conn:
        conn.execute("DROP ROLE staff_choi")
    done = restore_hub(hub.admin_dsn, dump.path)
    assert done.missing_logins == ["staff_choi"]
    assert center["admin"].sync().hub_restored                       # the others carry on

"""Retention destruction reaches the hub and every device: the hub deletes every record of the
destroyed cases and households (checked on the hub's tables and on a dump of the whole database),
other devices remove them at their next pull (checked on the decrypted pages of their files), a
case manager may not destroy, a late change from an offline laptop brings nothing back, a replay
answers the same, and an upgraded hub keeps working."""
from __future__ import annotations

import shutil
import subprocess
import uuid
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from sqlalchemy import select

from app.services import accounts, retention
from app.sync import engine as engine_mod
from app.sync import hub as hubmod
from app.sync.client import conflicts, pending_changes
from app.sync.hub import HubConnection
from app.sync.syncfile import export_sync_file, import_sync_file
from models.entities import AuditLog, Case, Contact, Household, Member, Meta, Outbox
from models.store import EncryptedStore
from models.sync_models import NoteVersion, SyncConflict, SyncFileOp, SyncRow
from models.types import Stage

from ..conftest import PASSWORD, as_staff
from ..test_security import closed_case, decrypted_pages
from .conftest import Device, Hub, join, old_hub
from .helpers import contact, edit, get, hub_view, local_view
from .test_interruptions import Cut, cut_at
from .test_syncfile import FAST, PASS, carry

OLD, KEPT = "파기될사람", "남을사람"


def push(device: Device, ops: list[dict]) -> dict:
    with HubConnection(device.dsn) as conn:
        return conn.push(device.ctx.device_id, engine_mod.PROTOCOL, ops)


def destroy_op(entity: str, record_id: str, approver: str) -> dict:
    return {"op_id": str(uuid.uuid4()), "entity": entity, "entity_id": record_id, "op": "destroy",
            "base_version": 0, "prev_op_id": None, "changes": {"approved_by": [None, approver]}}


def hub_dump(hub: Hub) -> str:
    """Every table of the hub database as text (pg_dump of the data)."""
    out = subprocess.run([str(hub.cluster.bin / "pg_dump"), "--data-only", "--dbname", hub.admin_dsn],
                         check=True, capture_output=True, timeout=120)
    return out.stdout.decode("utf-8")


def case_ids_of(ctx, case_id: str) -> dict[str, str]:
    with ctx.session() as s:
        case = s.get(Case, case_id)
        return {"case": case_id, "household": case.household_id, "member": case.primary_member_id}


def db_file(device: Device) -> Path:
    return Path(device.ctx.store.path)


def decrypted_wal(path: Path, key: bytes, page_size: int = 4096, reserve: int = 80) -> bytes:
    """Every page image in a SQLCipher WAL file, decrypted (32-byte header, 24-byte frame headers)."""
    data = path.read_bytes() if path.exists() else b""
    out = []
    for offset in range(32, len(data) - page_size + 1, 24 + page_size):
        page_no = int.from_bytes(data[offset:offset + 4], "big")
        page = data[offset + 24:offset + 24 + page_size]
        iv = page[page_size - reserve:page_size - reserve + 16]
        dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        out.append(dec.update(page[16 if page_no == 1 else 0:page_size - reserve]) + dec.finalize())
    return b"".join(out)


def file_text(device: Device) -> bytes:
    """What the device's encrypted file and its WAL hold, decrypted, free pages included."""
    key = device.ctx.store._data_key
    return decrypted_pages(db_file(device), key) + decrypted_wal(Path(str(db_file(device)) + "-wal"), key)


def assert_gone_from_file(device: Device, *texts: str) -> None:
    raw = file_text(device)
    for t in texts:
        assert t.encode() not in raw, t


@pytest.fixture
def world(hub, center, tmp_path, staff_ids):
    """김사례's laptop with an old case (closed 2020, past 5 years) and a recent one (closed 2023),
    synced; the admin's office PC and 박팀장's (1팀 supervisor) laptop hold both."""
    kim = join(hub, tmp_path, "kim")
    old = closed_case(kim.ctx, date(2020, 3, 1), OLD)
    kept = closed_case(kim.ctx, date(2023, 3, 1), KEPT)
    contact(kim.ctx, old, f"{OLD} 가정폭력 피해 상담")
    kim.sync()
    admin = center["admin"]
    admin.sync()
    park = join(hub, tmp_path, "park")
    for device in (kim, admin, park):
        with device.ctx.store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert OLD.encode() in file_text(device)   # the check can see the name before
    return {"kim": kim, "admin": admin, "park": park, "old": case_ids_of(kim.ctx, old), "kept": kept,
            "staff": staff_ids}


def hub_rows_of(hub: Hub, ids: dict[str, str]) -> int:
    [(n,)] = hub.query("SELECT count(*) FROM hub.record WHERE scope IN (%s, %s) OR fields::text LIKE %s "
                       "OR fields->>'record_id' = ANY(%s)",
                       ids["case"], "hh:" + ids["household"], f"%{OLD}%", list(ids.values()))
    return n


def test_destruction_reaches_the_hub_and_every_device(hub, world):
    park, admin, kim, ids = world["park"], world["admin"], world["kim"], world["old"]
    assert OLD in hub_dump(hub)   # the check can see the name before
    [before] = [n for (n,) in hub.query("SELECT count(*) FROM hub.record WHERE scope IN (%s, %s)",
                                        ids["case"], "hh:" + ids["household"])]
    assert before > 10

    retention.destroy(park.ctx, [ids["case"]], approval_note="2026년 보존기간 경과분")
    with park.ctx.session() as s:
        ops = s.scalars(select(Outbox).where(Outbox.pushed_at.is_(None))).all()
    assert [(o.entity, o.entity_id, o.op) for o in ops] == [("case_file", ids["case"], "destroy"),
                                                           ("household", ids["household"], "destroy")]
    assert all(o.changes == {"approved_by": [None, world["staff"]["park"]]} for o in ops)

    report = park.sync()
    assert report.conflicts == 0 and pending_changes(park.ctx) == 0
    assert hub_rows_of(hub, ids) == 0
    dump = hub_dump(hub)
    assert OLD not in dump and "가정폭력 피해 상담" not in dump and KEPT in dump
    assert "보존기간 경과분" not in dump   # the approval note stays in the device's own access log
    log = hub.query("SELECT entity, record_id, staff_id, device_id, records FROM hub.destruction ORDER BY entity")
    assert [(e, r, s, d) for e, r, s, d, _ in log] == [
        ("case_file", ids["case"], world["staff"]["park"], park.ctx.device_id),
        ("household", ids["household"], world["staff"]["park"], park.ctx.device_id)]
    assert all(n > 0 for *_, n in log)
    [(kept_ids,)] = hub.query("SELECT count(*) FROM hub.destroyed WHERE id = ANY(%s)", list(ids.values()))
    assert kept_ids == 3

    # Every other device that held them removes them at its next pull, and its file forgets them.
    for device in (admin, kim):
        report = device.sync()
        assert ids["case"] in report.removed and "hh:" + ids["household"] in report.removed
        held = {i for _, i in local_view(device.ctx)}
        assert held.isdisjoint(ids.values())
        assert get(device.ctx, Case, world["kept"]) is not None
        with device.ctx.session() as s:
            for cls, column in ((Outbox, Outbox.entity_id), (SyncRow, SyncRow.record_id),
                                (SyncConflict, SyncConflict.record_id), (NoteVersion, NoteVersion.case_id)):
                assert s.scalars(select(column).where(column.in_(list(ids.values())))).all() == [], cls
        assert_gone_from_file(device, OLD, "가정폭력 피해 상담")
        assert KEPT.encode() in file_text(device)
        assert device.sync().removed == []
    park.sync()
    assert_gone_from_file(park, OLD)
    for device in (admin, kim, park):
        assert local_view(device.ctx) == hub_view(hub, device.ctx.actor.staff_id)


def test_a_case_manager_or_a_case_not_yet_due_may_not_be_destroyed(hub, world):
    kim, park, ids = world["kim"], world["park"], world["old"]
    by_kim = [destroy_op("case_file", ids["case"], world["staff"]["kim"]),
              destroy_op("household", ids["household"], world["staff"]["kim"])]
    reply = push(kim, by_kim)
    assert [r["status"] for r in reply["results"]] == ["denied", "denied"]
    assert push(kim, by_kim)["results"] == [dict(r, replayed=True) for r in reply["results"]]
    recent = destroy_op("case_file", world["kept"], world["staff"]["park"])   # closed 2023: not yet
    assert push(park, [recent])["results"][0]["status"] == "denied"
    [(n,)] = hub.query("SELECT count(*) FROM hub.record WHERE scope = %s", ids["case"])
    assert n > 10
    assert hub.query("SELECT * FROM hub.destruction") == [] and hub.query("SELECT * FROM hub.destroyed") == []
    # Each author sees the refusal, with no values in it.
    rows = hub.query("SELECT scope, fields->>'kind', fields->>'field', fields->'device_value', fields->'hub_value' "
                     "FROM hub.record WHERE entity = 'sync_conflict'")
    assert sorted(rows, key=str) == sorted([("staff:" + world["staff"]["kim"], "denied", None, None, None)] * 2
                                           + [("staff:" + world["staff"]["park"], "denied", "closed_on", None, None)],
                                           key=str)
    kim.sync()
    assert {c.kind for c in conflicts(kim.ctx)} == {"denied"} and get(kim.ctx, Case, ids["case"]) is not None


def test_a_refused_destruction_gives_the_records_back(hub, world):
    """The case was reopened on the hub before the supervisor's laptop sent its destruction: the hub
    keeps the case and the laptop receives it again."""
    park, kim, ids = world["park"], world["kim"], world["old"]
    retention.destroy(park.ctx, [ids["case"]], approval_note="보존기간 경과")
    edit(kim.ctx, Case, ids["case"], stage="in_service", closed_on=None)
    kim.sync()
    report = park.sync()
    assert report.conflicts == 2
    assert get(park.ctx, Case, ids["case"]) is not None and get(park.ctx, Member, ids["member"]) is not None
    assert {(c.kind, c.field) for c in conflicts(park.ctx)} == {("denied", "closed_on"), ("denied", "household_id")}
    assert local_view(park.ctx) == hub_view(hub, park.ctx.actor.staff_id)


def test_a_late_change_from_an_offline_laptop_brings_nothing_back(hub, world):
    park, kim, ids = world["park"], world["kim"], world["old"]
    with kim.ctx.session() as s:
        contact_id = s.scalars(select(Contact.id).where(Contact.case_id == ids["case"])).first()
    # On a home visit, offline: edits and new records for the case and its household.
    edit(kim.ctx, Contact, contact_id, note="늦게 쓴 비밀 메모")
    edit(kim.ctx, Household, ids["household"], address="늦게 고친 주소")
    contact(kim.ctx, ids["case"], "늦게 추가한 상담")
    with kim.ctx.session() as s:
        s.add(Member(household_id=ids["household"], name="늦게추가한가족", relation="자녀"))
    retention.destroy(park.ctx, [ids["case"]], approval_note="보존기간 경과")
    park.sync()

    late = pending_changes(kim.ctx)
    assert late >= 4
    with kim.ctx.session() as s:
        sent = [o.op_id for o in s.scalars(select(Outbox).where(Outbox.pushed_at.is_(None)))]
    report = kim.sync()
    statuses = dict(hub.query("SELECT op_id, status FROM hub.applied_op WHERE op_id = ANY(%s)", sent))
    assert set(statuses.values()) == {"destroyed"} and len(statuses) == len(sent)
    assert hub_rows_of(hub, ids) == 0
    dump = hub_dump(hub)
    for text in ("늦게 쓴 비밀 메모", "늦게 고친 주소", "늦게 추가한 상담", "늦게추가한가족", OLD):
        assert text not in dump, text
    # The laptop no longer holds any of it, its own new records included.
    assert ids["case"] in report.removed and "hh:" + ids["household"] in report.removed
    assert {i for _, i in local_view(kim.ctx)}.isdisjoint(ids.values())
    with kim.ctx.session() as s:
        assert s.scalars(select(Contact.id).where(Contact.case_id == ids["case"])).all() == []
        assert s.scalars(select(Member.id).where(Member.household_id == ids["household"])).all() == []
        assert s.scalars(select(Outbox.op_id).where(Outbox.op_id.in_(sent))).all() == []
    assert_gone_from_file(kim, OLD, "늦게 쓴 비밀 메모", "늦게추가한가족")
    assert pending_changes(kim.ctx) == 0 and kim.sync().removed == []
    assert local_view(kim.ctx) == hub_view(hub, kim.ctx.actor.staff_id)


def test_refusals_that_hold_values_of_the_case_are_emptied_wherever_they_are(hub, world, tmp_path):
    """Another team's case manager tried to write to the case: the refusals in his own scope hold
    the values he sent. They are emptied on the hub and removed from his laptop."""
    park, ids, staff = world["park"], world["old"], world["staff"]
    lee = join(hub, tmp_path, "lee")
    with world["kim"].ctx.session() as s:
        contact_id = s.scalars(select(Contact.id).where(Contact.case_id == ids["case"])).first()
    new = {"op_id": str(uuid.uuid4()), "entity": "contact", "entity_id": str(uuid.uuid4()), "op": "insert",
           "base_version": 0, "prev_op_id": None,
           "changes": {"case_id": [None, ids["case"]], "staff_id": [None, staff["lee"]], "kind": [None, "phone"],
                       "occurred_at": [None, "2026-11-21T10:00:00"], "note": [None, "이사례가 잘못 쓴 메모"]}}
    change = {"op_id": str(uuid.uuid4()), "entity": "contact", "entity_id": contact_id, "op": "update",
              "base_version": 1, "prev_op_id": None, "changes": {"note": ["", "이사례가 고친 메모"]}}
    assert [r["status"] for r in push(lee, [new, change])["results"]] == ["denied", "denied"]
    lee.sync()
    assert len(conflicts(lee.ctx)) == 2 and "이사례가 잘못 쓴 메모" in hub_dump(hub)

    retention.destroy(park.ctx, [ids["case"]], approval_note="보존기간 경과")
    park.sync()
    dump = hub_dump(hub)
    assert "이사례가 잘못 쓴 메모" not in dump and "이사례가 고친 메모" not in dump
    emptied = hub.query("SELECT deleted, fields FROM hub.record WHERE entity = 'sync_conflict' AND scope = %s",
                        "staff:" + staff["lee"])
    assert emptied == [(True, {}), (True, {})]
    lee.sync()
    assert conflicts(lee.ctx, include_resolved=True) == []
    assert_gone_from_file(lee, "이사례가 잘못 쓴 메모", "이사례가 고친 메모")
    assert local_view(lee.ctx) == hub_view(hub, staff["lee"])
    # Resolving such a refusal later (from a copy made before) changes nothing either.
    [conflict_id, _] = [i for (i,) in hub.query("SELECT id FROM hub.record WHERE entity = 'sync_conflict' "
                                                "AND scope = %s", "staff:" + staff["lee"])]
    resolve = {"op_id": str(uuid.uuid4()), "entity": "sync_conflict", "entity_id": conflict_id, "op": "resolve",
               "base_version": 0, "prev_op_id": None, "changes": {"choice": "device"}}
    assert push(lee, [resolve])["results"][0]["status"] == "destroyed"


def test_a_destruction_pushed_again_answers_the_same(hub, world):
    park, admin, ids = world["park"], world["admin"], world["old"]
    retention.destroy(park.ctx, [ids["case"]], approval_note="보존기간 경과")
    with park.ctx.session() as s:
        ops = [{"op_id": o.op_id, "entity": o.entity, "entity_id": o.entity_id, "op": o.op, "base_version": 0,
                "prev_op_id": None, "changes": o.changes} for o in s.scalars(select(Outbox).order_by(Outbox.seq))
               if o.op == "destroy"]
    # The reply is lost: the laptop sends the same operations again at its next sync.
    with pytest.raises(Cut):
        park.client(hook=cut_at("push.after_hub_commit")).sync()
    assert pending_changes(park.ctx) == 2
    assert park.sync().conflicts == 0 and pending_changes(park.ctx) == 0
    again = push(park, ops)["results"]
    assert [(r["status"], r.get("replayed")) for r in again] == [("applied", True), ("applied", True)]
    [(n,)] = hub.query("SELECT count(*) FROM hub.destruction")
    assert n == 2
    # A second supervisor's device destroying the same case later: nothing left, nothing refused.
    later = [destroy_op("case_file", ids["case"], admin.ctx.actor.staff_id),
             destroy_op("household", ids["household"], admin.ctx.actor.staff_id)]
    assert [r["status"] for r in push(admin, later)["results"]] == ["applied", "applied"]
    assert hub_rows_of(hub, ids) == 0


def test_an_upgraded_hub_keeps_working_and_destroys(pg_cluster, tmp_path, admin_ctx, staff_ids, monkeypatch):
    hub, admin = old_hub(pg_cluster, admin_ctx, staff_ids, 4, monkeypatch)
    kim = join(hub, tmp_path, "kim")
    old = closed_case(kim.ctx, date(2020, 3, 1), OLD)
    kim.sync()
    admin.sync()

    monkeypatch.undo()
    version = hubmod.setup_hub(hub.admin_dsn)
    assert version == hubmod.hub_schema_version() >= 5
    assert hubmod.setup_hub(hub.admin_dsn) == version   # idempotent
    names = [n for (n,) in hub.query("SELECT name FROM hub.schema_version ORDER BY version")]
    assert "005_destroy" in names
    kim.sync()
    ids = case_ids_of(kim.ctx, old)
    retention.destroy(admin_ctx, [old], approval_note="보존기간 경과")
    assert admin.sync().conflicts == 0
    assert hub_rows_of(hub, ids) == 0 and OLD not in hub_dump(hub)
    report = kim.sync()
    assert old in report.removed and get(kim.ctx, Case, old) is None
    assert local_view(kim.ctx) == hub_view(hub, staff_ids["kim"])


# --- the sync file (a center with no server) ----------------------------------------------------


@pytest.fixture
def office_and_laptop(ctx, tmp_path):
    """The office PC (김사례 signed in) with an old and a recent closed case, and a laptop made as
    a copy of it before a home visit."""
    old = closed_case(ctx, date(2020, 3, 1), OLD)
    kept = closed_case(ctx, date(2023, 3, 1), KEPT)
    laptop_path = tmp_path / "laptop.db"
    with ctx.store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copy(ctx.store.path, laptop_path)
    shutil.copy(str(ctx.store.path) + ".keys", str(laptop_path) + ".keys")
    store = EncryptedStore.open(laptop_path, "kim", PASSWORD)
    with store.session() as s:
        s.get(Meta, "device_id").value = str(uuid.uuid4())
        device_id = s.get(Meta, "device_id").value
    laptop = replace(ctx, store=store, device_id=device_id)
    yield {"office": ctx, "laptop": laptop, "old": case_ids_of(ctx, old), "kept": kept}
    store.close()


def as_device(ctx) -> Device:
    return Device(ctx, "")


def test_a_destruction_travels_in_a_sync_file(office_and_laptop, admin_ctx, staff_ids, tmp_path):
    office, laptop, ids = office_and_laptop["office"], office_and_laptop["laptop"], office_and_laptop["old"]
    # On the laptop, before it hears of the destruction: an edit, sent to the office in a file.
    edit(laptop, Household, ids["household"], address="노트북에서 고친 주소")
    contact(laptop, ids["case"], "노트북에서 쓴 상담")
    late = tmp_path / "late.sync"
    export_sync_file(laptop, late, PASS, FAST)

    retention.destroy(as_staff(admin_ctx, staff_ids["park"]), [ids["case"]], approval_note="보존기간 경과")
    report = carry(office, laptop, tmp_path)
    assert (report.destroyed, report.conflicts) == (2, 0)
    assert {i for _, i in local_view(laptop)}.isdisjoint(ids.values())
    with laptop.session() as s:
        assert s.scalars(select(Outbox.op_id).where(Outbox.entity_id.in_(list(ids.values())),
                                                    Outbox.op != "destroy")).all() == []
        logged = s.scalars(select(AuditLog.subject_id).where(AuditLog.action == "destroy")).all()
    assert set(logged) == {ids["case"], ids["household"]}
    assert_gone_from_file(as_device(laptop), OLD, "노트북에서 고친 주소", "노트북에서 쓴 상담")
    assert KEPT.encode() in file_text(as_device(laptop))
    assert get(laptop, Case, office_and_laptop["kept"]) is not None

    # The laptop's earlier file reaches the office after the destruction: nothing of it comes back,
    # not even in a conflict, and the office does not pass it on.
    back = import_sync_file(office, late, PASS)
    # (its copies of the office's own earlier operations on the case too)
    assert back.dropped >= 2 and back.applied == 0 and back.conflicts == 0 and conflicts(office) == []
    assert {i for _, i in local_view(office)}.isdisjoint(ids.values())
    assert_gone_from_file(as_device(office), OLD, "노트북에서 고친 주소", "노트북에서 쓴 상담")
    # The destruction itself is passed on by the laptop (a relay to a third device).
    with laptop.session() as s:
        relayed = [p for p in s.scalars(select(SyncFileOp.payload)) if p["op"] == "destroy"]
    assert {(p["entity"], p["entity_id"]) for p in relayed} == {("case_file", ids["case"]),
                                                               ("household", ids["household"])}


def test_a_destruction_the_importing_device_cannot_confirm_is_refused(office_and_laptop, admin_ctx, staff_ids,
                                                                      tmp_path):
    office, laptop, ids = office_and_laptop["office"], office_and_laptop["laptop"], office_and_laptop["old"]
    edit(laptop, Case, ids["case"], stage=Stage.IN_SERVICE, closed_on=None)   # reopened on the visit
    retention.destroy(as_staff(admin_ctx, staff_ids["park"]), [ids["case"]], approval_note="보존기간 경과")
    with office.session() as s:   # a forged one: approved by a case manager
        s.add(Outbox(op_id=str(uuid.uuid4()), entity="case_file", entity_id=office_and_laptop["kept"], op="destroy",
                     base_version=0, changes={"approved_by": [None, staff_ids["kim"]]}))
    report = carry(office, laptop, tmp_path)
    assert (report.destroyed, report.conflicts) == (0, 3)
    assert get(laptop, Case, ids["case"]) is not None and get(laptop, Member, ids["member"]) is not None
    assert get(laptop, Case, office_and_laptop["kept"]) is not None
    refused = conflicts(laptop)
    assert sorted((c.kind, c.field or "") for c in refused) == [("denied", ""), ("denied", "closed_on"),
                                                                 ("denied", "household_id")]
    assert all(c.base_value is None and c.hub_value is None and c.device_value is None for c in refused)


def test_a_colleagues_unsent_edit_does_not_keep_a_destroyed_case_on_a_shared_pc(hub, world):
    """Review finding: the office PC waited for kim's unsent edit of the destroyed case before it
    removed the case, however often others synced."""
    admin, park, ids = world["admin"], world["park"], world["old"]
    kim_here = Device(accounts.sign_in(admin.ctx.store.path, "kim", PASSWORD), hub.dsn_for("kim"))
    edit(kim_here.ctx, Case, ids["case"], lead_agency="연희종합사회복지관")    # unsent, on the office PC
    retention.destroy(park.ctx, [ids["case"]], approval_note="보존기간 경과")
    park.sync()
    admin.sync()
    try:
        assert get(admin.ctx, Case, ids["case"]) is None
        assert_gone_from_file(admin, OLD)
        assert kim_here.sync().conflicts == 0          # kim's edit: nothing left to send it to
    finally:
        accounts.sign_out(kim_here.ctx)


def test_an_unknown_id_is_not_marked_destroyed_in_advance(hub, world):
    """Review finding: a destroy naming an id the hub never had was accepted and the id recorded,
    so a record arriving later under that id would have been dropped."""
    park = world["park"]
    unknown = str(uuid.uuid4())
    with HubConnection(park.dsn) as conn:
        reply = conn.push(park.ctx.device_id, engine_mod.PROTOCOL,
                          [{"op_id": str(uuid.uuid4()), "entity": "case_file", "entity_id": unknown, "op": "destroy",
                            "base_version": 0, "prev_op_id": None, "changes": {}}])
    assert reply["results"][0]["status"] == "applied"
    assert hub.query("SELECT count(*) FROM hub.destroyed WHERE id = %s", unknown) == [(0,)]

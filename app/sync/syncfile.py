"""The sync file: changes carried on a USB stick between devices of a center with no server.

File layout:  MAGIC | u32 header length | header (JSON) | AES-256-GCM ciphertext
- The key is derived from the center's shared passphrase with scrypt and a random per-file salt;
  the magic and the whole header are the GCM associated data, so any change to them, any
  change to the ciphertext, and any truncation fail the tag check.
- The header names the center, the sending device and the file's number. A device imports a
  sender's files only in increasing number: an old or repeated file is refused (replay).
- Everything is checked before anything is written, and the import is one transaction: a file
  that is refused, or fails halfway, changes nothing.

With no hub to order changes, an import merges by value: a field is taken when the local value
still equals the sender's old value, left alone when it already equals the new one, and becomes
a conflict otherwise. Notes keep every version. Operations are deduplicated by op id, and
imported ones are passed on in this device's own files, so an office PC can relay between laptops.

A destruction (retention, operation 'destroy') travels too: the importing device destroys the same
cases and households with the same purge, if they are finished and past the retention period here
too and the approver is a supervisor or administrator; otherwise it keeps them and records a
refusal (a conflict without values). Operations that name a destroyed record are dropped: neither
applied, nor kept in a conflict, nor passed on.
"""
from __future__ import annotations

import json
import os
import secrets
import struct
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from sqlalchemy import Connection, delete, insert, select, update

from app.services import retention
from app.services.context import ServiceContext, audit
from models.entities import Case, Household, Staff
from models.sync_models import NoteVersion, SyncConflict, SyncFileOp, SyncFilePeer
from models.tracking import to_wire
from models.types import Role

from . import local
from .errors import SyncFileDamaged, SyncFileError, SyncFileReplayed

MAGIC = b"SRGW-SYNCFILE\x00\x01"
OUT_NO_KEY = "syncfile.out_no"
IGNORED_ON_DELETE = ("created_at", "updated_at")


@dataclass(frozen=True)
class ScryptParams:
    """scrypt cost (RFC 7914): n=2**17 takes a few hundred ms; tests pass a cheaper one."""
    n: int = 2 ** 17
    r: int = 8
    p: int = 1


def _key(passphrase: str, salt: bytes, params: ScryptParams) -> bytes:
    if len(passphrase) < 10:
        raise SyncFileError("기관 동기화 암호는 10자 이상이어야 합니다.")
    return Scrypt(salt=salt, length=32, n=params.n, r=params.r, p=params.p).derive(passphrase.encode("utf-8"))


# --- export -------------------------------------------------------------------------------------


def export_sync_file(ctx: ServiceContext, path: Path, passphrase: str,
                     kdf: ScryptParams = ScryptParams()) -> int:
    """Write every change made here, and every change passed on from others, to an encrypted file.
    Returns how many operations it holds."""
    with local.remote_writes(ctx.store.engine) as conn:
        own = conn.execute(select(local.OUTBOX).where(local.OUTBOX.c.op != "resolve")
                           .order_by(local.OUTBOX.c.seq)).all()
        relayed = conn.execute(select(SyncFileOp.__table__).order_by(SyncFileOp.__table__.c.seq)).all()
        ops = [{"op_id": r.op_id, "origin": ctx.device_id, "entity": r.entity, "entity_id": r.entity_id,
                "op": r.op, "changes": r.changes} for r in own]
        ops += [r.payload for r in relayed]
        file_no = int(local.get_meta(conn, OUT_NO_KEY, "0")) + 1
        local.set_meta(conn, OUT_NO_KEY, str(file_no))
        salt = secrets.token_bytes(16)
        header = json.dumps({"format": 1, "center": ctx.actor.center_id, "device": ctx.device_id,
                             "file_no": file_no, "ops": len(ops), "salt": salt.hex(),
                             "kdf": [kdf.n, kdf.r, kdf.p],
                             "created": datetime.now(timezone.utc).isoformat()}).encode("utf-8")
        nonce = secrets.token_bytes(12)
        body = AESGCM(_key(passphrase, salt, kdf)).encrypt(
            nonce, zlib.compress(json.dumps(ops, ensure_ascii=False).encode("utf-8")), MAGIC + header)
        data = MAGIC + struct.pack(">I", len(header)) + header + nonce + body
        tmp = Path(str(path) + ".part")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # no half-written file under the real name
    with ctx.session() as s:
        audit(s, ctx, "export", "sync_file", None, purpose="동기화 파일 내보내기")
    return len(ops)


# --- import -------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    applied: int = 0
    skipped: int = 0      # already had them
    conflicts: int = 0
    dropped: int = 0      # about records destroyed (retention): not applied, not passed on
    destroyed: int = 0    # cases and households destroyed here by the file


def _read(ctx: ServiceContext, data: bytes, passphrase: str) -> tuple[dict, list[dict]]:
    """Check and open a file completely, or refuse it."""
    if not data.startswith(MAGIC) or len(data) < len(MAGIC) + 4:
        raise SyncFileDamaged()
    (size,) = struct.unpack(">I", data[len(MAGIC):len(MAGIC) + 4])
    start = len(MAGIC) + 4
    header_bytes = data[start:start + size]
    try:
        header = json.loads(header_bytes)
        salt = bytes.fromhex(header["salt"])
        kdf = ScryptParams(*header["kdf"])
        nonce = data[start + size:start + size + 12]
        plain = AESGCM(_key(passphrase, salt, kdf)).decrypt(nonce, data[start + size + 12:], MAGIC + header_bytes)
        ops = json.loads(zlib.decompress(plain))
    except (InvalidTag, ValueError, KeyError, TypeError, zlib.error):
        raise SyncFileDamaged() from None
    if header.get("center") != ctx.actor.center_id or len(ops) != header.get("ops"):
        raise SyncFileDamaged()
    if header.get("device") == ctx.device_id:
        raise SyncFileError("이 기기에서 만든 동기화 파일입니다. 다른 기기에서 가져오세요.")
    return header, ops


def import_sync_file(ctx: ServiceContext, path: Path, passphrase: str) -> ImportReport:
    header, ops = _read(ctx, Path(path).read_bytes(), passphrase)
    report = ImportReport()
    destroyed_cases: list[tuple[str, str]] = []   # (entity, id) destroyed by this file, for the access log
    try:
        with local.remote_writes(ctx.store.engine) as conn:
            peer = conn.execute(select(SyncFilePeer.__table__).where(
                SyncFilePeer.__table__.c.device_id == header["device"])).first()
            if peer is not None and header["file_no"] <= peer.last_file_no:
                raise SyncFileReplayed()
            known = set(conn.execute(select(local.OUTBOX.c.op_id)).scalars())
            known |= set(conn.execute(select(SyncFileOp.__table__.c.op_id)).scalars())
            destroyed = retention.destroyed_ids(conn)
            for op in ops:
                if op["op_id"] in known or op["origin"] == ctx.device_id:
                    report.skipped += 1
                    continue
                if op["op"] == retention.DESTROY_OP:
                    report.conflicts += _destroy(ctx, conn, op, destroyed, destroyed_cases)
                elif _names_destroyed(op, destroyed):
                    destroyed.add(op["entity_id"])   # a later change of a record never placed here
                    report.dropped += 1
                    continue
                else:
                    report.conflicts += _merge(conn, op)
                conn.execute(insert(SyncFileOp.__table__).values(op_id=op["op_id"], origin_device=op["origin"],
                                                                 payload=op))
                known.add(op["op_id"])
                report.applied += 1
            retention.remember_destroyed(conn, destroyed)
            now = datetime.now(timezone.utc)
            if peer is None:
                conn.execute(insert(SyncFilePeer.__table__).values(device_id=header["device"],
                                                                   last_file_no=header["file_no"], imported_at=now))
            else:
                conn.execute(update(SyncFilePeer.__table__).where(SyncFilePeer.__table__.c.device_id == header["device"])
                             .values(last_file_no=header["file_no"], imported_at=now))
    except SyncFileError:
        raise
    except Exception:
        raise SyncFileError() from None
    report.destroyed = len(destroyed_cases)
    with ctx.session() as s:
        audit(s, ctx, "import", "sync_file", None, purpose="동기화 파일 가져오기")
        for entity, record_id in destroyed_cases:
            audit(s, ctx, "destroy", entity, record_id, purpose="동기화 파일로 받은 보존기간 경과 파기")
    return report


def _names_destroyed(op: dict, destroyed: set[str]) -> bool:
    """Whether an operation is about a destroyed record: its own id, or an id among its values
    (a case, household, member, assessment, plan ...)."""
    if op.get("entity_id") in destroyed:
        return True
    for pair in (op.get("changes") or {}).values():
        if isinstance(pair, list) and any(isinstance(v, str) and v in destroyed for v in pair):
            return True
    return False


def _destroy(ctx: ServiceContext, conn: Connection, op: dict, destroyed: set[str],
             done: list[tuple[str, str]]) -> int:
    """Apply a destruction made on another device; returns 1 when it is refused here (a conflict)."""
    entity, record_id = op.get("entity"), op.get("entity_id")
    if entity not in ("case_file", "household") or not isinstance(record_id, str):
        return 0
    approver = ((op.get("changes") or {}).get("approved_by") or [None, None])[-1]
    role = conn.execute(select(Staff.role).where(Staff.id == approver)).scalar() if isinstance(approver, str) else None
    if role not in (Role.SUPERVISOR, Role.ADMIN):
        return _conflict(conn, op, "denied", None, None, None, None)
    if entity == "case_file":
        if conn.execute(select(Case.id).where(Case.id == record_id)).scalar() is None:
            destroyed.add(record_id)   # never here, or destroyed already: keep later changes out
            return 0
        if not retention.past_retention(conn, ctx, [record_id]):
            # Reopened here, or not yet past its retention period by this center's setting.
            return _conflict(conn, op, "denied", "closed_on", None, None, None)
        _, ids = retention.purge(conn, [record_id], [])
    else:
        if conn.execute(select(Household.id).where(Household.id == record_id)).scalar() is None:
            destroyed.add(record_id)
            return 0
        if conn.execute(select(Case.id).where(Case.household_id == record_id).limit(1)).first() is not None:
            return _conflict(conn, op, "denied", "household_id", None, None, None)  # a case of it is kept here
        _, ids = retention.purge(conn, [], [record_id])
    destroyed |= ids
    done.append((entity, record_id))
    local.flag_purge(conn)
    return 0


def _conflict(conn: Connection, op: dict, kind: str, field: str | None, base, mine, theirs, fields=None) -> int:
    scope = local.scope_of(conn, op["entity"], op["entity_id"], fields) or ""
    conn.execute(insert(SyncConflict.__table__).values(
        id=str(uuid.uuid4()), version=1, scope=scope, entity=op["entity"], record_id=op["entity_id"], field=field,
        kind=kind, base_value=base, hub_value=mine, device_value=theirs, op_id=op["op_id"], device_id=op["origin"],
        status="open", created_at=datetime.now(timezone.utc)))
    return 1


def _merge(conn: Connection, op: dict) -> int:
    """Apply one operation by value; returns the number of conflicts it made."""
    table = local.TABLES.get(op["entity"])
    if table is None or op["op"] not in ("insert", "update", "delete"):
        return 0
    changes = op["changes"] or {}
    row = conn.execute(select(table).where(table.c.id == op["entity_id"])).mappings().first()
    current = {k: to_wire(v) for k, v in row.items()} if row else None

    if op["op"] == "insert":
        values = {c.name: local.from_wire(c, changes[c.name][1]) for c in table.columns if c.name in changes}
        if current is None:
            conn.execute(insert(table).values(id=op["entity_id"], version=1, **{k: v for k, v in values.items()
                                                                                 if k not in ("id", "version")}))
            if op["entity"] == "contact" and values.get("note"):
                _note(conn, op, values["note"], 1, False, values.get("case_id"))
            return 0
        theirs = {k: v[1] for k, v in changes.items()}
        differs = {k: v for k, v in theirs.items() if k in current and current[k] != v and k not in IGNORED_ON_DELETE}
        return _conflict(conn, op, "exists", None, None, {k: current[k] for k in differs}, differs) if differs else 0

    if op["op"] == "delete":
        if current is None:
            return 0
        edited = {k: current[k] for k, (last, _) in changes.items()
                  if k in current and k not in IGNORED_ON_DELETE and current[k] != last}
        if edited:
            return _conflict(conn, op, "delete", None, None, edited, None)
        conn.execute(delete(table).where(table.c.id == op["entity_id"]))
        return 0

    # update
    if current is None:
        return _conflict(conn, op, "edit_deleted", None, {k: v[0] for k, v in changes.items()}, None,
                         {k: v[1] for k, v in changes.items()}, fields={k: v[1] for k, v in changes.items()})
    taken, made = {}, 0
    for field, (old, new) in changes.items():
        if field not in table.c or current.get(field) == new:
            continue
        if op["entity"] == "contact" and field == "note":
            taken[field] = new
            _note(conn, op, new, current["version"] + 1, current.get(field) != old, current.get("case_id"))
        elif current.get(field) == old:
            taken[field] = new
        else:
            made += _conflict(conn, op, "field", field, old, current.get(field), new)
    if taken:
        conn.execute(update(table).where(table.c.id == op["entity_id"]).values(
            version=current["version"] + 1, **{k: local.from_wire(table.c[k], v) for k, v in taken.items()}))
    return made


def _note(conn: Connection, op: dict, text: str, version: int, concurrent: bool, case_id: str | None) -> None:
    conn.execute(insert(NoteVersion.__table__).values(
        id=op["op_id"], version=1, scope=case_id or "", contact_id=op["entity_id"], case_id=case_id, text=text,
        record_version=version, device_id=op["origin"], concurrent=concurrent,
        created_at=datetime.now(timezone.utc)))

"""Encrypted backups of the local store: made, verified, listed, rotated, restored.

A backup is one folder `sarye-backup-YYYYMMDD-HHMMSS` holding
- `cases.db`: a consistent snapshot of the store (models.store.snapshot_file: SQLite's online
  backup API on its own connection, so saves go on meanwhile), encrypted with the same data key;
- `cases.db.keys`: the key slots of that moment (the same passwords open it);
- `manifest.json`: when, which store and center, the row counts and the verification result,
  authenticated with a key derived from the data key (no personal data: ids, dates and counts).
It is written under a `.partial-…` name and renamed only once verified, so a backup stopped half-way
(the app killed, the disk full, the USB drive pulled) is never listed or restored, and the previous
backups are not touched. Backups go to the data folder and, when the administrator chose one, to a
second folder (USB drive, office NAS).

Rotation keeps the newest backup of each of the last 7 days, 4 weeks and 12 months; a backup older
than MAX_AGE_DAYS is always deleted, so a destroyed case (retention.destroy) is gone from every
backup within that period. `backups_holding` says which backups still hold given cases and until when.

Restoring replaces the store with a backup: the current file is kept aside (never deleted), the
restored file's generation is moved past the one kept outside the file (app.services.rollback), so
the rollback check accepts this restore and still refuses a file copied in behind the app's back.
"""
from __future__ import annotations

import errno
import hashlib
import hmac
import json
import logging
import os
import re
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Callable

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import select

from app import paths
from models.entities import Center, Meta, Staff
from models.errors import StoreError, WrongPasswordError
from models.keyslots import KeySlots
from models.store import EncryptedStore, SnapshotCancelled, check_snapshot, key_id, snapshot_file
from models.types import Role

from . import rollback
from .context import ServiceContext, actor_for, audit
from .errors import AccessDenied, ServiceError, ValidationError
from .hangul import clean_text

log = logging.getLogger(__name__)

FORMAT = 1
KIND = "saryegwanri-backup"
DB_NAME, KEYS_NAME, MANIFEST_NAME = "cases.db", "cases.db.keys", "manifest.json"
PREFIX, PARTIAL = "sarye-backup-", ".partial-"
_NAME = re.compile(r"^sarye-backup-(\d{8}-\d{6})(-\d+)?$")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12
MAX_AGE_DAYS = 370          # 12 monthly backups and a few days' grace: the stated longest period
AUTO_INTERVAL = timedelta(hours=24)
STALE_AFTER = timedelta(days=2)   # no verified backup for this long: the home screen says so
SECOND_FOLDER_META = "backup.second_folder"
LAST_RESULT_META = "backup.last_result"
RESTORED_META = "backup.restored"       # JSON: the backup a restore came from (reconciliation report)

_running = threading.Lock()   # one backup at a time in this process


class BackupError(ServiceError):
    """A backup or a restore could not be done; nothing was changed."""


# --- where ---------------------------------------------------------------------------------------

def primary_folder() -> Path:
    return paths.data_dir() / "backups"


def second_folder(ctx: ServiceContext) -> Path | None:
    with ctx.store.engine.connect() as conn:
        value = conn.execute(select(Meta.value).where(Meta.key == SECOND_FOLDER_META)).scalar()
    return Path(value) if value else None


def set_second_folder(ctx: ServiceContext, folder: str | None) -> Path | None:
    """The administrator chooses (or clears, with None or "") the second backup folder. It must be
    an existing folder this account can write to, outside the data folder."""
    ctx.require_role(Role.ADMIN)
    chosen: Path | None = None
    if folder and folder.strip():
        text = clean_text(folder, field="백업 폴더", max_len=400, required=True)
        if "\x00" in text:
            raise ValidationError("백업 폴더 경로에 쓸 수 없는 문자가 있습니다.", "백업 폴더")
        chosen = Path(text).expanduser()
        if not chosen.is_absolute():
            raise ValidationError("백업 폴더는 드라이브나 / 로 시작하는 전체 경로로 지정하세요.", "백업 폴더")
        if not chosen.is_dir():
            raise ValidationError("백업 폴더를 찾을 수 없습니다. USB 드라이브나 네트워크 폴더가 연결되어 있는지 "
                                  "확인하세요.", "백업 폴더")
        if not os.access(chosen, os.W_OK):
            raise ValidationError("이 백업 폴더에 쓸 권한이 없습니다.", "백업 폴더")
        resolved = chosen.resolve()
        if resolved == primary_folder().resolve() or resolved == Path(ctx.store.path).parent.resolve():
            raise ValidationError("두 번째 백업 폴더는 데이터 폴더와 다른 곳(USB 드라이브, NAS)이어야 합니다.",
                                  "백업 폴더")
        from .storage_check import cloud_sync_warning
        if cloud_sync_warning(chosen / "x"):
            raise ValidationError("클라우드 동기화 폴더에는 백업하지 않습니다. USB 드라이브나 사무실 NAS를 고르세요.",
                                  "백업 폴더")
    with ctx.session() as s:
        row = s.get(Meta, SECOND_FOLDER_META)
        if chosen is None:
            if row is not None:
                s.delete(row)
        elif row is None:
            s.add(Meta(key=SECOND_FOLDER_META, value=str(chosen)))
        else:
            row.value = str(chosen)
        audit(s, ctx, "update", "setting", None, purpose="두 번째 백업 폴더 해제" if chosen is None else "두 번째 백업 폴더 지정")
    return chosen


# --- the manifest ----------------------------------------------------------------------------------

def _mac_key(data_key: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"backup-manifest").derive(data_key)


def _mac(data_key: bytes, body: dict) -> str:
    text = json.dumps({k: v for k, v in body.items() if k != "mac"}, sort_keys=True, ensure_ascii=True)
    return hmac.new(_mac_key(data_key), text.encode("ascii"), hashlib.sha256).hexdigest()


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_json(path: Path, data: dict) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(data, indent=1, ensure_ascii=False))
        f.flush()
        os.fsync(f.fileno())


@dataclass(frozen=True)
class BackupEntry:
    """One backup folder as listed: what its manifest says and whether this store's key vouches for it."""
    path: Path
    created_at: datetime | None
    size: int
    ok: bool
    result: str           # Korean: "검증 완료" or what is wrong
    store_id: str = ""
    rows: int = 0
    location: str = ""    # "기본" | "두 번째"

    @property
    def expires_on(self) -> date | None:
        return (self.created_at.astimezone() + timedelta(days=MAX_AGE_DAYS)).date() if self.created_at else None


def _read_entry(folder: Path, data_key: bytes | None, location: str) -> BackupEntry:
    m = _NAME.match(folder.name)
    try:
        created = datetime.strptime(m.group(1), "%Y%m%d-%H%M%S").astimezone() if m else None
    except ValueError:
        created = None
    db = folder / DB_NAME
    size = db.stat().st_size if db.is_file() else 0
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
        if manifest.get("kind") != KIND or manifest.get("format") != FORMAT:
            raise ValueError
    except (OSError, ValueError, UnicodeDecodeError):
        return BackupEntry(folder, created, size, False, "백업 정보 파일이 없거나 손상되었습니다.", location=location)
    try:
        created = datetime.fromisoformat(manifest["created_at"])
    except (KeyError, TypeError, ValueError):
        pass
    store_id = str(manifest.get("store_id", ""))
    rows = sum(int(v) for v in (manifest.get("counts") or {}).values() if isinstance(v, int))
    if data_key is not None and not hmac.compare_digest(str(manifest.get("mac", "")), _mac(data_key, manifest)):
        return BackupEntry(folder, created, size, False, "이 데이터베이스의 백업이 아니거나 백업 정보가 바뀌었습니다.",
                           store_id, rows, location)
    if not db.is_file() or not (folder / KEYS_NAME).is_file():
        return BackupEntry(folder, created, size, False, "백업 파일 일부가 없습니다.", store_id, rows, location)
    if size != manifest.get("size"):
        return BackupEntry(folder, created, size, False, "백업 파일의 크기가 기록과 다릅니다.", store_id, rows, location)
    verified = manifest.get("verified") or {}
    if not verified.get("ok"):
        return BackupEntry(folder, created, size, False, verified.get("problem") or "검증에 실패했습니다.",
                           store_id, rows, location)
    return BackupEntry(folder, created, size, True, "검증 완료", store_id, rows, location)


def _entries(folder: Path | None, data_key: bytes | None, location: str, store_id: str | None) -> list[BackupEntry]:
    if folder is None or not folder.is_dir():
        return []
    found = []
    try:
        children = list(folder.iterdir())
    except OSError:
        return []
    for child in children:
        if child.is_dir() and _NAME.match(child.name):
            entry = _read_entry(child, data_key, location)
            if store_id is None or entry.store_id in ("", store_id) or not entry.ok:
                found.append(entry)
    return sorted(found, key=lambda e: e.created_at or datetime.min.replace(tzinfo=timezone.utc), reverse=True)


def _store_facts(store: EncryptedStore) -> dict:
    with store.engine.connect() as conn:
        meta = dict(conn.execute(select(Meta.key, Meta.value).where(
            Meta.key.in_(("store_id", "generation", "device_id")))).all())
        center = conn.execute(select(Center.id)).scalar()
    return {"store_id": meta.get("store_id", ""), "generation": int(meta.get("generation", "0") or 0),
            "device_id": meta.get("device_id", ""), "center_id": center or ""}


def list_backups(ctx: ServiceContext) -> list[BackupEntry]:
    """This store's backups in both folders, newest first (a damaged or foreign one is listed as failed)."""
    facts = _store_facts(ctx.store)
    key = ctx.store._data_key
    rows = _entries(primary_folder(), key, "기본", facts["store_id"])
    rows += _entries(second_folder(ctx), key, "두 번째", facts["store_id"])
    return sorted(rows, key=lambda e: e.created_at or datetime.min.replace(tzinfo=timezone.utc), reverse=True)


# --- making one ------------------------------------------------------------------------------------

@dataclass
class BackupResult:
    created_at: datetime
    entries: list[BackupEntry] = field(default_factory=list)   # the backups written (one per folder)
    problems: list[str] = field(default_factory=list)           # folders where it failed, in Korean
    removed: int = 0                                            # old backups rotated out
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return bool(self.entries) and not self.problems


def _free_space_error(folder: Path, needed: int) -> BackupError:
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        free = 0
    return BackupError(f"백업할 저장 공간이 부족합니다(필요 약 {needed // 2**20 + 1}MB, 남은 공간 "
                       f"{free // 2**20}MB). 오래된 파일을 정리하거나 다른 폴더를 고르세요. 이전 백업은 그대로 있습니다.")


def _os_error(exc: OSError, folder: Path, needed: int) -> BackupError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _free_space_error(folder, needed)
    if exc.errno in (errno.ENOENT, errno.ENODEV, errno.ENXIO, errno.EIO):
        return BackupError(f"백업 폴더({folder})를 찾을 수 없습니다. USB 드라이브나 네트워크 폴더가 연결되어 "
                           "있는지 확인하세요. 이전 백업은 그대로 있습니다.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return BackupError(f"백업 폴더({folder})에 쓸 권한이 없습니다. 이전 백업은 그대로 있습니다.")
    return BackupError(f"백업 폴더({folder})에 쓰지 못했습니다. 이전 백업은 그대로 있습니다.")


def _clear_partials(folder: Path) -> None:
    for child in folder.iterdir():
        if child.name.startswith(PARTIAL):
            shutil.rmtree(child, ignore_errors=True)


def _new_name(folder: Path, at: datetime) -> str:
    name = PREFIX + at.astimezone().strftime("%Y%m%d-%H%M%S")
    n, candidate = 1, name
    while (folder / candidate).exists():
        n += 1
        candidate = f"{name}-{n}"
    return candidate


def _write_backup(store: EncryptedStore, folder: Path, at: datetime, facts: dict,
                  progress: Callable[[int, int], None] | None) -> BackupEntry:
    """One verified backup in `folder` (written as .partial-…, renamed last)."""
    size_now = Path(store.path).stat().st_size + (Path(str(store.path) + "-wal").stat().st_size
                                                 if Path(str(store.path) + "-wal").exists() else 0)
    needed = int(size_now * 1.05) + 2**20
    try:
        if not folder.is_dir():
            if folder == primary_folder():
                folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            else:
                raise BackupError(f"백업 폴더({folder})를 찾을 수 없습니다. USB 드라이브나 네트워크 폴더가 "
                                  "연결되어 있는지 확인하세요. 이전 백업은 그대로 있습니다.")
        _clear_partials(folder)
        if shutil.disk_usage(folder).free < needed:
            raise _free_space_error(folder, needed)
        name = _new_name(folder, at)
        partial = folder / (PARTIAL + name)
        partial.mkdir(mode=0o700)
    except OSError as exc:
        raise _os_error(exc, folder, needed) from None
    try:
        counts = snapshot_file(store.path, store._data_key, partial / DB_NAME, progress=progress)
        shutil.copyfile(KeySlots.path_for(Path(store.path)), partial / KEYS_NAME)
        os.chmod(partial / KEYS_NAME, 0o600)
        with ThreadPoolExecutor(1) as pool:   # the flush to disk while the pages are checked
            flushing = pool.submit(_fsync, partial / DB_NAME)
            problems = check_snapshot(partial / DB_NAME, store._data_key, counts, thorough=False)
            flushing.result()
        if not problems and _slot_ids(partial / KEYS_NAME) != _slot_ids(KeySlots.path_for(Path(store.path))):
            problems = ["백업한 키 파일이 원본과 다릅니다."]
        manifest = {"kind": KIND, "format": FORMAT, "created_at": at.isoformat(), "store_id": facts["store_id"],
                    "center_id": facts["center_id"], "device_id": facts["device_id"],
                    "generation": facts["generation"], "key_id": key_id(store._data_key),
                    "size": (partial / DB_NAME).stat().st_size, "counts": counts,
                    "verified": {"at": datetime.now(timezone.utc).isoformat(), "ok": not problems,
                                 "problem": problems[0] if problems else ""}}
        manifest["mac"] = _mac(store._data_key, manifest)
        _write_json(partial / MANIFEST_NAME, manifest)
        if problems:
            raise BackupError("백업을 검증하지 못했습니다: " + problems[0] + " 이전 백업은 그대로 있습니다.")
        _fsync(partial / KEYS_NAME)
        _fsync(partial)
        final = folder / name
        os.replace(partial, final)
        _fsync(folder)
    except BaseException as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(exc, OSError):
            raise _os_error(exc, folder, needed) from None
        if isinstance(exc, StoreError) and not isinstance(exc, SnapshotCancelled):
            raise BackupError("백업 중 데이터베이스를 읽지 못했습니다. 이전 백업은 그대로 있습니다.") from None
        raise
    return _read_entry(final, store._data_key, "")


def _slot_ids(keys_file: Path) -> set[str]:
    try:
        return set(json.loads(keys_file.read_text("utf-8")).get("slots", {}))
    except (OSError, ValueError):
        return set()


def _record_result(store: EncryptedStore, result: dict) -> None:
    from app.sync import local
    with store.engine.begin() as conn:   # a device-local fact: no outbox row, no change notice
        local.set_meta(conn, LAST_RESULT_META, json.dumps(result, ensure_ascii=False))


def create_backup(ctx: ServiceContext, *, reason: str = "manual", control=None,
                  now: datetime | None = None) -> BackupResult:
    """Back the store up to the data folder and the second folder, verify each copy, rotate.
    Runs on its own connection (never on the database worker): saves go on meanwhile. `control`
    (ui.tasks.TaskControl) gets progress and may cancel. Raises BackupError when no folder got a
    backup; a second folder that failed is reported in `problems`."""
    if reason not in ("manual", "auto", "quit"):
        raise ValidationError("백업 종류가 올바르지 않습니다.", "백업")
    if not _running.acquire(blocking=False):
        raise BackupError("이미 백업하고 있습니다. 끝난 뒤 다시 시도하세요.")
    started = time.perf_counter()
    at = (now or datetime.now(timezone.utc)).replace(microsecond=0)
    result = BackupResult(at)
    try:
        facts = _store_facts(ctx.store)
        folders = [primary_folder()]
        extra = second_folder(ctx)
        if extra is not None:
            folders.append(extra)

        def step(i):
            def report(done, total):
                if control is not None:
                    if control.cancelled:
                        raise SnapshotCancelled()
                    control.progress(i * 1000 + (done * 1000 // max(total, 1)), 1000 * len(folders),
                                     "백업 중" if i == 0 else "두 번째 폴더에 백업 중")
            return report
        for i, folder in enumerate(folders):
            try:
                entry = _write_backup(ctx.store, folder, at, facts, step(i))
                result.entries.append(entry)
                result.removed += rotate(folder, facts["store_id"], ctx.store._data_key)
            except BackupError as exc:
                result.problems.append(str(exc))
        result.seconds = time.perf_counter() - started
        _record_result(ctx.store, {"at": at.isoformat(), "ok": result.ok,
                                   "problem": result.problems[0] if result.problems else "", "reason": reason})
        with ctx.session() as s:
            audit(s, ctx, "backup", "store", None, outcome="ok" if result.ok else "failed",
                  purpose={"manual": "지금 백업", "auto": "자동 백업", "quit": "종료 시 백업"}[reason])
        log.info("backup %s: %d written, %d problems, %d rotated, %.2fs", reason, len(result.entries),
                 len(result.problems), result.removed, result.seconds)
        if not result.entries:
            raise BackupError(result.problems[0])
        return result
    except SnapshotCancelled:
        _record_result(ctx.store, {"at": at.isoformat(), "ok": False, "problem": "백업을 취소했습니다.", "reason": reason})
        raise
    finally:
        _running.release()


def backup_due(ctx: ServiceContext, now: datetime | None = None) -> bool:
    """Whether the daily automatic backup is due (no verified backup in the data folder for a day)."""
    now = now or datetime.now(timezone.utc)
    facts = _store_facts(ctx.store)
    latest = next((e for e in _entries(primary_folder(), ctx.store._data_key, "기본", facts["store_id"]) if e.ok), None)
    return latest is None or latest.created_at is None or now - latest.created_at >= AUTO_INTERVAL


def last_result(ctx: ServiceContext) -> dict | None:
    with ctx.store.engine.connect() as conn:
        raw = conn.execute(select(Meta.value).where(Meta.key == LAST_RESULT_META)).scalar()
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def home_warning(ctx: ServiceContext, now: datetime | None = None) -> str | None:
    """The home screen's line when backups need attention (the last one failed, or none is recent)."""
    now = now or datetime.now(timezone.utc)
    last = last_result(ctx)
    if last and not last.get("ok") and last.get("problem") and last.get("problem") != "백업을 취소했습니다.":
        return "마지막 백업이 실패했습니다: " + last["problem"]
    facts = _store_facts(ctx.store)
    entries = _entries(primary_folder(), ctx.store._data_key, "기본", facts["store_id"])
    latest = next((e for e in entries if e.ok), None)
    if latest is None:
        return "이 PC에는 검증된 백업이 없습니다. 파일 → 지금 백업을 눌러 백업하세요."
    if latest.created_at and now - latest.created_at > STALE_AFTER:
        days = (now - latest.created_at).days
        return f"마지막 백업이 {days}일 전({latest.created_at.astimezone():%Y-%m-%d})입니다. 지금 백업하세요."
    if entries and not entries[0].ok:
        return "가장 최근 백업의 검증에 실패했습니다: " + entries[0].result
    return None


# --- rotation ---------------------------------------------------------------------------------------

def keep_set(created: list[datetime], now: datetime) -> set[datetime]:
    """Which backups rotation keeps: the newest of each of the last 7 days, 4 ISO weeks and 12
    months that have a backup; never one older than MAX_AGE_DAYS."""
    fresh = sorted((c for c in created if now - c <= timedelta(days=MAX_AGE_DAYS)), reverse=True)
    keep: set[datetime] = set()
    for bucket, limit in ((lambda d: d.date(), KEEP_DAILY),
                          (lambda d: d.isocalendar()[:2], KEEP_WEEKLY),
                          (lambda d: (d.year, d.month), KEEP_MONTHLY)):
        seen: list = []
        for c in fresh:
            b = bucket(c.astimezone())
            if b in seen:
                continue
            if len(seen) >= limit:
                break
            seen.append(b)
            keep.add(c)
    return keep


def rotate(folder: Path, store_id: str, data_key: bytes, now: datetime | None = None) -> int:
    """Delete this store's backups in `folder` that rotation does not keep; returns how many.
    Foreign or damaged folders are left alone (they are not ours to judge) unless too old."""
    now = now or datetime.now(timezone.utc)
    ours = [e for e in _entries(folder, data_key, "", store_id) if e.created_at is not None]
    valid = [e for e in ours if e.ok and e.store_id == store_id]
    keep = keep_set([e.created_at for e in valid], now)
    removed = 0
    for e in ours:
        too_old = now - e.created_at > timedelta(days=MAX_AGE_DAYS)
        if too_old or (e in valid and e.created_at not in keep):
            shutil.rmtree(e.path, ignore_errors=True)
            removed += not e.path.exists()
    return removed


# --- destruction and backups -----------------------------------------------------------------------

@dataclass(frozen=True)
class HeldIn:
    path: Path
    created_at: datetime
    expires_on: date      # the day rotation deletes it at the latest (MAX_AGE_DAYS after it was made)
    cases: int            # how many of the asked cases it holds
    location: str = ""    # "기본" | "두 번째"


def backups_holding(ctx: ServiceContext, case_ids: list[str]) -> list[HeldIn]:
    """The backups that still hold any of these cases, and the day each is deleted at the latest."""
    ctx.require_role(Role.ADMIN, Role.SUPERVISOR)
    from models.store import _raw_connect
    held = []
    ids = list(dict.fromkeys(case_ids))
    for e in list_backups(ctx):
        if not e.ok or not ids:
            continue
        try:
            conn = _raw_connect(e.path / DB_NAME, ctx.store._data_key, read_only=True)
            try:
                conn.execute("PRAGMA query_only=ON")
                marks = ",".join("?" * len(ids))
                n = conn.execute(f"SELECT count(*) FROM case_file WHERE id IN ({marks})", ids).fetchone()[0]
            finally:
                conn.close()
        except Exception:
            continue
        if n:
            held.append(HeldIn(e.path, e.created_at, e.expires_on, n, e.location))
    with ctx.session() as s:
        for case_id in ids:
            audit(s, ctx, "view", "backup", case_id, purpose=f"파기 사례가 남은 백업 확인: {len(held)}개")
    return held


# --- restoring ----------------------------------------------------------------------------------------

@dataclass
class BackupToRestore:
    folder: Path
    db: Path
    keys: Path
    username: str
    created_at: datetime | None
    store_id: str
    center_id: str
    center_name: str
    size: int
    _data_key: bytes = field(repr=False, default=b"")


def _locate(path: Path) -> tuple[Path, Path, Path]:
    missing = BackupError("고른 백업을 찾을 수 없습니다. USB 드라이브가 연결되어 있는지, 경로가 맞는지 확인하세요.")
    if len(str(path)) > 1000:
        raise missing
    try:
        return _locate_files(Path(path).expanduser())
    except (OSError, ValueError, UnicodeError):   # an impossible name (NUL, too long, unencodable)
        raise missing from None


def _locate_files(path: Path) -> tuple[Path, Path, Path]:
    if path.is_file():
        if path.name == MANIFEST_NAME or path.name.endswith(".keys"):
            folder = path.parent
            db = folder / DB_NAME if path.name == MANIFEST_NAME else path.with_name(path.name[:-5])
        else:
            folder, db = path.parent, path
    elif path.is_dir():
        folder, db = path, path / DB_NAME
    else:
        raise BackupError("고른 백업을 찾을 수 없습니다. USB 드라이브가 연결되어 있는지, 경로가 맞는지 확인하세요.")
    keys = db.with_name(db.name + ".keys")
    if not db.is_file():
        raise BackupError("고른 폴더에 백업 데이터베이스 파일(cases.db)이 없습니다.")
    if not keys.is_file():
        raise BackupError("백업의 키 파일(.keys)이 없어 열 수 없습니다. 백업 폴더를 통째로 고르세요.")
    return folder, db, keys


def open_backup(path: Path, username: str, password: str, *, current: EncryptedStore | None = None) -> BackupToRestore:
    """Check a backup (folder, or its cases.db) before restoring it: the password must open its key
    slots, the file must pass the snapshot checks, and it must be this center's (when a store is open).
    Nothing is changed."""
    from .accounts import normalize_username
    folder, db, keys = _locate(Path(path))
    try:
        data_key = KeySlots.load(db).unwrap(normalize_username(username), password)
    except WrongPasswordError:
        raise BackupError("이 비밀번호로는 이 백업을 열 수 없습니다. 백업한 날에 쓰던 비밀번호를 입력하세요.") from None
    except StoreError:
        raise BackupError("백업의 키 파일이 손상되어 열 수 없습니다.") from None
    problems = check_snapshot(db, data_key)
    if problems:
        raise BackupError("이 백업은 복원할 수 없습니다: " + problems[0])
    from models.store import _raw_connect
    conn = _raw_connect(db, data_key, read_only=True)
    try:
        conn.execute("PRAGMA query_only=ON")
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('store_id')").fetchall())
        center = conn.execute("SELECT id, name FROM center LIMIT 1").fetchone() or ("", "")
        user = conn.execute("SELECT active FROM staff WHERE username = ?", (normalize_username(username),)).fetchone()
    except Exception:
        raise BackupError("이 백업은 사례관리 데이터베이스가 아닙니다.") from None
    finally:
        conn.close()
    if user is None or not user[0]:
        raise BackupError("이 백업에는 이 계정이 없거나 사용이 중지되어 있습니다.")
    if current is not None:
        here = _store_facts(current)
        if center[0] != here["center_id"]:
            raise BackupError(f"다른 기관({center[1]})의 백업입니다. 이 PC의 데이터베이스는 그대로 두었습니다.")
    created = None
    try:
        manifest = json.loads((folder / MANIFEST_NAME).read_text("utf-8"))
        if hmac.compare_digest(str(manifest.get("mac", "")), _mac(data_key, manifest)):
            created = datetime.fromisoformat(manifest["created_at"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    if created is None:
        created = datetime.fromtimestamp(db.stat().st_mtime, timezone.utc)
    return BackupToRestore(folder, db, keys, normalize_username(username), created, meta.get("store_id", ""),
                           center[0], center[1], db.stat().st_size, data_key)


@dataclass(frozen=True)
class RestoreResult:
    restored_from: datetime | None
    kept_aside: Path | None      # the file that was in place before (never deleted by the restore)


def restore(db_path: Path, backup: BackupToRestore, *, counter: rollback.GenerationCounter | None = None,
            now: datetime | None = None) -> RestoreResult:
    """Put `backup` in place of the store at `db_path` (which must be closed). The current files are
    renamed to `<db>.before-restore-…` first; the restored file's generation is set past the outside
    counter, and the restore is written to its access log."""
    db_path = Path(db_path)
    counter = counter or rollback.GenerationCounter()
    now = now or datetime.now(timezone.utc)
    stamp = now.astimezone().strftime("%Y%m%d-%H%M%S")
    tmp = db_path.with_name(db_path.name + ".restoring")
    tmp_keys = KeySlots.path_for(tmp)
    for f in (tmp, tmp_keys, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        f.unlink(missing_ok=True)
    try:
        db_path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if shutil.disk_usage(db_path.parent).free < backup.size * 1.1 + 2**20:
            raise _free_space_error(db_path.parent, backup.size)
        shutil.copyfile(backup.db, tmp)
        shutil.copyfile(backup.keys, tmp_keys)
        os.chmod(tmp, 0o600)
        os.chmod(tmp_keys, 0o600)
    except OSError as exc:
        for f in (tmp, tmp_keys):
            f.unlink(missing_ok=True)
        raise _os_error(exc, db_path.parent, backup.size) from None
    try:
        store = EncryptedStore.open_with_key(tmp, backup._data_key)
        try:
            with store.session() as s:
                # A backup of a store never signed in has no id yet: a new one, as advance() gives.
                store_id = rollback._meta(s, "store_id", backup.store_id or str(uuid.uuid4())).value
                generation = rollback._meta(s, "generation", "0")
                bumped = max(int(generation.value), counter.get(store_id)) + 1
                generation.value = str(bumped)
                staff = s.scalars(select(Staff).where(Staff.username == backup.username)).first()
                device = s.get(Meta, "device_id")
                ctx = ServiceContext(store, actor_for(staff), device_id=device.value if device else "")
                info = {"backup_created_at": backup.created_at.isoformat() if backup.created_at else "",
                        "restored_at": now.isoformat(), "reported": False}
                row = s.get(Meta, RESTORED_META)
                if row is None:
                    s.add(Meta(key=RESTORED_META, value=json.dumps(info)))
                else:
                    row.value = json.dumps(info)
                audit(s, ctx, "restore", "store", None,
                      purpose=f"백업 복원({backup.created_at.astimezone():%Y-%m-%d %H:%M} 백업)" if backup.created_at else "백업 복원")
            store.checkpoint()
        finally:
            store.close()
    except Exception:
        for f in (tmp, tmp_keys, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
            f.unlink(missing_ok=True)
        raise
    aside = None
    if db_path.exists():
        aside = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
        for suffix in ("-wal", "-shm", ".keys", ""):
            src = Path(str(db_path) + suffix)
            if src.exists():
                os.replace(src, Path(str(aside) + suffix))
    elif KeySlots.path_for(db_path).exists():   # a key file left without its database
        os.replace(KeySlots.path_for(db_path), Path(str(db_path) + f".keys.before-restore-{stamp}"))
    os.replace(tmp_keys, KeySlots.path_for(db_path))
    os.replace(tmp, db_path)
    _fsync(db_path.parent)
    rollback.publish(counter, (store_id, bumped))
    log.info("restore accepted: generation moved past the outside counter")
    return RestoreResult(backup.created_at, aside)


def restore_in_app(ctx: ServiceContext, backup: BackupToRestore) -> RestoreResult:
    """The restore wizard's last step, from a signed-in session: logs the restore here, then closes
    this store and puts the backup in its place (the caller shows the sign-in window again)."""
    if ctx.actor.role == Role.READ_ONLY:
        raise AccessDenied("열람 전용 계정은 백업을 복원할 수 없습니다.")
    if not _running.acquire(blocking=False):
        raise BackupError("백업하는 중에는 복원할 수 없습니다. 백업이 끝난 뒤 다시 시도하세요.")
    try:
        with ctx.session() as s:
            audit(s, ctx, "restore", "store", None, purpose="다른 백업으로 교체(이 파일은 보관)")
        counter = getattr(ctx, "generation_counter", None) or rollback.GenerationCounter()
        path = Path(ctx.store.path)
        ctx.store.checkpoint()
        ctx.store.close()
        return restore(path, backup, counter=counter)
    finally:
        _running.release()


# --- after a restore: what the hub gives back and what is lost ---------------------------------------

def restore_notice(ctx: ServiceContext) -> str | None:
    """The home screen's line after a restore, until the next successful sync has been reported."""
    with ctx.store.engine.connect() as conn:
        raw = conn.execute(select(Meta.value).where(Meta.key == RESTORED_META)).scalar()
        from app.sync import local
        synced = local.get_meta(conn, local.LAST_SYNC_KEY)
    if not raw:
        return None
    info = json.loads(raw)
    when = datetime.fromisoformat(info["backup_created_at"]).astimezone() if info.get("backup_created_at") else None
    day = f"{when:%Y-%m-%d %H:%M}" if when else "백업한 때"
    lost = f"{day} 이후 이 PC에서만 입력한 기록(동기화하지 않은 기록)은 복구되지 않았습니다."
    restored_at = datetime.fromisoformat(info["restored_at"])
    if synced and datetime.fromisoformat(synced) > restored_at:
        return f"백업에서 복원했습니다. 서버에 보낸 기록은 동기화로 되찾았습니다. {lost}"
    return f"백업에서 복원했습니다. 동기화하면 서버에 보낸 기록을 되찾습니다. {lost}"

"""The encrypted local store: SQLCipher 4 keyed with a raw 256-bit key, under SQLAlchemy 2.

Opening never creates a file: a missing, truncated, corrupt or foreign file gives a clear error
and is left byte-for-byte as it was. A new database is only made by `create`, and only where no
file exists yet.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import URL, Engine, create_engine, event, select, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from . import tracking  # noqa: F401  (registers the session hooks)
from .changes import Changes, take_changes
from .entities import AuditLog, Member, Meta
from .errors import CorruptStoreError, MissingStoreError, StoreError
from .keyslots import DATA_KEY_BYTES, KdfParams, KeySlots
from .migrations import upgrade_to_head


# Before the vault key existed the center key lay here in clear (opened with the data key alone);
# the first sign-in after the upgrade moves it under the vault key (`upgrade_vault`).
CENTER_KEY_META = "field_key.center"
SEALED_CENTER_KEY_META = "field_key.center.sealed"
# The vault key wrapped with the data key, only while some account's slot still lacks it (upgrade).
VAULT_ESCROW_META = "vault_key.escrow"
# In a store upgraded to the vault key: "<seq>:<hash>:<mac>", the last access-log row of the unkeyed
# chain (app.services.context); MACed with the audit key so that it cannot be moved with the data key.
AUDIT_KEYED_AFTER_META = "audit.keyed_after"
FIELD_KEY_BYTES = 32
VAULT_KEY_BYTES = 32


def key_id(key: bytes) -> str:
    """A short public name for a key (to tell keys apart in logs and tests without showing them)."""
    return HKDF(algorithm=hashes.SHA256(), length=8, salt=None, info=b"key-id").derive(key).hex()


_log = logging.getLogger(__name__)


def _hkdf(key: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key)


class FieldCipher:
    """Seals single fields (the RRN), on top of the file's own encryption.

    The database file is already encrypted; sealing the RRN again keeps it out of sync payloads,
    sync files, the hub and anything exported from the decrypted tables, and out of reach of
    someone holding the data key only. Keys:
    - the center's field key, the same on every device of a center (it reaches a device through
      the hub, wrapped by the staff member's hub password: app.sync.engine), seals new values, so
      any device of the center can open them;
    - the device key, derived from this store's vault key (held in the key slots, never in the
      file), seals values before the center key arrived;
    - the legacy device key, derived from the data key, sealed values in stores from before the
      vault key; it only opens (the upgrade re-seals what it opens).
    With neither of the first two (a store opened with its data key alone) nothing can be sealed.
    """

    def __init__(self, data_key: bytes, center_key: bytes | None = None, device_key: bytes | None = None):
        self._legacy = AESGCM(_hkdf(data_key, b"field:rrn"))
        self._device = AESGCM(device_key) if device_key else None
        self._center = AESGCM(center_key) if center_key else None
        # The keyed hash duplicate checks compare RRNs by (migration 0011): under the center key
        # when there is one, so that it means the same on every device, else this device's own.
        base, kind = (center_key, "c") if center_key else (device_key, "d") if device_key else (None, "")
        self._index_key = _hkdf(base, b"index:rrn") if base else None
        self.index_kind = kind

    def index(self, digits: str) -> str | None:
        """The RRN's keyed hash (hex), None without a key (a store opened with the data key alone)."""
        if self._index_key is None:
            return None
        return hmac.new(self._index_key, digits.encode("ascii"), hashlib.sha256).hexdigest()

    @property
    def has_center_key(self) -> bool:
        return self._center is not None

    @property
    def can_seal(self) -> bool:
        return self._center is not None or self._device is not None

    def seal(self, text: str) -> bytes:
        aead = self._center or self._device
        if aead is None:
            raise StoreError("주민등록번호를 암호화할 키가 없습니다. 로그인한 뒤 다시 시도하세요.")
        nonce = secrets.token_bytes(12)
        return nonce + aead.encrypt(nonce, text.encode("utf-8"), b"rrn")

    def sealed_with_legacy_key(self, sealed: bytes) -> bool:
        try:
            self._legacy.decrypt(sealed[:12], sealed[12:], b"rrn")
            return True
        except InvalidTag:
            return False

    def open(self, sealed: bytes) -> str:
        """The clear text; InvalidTag when no key opens it (sealed on a device of another key)."""
        for aead in (self._center, self._device, self._legacy):
            if aead is None:
                continue
            try:
                return aead.decrypt(sealed[:12], sealed[12:], b"rrn").decode("utf-8")
            except InvalidTag:
                continue
        raise InvalidTag()

    def sealed_with_center_key(self, sealed: bytes) -> bool:
        if self._center is None:
            return False
        try:
            self._center.decrypt(sealed[:12], sealed[12:], b"rrn")
            return True
        except InvalidTag:
            return False


# FULL: in WAL mode a commit is fsynced before it returns, so a save the app acknowledged survives a
# power cut (NORMAL may lose the last commits). Measured by `python -m app bench` (durability).
SYNCHRONOUS = "FULL"


def _make_engine(path: Path, data_key: bytes) -> Engine:
    url = URL.create("sqlite+pysqlcipher", password=f"x'{data_key.hex()}'", database=str(path))
    engine = create_engine(url, poolclass=QueuePool, pool_size=2, max_overflow=2,
                           connect_args={"check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        cur = dbapi_conn.cursor()
        # A wrong key only shows at the first read: read now, before anything can write.
        cur.execute("SELECT count(*) FROM sqlite_master")
        cur.fetchone()
        # cache_size: decrypted pages kept per connection (32 MiB). Each page read from disk costs
        # an AES decryption and HMAC check, so a larger cache is what keeps searches near the speed
        # of a plain SQLite file (benchmark: x1.3 -> x1.0 against an unencrypted copy).
        for pragma in ("foreign_keys=ON", "trusted_schema=OFF", "secure_delete=ON", "cache_size=-32768",
                       "journal_mode=WAL", f"synchronous={SYNCHRONOUS}", "temp_store=MEMORY"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    return engine


class SnapshotCancelled(StoreError):
    default = "백업을 취소했습니다. 이전 백업은 그대로 있습니다."


PLAINTEXT_HEADER = b"SQLite format 3\x00"


def _raw_connect(path: Path, data_key: bytes, *, read_only: bool = False):
    """A bare SQLCipher connection (no pool, no migrations), keyed and checked. `read_only` opens
    the file immutable: nothing is ever written beside it (no -wal, -shm or -journal in a backup
    folder)."""
    import sqlcipher3
    if read_only:
        conn = sqlcipher3.connect(Path(path).resolve().as_uri() + "?mode=ro&immutable=1", uri=True,
                                  isolation_level=None, check_same_thread=False)
    else:
        conn = sqlcipher3.connect(str(path), isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA key=\"x'{data_key.hex()}'\"")
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def _table_counts(conn) -> dict[str, int]:
    names = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {n: conn.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


PAGE = 4096   # SQLCipher 4's page size (the store never changes it)


def _wal_size(path: Path) -> int:
    try:
        return os.path.getsize(str(path) + "-wal")
    except OSError:
        return 0


def _begin_on_main_file(src, source: Path, tries: int = 5) -> bool:
    """Begin a read transaction on the main file alone (the WAL checkpointed and empty); False
    (with a read transaction begun all the same) when the WAL could not be emptied. While such a
    transaction lasts it holds SQLite's read lock 0, so no checkpoint writes into the main file,
    and writers only append to the WAL: the main file's bytes are this transaction's snapshot."""
    # No busy wait: a TRUNCATE checkpoint that waits for a reader holds new writers back meanwhile;
    # one that cannot finish at once is retried a little later instead.
    src.execute("PRAGMA busy_timeout=0")
    for attempt in range(tries):
        busy = src.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()   # the snapshot starts here
        if not busy and _wal_size(source) == 0:   # checked after it started: no frame is in it
            return True
        src.execute("COMMIT")
        time.sleep(0.05 * (attempt + 1))
    src.execute("BEGIN")
    src.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return False


def _copy_bytes(source: Path, dest: Path, chunk: int, progress: Callable[[int, int], None] | None) -> None:
    """The file's bytes as they are (pages already encrypted), a chunk at a time for progress and cancel."""
    total = os.path.getsize(source)
    kernel = sys.platform.startswith("linux")   # kernel to kernel, as shutil.copyfile does there
    buf = memoryview(bytearray(1 << 20))
    done = 0
    with open(source, "rb") as fin, open(dest, "xb") as fout:
        os.chmod(dest, 0o600)
        while done < total:
            end = min(done + chunk, total)
            while done < end:
                if kernel:
                    n = os.sendfile(fout.fileno(), fin.fileno(), done, end - done)
                else:
                    n = fin.readinto(buf[:min(len(buf), end - done)])
                    fout.write(buf[:n])
                if not n:
                    raise StoreError("백업하는 동안 데이터베이스 파일을 끝까지 읽지 못했습니다.")
                done += n
            if progress is not None:
                progress(done // PAGE, total // PAGE)


def snapshot_file(source: Path, data_key: bytes, dest: Path, *, pages_per_step: int = 4096,
                  progress: Callable[[int, int], None] | None = None) -> dict[str, int]:
    """A consistent, encrypted copy of `source` written to `dest` (which must not exist), on a
    connection of its own inside one read transaction: writers go on meanwhile (WAL), the copy is
    the file as of that transaction, and the row counts returned are of the same snapshot.

    Usually the file's bytes are copied as they are (`_begin_on_main_file`): the pages are already
    encrypted with the same key, so no page is ever plaintext, and it costs about a plain file copy
    (`python -m app bench`). When the WAL cannot be emptied (another reader holds it) SQLite's
    online backup API copies page by page instead, the destination keyed before its first page.
    The copy is one file, never written again: read it with `_raw_connect(..., read_only=True)`
    (nothing is created beside it); it is not flushed to disk here. `progress(done_pages,
    total_pages)` may raise to stop; a stopped copy is removed."""
    from concurrent.futures import ThreadPoolExecutor, wait
    dest = Path(dest)
    if dest.exists():
        raise StoreError("백업 파일 이름이 이미 있습니다. 덮어쓰지 않습니다.")
    src = _raw_connect(source, data_key)
    try:
        fast = _begin_on_main_file(src, Path(source))
        if fast:
            with ThreadPoolExecutor(1) as pool:   # the row counts meanwhile (SQLite lets go of the GIL)
                counting = pool.submit(_table_counts, src)
                try:
                    _copy_bytes(Path(source), dest, max(1, pages_per_step) * PAGE, progress)
                except PermissionError:   # Windows: a byte range locked by another process
                    dest.unlink(missing_ok=True)
                    fast = False
                except BaseException:
                    wait([counting])
                    raise
                counts = counting.result()
        if not fast:
            counts = _table_counts(src)
            dst = _raw_connect(dest, data_key)
            try:
                def step(_status, remaining, total):
                    if progress is not None:
                        progress(total - remaining, total)
                src.backup(dst, pages=pages_per_step, progress=step)
            finally:
                dst.close()
        src.execute("COMMIT")
    except BaseException:
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(str(dest) + suffix).unlink(missing_ok=True)
        raise
    finally:
        src.close()
    os.chmod(dest, 0o600)
    return counts


def check_snapshot(path: Path, data_key: bytes, expected: dict[str, int] | None = None, *,
                   thorough: bool = True) -> list[str]:
    """Problems of a snapshot file, in Korean (empty when it is sound): it must not be plaintext,
    must open with the key, pass SQLCipher's page check (every page's HMAC, so no page is plaintext
    or altered) and hold `expected` rows per table when given. `thorough` adds SQLite's quick check
    of the b-trees (before a restore; a fresh backup is the source's own bytes, and the check costs
    more than the copy). The page check and the counts run side by side on two connections."""
    from concurrent.futures import ThreadPoolExecutor
    path = Path(path)
    try:
        with path.open("rb") as f:
            header = f.read(16)
        size = path.stat().st_size
    except OSError:
        return ["백업 파일을 읽을 수 없습니다."]
    if header == PLAINTEXT_HEADER:
        return ["백업 파일이 암호화되어 있지 않습니다."]
    if size < PAGE or size % PAGE:
        return ["백업 파일의 크기가 올바르지 않습니다(덜 쓰인 파일)."]
    try:
        conns = [_raw_connect(path, data_key, read_only=True) for _ in range(2)]
    except Exception:
        return ["백업 파일이 이 키로 열리지 않습니다."]

    def pages():
        return conns[0].execute("PRAGMA cipher_integrity_check").fetchall()

    def structure_and_counts():
        quick = conns[1].execute("PRAGMA quick_check").fetchone() if thorough else ("ok",)
        return quick, _table_counts(conns[1]) if expected is not None else None
    try:
        with ThreadPoolExecutor(1) as pool:
            second = pool.submit(structure_and_counts)
            bad_pages = pages()
            quick, counts = second.result()
        if bad_pages:
            return [f"백업 파일의 암호화 페이지 {len(bad_pages)}개가 손상되었습니다."]
        if not quick or quick[0] != "ok":
            return ["백업 파일의 데이터 구조가 손상되었습니다."]
        if expected is not None:
            wrong = sorted(t for t in set(expected) | set(counts) if expected.get(t) != counts.get(t))
            if wrong:
                return ["백업 파일의 행 수가 원본과 다릅니다: " + ", ".join(wrong[:5])]
    except Exception:
        return ["백업 파일을 검사하지 못했습니다(손상)."]
    finally:
        for conn in conns:
            conn.close()
    return []


def remove_store_files(path: Path) -> None:
    """Delete a store's files: the database, its key slots, and SQLite's WAL and shared memory."""
    for suffix in ("", ".keys", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _owner_only(*files: Path) -> None:
    """Encrypted or not, nobody else on a shared PC needs to read these files (POSIX; a no-op on Windows)."""
    for f in files:
        os.chmod(f, 0o600)


def _seal_center_key(vault_key: bytes, center_key: bytes) -> str:
    nonce = secrets.token_bytes(12)
    return (nonce + AESGCM(_hkdf(vault_key, b"vault:center-key")).encrypt(nonce, center_key, b"center-key")).hex()


def _open_center_key(vault_key: bytes, stored: str) -> bytes:
    try:
        raw = bytes.fromhex(stored)
        return AESGCM(_hkdf(vault_key, b"vault:center-key")).decrypt(raw[:12], raw[12:], b"center-key")
    except (ValueError, InvalidTag):
        raise StoreError("기관 암호화 키가 손상되었거나 이 키 파일과 맞지 않습니다.") from None


def _escrow_aead(data_key: bytes) -> AESGCM:
    return AESGCM(_hkdf(data_key, b"vault:escrow"))


def keyed_after_value(audit_key: bytes, seq: int, last_hash: str) -> str:
    """The marker's value: the unkeyed chain's last row and its hash, MACed (a rewritten old chain
    shows even without the outside anchor)."""
    body = f"{seq}:{last_hash}"
    return body + ":" + hmac.new(audit_key, f"keyed-after:{body}".encode("ascii"), hashlib.sha256).hexdigest()


class EncryptedStore:
    """An open encrypted database: the engine, a session factory and the field cipher.

    `vault_key` (from the signed-in person's key slot, models.keyslots) opens the center's field
    key and keys the access log's chain; a store opened with the data key alone has neither."""

    def __init__(self, path: Path, engine: Engine, data_key: bytes, vault_key: bytes | None = None):
        self.path = path
        self.engine = engine
        self._data_key = data_key
        self._vault = vault_key
        self.cipher = FieldCipher(data_key, self.center_key(), self._device_key())
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._change_listeners: list[Callable[[Changes], None]] = []

    def _device_key(self) -> bytes | None:
        return _hkdf(self._vault, b"vault:field:rrn") if self._vault else None

    @property
    def audit_key(self) -> bytes | None:
        """The access log chain's HMAC key (app.services.context): derived from the vault key
        (once per vault key: every session asks for it)."""
        if not self._vault:
            return None
        if getattr(self, "_audit_key_of", None) is not self._vault:
            self._audit_key, self._audit_key_of = _hkdf(self._vault, b"vault:audit-chain"), self._vault
        return self._audit_key

    @property
    def has_vault_key(self) -> bool:
        return self._vault is not None

    # --- opening and creating ---
    @classmethod
    def create(cls, path: Path, username: str, password: str,
               kdf: KdfParams | None = None) -> "EncryptedStore":
        path = Path(path)
        if path.exists():
            raise StoreError("이미 같은 이름의 데이터베이스 파일이 있습니다. 덮어쓰지 않습니다.")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        slots = KeySlots.create(path)
        data_key = secrets.token_bytes(DATA_KEY_BYTES)
        vault_key = secrets.token_bytes(VAULT_KEY_BYTES)
        slots.add(username, password, data_key, kdf, vault_key=vault_key)
        engine = _make_engine(path, data_key)
        try:
            with engine.begin() as conn:
                upgrade_to_head(conn)
        except Exception:
            engine.dispose()
            path.unlink(missing_ok=True)
            raise
        slots.save()
        _owner_only(path, slots.path)
        return cls(path, engine, data_key, vault_key)

    @classmethod
    def open(cls, path: Path, username: str, password: str) -> "EncryptedStore":
        path = Path(path)
        if not path.is_file():
            raise MissingStoreError()
        data_key, vault_key = KeySlots.load(path).unlock(username, password)
        store = cls.open_with_key(path, data_key, vault_key)
        store.upgrade_vault(username, password)
        return store

    @classmethod
    def open_with_key(cls, path: Path, data_key: bytes, vault_key: bytes | None = None) -> "EncryptedStore":
        """Open with the data key; without `vault_key` (the signed-in person's) the full RRNs do not
        open and nothing can be sealed or signed into the access log."""
        path = Path(path)
        if not path.is_file():
            raise MissingStoreError()
        with path.open("rb") as f:
            header = f.read(16)
        if path.stat().st_size < 4096 or header == b"SQLite format 3\x00":
            # Too short for one page, or a plaintext SQLite file: never ours.
            raise CorruptStoreError()
        engine = _make_engine(path, data_key)
        try:
            with engine.begin() as conn:
                upgrade_to_head(conn)
        except SADatabaseError:
            engine.dispose()
            raise CorruptStoreError() from None
        except StoreError:
            engine.dispose()
            raise
        try:
            return cls(path, engine, data_key, vault_key)
        except BaseException:   # a sealed center key that this vault key does not open
            engine.dispose()
            raise

    def snapshot(self, dest: Path, **kwargs) -> dict[str, int]:
        """This store's consistent encrypted copy (see `snapshot_file`); row counts of the copy."""
        return snapshot_file(self.path, self._data_key, dest, **kwargs)

    def check_snapshot(self, path: Path, expected: dict[str, int] | None = None) -> list[str]:
        return check_snapshot(path, self._data_key, expected)

    def checkpoint(self) -> None:
        """Move the WAL into the main file (before the file is copied or moved aside)."""
        with self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")

    @property
    def data_key_id(self) -> str:
        return key_id(self._data_key)

    def close(self) -> None:
        """Drop the engine and the key (as far as Python lets us forget a bytes object)."""
        self.engine.dispose()
        self._data_key = b""
        self._vault = None
        self.cipher = None  # type: ignore[assignment]

    # --- sessions ---
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back everything on any error."""
        with self.sessions() as session:
            session.info["cipher"] = self.cipher
            session.info["audit_key"] = self.audit_key   # app.services.context: the chain's key
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                take_changes(session.info)  # nothing was written
                raise
        self.publish(take_changes(session.info))

    # --- change notices (models.changes): screens refresh from them ---
    def subscribe(self, listener: Callable[[Changes], None]) -> Callable[[], None]:
        """Call `listener` after each unit of work that wrote records; returns the unsubscribe."""
        self._change_listeners.append(listener)
        return lambda: self._change_listeners.remove(listener) if listener in self._change_listeners else None

    def publish(self, changes: Changes) -> None:
        if not changes:
            return
        for listener in list(self._change_listeners):
            try:
                listener(changes)
            except Exception as error:  # a screen's refresh must never undo or fail a committed save
                _log.warning("change listener failed: %s", type(error).__name__)

    # --- the center's field key (see FieldCipher) and the vault key ---
    def center_key(self) -> bytes | None:
        with self.engine.connect() as conn:
            rows = dict(conn.execute(select(Meta.key, Meta.value).where(
                Meta.key.in_((CENTER_KEY_META, SEALED_CENTER_KEY_META)))).all())
        if rows.get(CENTER_KEY_META):       # a store not yet upgraded (see upgrade_vault)
            return bytes.fromhex(rows[CENTER_KEY_META])
        if rows.get(SEALED_CENTER_KEY_META) and self._vault:
            return _open_center_key(self._vault, rows[SEALED_CENTER_KEY_META])
        return None

    def ensure_center_key(self) -> bytes:
        """The center's field key, made here if this store has none (the center's first device)."""
        key = self.center_key()
        if key is None:
            key = secrets.token_bytes(FIELD_KEY_BYTES)
            self.install_center_key(key)
        return key

    def _require_vault(self) -> bytes:
        if self._vault is None:
            raise StoreError("이 작업은 로그인한 사용자만 할 수 있습니다(키 파일의 개인 키가 필요합니다).")
        return self._vault

    def _reseal_all(self, session: Session, new: FieldCipher, keep: Callable[[bytes], bool]) -> int:
        todo: list[tuple[str, str]] = []
        for member_id, sealed in session.execute(select(Member.id, Member.rrn_sealed)
                                                 .where(Member.rrn_sealed.is_not(None))).all():
            if keep(sealed):
                continue
            try:
                todo.append((member_id, self.cipher.open(sealed)))
            except InvalidTag:
                continue
        # In batches, each flushed and let go: the change hooks (models.tracking) look at every
        # object the session holds, so one flush of a whole district's members would take minutes.
        for start in range(0, len(todo), 500):
            batch = dict(todo[start:start + 500])
            for member in session.scalars(select(Member).where(Member.id.in_(batch))):
                member.rrn_sealed = new.seal(batch[member.id])
            session.flush()
            session.expunge_all()
        return len(todo)

    def install_center_key(self, key: bytes, author: str | None = None) -> int:
        """Keep the center's field key (sealed under the vault key) and re-seal with it the values
        this device sealed with its own key, so that other devices can open them too (the updates
        go out with the next sync). Values sealed on other devices under other keys are left as
        they are. Returns how many values were re-sealed. `author`: whose sync sends the re-sealed
        values (a shared PC)."""
        if len(key) != FIELD_KEY_BYTES:
            raise StoreError("기관 암호화 키의 길이가 올바르지 않습니다.")
        vault = self._require_vault()
        new = FieldCipher(self._data_key, key, self._device_key())
        with self.session() as s:
            s.info["staff_id"] = author
            self._set_meta(s, SEALED_CENTER_KEY_META, _seal_center_key(vault, key))
            clear = s.get(Meta, CENTER_KEY_META)
            if clear is not None:
                s.delete(clear)
            resealed = self._reseal_all(s, new, new.sealed_with_center_key)
            # Hashes made with this device's own key mean nothing on other devices: hash again.
            s.execute(text("INSERT OR IGNORE INTO rrn_index_queue (member_id) "
                           "SELECT member_id FROM member_rrn_index WHERE key_kind <> 'c'"))
        self.cipher = new
        return resealed

    @staticmethod
    def _set_meta(session: Session, key: str, value: str) -> None:
        row = session.get(Meta, key)
        if row is None:
            session.add(Meta(key=key, value=value))
        else:
            row.value = value

    def upgrade_vault(self, username: str, password: str, author: str | None = None) -> bool:
        """At sign-in: bring a store from before the vault key up to it. Returns True when the vault
        key was made now (the access log marks where its keyed chain starts: app.services.context).

        - No vault key yet: one is made and wrapped into this person's slot; the clear center key
          is sealed under it and its clear row deleted; RRNs sealed with the data-key-derived
          device key are re-sealed. Other accounts' slots are still without it: until each of them
          has signed in once, it waits for them wrapped with the data key (VAULT_ESCROW_META).
        - This slot without the vault key, another account having made it: taken from that escrow.
        Once no slot lacks it the escrow is deleted. The access log's keyed chain starts after its
        last row of now (AUDIT_KEYED_AFTER_META)."""
        slots = KeySlots.load(self.path)
        made = attached = False
        with self.engine.connect() as conn:
            meta = dict(conn.execute(select(Meta.key, Meta.value).where(
                Meta.key.in_((VAULT_ESCROW_META, SEALED_CENTER_KEY_META, CENTER_KEY_META)))).all())
        if self._vault is None:
            if meta.get(VAULT_ESCROW_META):
                try:
                    raw = bytes.fromhex(meta[VAULT_ESCROW_META])
                    vault = _escrow_aead(self._data_key).decrypt(raw[:12], raw[12:], b"vault-escrow")
                except (ValueError, InvalidTag):
                    raise StoreError("키 정보가 손상되었습니다.") from None
            elif meta.get(SEALED_CENTER_KEY_META):
                # Made elsewhere and no escrow: this slot was added without it. Nothing to upgrade
                # with; the RRNs stay closed to this account until an administrator re-grants it.
                return False
            else:
                vault, made = secrets.token_bytes(VAULT_KEY_BYTES), True
            slots.attach_vault(username, password, vault)
            self._vault, attached = vault, True
        missing = slots.slots_without_vault()
        escrowed = bool(meta.get(VAULT_ESCROW_META))
        # A clear center key with the vault key in the slot: an upgrade stopped before its commit.
        move = made or bool(meta.get(CENTER_KEY_META))
        if not (move or attached or bool(missing) != escrowed):
            return False   # the usual sign-in: nothing to do, nothing written
        with self.session() as s:
            s.info["staff_id"] = author
            if made:
                last = s.execute(select(AuditLog.seq, AuditLog.hash).order_by(AuditLog.seq.desc()).limit(1)).first()
                self._set_meta(s, AUDIT_KEYED_AFTER_META,
                               keyed_after_value(self.audit_key, *(tuple(last) if last else (0, "0" * 64))))
            clear = s.get(Meta, CENTER_KEY_META)
            if move and clear is not None:
                self._set_meta(s, SEALED_CENTER_KEY_META, _seal_center_key(self._vault, bytes.fromhex(clear.value)))
                s.delete(clear)
            escrow_row = s.get(Meta, VAULT_ESCROW_META)
            if missing and escrow_row is None:
                nonce = secrets.token_bytes(12)
                s.add(Meta(key=VAULT_ESCROW_META,
                           value=(nonce + _escrow_aead(self._data_key).encrypt(nonce, self._vault, b"vault-escrow")).hex()))
            elif not missing and escrow_row is not None:
                s.delete(escrow_row)
            s.flush()
            new = FieldCipher(self._data_key, self._center_key_in(s), self._device_key())
            if move:
                # Values the data key alone would open are re-sealed under the vault's keys.
                self._reseal_all(s, new, lambda sealed: not new.sealed_with_legacy_key(sealed))
            if attached:
                # Written inside the transaction: if it fails, the meta rows roll back too.
                slots.save()
        self.cipher = new
        return made

    def _center_key_in(self, session: Session) -> bytes | None:
        clear = session.get(Meta, CENTER_KEY_META)
        if clear is not None:
            return bytes.fromhex(clear.value)
        sealed = session.get(Meta, SEALED_CENTER_KEY_META)
        return _open_center_key(self._vault, sealed.value) if sealed is not None and self._vault else None

    # --- key slots for staff accounts ---
    def grant_access(self, username: str, password: str, kdf: KdfParams | None = None) -> None:
        """Give a staff account its own key slot (an administrator, signed in, does this), with
        the vault key, so that the account opens the full RRNs too."""
        slots = KeySlots.load(self.path)
        slots.add(username, password, self._data_key, kdf, vault_key=self._vault)
        slots.save()

    def revoke_access(self, username: str) -> None:
        slots = KeySlots.load(self.path)
        slots.remove(username)
        slots.save()

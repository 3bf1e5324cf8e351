"""The encrypted local store: SQLCipher 4 keyed with a raw 256-bit key, under SQLAlchemy 2.

Opening never creates a file: a missing, truncated, corrupt or foreign file gives a clear error
and is left byte-for-byte as it was. A new database is only made by `create`, and only where no
file exists yet.
"""
from __future__ import annotations

import logging
import os
import secrets
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
from .entities import Member, Meta
from .errors import CorruptStoreError, MissingStoreError, StoreError
from .keyslots import DATA_KEY_BYTES, KdfParams, KeySlots
from .migrations import upgrade_to_head


CENTER_KEY_META = "field_key.center"
FIELD_KEY_BYTES = 32


def key_id(key: bytes) -> str:
    """A short public name for a key (to tell keys apart in logs and tests without showing them)."""
    return HKDF(algorithm=hashes.SHA256(), length=8, salt=None, info=b"key-id").derive(key).hex()


_log = logging.getLogger(__name__)


class FieldCipher:
    """Seals single fields (the RRN), on top of the file's own encryption.

    The database file is already encrypted; sealing the RRN again keeps it out of sync payloads,
    sync files, the hub and anything exported from the decrypted tables. Two keys:
    - the center's field key, the same on every device of a center (it reaches a device through
      the hub, wrapped by the staff member's hub password: app.sync.engine), seals new values, so
      any device of the center can open them;
    - the device key, derived from this file's data key, sealed values before the center key
      arrived; it still opens them.
    """

    def __init__(self, data_key: bytes, center_key: bytes | None = None):
        device_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"field:rrn").derive(data_key)
        self._device = AESGCM(device_key)
        self._center = AESGCM(center_key) if center_key else None

    @property
    def has_center_key(self) -> bool:
        return self._center is not None

    def seal(self, text: str) -> bytes:
        nonce = secrets.token_bytes(12)
        return nonce + (self._center or self._device).encrypt(nonce, text.encode("utf-8"), b"rrn")

    def open(self, sealed: bytes) -> str:
        """The clear text; InvalidTag when neither key opens it (sealed on a device of another key)."""
        for aead in (self._center, self._device):
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
                       "journal_mode=WAL", "synchronous=NORMAL", "temp_store=MEMORY"):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    return engine


def remove_store_files(path: Path) -> None:
    """Delete a store's files: the database, its key slots, and SQLite's WAL and shared memory."""
    for suffix in ("", ".keys", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)


def _owner_only(*files: Path) -> None:
    """Encrypted or not, nobody else on a shared PC needs to read these files (POSIX; a no-op on Windows)."""
    for f in files:
        os.chmod(f, 0o600)


class EncryptedStore:
    """An open encrypted database: the engine, a session factory and the field cipher."""

    def __init__(self, path: Path, engine: Engine, data_key: bytes):
        self.path = path
        self.engine = engine
        with engine.connect() as conn:
            stored = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": CENTER_KEY_META}).scalar()
        self.cipher = FieldCipher(data_key, bytes.fromhex(stored) if stored else None)
        self._data_key = data_key
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self._change_listeners: list[Callable[[Changes], None]] = []

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
        slots.add(username, password, data_key, kdf)
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
        return cls(path, engine, data_key)

    @classmethod
    def open(cls, path: Path, username: str, password: str) -> "EncryptedStore":
        path = Path(path)
        if not path.is_file():
            raise MissingStoreError()
        data_key = KeySlots.load(path).unwrap(username, password)
        return cls.open_with_key(path, data_key)

    @classmethod
    def open_with_key(cls, path: Path, data_key: bytes) -> "EncryptedStore":
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
        return cls(path, engine, data_key)

    def close(self) -> None:
        """Drop the engine and the key (as far as Python lets us forget a bytes object)."""
        self.engine.dispose()
        self._data_key = b""
        self.cipher = None  # type: ignore[assignment]

    # --- sessions ---
    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: commits on success, rolls back everything on any error."""
        with self.sessions() as session:
            session.info["cipher"] = self.cipher
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

    # --- the center's field key (see FieldCipher) ---
    def center_key(self) -> bytes | None:
        with self.engine.connect() as conn:
            stored = conn.execute(select(Meta.value).where(Meta.key == CENTER_KEY_META)).scalar()
        return bytes.fromhex(stored) if stored else None

    def ensure_center_key(self) -> bytes:
        """The center's field key, made here if this store has none (the center's first device)."""
        key = self.center_key()
        if key is None:
            key = secrets.token_bytes(FIELD_KEY_BYTES)
            self.install_center_key(key)
        return key

    def install_center_key(self, key: bytes, author: str | None = None) -> int:
        """Keep the center's field key and re-seal with it the values this device sealed with its
        own key, so that other devices can open them too (the updates go out with the next sync).
        Values sealed on other devices under other keys are left as they are. Returns how many
        values were re-sealed. `author`: whose sync sends the re-sealed values (a shared PC)."""
        if len(key) != FIELD_KEY_BYTES:
            raise StoreError("기관 암호화 키의 길이가 올바르지 않습니다.")
        new = FieldCipher(self._data_key, key)
        resealed = 0
        with self.session() as s:
            s.info["staff_id"] = author
            row = s.get(Meta, CENTER_KEY_META)
            if row is None:
                s.add(Meta(key=CENTER_KEY_META, value=key.hex()))
            else:
                row.value = key.hex()
            for member in s.scalars(select(Member).where(Member.rrn_sealed.is_not(None))):
                if new.sealed_with_center_key(member.rrn_sealed):
                    continue
                try:
                    clear = self.cipher.open(member.rrn_sealed)
                except InvalidTag:
                    continue
                member.rrn_sealed = new.seal(clear)
                resealed += 1
        self.cipher = new
        return resealed

    # --- key slots for staff accounts ---
    def grant_access(self, username: str, password: str, kdf: KdfParams | None = None) -> None:
        """Give a staff account its own key slot (an administrator, signed in, does this)."""
        slots = KeySlots.load(self.path)
        slots.add(username, password, self._data_key, kdf)
        slots.save()

    def revoke_access(self, username: str) -> None:
        slots = KeySlots.load(self.path)
        slots.remove(username)
        slots.save()

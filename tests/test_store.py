"""The encrypted store: nothing readable on disk, clear errors, files never touched on failure."""
from __future__ import annotations

import hashlib
import secrets
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, inspect, select, text

from app.services import accounts
from models.entities import Center, Member, Outbox
from models.errors import CorruptStoreError, MissingStoreError, StoreError, WrongPasswordError
from models.keyslots import KeySlots
from models.migrations import current_revision, head_revision, upgrade_to_head
from models.store import EncryptedStore, _make_engine

from .conftest import FAST_KDF, PASSWORD
from .workflow_helpers import intake_case

NAME, RRN = "김민수", "9001011234568"


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.iterdir() if p.is_file())


def test_file_wal_and_keys_hold_nothing_readable(ctx, db_path):
    intake_case(ctx)  # 김민수, 900101-1234568, 서울 서대문구 연희로 1
    wal = Path(str(db_path) + "-wal")
    assert wal.exists() and wal.stat().st_size > 0, "the WAL must be checked while it holds data"
    for raw in (all_bytes(db_path.parent),):
        for needle in (NAME.encode(), "연희로".encode(), RRN.encode(), b"900101-1234568", b"1234568",
                       "서대문구".encode(), b"SQLite format 3"):
            assert needle not in raw, needle
    ctx.store.close()
    raw = all_bytes(db_path.parent)
    assert NAME.encode() not in raw and RRN.encode() not in raw


def test_rrn_is_sealed_inside_the_database_too(ctx):
    intake_case(ctx)
    with ctx.session() as s:
        m = s.scalars(select(Member)).one()
        assert m.rrn_masked == "900101-1******" and m.rrn_front == "900101"
        assert RRN.encode() not in m.rrn_sealed
        assert ctx.store.cipher.open(m.rrn_sealed) == RRN
        outbox = s.scalars(select(Outbox).where(Outbox.entity == "member")).all()
        assert outbox and all(RRN not in str(o.changes) for o in outbox)


def test_wrong_password_is_refused_and_file_untouched(admin_ctx, db_path):
    admin_ctx.store.close()
    before = digest(db_path)
    with pytest.raises(WrongPasswordError, match="비밀번호"):
        EncryptedStore.open(db_path, "admin", "not-the-password")
    with pytest.raises(WrongPasswordError):
        EncryptedStore.open(db_path, "nobody", PASSWORD)  # same message: accounts are not revealed
    assert digest(db_path) == before


def test_wrong_raw_key_is_refused(admin_ctx, db_path):
    admin_ctx.store.close()
    before = digest(db_path)
    with pytest.raises(CorruptStoreError):
        EncryptedStore.open_with_key(db_path, secrets.token_bytes(32))
    assert digest(db_path) == before


@pytest.mark.parametrize("damage", ["flip", "truncate", "zero_header"])
def test_damaged_file_gives_a_clear_error_and_stays_as_it_was(admin_ctx, db_path, damage):
    admin_ctx.store.close()
    data = bytearray(db_path.read_bytes())
    if damage == "flip":
        for i in range(100, 4096, 7):
            data[i] ^= 0xFF
    elif damage == "truncate":
        data = data[: len(data) // 3 + 100]
    else:
        data[:64] = bytes(64)
    db_path.write_bytes(bytes(data))
    before = digest(db_path)
    with pytest.raises(CorruptStoreError, match="손상"):
        EncryptedStore.open(db_path, "admin", PASSWORD)
    assert digest(db_path) == before
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["center.db", "center.db.keys"]


def test_missing_file_is_not_created(tmp_path):
    path = tmp_path / "none.db"
    with pytest.raises(MissingStoreError):
        EncryptedStore.open(path, "admin", PASSWORD)
    assert not path.exists()


def test_plaintext_sqlite_file_is_refused(tmp_path):
    import sqlite3
    path = tmp_path / "plain.db"
    with sqlite3.connect(path) as conn:
        conn.execute("create table t(x)")
        conn.execute("insert into t values (zeroblob(8000))")
    with pytest.raises(CorruptStoreError):
        EncryptedStore.open_with_key(path, secrets.token_bytes(32))


def test_missing_or_broken_key_file(admin_ctx, db_path):
    admin_ctx.store.close()
    keys = KeySlots.path_for(db_path)
    shutil.move(keys, keys.with_suffix(".bak"))
    with pytest.raises(StoreError, match="키 파일"):
        EncryptedStore.open(db_path, "admin", PASSWORD)
    keys.write_text("{not json", "utf-8")
    with pytest.raises(StoreError, match="손상"):
        EncryptedStore.open(db_path, "admin", PASSWORD)


def test_create_never_overwrites(admin_ctx, db_path):
    before = digest(db_path)
    with pytest.raises(StoreError, match="덮어쓰지"):
        EncryptedStore.create(db_path, "x", PASSWORD, FAST_KDF)
    assert digest(db_path) == before


def test_password_change_rewraps_without_reencrypting(admin_ctx, db_path):
    admin_ctx.store.close()
    before = digest(db_path)
    accounts.change_password(db_path, "admin", PASSWORD, "a-new-password-7", FAST_KDF)
    assert digest(db_path) == before
    with pytest.raises(WrongPasswordError):
        EncryptedStore.open(db_path, "admin", PASSWORD)
    store = EncryptedStore.open(db_path, "admin", "a-new-password-7")
    with store.session() as s:
        assert s.scalar(select(Center.name)) == "서대문구 희망복지지원단"
    store.close()


def test_each_staff_account_unlocks_the_same_store(staff_ids, admin_ctx, db_path):
    admin_ctx.store.close()
    for user in ("kim", "park", "choi"):
        ctx = accounts.sign_in(db_path, user, PASSWORD)
        assert ctx.actor.username == user
        ctx.store.close()


def test_pragmas_after_keying(admin_ctx):
    with admin_ctx.store.engine.connect() as conn:
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA cipher_version")).scalar().startswith("4.")


def test_older_database_is_upgraded_on_open(tmp_path):
    """A database made by the first migration only opens, is upgraded to head, and keeps its data."""
    path = tmp_path / "old.db"
    key = secrets.token_bytes(32)
    engine = _make_engine(path, key)
    with engine.begin() as conn:
        upgrade_to_head(conn, target="0001")
        assert current_revision(conn) == "0001"
        assert "outbox" not in inspect(conn).get_table_names()
        conn.execute(text("INSERT INTO center (id, version, created_at, updated_at, name, district, settings) "
                          "VALUES ('c1', 1, '2016-01-01', '2016-01-01', '옛 센터', '', '{}')"))
    engine.dispose()
    store = EncryptedStore.open_with_key(path, key)
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision()
        assert "outbox" in inspect(conn).get_table_names()
    with store.session() as s:
        assert s.get(Center, "c1").name == "옛 센터"
        s.get(Center, "c1").name = "새 센터"
    with store.session() as s:
        assert s.scalar(select(func.count()).select_from(Outbox)) == 1
    store.close()


def test_database_from_a_newer_app_gives_a_clear_error(admin_ctx, db_path):
    with admin_ctx.store.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num='9999_future'"))
    key = admin_ctx.store._data_key
    admin_ctx.store.close()
    before = digest(db_path)
    with pytest.raises(StoreError, match="더 새로운 버전"):
        EncryptedStore.open_with_key(db_path, key)
    assert digest(db_path) == before


def test_files_are_readable_by_their_owner_only(admin_ctx, db_path):
    import os
    import stat
    if os.name != "posix":
        pytest.skip("POSIX permissions")
    for f in (db_path, KeySlots.path_for(db_path)):
        assert stat.S_IMODE(f.stat().st_mode) == 0o600, f


def test_head_constant_names_the_newest_migration():
    from models.migrations import HEAD
    assert HEAD == head_revision()

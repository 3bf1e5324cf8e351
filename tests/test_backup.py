"""Encrypted backups: made, verified, listed, rotated, restored; and every way they can fail."""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.services import accounts, backup, households, rollback
from app.services.backup import BackupError
from models.entities import Contact, Household, Member
from models.store import PLAINTEXT_HEADER

from .conftest import FAST_KDF, PASSWORD, dong_id
from .workflow_helpers import intake_case

NAME, RRN, PHONE, NOTE = "홍길동", "900101-1234568", "010-2345-6789", "가정방문: 어머니와 면담, 임대료 3개월 체납"


def _person(ctx) -> str:
    hh, _member, _ = households.register_household(
        ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 12", phone=PHONE,
        head=households.MemberInput(name=NAME, rrn=RRN, relation="본인", is_head=True, phone=PHONE))
    return hh


def _count(ctx, model) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_backup_is_a_verified_encrypted_copy_listed_with_its_result(ctx, admin_ctx):
    _person(ctx)
    result = backup.create_backup(admin_ctx)
    assert result.ok and len(result.entries) == 1
    entry = result.entries[0]
    files = sorted(p.name for p in entry.path.iterdir())
    assert files == ["cases.db", "cases.db.keys", "manifest.json"]
    assert (entry.path / "cases.db").read_bytes()[:16] != PLAINTEXT_HEADER
    # the same key slots: every account's password opens it
    assert (entry.path / "cases.db.keys").read_bytes() == Path(str(admin_ctx.store.path) + ".keys").read_bytes()
    listed = backup.list_backups(admin_ctx)
    assert [(e.path, e.ok, e.result) for e in listed] == [(entry.path, True, "검증 완료")]
    assert listed[0].size == (entry.path / "cases.db").stat().st_size > 0
    assert backup.home_warning(admin_ctx) is None


def test_no_personal_data_in_any_byte_of_a_backup(ctx, admin_ctx, tmp_path):
    _person(ctx)
    case_id, _ = intake_case(ctx)
    from app.services import cases
    from models.types import ContactKind
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 15), kind=ContactKind.VISIT, note=NOTE)
    second = tmp_path / "usb"
    second.mkdir()
    backup.set_second_folder(admin_ctx, str(second))
    result = backup.create_backup(admin_ctx)
    assert result.ok and len(result.entries) == 2
    needles = [w.encode(enc) for w in (NAME, NOTE[:8], "연희로", "임대료") for enc in ("utf-8", "utf-16-le")]
    needles += [b"9001011234568", b"900101-1234568", b"01023456789", b"010-2345-6789", PLAINTEXT_HEADER]
    for folder in (backup.primary_folder(), second):
        scanned = 0
        for f in folder.rglob("*"):
            if f.is_file():
                data = f.read_bytes()
                scanned += 1
                assert not [n for n in needles if n in data], f
        assert scanned == 3


def test_backup_does_not_hold_up_saves(ctx, admin_ctx, monkeypatch):
    """The snapshot runs on its own connection in WAL mode: a save made while it copies commits at once."""
    for _ in range(30):
        _person(ctx)
    from models import store as store_mod
    original = store_mod.snapshot_file
    timings = []

    def slow_snapshot(*a, **kw):
        outer = kw.pop("progress", None)

        def progress(done, total):
            if not timings:
                started = time.perf_counter()
                _person(ctx)                   # a save in the middle of the copy
                timings.append(time.perf_counter() - started)
            if outer:
                outer(done, total)
        return original(*a, progress=progress, pages_per_step=4, **kw)
    monkeypatch.setattr(backup, "snapshot_file", slow_snapshot)
    before = _count(ctx, Household)
    result = backup.create_backup(admin_ctx)
    assert result.ok and timings and timings[0] < 1.0
    # the backup is the snapshot it started from: consistent, without the save made meanwhile
    b = backup.open_backup(result.entries[0].path, "admin", PASSWORD)
    from models.store import _raw_connect
    conn = _raw_connect(b.db, b._data_key, read_only=True)
    assert conn.execute("SELECT count(*) FROM household").fetchone()[0] == before
    conn.close()
    assert _count(ctx, Household) == before + 1


KILL_SCRIPT = textwrap.dedent("""
    import os, sys, time
    from pathlib import Path
    from app.services import accounts, backup
    from models import store as store_mod
    ctx = accounts.sign_in(Path(sys.argv[1]), "admin", sys.argv[2])
    original = store_mod.snapshot_file
    def slow(*a, **kw):
        outer = kw.pop("progress", None)
        def progress(done, total):
            print("COPYING", flush=True)
            time.sleep(0.05)
        return original(*a, progress=progress, pages_per_step=1, **kw)
    backup.snapshot_file = slow
    backup.create_backup(ctx)
""")


def test_killed_during_a_backup_leaves_the_old_ones_valid_and_no_partial_backup(ctx, admin_ctx, db_path):
    for _ in range(20):
        _person(ctx)
    first = backup.create_backup(admin_ctx).entries[0]
    accounts.sign_out(admin_ctx)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parent.parent))
    proc = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(db_path), PASSWORD], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for _ in range(5):                       # a few pages copied, then the power goes
        assert proc.stdout.readline().strip() == "COPYING"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    partials = [p for p in backup.primary_folder().iterdir() if p.name.startswith(backup.PARTIAL)]
    assert partials, "the kill should have left a half-written folder behind"
    ctx2 = accounts.sign_in(db_path, "admin", PASSWORD)
    listed = backup.list_backups(ctx2)
    assert [e.path for e in listed] == [first.path] and listed[0].ok
    assert (first.path / "cases.db").read_bytes()[:16] != PLAINTEXT_HEADER
    assert backup.open_backup(first.path, "admin", PASSWORD, current=ctx2.store)
    with pytest.raises(BackupError):          # a partial folder is never taken for a backup
        backup.open_backup(partials[0], "admin", PASSWORD)
    # the next backup clears the leftover
    assert backup.create_backup(ctx2).ok
    assert not [p for p in backup.primary_folder().iterdir() if p.name.startswith(backup.PARTIAL)]
    ctx2.store.close()


def _state(folder: Path) -> dict:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*")} if folder.exists() else {}


def test_full_disk_gives_a_korean_message_and_changes_nothing(admin_ctx, monkeypatch):
    first = backup.create_backup(admin_ctx).entries[0]
    before = _state(backup.primary_folder())

    class Usage:
        free = 10
    with monkeypatch.context() as m:
        m.setattr(backup.shutil, "disk_usage", lambda _p: Usage)
        with pytest.raises(BackupError, match="저장 공간이 부족합니다"):
            backup.create_backup(admin_ctx)
    assert _state(backup.primary_folder()) == before
    # the disk fills up in the middle of writing: ENOSPC from the copy
    from models import store as store_mod
    original = store_mod.snapshot_file

    def enospc(*a, **kw):
        original(*a, **kw)
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(backup, "snapshot_file", enospc)
    with pytest.raises(BackupError, match="저장 공간이 부족합니다"):
        backup.create_backup(admin_ctx)
    assert _state(backup.primary_folder()) == before
    assert backup.home_warning(admin_ctx).startswith("마지막 백업이 실패했습니다: 백업할 저장 공간이 부족합니다")
    assert [e.path for e in backup.list_backups(admin_ctx)] == [first.path]


def test_a_vanished_second_folder_is_reported_and_the_first_backup_still_made(admin_ctx, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_second_folder(admin_ctx, str(usb))
    usb.rmdir()                                   # the USB drive was pulled out
    result = backup.create_backup(admin_ctx)
    assert len(result.entries) == 1 and not result.ok
    assert "찾을 수 없습니다" in result.problems[0]
    assert not usb.exists()                       # nothing made in its place
    assert "마지막 백업이 실패했습니다" in backup.home_warning(admin_ctx)


def test_second_folder_setting_refuses_bad_input(admin_ctx, ctx, tmp_path):
    from app.services.errors import AccessDenied, ValidationError
    with pytest.raises(AccessDenied):
        backup.set_second_folder(ctx, str(tmp_path))
    for bad in ("relative/dir", str(tmp_path / "missing"), "/\x00x", str(backup.primary_folder()),
                str(tmp_path / "OneDrive")):
        (tmp_path / "OneDrive").mkdir(exist_ok=True)
        backup.primary_folder().mkdir(parents=True, exist_ok=True)
        with pytest.raises(ValidationError):
            backup.set_second_folder(admin_ctx, bad)
    assert backup.second_folder(admin_ctx) is None


def test_wrong_password_and_another_centers_backup_are_refused_and_change_nothing(admin_ctx, db_path, tmp_path):
    mine = backup.create_backup(admin_ctx).entries[0]
    with pytest.raises(BackupError, match="이 비밀번호로는 이 백업을 열 수 없습니다"):
        backup.open_backup(mine.path, "admin", "wrong-password-99", current=admin_ctx.store)
    other = accounts.create_database(tmp_path / "other" / "c.db", accounts.NewCenter(name="마포구 희망복지지원단"),
                                     admin_username="admin", admin_name="관리자", admin_password=PASSWORD, kdf=FAST_KDF)
    theirs = backup.create_backup(other).entries[0]
    other.store.close()
    before = (db_path.read_bytes(), Path(str(db_path) + ".keys").read_bytes())
    with pytest.raises(BackupError, match="다른 기관"):
        backup.open_backup(theirs.path, "admin", PASSWORD, current=admin_ctx.store)
    for bad in (tmp_path / "nothing-here", tmp_path):
        with pytest.raises(BackupError):
            backup.open_backup(bad, "admin", PASSWORD, current=admin_ctx.store)
    assert (db_path.read_bytes(), Path(str(db_path) + ".keys").read_bytes()) == before
    # the other center's backup is listed nowhere here (its manifest is not vouched for by this key)
    assert all(e.path != theirs.path for e in backup.list_backups(admin_ctx) if e.ok)


def test_restore_keeps_the_current_file_aside_and_the_rollback_check_accepts_it(ctx, admin_ctx, db_path):
    _person(ctx)
    taken = backup.create_backup(admin_ctx).entries[0]
    _person(ctx)                                  # made after the backup: not in it
    households_now = _count(ctx, Household)
    b = backup.open_backup(taken.path, "admin", PASSWORD, current=admin_ctx.store)
    result = backup.restore_in_app(admin_ctx, b)
    assert result.kept_aside is not None and result.kept_aside.exists()
    assert Path(str(result.kept_aside) + ".keys").exists()
    restored = accounts.sign_in(db_path, "admin", PASSWORD)      # no RollbackDetected
    assert _count(restored, Household) == households_now - 1
    assert "이후 이 PC에서만 입력한 기록" in backup.restore_notice(restored)
    from models.entities import AuditLog
    with restored.session() as s:
        assert s.scalar(select(func.count()).select_from(AuditLog).where(AuditLog.action == "restore")) == 1
    accounts.sign_out(restored)
    # the kept-aside file is intact and opens (nothing lost by the restore itself)
    aside = accounts.sign_in(result.kept_aside, "admin", PASSWORD, accept_older=True)
    assert _count(aside, Household) == households_now
    aside.store.close()


def test_a_backup_copied_in_behind_the_apps_back_is_still_refused(admin_ctx, db_path):
    accounts.sign_out(admin_ctx)
    signed_in = accounts.sign_in(db_path, "admin", PASSWORD)
    taken = backup.create_backup(signed_in).entries[0]
    _person(signed_in)
    accounts.sign_out(signed_in)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(taken.path / "cases.db", db_path)
    shutil.copyfile(taken.path / "cases.db.keys", Path(str(db_path) + ".keys"))
    with pytest.raises(rollback.RollbackDetected):
        accounts.sign_in(db_path, "admin", PASSWORD)


def test_restore_on_a_new_pc_with_no_database(admin_ctx, tmp_path):
    taken = backup.create_backup(admin_ctx).entries[0]
    new_pc = tmp_path / "newpc" / "cases.db"
    b = backup.open_backup(taken.path, "admin", PASSWORD)
    result = backup.restore(new_pc, b)
    assert result.kept_aside is None
    ctx = accounts.sign_in(new_pc, "admin", PASSWORD)
    assert ctx.actor.username == "admin"
    ctx.store.close()


def test_a_damaged_backup_is_listed_as_failed_and_not_restored(admin_ctx):
    taken = backup.create_backup(admin_ctx).entries[0]
    db = taken.path / "cases.db"
    data = bytearray(db.read_bytes())
    data[8192 + 100] ^= 0xFF
    db.write_bytes(bytes(data))
    with pytest.raises(BackupError, match="복원할 수 없습니다"):
        backup.open_backup(taken.path, "admin", PASSWORD)
    # the manifest's size still matches, but a rewritten manifest does not vouch for itself
    manifest = json.loads((taken.path / "manifest.json").read_text("utf-8"))
    manifest["size"] = 1
    (taken.path / "manifest.json").write_text(json.dumps(manifest), "utf-8")
    listed = backup.list_backups(admin_ctx)
    assert listed[0].ok is False and "바뀌었습니다" in listed[0].result
    assert "검증에 실패" in backup.home_warning(admin_ctx) or "검증된 백업이 없습니다" in backup.home_warning(admin_ctx)


def test_rotation_keeps_7_daily_4_weekly_12_monthly_and_nothing_older():
    now = datetime(2026, 12, 4, 12, tzinfo=timezone.utc)
    created = [now - timedelta(hours=6 * i) for i in range(4 * 500)]
    keep = backup.keep_set(created, now)
    assert max(now - c for c in keep) <= timedelta(days=backup.MAX_AGE_DAYS)
    days = {c.astimezone().date() for c in keep}
    assert len(keep) == len(days) <= 7 + 4 + 12
    assert {(now - timedelta(days=d)).astimezone().date() for d in range(7)} <= days
    assert len({(c.year, c.month) for c in keep}) == 12


def test_rotation_deletes_real_folders_and_every_backup_past_the_stated_period(admin_ctx):
    now = datetime.now(timezone.utc).replace(microsecond=0)
    for days in (0, 1, 2, 3, 10, 40, 400):
        backup.create_backup(admin_ctx, now=now - timedelta(days=days))
    kept = {(now - e.created_at).days for e in backup.list_backups(admin_ctx)}
    assert 400 not in kept and {0, 1, 2, 3, 10, 40} <= kept


def test_destruction_lists_the_backups_that_still_hold_the_case(ctx, admin_ctx):
    case_id, _ = intake_case(ctx)
    taken = backup.create_backup(admin_ctx).entries[0]
    held = backup.backups_holding(admin_ctx, [case_id])
    assert [(h.path, h.cases) for h in held] == [(taken.path, 1)]
    assert held[0].expires_on == (taken.created_at.astimezone() + timedelta(days=backup.MAX_AGE_DAYS)).date()
    assert backup.backups_holding(admin_ctx, ["no-such-case"]) == []


def test_cancelled_backup_leaves_nothing(admin_ctx):
    before = _state(backup.primary_folder())

    class Control:
        cancelled = True

        def progress(self, *a):
            pass
    from models.store import SnapshotCancelled
    with pytest.raises(SnapshotCancelled):
        backup.create_backup(admin_ctx, control=Control())
    assert not [p for p in backup.primary_folder().iterdir() if p.name.startswith(backup.PARTIAL)]
    assert {k for k in _state(backup.primary_folder()) if not k.startswith(".")} == \
        {k for k in before if not k.startswith(".")}


def test_the_snapshot_is_the_file_as_of_its_start_while_writes_and_checkpoints_go_on(ctx, admin_ctx, tmp_path,
                                                                                     monkeypatch):
    """The bytes are copied while the app writes more than a checkpoint's worth: the main file
    must not change under the copy (no checkpoint gets in), and the copy holds the rows of its start."""
    from models import store as store_mod
    from models.entities import Meta
    for _ in range(5):
        _person(ctx)
    store = admin_ctx.store
    store.checkpoint()
    before = _count(ctx, Household)
    seen = []

    def progress(done, total):
        if seen:
            return
        with store.engine.begin() as conn:   # about 1,500 pages into the WAL: past the auto-checkpoint
            for i in range(3000):
                conn.exec_driver_sql("INSERT INTO meta(key, value) VALUES (?, ?)", (f"bulk.{i}", "x" * 2000))
        with store.engine.connect() as conn:
            seen.append(conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)").fetchone())
    copied = []
    real_copy = store_mod._copy_bytes
    monkeypatch.setattr(store_mod, "_copy_bytes", lambda *a: copied.append(1) or real_copy(*a))
    dest = tmp_path / "snap.db"
    counts = store_mod.snapshot_file(store.path, store._data_key, dest, pages_per_step=1, progress=progress)
    assert copied == [1]                                    # the file's bytes, not page by page
    busy, wal_frames, backfilled = seen[0]
    assert wal_frames > 1000 and backfilled == 0          # nothing reached the main file during the copy
    assert counts["household"] == before and counts["meta"] == _count(ctx, Meta) - 3000
    assert store_mod.check_snapshot(dest, store._data_key, counts) == []      # with the b-tree check
    assert dest.read_bytes()[:16] != PLAINTEXT_HEADER
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("snap")) == ["snap.db"]


def test_a_reader_holding_the_wal_makes_the_snapshot_copy_page_by_page(ctx, admin_ctx, tmp_path, monkeypatch):
    from models import store as store_mod
    _person(ctx)
    store = admin_ctx.store
    reader = store_mod._raw_connect(store.path, store._data_key)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM household").fetchone()   # holds the WAL frames it reads
    _person(ctx)                                                    # a frame the checkpoint cannot pass
    monkeypatch.setattr(store_mod, "_copy_bytes", lambda *a: pytest.fail("the bytes must not be copied"))
    try:
        dest = tmp_path / "snap.db"
        counts = store_mod.snapshot_file(store.path, store._data_key, dest)
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert counts["household"] == _count(ctx, Household)
    assert store_mod.check_snapshot(dest, store._data_key, counts) == []
    assert dest.read_bytes()[:16] != PLAINTEXT_HEADER


def test_the_usb_drive_pulled_out_during_the_copy(ctx, admin_ctx, tmp_path, monkeypatch):
    """The second folder disappears while its copy is being written: that copy is reported in Korean,
    the backup in the data folder is still made and valid, and nothing is made in the folder's place."""
    for _ in range(10):
        _person(ctx)
    usb = tmp_path / "usb"
    usb.mkdir()
    backup.set_second_folder(admin_ctx, str(usb))
    from models import store as store_mod
    original = store_mod.snapshot_file

    def pulled_out(source, key, dest, **kw):
        outer = kw.pop("progress")

        def progress(done, total):
            if usb in Path(dest).parents and done >= 2 and usb.exists():
                shutil.rmtree(usb)                     # the drive is gone, half-way
            outer(done, total)
        return original(source, key, dest, progress=progress, pages_per_step=1, **kw)
    monkeypatch.setattr(backup, "snapshot_file", pulled_out)
    result = backup.create_backup(admin_ctx)
    assert len(result.entries) == 1 and result.entries[0].path.parent == backup.primary_folder()
    assert len(result.problems) == 1 and "찾을 수 없습니다" in result.problems[0], result.problems
    assert not usb.exists()
    assert backup.open_backup(result.entries[0].path, "admin", PASSWORD, current=admin_ctx.store)
    assert "마지막 백업이 실패했습니다" in backup.home_warning(admin_ctx)

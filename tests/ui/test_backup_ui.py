"""지금 백업 in the menu (background, never holding up the window), the backup list, the restore
dialog, and the home screen's backup notice."""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from app.services import backup

from .conftest import settle

SHOTS = Path(os.environ.get("SARYE_SCREENSHOTS", "/tmp/sarye-shots"))


@contextmanager
def korean_font():
    """The app's bundled font for the screenshots (and the size checks), the test's font again after."""
    from PySide6.QtWidgets import QApplication

    from ui import main as ui_main
    app = QApplication.instance()
    before = app.font()
    ui_main.load_font(app)
    try:
        yield
    finally:
        app.setFont(before)


def fits_the_laptop(dialog) -> None:
    from ui.forms import LAPTOP_AVAILABLE
    hint = dialog.minimumSizeHint()
    assert hint.width() <= LAPTOP_AVAILABLE.width() and hint.height() <= LAPTOP_AVAILABLE.height(), hint
    room = dialog.screen().availableGeometry().size()
    frame = dialog.frameGeometry().size()
    assert frame.width() <= room.width() and frame.height() <= room.height(), (frame, room)


def _backed_up(qtbot, window) -> None:
    with qtbot.waitSignal(window.backups.finished, timeout=20000) as got:
        window.backup_action.trigger()
    assert got.args == [""]


def test_backup_now_runs_in_the_background_and_clears_the_home_notice(qtbot, window, shown):
    settle(qtbot, window.session.runner)
    assert "검증된 백업이 없습니다" in window.home.backup_label.text()
    assert window.home.backup_label.isVisible()
    _backed_up(qtbot, window)
    assert not window.backup_progress.isVisible()
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: not window.home.backup_label.isVisible(), timeout=5000)
    assert len(backup.list_backups(window.session.ctx)) == 1


def test_backup_list_and_restore_dialog(qtbot, window, shown, tmp_path):
    from app.services import households
    from tests.conftest import PASSWORD, dong_id
    _backed_up(qtbot, window)
    ctx = window.session.ctx
    households.register_household(ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 3",
                                  head=households.MemberInput(name="나중에", relation="본인", is_head=True))
    with korean_font():
        dialog = window.show_backups()
        settle(qtbot, window.session.runner)
        fits_the_laptop(dialog)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "backup_list.png"))
    assert dialog.table.rowCount() == 1 and dialog.table.item(0, 3).text() == "검증 완료"
    dialog.open_restore()
    restore = dialog.restore_dialog
    qtbot.waitUntil(restore.isVisible)
    assert restore.save_button.isEnabled() is False        # no password yet
    restore.password.setText("wrong-password-1")
    restore.save()
    settle(qtbot, window.session.runner)
    assert "이 비밀번호로는 이 백업을 열 수 없습니다" in restore.problem_label.text()
    assert restore.checked is None
    restore.password.setText(PASSWORD)
    restore.save()
    settle(qtbot, window.session.runner)
    assert restore.checked is not None and restore.save_label == "복원 실행"
    assert "before-restore" in restore.summary.text()
    with korean_font():
        qtbot.wait(50)
        fits_the_laptop(restore)
        restore.grab().save(str(SHOTS / "restore_dialog.png"))
    old_store = window.session.ctx.store
    restore.save()
    settle(qtbot, window.session.runner, timeout=20000)
    assert window.session.ctx.store is not old_store        # signed in to the restored file
    assert any("복원했습니다" == title for _k, title, _t in shown.items)
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: "이 PC에서만 입력한 기록" in window.home.backup_label.text(), timeout=5000)
    kept = [p for p in Path(old_store.path).parent.iterdir() if ".before-restore-" in p.name]
    assert kept
    window.grab().save(str(SHOTS / "home_after_restore.png"))


def test_destruction_shows_which_backups_still_hold_the_case_and_until_when(qtbot, runner, admin_ctx, ctx,
                                                                             staff_ids, shown):
    from datetime import date, timedelta

    from app.services import cases
    from models.entities import Case
    from models.types import ClosureReason
    from tests.conftest import as_staff
    from tests.workflow_helpers import closure_meeting, in_service_case
    from ui.mainwindow import MainWindow
    from ui.session import UiSession

    from .test_workflow_ui import save, type_into
    case_id, _m, _p = in_service_case(ctx)
    closure_meeting(ctx, case_id)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="달성", closed_on=date(2026, 11, 21))
    with ctx.session() as s:
        s.get(Case, case_id).closed_on = date(2019, 5, 1)
    taken = backup.create_backup(admin_ctx).entries[0]          # last night's backup holds the case
    expires = (taken.created_at.astimezone() + timedelta(days=backup.MAX_AGE_DAYS)).date()
    lead = MainWindow(UiSession(as_staff(admin_ctx, staff_ids["park"]), runner))
    qtbot.addWidget(lead)
    lead.show()
    settle(qtbot, runner)
    page = lead.show_destruction()
    settle(qtbot, runner)
    page.candidates.table.selectRow(0)
    dialog = page.destroy_selected()
    settle(qtbot, runner)
    note = dialog.backups_note.text()
    assert note.startswith(f"이 사례는 아래 백업 1개에 남아 있다가 보관 기한이 지나면 자동으로 삭제됩니다(늦어도 {expires:%Y-%m-%d}까지)")
    assert f"· {taken.created_at.astimezone():%Y-%m-%d %H:%M} 백업(데이터 폴더): {expires:%Y-%m-%d}까지" in note
    with korean_font():
        qtbot.wait(50)
        fits_the_laptop(dialog)
        SHOTS.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(SHOTS / "destroy_dialog_backups.png"))
    type_into(qtbot, dialog.reason, "2019년 종결분 보존기간 경과")
    save(qtbot, runner, dialog)
    assert page.result.text() == (f"파기했습니다 (지운 기록 {page.result.text().split('기록 ')[1].split('건')[0]}건). "
                                  f"이 사례가 든 백업 1개는 늦어도 {expires:%Y-%m-%d}까지 자동으로 삭제됩니다.")
    # the backup still holds it (a backup is never edited); a backup made now does not, and rotation
    # keeps only the newest of the day, so the one that held the case is gone
    assert [h.path for h in backup.backups_holding(admin_ctx, [case_id])] == [taken.path]
    from datetime import datetime, timezone
    backup.create_backup(admin_ctx, now=datetime.now(timezone.utc) + timedelta(seconds=2))  # not the same second
    assert backup.backups_holding(admin_ctx, [case_id]) == [] and not taken.path.exists()
    lead._leaving = True
    lead.idle.stop()


def test_the_backup_note_for_several_cases_and_a_second_folder():
    from datetime import date, datetime, timezone

    from app.services.backup import HeldIn
    from ui.admin import held_in_backups_text
    assert held_in_backups_text([], 1) == "이 사례는 백업에 남아 있지 않습니다."
    made = [datetime(2026, 12, d, 21, tzinfo=timezone.utc) for d in range(1, 9)]
    held = [HeldIn(Path(f"/b/{i}"), m, date(2027, 12, m.day + 5), 2, "두 번째" if i == 0 else "기본")
            for i, m in enumerate(made)]
    text = held_in_backups_text(held, 2)
    lines = text.split("\n")
    assert lines[0].startswith("이 사례 2건은 아래 백업 8개에 남아 있다가") and "늦어도 2027-12-13까지" in lines[0]
    assert len([line for line in lines if line.startswith("· 20")]) == 5 and "· 그 밖에 백업 3개" in lines
    assert "(두 번째 폴더): 2027-12-06까지" in lines[1]
    assert lines[-1].startswith("두 번째 백업 폴더(USB 드라이브, NAS)의 백업은")


def _backup_folders() -> list[str]:
    folder = backup.primary_folder()
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def test_quitting_makes_a_verified_backup_before_the_key_goes(qtbot, window, db_path):
    from tests.conftest import PASSWORD
    assert _backup_folders() == []
    window.end_session()
    [made] = _backup_folders()
    assert made.startswith(backup.PREFIX)
    from app.services import accounts
    ctx = accounts.sign_in(db_path, "admin", PASSWORD)
    [entry] = backup.list_backups(ctx)
    assert entry.ok and entry.result == "검증 완료"
    assert backup.last_result(ctx)["reason"] == "quit"
    ctx.store.close()


def test_a_slow_quit_backup_shows_progress_and_can_be_skipped(qtbot, window, monkeypatch):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPushButton

    from models import store as store_mod
    original = store_mod.snapshot_file
    seen = {}

    def slow(*a, **kw):
        outer = kw.pop("progress")

        def progress(done, total):
            import time
            time.sleep(0.02)
            outer(done, total)
        return original(*a, progress=progress, pages_per_step=1, **kw)
    monkeypatch.setattr(backup, "snapshot_file", slow)

    def skip():
        dialog = window.quit_progress
        seen["shown"] = dialog is not None and dialog.isVisible()
        seen["label"] = dialog.labelText() if dialog is not None else ""
        [button] = dialog.findChildren(QPushButton)
        seen["button"] = button.text()
        button.click()
    QTimer.singleShot(1500, skip)
    window.end_session()
    assert seen == {"shown": True, "label": "종료하기 전에 백업하고 있습니다. 잠시만 기다려 주세요.",
                    "button": "백업 건너뛰기"}
    assert _backup_folders() == []             # skipped: no backup and no half-written folder


def test_saves_and_screens_go_on_while_a_backup_runs(qtbot, window, ctx, monkeypatch):
    """The backup has a worker of its own: a save on the database worker finishes while it copies."""
    import time

    from app.services import households
    from models import store as store_mod
    from tests.conftest import dong_id
    original = store_mod.snapshot_file

    def slow(*a, **kw):
        outer = kw.pop("progress")

        def progress(done, total):
            time.sleep(0.02)
            outer(done, total)
        return original(*a, progress=progress, pages_per_step=1, **kw)
    monkeypatch.setattr(backup, "snapshot_file", slow)
    finished, saved = [], []
    window.backups.finished.connect(lambda problem: finished.append(time.perf_counter()))
    window.backup_action.trigger()
    qtbot.waitUntil(lambda: window.backup_progress.isVisible() and window.backup_progress.maximum() > 0, timeout=5000)
    started = time.perf_counter()
    window.session.runner.submit(
        households.register_household, ctx, dong_id=dong_id(ctx), address="서울 서대문구 연희로 5",
        head=households.MemberInput(name="백업중", relation="본인", is_head=True),
        on_done=lambda _r: saved.append(time.perf_counter()))
    qtbot.waitUntil(lambda: bool(saved), timeout=5000)
    assert saved[0] - started < 1.0 and not finished            # saved while the backup still ran
    assert window.backup_cancel.isVisible() and not window.backup_action.isEnabled()
    qtbot.waitUntil(lambda: bool(finished), timeout=30000)
    assert window.backup_action.isEnabled() and not window.backup_progress.isVisible()


def test_the_daily_backup_starts_only_when_a_day_has_passed(qtbot, window):
    from datetime import datetime, timedelta, timezone
    ctx = window.session.ctx
    assert backup.backup_due(ctx)
    with qtbot.waitSignal(window.backups.finished, timeout=20000) as got:
        window.backups.backup_if_due()
    assert got.args == [""] and backup.last_result(ctx)["reason"] == "auto"
    assert not backup.backup_due(ctx)
    window.backups.backup_if_due()                 # made today: nothing starts
    settle(qtbot, window.session.runner)
    assert not window.backups.running and len(backup.list_backups(ctx)) == 1
    assert backup.backup_due(ctx, now=datetime.now(timezone.utc) + timedelta(hours=25))


def test_the_real_app_backs_up_when_it_quits(admin_ctx, db_path):
    """ui.main.run in its own process: signed in, quit (the event loop is over), and the backup on
    quit is made and verified before the key goes."""
    import subprocess
    import sys

    from app.services import accounts
    from tests.conftest import PASSWORD
    accounts.sign_out(admin_ctx)
    root = Path(__file__).resolve().parents[2]
    env = dict(os.environ, SARYE_SMOKE_TEST="1", QT_QPA_PLATFORM="offscreen", SARYE_LANG="ko",
               SARYE_SMOKE_USER="admin", SARYE_SMOKE_PASSWORD=PASSWORD)
    out = subprocess.run([sys.executable, "-c", f"import sys; from ui.main import run; sys.exit(run({str(db_path)!r}))"],
                         cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "SMOKE SIGNED IN" in out.stdout, out.stderr[-2000:]
    assert "Traceback" not in out.stderr
    ctx = accounts.sign_in(db_path, "admin", PASSWORD)
    [entry] = backup.list_backups(ctx)
    assert entry.ok and backup.last_result(ctx)["reason"] == "quit"
    ctx.store.close()

"""Lock (idle by wall clock, Ctrl+L), unlock by the same account only, clipboard that forgets,
sign-in refusals (lockout, older copy), and the cloud-folder warning."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from sqlalchemy import select

from app.services import accounts
from app.services.rollback import GenerationCounter
from models.entities import AuditLog, Meta
from ui.security import ClipboardGuard, clipboard_guard
from ui.signin import SignInWindow

from ..conftest import PASSWORD
from ..workflow_helpers import in_service_case
from .conftest import settle
from .test_workflow_ui import type_into

ROOT = Path(__file__).resolve().parents[2]


class Clock:
    def __init__(self, now: float = 1_800_000_000.0):
        self.now = now

    def __call__(self) -> float:
        return self.now


def store_closed(ctx) -> bool:
    return ctx.store.cipher is None  # sign_out dropped the key and disposed of the engine


def test_idle_lock_by_wall_clock_then_unlock_with_the_password(qtbot, window, ctx, shown):
    runner = window.session.runner
    case_id, _member, _plan = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, runner)
    form = view.open_form("contact")
    type_into(qtbot, form.note, "방문 중 적던 메모")

    clock = Clock()
    window.idle.clock = clock
    window.idle.last_activity = clock.now
    window.idle.timer.setInterval(10)  # the ~15 s tick, shortened; the decision is the clock's
    qtbot.wait(50)
    assert not window.locked
    clock.now += 9 * 60
    qtbot.keyClick(view, Qt.Key.Key_Shift)  # activity resets the idle time
    clock.now += 9 * 60
    qtbot.wait(50)
    assert not window.locked
    clock.now += 10 * 60 + 1  # e.g. the laptop slept: the first tick after waking locks
    qtbot.waitUntil(lambda: window.locked, timeout=2000)
    settle(qtbot, runner)

    assert store_closed(ctx)
    assert window.stack.currentWidget() is window.lock_screen
    assert not view.isVisible() and not form.isVisible()
    assert not window.lock_action.isEnabled()  # menu shortcuts are off too
    assert "김사례" in window.lock_screen.who.text()

    type_into(qtbot, window.lock_screen.password, "wrong-password-9")
    qtbot.keyClick(window.lock_screen.password, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert window.locked and "올바르지 않습니다" in window.lock_screen.message.text()

    window.lock_screen.password.setText(PASSWORD)
    qtbot.mouseClick(window.lock_screen.unlock_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert not window.locked
    new_ctx = window.session.ctx
    assert new_ctx is not ctx and new_ctx.actor.username == "kim" and not store_closed(new_ctx)
    assert view.isVisible() and form.isVisible() and form.note.toPlainText() == "방문 중 적던 메모"
    assert form.ctx is new_ctx
    view.refresh()  # data comes back through the new store
    settle(qtbot, runner)
    assert view.detail.case_id == case_id
    with new_ctx.session() as s:
        actions = [r.action for r in s.scalars(select(AuditLog).order_by(AuditLog.seq))][-5:]
    assert "logout" in actions and "login" in actions
    form._dirty = False
    form.reject()
    window.end_session()


def test_ctrl_l_locks_and_another_user_can_only_sign_out(qtbot, window, ctx, shown):
    runner = window.session.runner
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, runner)
    assert window.locked and store_closed(ctx)
    # The lock screen has no user name field: it unlocks 김사례's session or nobody's.
    assert window.lock_screen.password.isVisible()
    with qtbot.waitSignal(window.signed_out, timeout=2000):
        qtbot.mouseClick(window.lock_screen.sign_out_button, Qt.MouseButton.LeftButton)


def test_clipboard_is_cleared_after_the_delay_only_if_it_still_holds_our_copy(qtbot, qapp):
    clipboard = QGuiApplication.clipboard()
    guard = ClipboardGuard(delay_ms=30)
    guard.copy("010-1234-5678")
    assert clipboard.text() == "010-1234-5678"
    qtbot.waitUntil(lambda: clipboard.text() == "", timeout=2000)

    guard.copy("900101-1******")
    clipboard.setText("사용자가 따로 복사한 글")  # someone else's copy is left alone
    qtbot.wait(80)
    assert clipboard.text() == "사용자가 따로 복사한 글"


def test_clipboard_is_cleared_on_quit(qtbot, qapp):
    guard = clipboard_guard()
    guard.copy("010-9999-0000")
    qapp.aboutToQuit.emit()
    assert QGuiApplication.clipboard().text() == ""


def test_copy_phone_and_full_rrn_from_the_case_view(qtbot, window, ctx, shown):
    runner = window.session.runner
    case_id, member_id, _plan = in_service_case(ctx)
    from app.services import households
    from app.services.views import case_file
    detail = case_file.case_detail(ctx, case_id)
    households.update_member(ctx, member_id, households.MemberInput(name="김민수", phone="010-2222-3333"))
    view = window.open_case(case_id)
    settle(qtbot, runner)
    view.members.table.selectRow(0)
    view.copy_selected_phone()
    assert QGuiApplication.clipboard().text() == "010-2222-3333"
    assert clipboard_guard().timer.isActive() and clipboard_guard().timer.interval() == 30_000
    dialog = view.open_reveal_rrn(view.members.table.current_row())
    assert not dialog.save_button.isEnabled()  # a purpose first
    type_into(qtbot, dialog.purpose, "급여 신청서 작성")
    dialog.save()
    settle(qtbot, runner)
    assert QGuiApplication.clipboard().text() == "900101-1234568"
    with ctx.session() as s:
        row = s.scalars(select(AuditLog).where(AuditLog.action == "view_rrn")).one()
    assert row.purpose == "급여 신청서 작성" and detail.primary_member_id == member_id
    window.lock()  # locking takes the number back at once
    settle(qtbot, runner)
    assert QGuiApplication.clipboard().text() == ""


def test_locked_account_gets_a_clear_message(qtbot, runner, admin_ctx, staff_ids, db_path):
    window = SignInWindow(runner, db_path)
    qtbot.addWidget(window)
    window.username.setText("kim")
    for _ in range(accounts.MAX_FAILURES):
        window.password.setText("wrong-password-9")
        window.sign_in()
        settle(qtbot, runner)
    assert "잠겼습니다" in window.message.text() and "이후에 다시 시도하세요" in window.message.text()
    window.password.setText(PASSWORD)  # even the right password waits out the lock
    window.sign_in()
    settle(qtbot, runner)
    assert "잠겼습니다" in window.message.text()


def _roll_back(db_path, username="admin") -> None:
    """Make the file look older than this PC last saw it: raise the generation kept outside."""
    ctx = accounts.sign_in(db_path, username, PASSWORD)
    with ctx.session() as s:
        store_id, generation = s.get(Meta, "store_id").value, int(s.get(Meta, "generation").value)
    ctx.store.close()
    GenerationCounter().set(store_id, generation + 3)


def test_older_copy_can_be_approved_by_an_administrator_only(qtbot, runner, admin_ctx, staff_ids, db_path, shown):
    _roll_back(db_path)
    window = SignInWindow(runner, db_path)
    qtbot.addWidget(window)
    window.username.setText("kim")
    window.password.setText(PASSWORD)
    window.sign_in()
    settle(qtbot, runner)
    assert "오래된 사본" in window.message.text() and window.accept_older_button.isVisibleTo(window)
    window.accept_older()
    settle(qtbot, runner)
    assert "관리자만 승인할 수 있습니다" in window.message.text()

    window.username.setText("admin")
    window.password.setText(PASSWORD)
    window.sign_in()
    settle(qtbot, runner)
    shown.answer = False  # the confirmation is asked and can be declined
    window.accept_older()
    assert runner.pending == 0 and shown.items[-1][1] == "오래된 사본 사용 승인"
    shown.answer = True
    with qtbot.waitSignal(window.signed_in, timeout=10000) as blocker:
        window.accept_older()
    ctx = blocker.args[0]
    assert ctx.actor.username == "admin"
    settle(qtbot, runner)
    ctx.store.close()


def test_cloud_folder_warning_on_sign_in_and_main_window(qtbot, runner, tmp_path, window, monkeypatch):
    signin = SignInWindow(runner, tmp_path / "Dropbox" / "center.db")
    qtbot.addWidget(signin)
    assert signin.cloud_warning.isVisibleTo(signin) and "클라우드" in signin.cloud_warning.text()
    assert not window.cloud_warning.isVisibleTo(window)  # the test database is in a plain folder
    from app.services import storage_check
    monkeypatch.setattr(storage_check, "cloud_sync_warning", lambda _p: "클라우드 동기화 폴더 안에 있습니다.")
    from ui.mainwindow import MainWindow
    other = MainWindow(window.session)
    qtbot.addWidget(other)
    assert other.cloud_warning.isVisibleTo(other) and "클라우드" in other.cloud_warning.text()
    other._leaving = True
    other.idle.stop()


SCREEN_SAVER_SCRIPT = """
import sys
from PySide6.QtCore import QTimer
from PySide6.QtDBus import QDBusConnection, QDBusMessage
from PySide6.QtWidgets import QApplication, QWidget
from ui.security import ScreenLockMonitor
app = QApplication(sys.argv[:1])
monitor = ScreenLockMonitor(QWidget())
hits = []
monitor.locked.connect(lambda: hits.append(1))
signal = QDBusMessage.createSignal("/org/freedesktop/ScreenSaver", "org.freedesktop.ScreenSaver", "ActiveChanged")
signal.setArguments([True])
QDBusConnection.sessionBus().send(signal)
QTimer.singleShot(400, app.quit)
app.exec()
print("SOURCE", monitor.source, "LOCKED", len(hits))
"""


@pytest.mark.skipif(not shutil.which("dbus-run-session"), reason="needs a D-Bus session daemon")
def test_os_screen_lock_signal_locks_on_linux(tmp_path):
    """The freedesktop ScreenSaver ActiveChanged(true) signal, on a private session bus."""
    script = tmp_path / "screensaver.py"
    script.write_text(SCREEN_SAVER_SCRIPT, "utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    out = subprocess.run(["dbus-run-session", "--", sys.executable, str(script)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=60)
    assert "SOURCE dbus LOCKED 1" in out.stdout, out.stdout + out.stderr[-1000:]


def test_a_preview_finished_after_locking_waits_for_the_unlock(qtbot, window, ctx):
    from ui.preview import PdfPreview
    runner = window.session.runner
    case_id, _member, _plan = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, runner)
    dialog = view.print_consent()
    type_into(qtbot, dialog.purpose, "대상자 서명 받기")
    dialog.save()   # the PDF is made on the worker …
    window.lock()   # … and the screen locks before it arrives
    settle(qtbot, runner)
    assert window.locked and not [p for p in window.findChildren(PdfPreview) if p.isVisible()]
    window.lock_screen.password.setText(PASSWORD)
    window.lock_screen._unlock()
    settle(qtbot, runner)
    [preview] = [p for p in window.findChildren(PdfPreview) if p.isVisible()]
    assert preview.ctx is window.session.ctx
    preview.close()
    window.end_session()

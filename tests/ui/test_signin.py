"""Sign-in and first-run set-up windows."""
from __future__ import annotations

from PySide6.QtCore import Qt

from ui.signin import SetupDialog, SignInWindow

from ..conftest import FAST_KDF, PASSWORD
from .conftest import settle


def test_wrong_password_shows_the_korean_message(qtbot, runner, admin_ctx, db_path):
    window = SignInWindow(runner, db_path)
    qtbot.addWidget(window)
    window.show()
    qtbot.keyClicks(window.username, "admin")
    qtbot.keyClicks(window.password, "not-the-password")
    qtbot.keyClick(window.password, Qt.Key.Key_Return)
    settle(qtbot, runner)
    assert window.message.text() == "아이디 또는 비밀번호가 올바르지 않습니다."
    assert window.button.isEnabled()


def test_empty_fields_are_refused_before_any_work(qtbot, runner, db_path):
    window = SignInWindow(runner, db_path)
    qtbot.addWidget(window)
    window.sign_in()
    assert "입력하세요" in window.message.text() and runner.pending == 0


def test_sign_in_pressed_at_once_is_not_queued_behind_the_warm_up(qtbot, runner, admin_ctx, staff_ids, db_path,
                                                                   monkeypatch):
    """The warm-up imports run beside the database worker: while they are still going (held here
    on an event), a 로그인 pressed at once signs in."""
    import threading

    import ui.signin as signin
    release, started = threading.Event(), threading.Event()

    def slow_warm_up():
        started.set()
        release.wait(30)
    monkeypatch.setattr(signin, "_warm_up", slow_warm_up)
    window = SignInWindow(runner, db_path)
    qtbot.addWidget(window)
    try:
        assert started.wait(5) and window.warm_up.is_alive()
        window.username.setText("kim")
        window.password.setText(PASSWORD)
        with qtbot.waitSignal(window.signed_in, timeout=10000) as blocker:
            window.sign_in()
        assert window.warm_up.is_alive()      # signed in while the warm-up was still running
    finally:
        release.set()
    window.warm_up.join(5)
    settle(qtbot, runner)
    blocker.args[0].store.close()


def test_sign_in_gives_a_context(qtbot, runner, admin_ctx, staff_ids, db_path):
    window = SignInWindow(runner, db_path)
    qtbot.addWidget(window)
    window.username.setText("kim")
    window.password.setText(PASSWORD)
    with qtbot.waitSignal(window.signed_in, timeout=10000) as blocker:
        qtbot.mouseClick(window.button, Qt.MouseButton.LeftButton)
    ctx = blocker.args[0]
    assert ctx.actor.display_name == "김사례"
    assert window.password.text() == ""
    settle(qtbot, runner)
    ctx.store.close()


def test_setup_creates_the_database_and_signs_in_the_admin(qtbot, runner, tmp_path):
    path = tmp_path / "new.db"
    dialog = SetupDialog(runner, path, kdf=FAST_KDF)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.save_button.isEnabled()
    dialog.center.setText("연희동 주민센터")
    dialog.dongs.setPlainText("연희동\n")
    dialog.admin_name.setText("관리자")
    dialog.password.setText("short")
    assert "비밀번호는 10자 이상" in dialog.problem_label.text()
    dialog.password.setText(PASSWORD)
    dialog.password2.setText(PASSWORD + "x")
    assert "비밀번호 확인" in dialog.problem_label.text()
    dialog.password2.setText(PASSWORD)
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    with qtbot.waitSignal(dialog.saved, timeout=10000) as blocker:
        dialog.save()
    ctx = blocker.args[0]
    assert path.exists() and ctx.actor.username == "admin"
    settle(qtbot, runner)
    ctx.store.close()

"""기존 센터 서버에 연결 on the first-run screen, against the real throwaway PostgreSQL hub (TLS with
the run's CA): a staff member joins through the widgets and lands signed in with their cases; a
wrong hub password, a wrong CA or a cancel during the pull leave no file behind; empty fields say
what is missing before anything runs; no exception text reaches the person."""
from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from app.device_vault import DeviceVault, MemoryKeyring
from app.sync import settings as hubsettings
from app.sync.settings import HubSettings
from ui import join as ui_join
from ui.join import JoinDialog
from ui.mainwindow import MainWindow
from ui.session import UiSession
from ui.signin import SetupDialog

from ..conftest import FAST_KDF, PASSWORD
from ..sync.conftest import center, hub, join, pg_cluster  # noqa: F401 - the sync tests' PostgreSQL fixtures
from ..sync.helpers import kims_case
from .conftest import settle
from .hold import HoldAt

LAPTOP_PASSWORD = "새 노트북 비밀번호 7"


@pytest.fixture
def kims_old_pc(hub, center, tmp_path):
    """김사례 already works on another computer: one case of hers is on the hub."""
    old = join(hub, tmp_path, "kim")
    case_id, _household, _contact = kims_case(old.ctx)
    old.sync()
    yield case_id
    old.ctx.store.close()


def leftovers(tmp_path) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("new-laptop"))


def fill(qtbot, dialog: JoinDialog, hub, *, hub_password: str = PASSWORD, ca_file=None, typed: bool = False) -> None:
    """The values a case manager got from the administrator, typed into the form."""
    ca = str(ca_file if ca_file is not None else hub.cluster.ca_file)
    values = [(dialog.host, "127.0.0.1"), (dialog.database, hub.dbname), (dialog.ca_file.edit, ca),
              (dialog.username, "kim"), (dialog.hub_password, hub_password), (dialog.password, LAPTOP_PASSWORD),
              (dialog.password2, LAPTOP_PASSWORD)]
    dialog.port.setValue(hub.cluster.port)
    for widget, text in values:
        widget.clear()
        if typed and text.isascii():  # QTest types ASCII only; Korean goes in as an input method would
            qtbot.keyClicks(widget, text)
        else:
            widget.setText(text)


def join_dialog(qtbot, runner, tmp_path, **kw) -> JoinDialog:
    dialog = JoinDialog(runner, tmp_path / "new-laptop.db", kdf=FAST_KDF, **kw)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def wait_stopped(qtbot, dialog: JoinDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running, timeout=30000)
    settle(qtbot, dialog.join_runner)


def test_a_case_manager_joins_from_the_first_run_screen_and_sees_her_cases(qtbot, runner, shown, hub, kims_old_pc,
                                                                          tmp_path):
    path = tmp_path / "new-laptop.db"
    setup = SetupDialog(runner, path, kdf=FAST_KDF)
    qtbot.addWidget(setup)
    setup.show()
    assert any("별도의 센터" in label.text() for label in setup.findChildren(QLabel))  # why not to create one
    assert setup.join_button.text() == "기존 센터 서버에 연결…"
    qtbot.mouseClick(setup.join_button, Qt.MouseButton.LeftButton)
    dialog = setup.join_dialog
    assert isinstance(dialog, JoinDialog) and dialog.isVisible() and dialog.isModal()
    assert not dialog.save_button.isEnabled()          # nothing typed yet
    assert "키링)가 없어" in dialog.keyring_note.text()  # the tests have no keyring: said before joining
    fill(qtbot, dialog, hub, typed=True)
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    assert not dialog.problem_label.isVisible()

    stages = []
    assert dialog.join_runner is not runner             # its own worker: the network may be slow
    with qtbot.waitSignal(setup.saved, timeout=30000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.running and dialog.progress.isVisible() and dialog.cancel_button.text() == "연결 취소"
        assert not dialog.host.isEnabled() and not dialog.save_button.isEnabled()
        stages.append(dialog.progress.current)
    ctx = blocker.args[0]
    settle(qtbot, dialog.join_runner)
    assert stages == ["store"]
    assert ctx.actor.username == "kim" and ctx.actor.display_name == "김사례"
    assert path.exists() and not setup.isVisible() and not dialog.isVisible()
    assert dialog.join_result.report.pulled > 0 and dialog.join_result.password_saved is False
    # The hub settings are this device's now (no password kept: no keyring here).
    assert hubsettings.load(ctx) == HubSettings("127.0.0.1", hub.cluster.port, hub.dbname, "kim",
                                                str(hub.cluster.ca_file))

    # Signed in, straight into the main window (as after creating a center), her case on the home screen.
    win = MainWindow(UiSession(ctx, runner))
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.home.data is not None, timeout=10000)
    assert [r.case_id for r in win.home.data.my_cases] == [kims_old_pc]
    assert "동기화 설정 안 됨" not in win.sync_label.text()
    win._leaving = True
    win.idle.stop()
    win.close()
    settle(qtbot, runner)
    ctx.store.close()


def test_with_a_keyring_the_hub_password_is_kept_there(qtbot, runner, hub, kims_old_pc, tmp_path):
    backend = MemoryKeyring()
    dialog = join_dialog(qtbot, runner, tmp_path, vault_factory=lambda: DeviceVault(backend))
    assert "암호화되어 저장" in dialog.keyring_note.text()
    fill(qtbot, dialog, hub)
    with qtbot.waitSignal(dialog.joined, timeout=30000) as blocker:
        dialog.save()
    result = blocker.args[0]
    settle(qtbot, dialog.join_runner)
    assert result.password_saved
    assert hubsettings.stored_password(result.ctx, hubsettings.load(result.ctx), DeviceVault(backend)) == PASSWORD
    result.ctx.store.close()


def test_wrong_hub_password_says_so_and_leaves_no_file(qtbot, runner, shown, hub, kims_old_pc, tmp_path):
    dialog = join_dialog(qtbot, runner, tmp_path)
    fill(qtbot, dialog, hub, hub_password="not-the-hub-password")
    dialog.save()
    wait_stopped(qtbot, dialog)
    text = dialog.problem_label.text()
    assert dialog.isVisible() and "아이디 또는 서버 비밀번호가 올바르지 않습니다" in text, text
    assert "아무 파일도 남기지 않았습니다" in text
    assert leftovers(tmp_path) == []
    assert not dialog.progress.isVisible() and dialog.host.isEnabled() and dialog.save_button.isEnabled()
    assert dialog.save_button.text() == "연결" and dialog.cancel_button.text() == "취소"
    assert dialog.hub_password.hasFocus() and dialog.hub_password.selectedText() == "not-the-hub-password"
    assert shown.items == []                          # said in the form, no extra message box

    # Typing again clears the refusal; with the right password the same form joins.
    dialog.hub_password.setText(PASSWORD)
    assert "올바르지 않습니다" not in dialog.problem_label.text()
    with qtbot.waitSignal(dialog.saved, timeout=30000) as blocker:
        dialog.save()
    settle(qtbot, dialog.join_runner)
    blocker.args[0].store.close()
    assert (tmp_path / "new-laptop.db").exists()


def test_a_ca_that_did_not_sign_the_hub_is_a_certificate_problem(qtbot, runner, hub, kims_old_pc, tmp_path):
    from ..sync.pg import make_ca
    other_ca, _cert, _key = make_ca(tmp_path, "Another Center CA")
    dialog = join_dialog(qtbot, runner, tmp_path)
    fill(qtbot, dialog, hub, ca_file=other_ca)
    dialog.save()
    wait_stopped(qtbot, dialog)
    assert "인증서" in dialog.problem_label.text() and leftovers(tmp_path) == []
    assert dialog.ca_file.edit.hasFocus()


def test_cancel_during_the_pull_leaves_no_file(qtbot, runner, hub, kims_old_pc, tmp_path, monkeypatch):
    hold, real = HoldAt("pull", 15), ui_join.run_join

    def gated(*args, control):
        return real(*args, control=hold.wrap(control))
    monkeypatch.setattr(ui_join, "run_join", gated)
    dialog = join_dialog(qtbot, runner, tmp_path)
    fill(qtbot, dialog, hub)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.progress.current == "pull", timeout=20000)
    assert dialog.progress.marks["store"].text() == "✓" and dialog.progress.marks["connect"].text() == "✓"
    assert dialog.progress.marks["pull"].text() == "▶" and "받는 중" in dialog.progress.detail.text()
    assert (tmp_path / "new-laptop.db").exists()      # being filled right now
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert dialog.cancel_button.text() == "취소하는 중…" and not dialog.cancel_button.isEnabled()
    assert dialog.running and dialog.isVisible()
    hold.release()
    wait_stopped(qtbot, dialog)
    assert "연결을 취소했습니다" in dialog.problem_label.text(), dialog.problem_label.text()
    assert leftovers(tmp_path) == [] and dialog.join_result is None and dialog.isVisible()


def test_closing_the_window_while_joining_cancels_instead(qtbot, runner, hub, kims_old_pc, tmp_path, monkeypatch):
    hold, real = HoldAt("connect", 15), ui_join.run_join
    monkeypatch.setattr(ui_join, "run_join", lambda *a, control: real(*a, control=hold.wrap(control)))
    dialog = join_dialog(qtbot, runner, tmp_path)
    fill(qtbot, dialog, hub)
    dialog.save()
    qtbot.waitUntil(lambda: dialog.progress.current == "connect", timeout=20000)
    dialog.close()                                    # the window's close button (or Esc) during the join
    assert dialog.isVisible() and dialog.cancel_button.text() == "취소하는 중…"
    hold.release()
    wait_stopped(qtbot, dialog)
    assert "연결을 취소했습니다" in dialog.problem_label.text() and leftovers(tmp_path) == []
    dialog.close()                                    # now it closes
    assert not dialog.isVisible()


def test_an_empty_field_shows_its_error_and_nothing_runs(qtbot, runner, tmp_path, hub):
    dialog = join_dialog(qtbot, runner, tmp_path)
    fill(qtbot, dialog, hub)
    assert dialog.save_button.isEnabled()
    dialog.database.clear()
    assert "데이터베이스 이름을 입력하세요." in dialog.problem_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.save()                                     # refused before any work
    assert not dialog.running and leftovers(tmp_path) == [] and dialog.join_runner.pending == 0
    dialog.database.setText(hub.dbname)
    for widget, expected in [(dialog.host, "서버 주소를 입력하세요."), (dialog.username, "서버 계정(아이디)을 입력하세요."),
                             (dialog.hub_password, "서버 비밀번호를 입력하세요."), (dialog.password, "비밀번호는 10자 이상")]:
        before = widget.text()
        widget.clear()
        assert expected in dialog.problem_label.text() and not dialog.save_button.isEnabled(), expected
        widget.setText(before)
        assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    dialog.password2.setText(LAPTOP_PASSWORD + "x")
    assert "새 비밀번호 확인이 맞지 않습니다." in dialog.problem_label.text()
    dialog.password2.setText(LAPTOP_PASSWORD)
    dialog.host.setText("hub center")
    assert "서버 주소는" in dialog.problem_label.text()
    dialog.host.setText("127.0.0.1")
    dialog.ca_file.setText(str(tmp_path / "no-such-ca.crt"))
    assert "인증서(CA) 파일을 찾을 수 없습니다" in dialog.problem_label.text()
    dialog.ca_file.setText("")                        # optional: always TLS, the server not verified
    assert dialog.save_button.isEnabled()


def test_an_unexpected_error_shows_a_plain_sentence(qtbot, runner, tmp_path, hub, caplog, monkeypatch):
    from app.sync import join as service

    def crash(*_a, **_k):
        raise KeyError("김민수 010-1234-5678")
    monkeypatch.setattr(service, "join_with_settings", crash)
    dialog = join_dialog(qtbot, runner, tmp_path)
    fill(qtbot, dialog, hub)
    dialog.save()
    wait_stopped(qtbot, dialog)
    text = dialog.problem_label.text()
    assert "예기치 않은 오류" in text and "김민수" not in text and "Traceback" not in text
    assert "김민수" not in caplog.text and dialog.save_button.isEnabled()


def test_a_cut_join_is_continued_with_the_resume_button(qtbot, runner, shown, hub, center, tmp_path):
    """A first join cut off half-way (the network went, here by ending the laptop's server session
    between pages): opened again, the form offers 이어서 받기 with the server and account filled in;
    a wrong laptop password is refused and keeps the data; the right one finishes from the cut."""
    from ..sync.helpers import hub_view, local_view
    from ..sync.test_join_resume import Pages, add_notes, new_laptop
    from app.sync.join import JoinInterrupted, partial_join
    add_notes(hub, tmp_path, 1200)
    path = tmp_path / "new-laptop.db"
    with pytest.raises(JoinInterrupted):
        new_laptop(hub, tmp_path, path.name, hook=Pages(hub, cut_after=3))

    dialog = join_dialog(qtbot, runner, tmp_path)
    assert dialog.resuming and dialog.save_button.text() == "이어서 받기"
    assert "받다 만 자료" in dialog.resume_note.text() and dialog.resume_note.isVisible()
    assert dialog.host.text() == "127.0.0.1" and dialog.database.text() == hub.dbname
    assert dialog.username.text() == "kim" and not dialog.password2.isVisible()
    fill(qtbot, dialog, hub)
    dialog.password.setText("다른 비밀번호 12")         # not the one set at the first try
    dialog.save()
    wait_stopped(qtbot, dialog)
    assert "새 비밀번호" in dialog.problem_label.text() and "그대로 두었습니다" in dialog.problem_label.text()
    assert partial_join(path) is not None and dialog.save_button.text() == "이어서 받기"

    dialog.password.setText(PASSWORD)
    details = []
    dialog.progress.detail.setText = lambda text, real=dialog.progress.detail.setText: (details.append(text),
                                                                                       real(text))
    with qtbot.waitSignal(dialog.saved, timeout=30000) as blocker:
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    ctx = blocker.args[0]
    settle(qtbot, dialog.join_runner)
    assert local_view(ctx) == hub_view(hub, ctx.actor.staff_id) and partial_join(path) is None
    assert any("/" in d and "건" in d for d in details if d.startswith("서버에서 받는 중")), details
    assert shown.items == []
    ctx.store.close()


def test_an_unfinished_join_can_be_dropped_to_start_again(qtbot, runner, shown, hub, center, tmp_path):
    """처음부터 다시 받기: a no keeps everything; a yes removes the half-received store and its
    marker, and the form is a plain new join again."""
    from ..sync.test_join_resume import Pages, add_notes, new_laptop
    from app.sync.join import JoinInterrupted, partial_join
    add_notes(hub, tmp_path, 600)
    path = tmp_path / "new-laptop.db"
    with pytest.raises(JoinInterrupted):
        new_laptop(hub, tmp_path, path.name, hook=Pages(hub, cut_after=1))
    dialog = join_dialog(qtbot, runner, tmp_path)
    assert dialog.start_over_button.isVisible()
    shown.answer = False
    dialog.start_over_button.click()
    assert partial_join(path) is not None and dialog.resuming
    shown.answer = True
    dialog.start_over_button.click()
    assert partial_join(path) is None and not path.exists() and not dialog.resuming
    assert dialog.save_button.text() == "연결" and dialog.password2.isVisible()
    assert not dialog.start_over_button.isVisible()

"""동기화 in the window: settings, 지금 동기화 against a real throwaway PostgreSQL hub (progress,
cancel, status line), every sync error as its own message, the conflict inbox on a real conflict
made by two laptops, note versions in the case view, and the sync file dialogs."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from app.device_vault import DeviceVault, MemoryKeyring
from app.services.views import sync_status
from app.sync import errors as e
from app.sync import settings as hubsettings
from app.sync.client import conflicts, note_versions, pending_changes
from app.sync.settings import HubSettings
from models.entities import Contact, Household
from ui import models
from ui import sync as ui_sync
from ui.conflicts import ConflictPage
from ui.dialogs.sync import ExportSyncFileDialog, ImportSyncFileDialog, SyncSettingsDialog
from ui.mainwindow import MainWindow
from ui.models import RowTableModel
from ui.session import UiSession

from ..conftest import PASSWORD
from ..sync.conftest import center, hub, join, pg_cluster  # noqa: F401 - the sync tests' PostgreSQL fixtures
from ..sync.helpers import edit, get, kims_case
from ..sync.test_syncfile import FAST, PASS, pair  # noqa: F401 - the office PC and its laptop copy
from .conftest import settle
from .hold import HoldAt


@pytest.fixture
def keyring_backend():
    return MemoryKeyring()


@pytest.fixture
def make_window(qtbot, runner, shown, keyring_backend):
    """A main window for any service context, with an in-memory keyring."""
    made = []

    def make(ctx) -> MainWindow:
        win = MainWindow(UiSession(ctx, runner))
        win.sync.vault_factory = lambda: DeviceVault(keyring_backend)
        qtbot.addWidget(win)
        win.show()
        settle(qtbot, runner)
        made.append(win)
        return win
    yield make
    for win in made:
        win._leaving = True
        win.idle.stop()
        win.sync.stop_and_wait()
    settle(qtbot, runner)


def wait_sync(qtbot, win, timeout=20000):
    settle(qtbot, win.session.runner)          # settings and password are read first, then the sync starts
    qtbot.waitUntil(lambda: not win.sync.running and win.sync.runner.pending == 0, timeout=timeout)
    settle(qtbot, win.session.runner)


def configure(ctx, hub_settings: HubSettings, backend, password: str | None = PASSWORD) -> None:
    hubsettings.save(ctx, hub_settings, password, DeviceVault(backend))


# --- settings -------------------------------------------------------------------------------------


def test_settings_dialog_round_trip(qtbot, make_window, ctx, keyring_backend):
    win = make_window(ctx)
    win.open_sync_settings()
    settle(qtbot, win.session.runner)
    dialog = win.last_dialog
    assert isinstance(dialog, SyncSettingsDialog)
    assert dialog.username.text() == "kim"          # their own sign-in name until they set another
    assert "키링" in dialog.keyring_note.text() and "저장됩니다" in dialog.keyring_note.text()
    dialog.host.setText("hub center")               # typed while the form is shown: checked at once
    assert not dialog.save_button.isEnabled() and "서버 주소는" in dialog.problem_label.text()
    dialog.host.setText("192.168.0.10")
    dialog.port.setValue(5433)
    dialog.database.setText("sarye_hub")
    dialog.password.setText("hub-secret-1")
    assert dialog.save_button.isEnabled()
    dialog.save()
    settle(qtbot, win.session.runner)
    assert hubsettings.load(ctx) == HubSettings("192.168.0.10", 5433, "sarye_hub", "kim")
    assert hubsettings.stored_password(ctx, hubsettings.load(ctx), DeviceVault(keyring_backend)) == "hub-secret-1"
    assert "설정 안 됨" not in win.sync_label.text()

    win.open_sync_settings()
    settle(qtbot, win.session.runner)
    again = win.last_dialog
    assert again is not dialog and again.host.text() == "192.168.0.10" and again.port.value() == 5433
    assert again.password.text() == "" and "저장된 비밀번호" in again.password.placeholderText()
    again.reject()


def test_without_a_keyring_the_ui_says_the_password_is_asked_each_time(qtbot, make_window, ctx, shown):
    from keyring.backends.fail import Keyring as NoKeyring
    win = make_window(ctx)
    win.sync.vault_factory = lambda: DeviceVault(NoKeyring())
    win.open_sync_settings()
    settle(qtbot, win.session.runner)
    dialog = win.last_dialog
    assert "키링)가 없어" in dialog.keyring_note.text() and "동기화할 때마다" in dialog.keyring_note.text()
    dialog.host.setText("hub.local")
    dialog.database.setText("hub")
    dialog.password.setText("hub-secret-1")
    dialog.save()
    settle(qtbot, win.session.runner)
    assert "비밀번호는 저장하지 않았습니다" in shown.texts("info")

    # 지금 동기화 asks for the password (and says why); nothing is kept.
    seen = []
    win.sync.start = lambda hub, password: seen.append((hub.host, password))
    win.sync_now()
    settle(qtbot, win.session.runner)
    ask = win.sync.last_dialog
    assert ask.isVisible() and not ask.remember.isVisible() and not ask.ok_button.isEnabled()
    ask.password.setText("typed-now")
    ask.accept()
    assert seen == [("hub.local", "typed-now")]


def test_sync_without_settings_opens_the_settings(qtbot, make_window, ctx, shown):
    win = make_window(ctx)
    assert "동기화 설정 안 됨" in win.sync_label.text() and "동기화 설정 안 됨" in win.home.sync_label.text()
    win.sync_action.trigger()
    settle(qtbot, win.session.runner)
    assert "설정되지 않았습니다" in shown.texts("info")
    assert isinstance(win.last_dialog, SyncSettingsDialog)
    win.last_dialog.reject()


def test_the_window_close_button_closes_the_settings(qtbot, make_window, ctx, shown):
    """closeEvent asks QDialog.result(); an attribute of that name once hid it and closing crashed."""
    win = make_window(ctx)
    win.sync_action.trigger()
    settle(qtbot, win.session.runner)
    dialog = win.last_dialog
    assert isinstance(dialog, SyncSettingsDialog) and dialog.isVisible()
    assert dialog.close()
    assert not dialog.isVisible()


def test_shortcut_menu_and_toolbar(make_window, ctx):
    win = make_window(ctx)
    assert win.sync_action.shortcut().toString() == "Ctrl+Shift+S"
    assert win.sync_action in win.toolbar.actions() and win.conflicts_action in win.toolbar.actions()
    sync_menu = next(a.menu() for a in win.menuBar().actions() if a.text() == "동기화(&S)")
    assert [a.text() for a in sync_menu.actions() if a.text()] == [
        "지금 동기화", "충돌 확인", "동기화 설정…", "동기화 파일 내보내기…", "동기화 파일 가져오기…"]


# --- errors ---------------------------------------------------------------------------------------


ERRORS = [e.NoNetworkError(), e.WrongCredentialsError(), e.ClockSkewError(17), e.UpdateRequiredError(),
          e.HubTooOldError(), e.DeviceRevokedError(), e.DeviceOwnerError(), e.SyncCancelled()]


def test_each_sync_error_has_its_own_message(qtbot, make_window, ctx, keyring_backend, monkeypatch):
    configure(ctx, HubSettings("hub.local", 5432, "hub", "kim"), keyring_backend)
    win = make_window(ctx)
    titles = []
    for exc in ERRORS:
        monkeypatch.setattr(ui_sync, "run_sync", lambda *a, exc=exc, **k: ui_sync.Outcome(None, exc))
        win.sync_now()
        wait_sync(qtbot, win)
        dialog = win.sync.dialog
        assert dialog.isVisible() and dialog.finished_ok is False
        assert str(exc) in dialog.outcome.text()
        titles.append(dialog.outcome_title.text())
        assert dialog.settings_button.isVisibleTo(dialog) == isinstance(exc, e.WrongCredentialsError)
    assert len(set(titles)) == len(ERRORS)  # one distinct title per class
    assert titles[0] == "서버에 연결할 수 없음" and "17분" in ui_sync.describe_error(ERRORS[2]).text
    assert titles[5] == "이 기기의 동기화가 중지됨"

    # A bug is not dressed up as a sync error: the generic sentence, no exception text.
    def crash(*_a, **_k):
        raise KeyError("김민수")
    monkeypatch.setattr(ui_sync, "run_sync", crash)
    win.sync_now()
    wait_sync(qtbot, win)
    assert "예기치 않은 오류" in win.sync.dialog.outcome.text() and "김민수" not in win.sync.dialog.outcome.text()


def test_status_line_words():
    now = datetime.now(timezone.utc)
    line = ui_sync.status_line(sync_status.SyncStatus(True, "h:1/d", 3, now - timedelta(minutes=5), 2))
    assert line.startswith("보낼 변경 3건 · 마지막 동기화 ") and line.endswith("확인할 충돌 2건")
    assert ui_sync.status_line(sync_status.SyncStatus(False, "", 0, None, 0)) == \
        "동기화 설정 안 됨 · 보낼 변경 없음 · 아직 동기화하지 않음"


# --- against the real hub -------------------------------------------------------------------------


def hub_settings_for(hub, username: str) -> HubSettings:
    return HubSettings("127.0.0.1", hub.cluster.port, hub.dbname, username)


def test_sync_through_the_ui(qtbot, hub, center, tmp_path, make_window, keyring_backend):
    kim = join(hub, tmp_path, "kim")
    kims_case(kim.ctx)                                  # made offline: waiting to be sent
    configure(kim.ctx, hub_settings_for(hub, "kim"), keyring_backend)
    win = make_window(kim.ctx)
    waiting = pending_changes(kim.ctx)
    assert waiting > 0 and f"보낼 변경 {waiting}건" in win.sync_label.text()

    stages = []
    win.sync.status_changed.connect(stages.append)
    win.sync_now()
    qtbot.waitUntil(lambda: win.sync.running, timeout=5000)
    dialog = win.sync.dialog
    assert dialog.isVisible() and dialog.cancel_button.isVisible()
    wait_sync(qtbot, win)
    assert dialog.finished_ok is True, dialog.outcome.text()
    assert all(dialog.stage_marks[k].text() == "✓" for k, _ in ui_sync.stage_labels())
    assert f"보낸 변경 {waiting}건" in dialog.outcome.text()
    assert any("이 기기의 변경 보내기" in s for s in stages) and any("서버의 변경 받기" in s for s in stages)
    assert pending_changes(kim.ctx) == 0
    qtbot.waitUntil(lambda: "보낼 변경 없음" in win.sync_label.text(), timeout=5000)
    assert "마지막 동기화" in win.sync_label.text() and win.home.sync_label.text() == win.sync_label.text()


def test_cancel_stops_the_sync_and_keeps_the_changes(qtbot, hub, center, tmp_path, make_window, keyring_backend,
                                                     monkeypatch):
    kim = join(hub, tmp_path, "kim")
    kims_case(kim.ctx)
    configure(kim.ctx, hub_settings_for(hub, "kim"), keyring_backend)
    win = make_window(kim.ctx)
    waiting = pending_changes(kim.ctx)
    hold, real = HoldAt("connect", 10), ui_sync.run_sync
    monkeypatch.setattr(ui_sync, "run_sync", lambda ctx, dsn, cancel, control: real(ctx, dsn, cancel, hold.wrap(control)))
    win.sync_now()
    qtbot.waitUntil(lambda: win.sync.dialog is not None and win.sync.dialog.stage_marks["connect"].text() == "▶",
                    timeout=10000)
    win.sync.dialog.cancel_button.click()
    assert win.sync.dialog.cancel_button.text() == "취소하는 중…" and win.sync.running
    hold.release()
    wait_sync(qtbot, win)
    assert win.sync.dialog.outcome_title.text() == "동기화 취소됨"
    assert pending_changes(kim.ctx) == waiting           # nothing lost, nothing half-sent
    qtbot.waitUntil(lambda: f"보낼 변경 {waiting}건" in win.sync_label.text(), timeout=5000)


def test_lock_during_a_sync_waits_for_it_to_stop(qtbot, hub, center, tmp_path, make_window, keyring_backend,
                                                 monkeypatch):
    kim = join(hub, tmp_path, "kim")
    configure(kim.ctx, hub_settings_for(hub, "kim"), keyring_backend)
    win = make_window(kim.ctx)
    hold, real = HoldAt("connect", 10), ui_sync.run_sync
    monkeypatch.setattr(ui_sync, "run_sync", lambda ctx, dsn, cancel, control: real(ctx, dsn, cancel, hold.wrap(control)))
    win.sync_now()
    qtbot.waitUntil(lambda: win.sync.running and win.sync.dialog.stage_marks["connect"].text() == "▶", timeout=10000)
    win.lock()
    assert win.locked and kim.ctx.store.engine is not None
    settle(qtbot, win.session.runner)
    assert win.sync.running                     # the store stays open until the sync has stopped
    hold.release()
    wait_sync(qtbot, win)
    settle(qtbot, win.session.runner)
    assert win.sync.dialog.outcome_title.text() == "동기화 취소됨"
    assert not win.sync.dialog.isVisible()      # waits behind the lock screen


# --- conflicts and note versions ------------------------------------------------------------------


@pytest.fixture
def two_laptops(hub, center, tmp_path):
    """김사례 and 박팀장 (same team) with the same case, then both change the same address and the
    same case note while apart."""
    kim, park = join(hub, tmp_path, "kim"), join(hub, tmp_path, "park")
    case_id, household_id, contact_id = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    edit(kim.ctx, Household, household_id, address="연희로 2 (김)")
    edit(park.ctx, Household, household_id, address="연희로 3 (박)")
    edit(kim.ctx, Contact, contact_id, note="가정방문: 김사례가 덧붙인 내용")
    edit(park.ctx, Contact, contact_id, note="가정방문: 박팀장이 덧붙인 내용")
    kim.sync()
    park.sync()
    kim.sync()
    return {"kim": kim, "park": park, "case": case_id, "household": household_id, "contact": contact_id}


def test_conflict_inbox_resolves_a_real_conflict(qtbot, two_laptops, make_window, qtmodeltester, keyring_backend):
    kim, park = two_laptops["kim"], two_laptops["park"]
    rows = sync_status.conflict_rows(park.ctx)
    model = RowTableModel(models.conflict_columns())
    model.set_rows(rows)
    qtmodeltester.check(model, force_py=True)

    win = make_window(park.ctx)
    assert "확인할 충돌 1건" in win.sync_label.text()
    page = win.show_conflicts()
    settle(qtbot, win.session.runner)
    assert isinstance(page, ConflictPage) and len(page.rows) == 1
    table = page.list.table.model()
    assert [table.index(0, c).data() for c in range(4)][0::2] == ["가구", "주소"]
    assert table.index(0, 1).data().startswith("2026-")          # the case number
    assert table.index(0, 3).data() == "같은 항목을 양쪽에서 고침"
    assert (page.base_text.toPlainText(), page.hub_text.toPlainText(), page.device_text.toPlainText()) == \
        ("서울 서대문구 연희로 1", "연희로 2 (김)", "연희로 3 (박)")
    assert page.device_box.title() == "노트북 값 (이 기기)" and page.use_device.text() == "이 기기 값 사용"
    assert page.use_hub.text() == "사무실 값 사용"

    before = pending_changes(park.ctx)
    page.use_device.click()
    settle(qtbot, win.session.runner)
    assert page.rows == [] and "확인할 충돌이 없습니다" in page.list.empty_label.text()
    assert page.list.empty_label.isVisibleTo(page)
    assert pending_changes(park.ctx) == before + 1               # the choice is a change to sync
    assert get(park.ctx, Household, two_laptops["household"]).address == "연희로 3 (박)"
    qtbot.waitUntil(lambda: "확인할 충돌" not in win.sync_label.text(), timeout=5000)

    # On 김사례's laptop the same conflict names the other laptop; after syncing it is gone there too.
    [theirs] = sync_status.conflict_rows(kim.ctx)
    assert not theirs.from_this_device and theirs.by_staff == "박팀장"
    park.sync()
    kim.sync()
    assert conflicts(kim.ctx) == [] and get(kim.ctx, Household, two_laptops["household"]).address == "연희로 3 (박)"


def test_case_notes_show_every_version(qtbot, two_laptops, make_window, qtmodeltester):
    kim = two_laptops["kim"]
    assert len(note_versions(kim.ctx, two_laptops["contact"])) >= 2
    win = make_window(kim.ctx)
    view = win.open_case(two_laptops["case"])
    settle(qtbot, win.session.runner)
    [row] = view.detail.contacts
    assert len(row.versions) >= 2
    qtmodeltester.check(view.contacts.table.row_model, force_py=True)
    assert view.contacts.table.model().index(0, 4).data().startswith(f"[{len(row.versions)}개 버전]")
    view.tabs.setCurrentWidget(view.contacts)
    view.contacts.table.selectRow(0)
    text = view.contacts.detail_view.toPlainText()
    assert "김사례가 덧붙인 내용" in text and "박팀장이 덧붙인 내용" in text and "[버전 2]" in text


# --- sync files -----------------------------------------------------------------------------------


def test_sync_file_export_and_import(qtbot, pair, runner, shown, tmp_path):
    office, laptop = pair["office"], pair["laptop"]
    edit(laptop, Household, pair["household"], address="방문 후 확인한 새 주소")
    path = tmp_path / "visit.sync"

    export = ExportSyncFileDialog(runner, laptop, kdf=FAST)
    qtbot.addWidget(export)
    export.show()
    export.path.setText(str(path))
    export.passphrase.setText(PASS)
    export.again.setText(PASS + "x")
    assert "서로 다릅니다" in export.problem_label.text() and not export.save_button.isEnabled()
    export.again.setText(PASS)
    export.save()
    settle(qtbot, runner)
    assert path.is_file() and export.count >= 1 and "파일을 만들었습니다" in shown.texts("info")

    def importing(passphrase: str) -> ImportSyncFileDialog:
        dialog = ImportSyncFileDialog(runner, office)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.path.setText(str(path))
        dialog.passphrase.setText(passphrase)
        dialog.save()
        settle(qtbot, runner)
        return dialog

    wrong = importing("다른 기관의 암호 12345")
    assert wrong.isVisible() and "손상되었거나" in wrong.problem_label.text() and "아무것도" in wrong.problem_label.text()
    assert get(office, Household, pair["household"]).address != "방문 후 확인한 새 주소"
    wrong.reject()

    good = importing(PASS)
    assert good.report.applied >= 1 and "반영한 변경" in shown.texts("info")
    assert get(office, Household, pair["household"]).address == "방문 후 확인한 새 주소"

    again = importing(PASS)
    assert again.isVisible() and "이미 가져온" in again.problem_label.text()
    again.reject()

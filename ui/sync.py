"""동기화 in the window: 지금 동기화 with stages, progress and cancel; the status line (pending
changes, last sync, conflicts); each sync error as its own plain Korean message.

Sync runs on the controller's own worker thread, not on the database worker: a slow or absent
network must not hold up the screens' reads. The sync engine opens its own connections to the
encrypted store (the engine's pool allows several threads) and commits page by page.

Cancelling sets the engine's cancel flag instead of dropping the task: the engine stops at the next
batch or page boundary, and the window learns when it really stopped (a lock or sign-out waits for
that before the store is closed).
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QGridLayout, QLabel, QLineEdit,
                               QProgressBar, QVBoxLayout, QWidget)

from . import messages
from .tasks import TaskRunner

translate = QCoreApplication.translate  # pyside6-lupdate finds translate("Context", "literal") calls


# --- the status line ------------------------------------------------------------------------------


def _when(value: datetime | None) -> str:
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    local = value.astimezone()
    today = datetime.now().astimezone().date()
    return local.strftime("%H:%M") if local.date() == today else local.strftime("%Y-%m-%d %H:%M")


def status_line(st) -> str:
    """One line from app.services.sync_status.SyncStatus: what waits to be sent, when it last worked,
    and what a person must decide."""
    parts = []
    if not st.configured:
        parts.append(translate("Sync", "동기화 설정 안 됨"))
    parts.append(translate("Sync", "보낼 변경 {0}건").format(st.pending) if st.pending
                 else translate("Sync", "보낼 변경 없음"))
    parts.append(translate("Sync", "마지막 동기화 {0}").format(_when(st.last_sync)) if st.last_sync
                 else translate("Sync", "아직 동기화하지 않음"))
    if st.open_conflicts:
        parts.append(translate("Sync", "확인할 충돌 {0}건").format(st.open_conflicts))
    return " · ".join(parts)


def sync_status_text(ctx) -> str:
    from app.services.views import sync_status
    return status_line(sync_status.sync_status(ctx))


# --- errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SyncProblem:
    title: str
    text: str
    settings: bool = False   # offer 동기화 설정 (the account or address is the thing to fix)


def describe_error(exc: BaseException) -> SyncProblem:
    """Each sync error class as its own title; the text is the error's own Korean sentence (it
    carries specifics such as the clock difference) plus what to do here, where that helps."""
    from app.sync import errors as e
    text = str(exc)
    if isinstance(exc, e.NoNetworkError):
        return SyncProblem(translate("Sync", "서버에 연결할 수 없음"), text)
    if isinstance(exc, e.WrongCredentialsError):
        return SyncProblem(translate("Sync", "서버 계정 또는 비밀번호 오류"),
                           text + "\n\n" + translate("Sync", "'동기화 설정'에서 서버 계정과 비밀번호를 확인하세요."), True)
    if isinstance(exc, e.ClockSkewError):
        return SyncProblem(translate("Sync", "컴퓨터 시계가 맞지 않음"), text)
    if isinstance(exc, e.UpdateRequiredError):
        return SyncProblem(translate("Sync", "프로그램 업데이트 필요"), text)
    if isinstance(exc, e.HubTooOldError):
        return SyncProblem(translate("Sync", "서버 업데이트 필요"), text)
    if isinstance(exc, e.DeviceRevokedError):
        return SyncProblem(translate("Sync", "이 기기의 동기화가 중지됨"), text)
    if isinstance(exc, e.DeviceOwnerError):
        return SyncProblem(translate("Sync", "다른 직원의 기기로 등록됨"), text)
    if isinstance(exc, e.SyncCancelled):
        return SyncProblem(translate("Sync", "동기화 취소됨"), text)
    if isinstance(exc, e.SyncFileReplayed):
        return SyncProblem(translate("Sync", "이미 가져온 파일"), text)
    if isinstance(exc, e.SyncFileDamaged):
        return SyncProblem(translate("Sync", "가져올 수 없는 파일"), text)
    if isinstance(exc, e.SyncError):
        return SyncProblem(translate("Sync", "동기화하지 못함"), text)
    from .tasks import user_message
    return SyncProblem(translate("Sync", "동기화하지 못함"), user_message(exc))


# --- work on the worker threads (no Qt, no SQL: app.sync does both halves) ---------------------------


@dataclass(frozen=True)
class Prepared:
    settings: object          # app.sync.settings.HubSettings
    password: str | None      # from the keyring, or None: ask
    keyring: bool


def prepare(ctx, vault) -> Prepared:
    from app.sync import settings
    hub = settings.load(ctx)
    return Prepared(hub, settings.stored_password(ctx, hub, vault) if hub.configured else None, vault.available)


@dataclass(frozen=True)
class SettingsState:
    settings: object          # app.sync.settings.HubSettings
    saved_password: bool
    keyring: bool


def settings_state(ctx, vault) -> SettingsState:
    from app.sync import settings
    hub = settings.load(ctx)
    return SettingsState(hub, bool(settings.stored_password(ctx, hub, vault)), vault.available)


@dataclass(frozen=True)
class Outcome:
    report: object | None     # app.sync.engine.SyncReport
    error: BaseException | None


def run_sync(ctx, dsn: str, cancel: threading.Event, control) -> Outcome:
    """One sync round; a SyncError comes back as a value so the window can tell the classes apart."""
    from app.sync.client import SyncClient
    from app.sync.errors import SyncError

    def progress(stage: str, done: int, total: int | None) -> None:
        control.progress(done, total or 0, stage)
    try:
        return Outcome(SyncClient(ctx, dsn).sync(progress=progress, cancel=cancel), None)
    except SyncError as exc:
        return Outcome(None, exc)


# --- the password, where it is not kept --------------------------------------------------------------


class PasswordDialog(QDialog):
    """Asks for the hub password for one sync. Where a trusted keyring exists it may be kept there;
    elsewhere the dialog says it is not kept and will be asked again."""

    def __init__(self, username: str, address: str, keyring: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("동기화 서버 비밀번호"))
        self.setModal(True)
        intro = QLabel(self.tr("{0} 서버에 '{1}' 계정으로 접속합니다.").format(address, username))
        intro.setWordWrap(True)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("서버 비밀번호"))
        self.remember = QCheckBox(self.tr("이 컴퓨터의 키링에 저장 (다음부터 묻지 않음)"))
        self.remember.setChecked(True)
        self.remember.setVisible(keyring)
        note = QLabel(self.tr("이 컴퓨터에는 안전한 키 저장소(키링)가 없어 서버 비밀번호를 저장하지 않습니다. "
                              "동기화할 때마다 입력해야 합니다.") if not keyring else "")
        note.setWordWrap(True)
        note.setStyleSheet("color:#8a5300;")
        note.setVisible(not keyring)
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton(self.tr("동기화"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.tr("취소"), QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.ok_button.setEnabled(False)
        self.password.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t)))
        layout = QVBoxLayout(self)
        for w in (intro, self.password, self.remember, note, self.buttons):
            layout.addWidget(w)
        self.setMinimumWidth(440)


# --- progress ----------------------------------------------------------------------------------------


def stage_labels() -> list[tuple[str, str]]:
    return [("connect", translate("Sync", "서버 연결·버전 확인")), ("push", translate("Sync", "이 기기의 변경 보내기")),
            ("pull", translate("Sync", "서버의 변경 받기")), ("done", translate("Sync", "마무리"))]


class StageChecklist(QWidget):
    """The stages of a long task with a mark each (○ to come, ▶ now, ✓ done) beside its label, then
    a bar (busy until told otherwise) and a wrapped detail line. Used by the sync window and by the
    join form (ui.join.JoinProgress); `flush` drops the layout's margins so the rows line up with
    the widgets around it as if they were laid out directly in the window."""

    WAIT, NOW, DONE = "○", "▶", "✓"

    def __init__(self, stages: list[tuple[str, str]], flush: bool = False, parent=None):
        super().__init__(parent)
        self.keys = [key for key, _ in stages]
        grid = QGridLayout()
        self.marks: dict[str, QLabel] = {}
        self.texts: dict[str, QLabel] = {}
        for row, (key, label) in enumerate(stages):
            mark, text = QLabel(self.WAIT), QLabel(label)
            mark.setFixedWidth(20)
            grid.addWidget(mark, row, 0)
            grid.addWidget(text, row, 1)
            self.marks[key], self.texts[key] = mark, text
        grid.setColumnStretch(1, 1)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        layout = QVBoxLayout(self)
        if flush:
            layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(grid)
        layout.addWidget(self.bar)
        layout.addWidget(self.detail)
        self.current = ""   # the stage last marked

    def mark(self, current: str, finished: bool = False) -> None:
        """Stages before `current` done, `current` now (its label bold), the rest to come; with
        `finished` every stage done and none bold. An unknown stage changes nothing."""
        if current not in self.keys:
            return
        self.current = current
        at = self.keys.index(current)
        for i, key in enumerate(self.keys):
            self.marks[key].setText(self.DONE if i < at or finished else self.NOW if i == at else self.WAIT)
            font = self.texts[key].font()
            font.setBold(i == at and not finished)
            self.texts[key].setFont(font)


class SyncProgressDialog(QDialog):
    """The stages with a mark each, a bar, and 취소; at the end the outcome in the same window.
    Not modal: people may keep working while it runs (closing it only hides it)."""

    cancel_requested = Signal()
    open_conflicts = Signal()
    open_settings = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("동기화"))
        self.setMinimumWidth(480)
        self.checklist = StageChecklist(stage_labels(), flush=True)
        self.stage_marks, self.stage_texts = self.checklist.marks, self.checklist.texts
        self.bar, self.detail = self.checklist.bar, self.checklist.detail
        self.detail.setText(self.tr("서버에 연결하는 중…"))
        self.outcome_title = QLabel()
        self.outcome_title.setStyleSheet("font-weight:bold;")
        self.outcome_title.setWordWrap(True)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        for w in (self.outcome_title, self.outcome):
            w.hide()
        self.buttons = QDialogButtonBox()
        self.cancel_button = self.buttons.addButton(self.tr("동기화 취소"), QDialogButtonBox.ButtonRole.RejectRole)
        self.conflicts_button = self.buttons.addButton(self.tr("충돌 확인…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.settings_button = self.buttons.addButton(self.tr("동기화 설정…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(self.tr("닫기"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button.clicked.connect(self._cancel)
        self.close_button.clicked.connect(self.hide)
        self.conflicts_button.clicked.connect(lambda: (self.hide(), self.open_conflicts.emit()))
        self.settings_button.clicked.connect(lambda: (self.hide(), self.open_settings.emit()))
        for b in (self.conflicts_button, self.settings_button):
            b.hide()
        self.close_button.setText(self.tr("창 닫기 (계속 진행)"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.checklist)
        layout.addWidget(self.outcome_title)
        layout.addWidget(self.outcome)
        layout.addWidget(self.buttons)
        self.finished_ok: bool | None = None

    def reject(self) -> None:  # Esc or the window's close button: hide; the sync goes on
        self.hide()

    def _cancel(self) -> None:
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("취소하는 중…"))
        self.detail.setText(self.tr("지금 단계를 마치고 멈춥니다. 이미 보내거나 받은 내용은 그대로 남습니다."))
        self.cancel_requested.emit()

    def set_stage(self, stage: str, done: int, total: int) -> None:
        if stage not in self.stage_marks:
            return
        self.checklist.mark(stage, finished=stage == "done")
        if not self.cancel_button.isEnabled():
            return  # keep the "stopping" sentence
        if stage == "connect":
            self.bar.setRange(0, 0)
            self.detail.setText(self.tr("서버에 연결하는 중…"))
        elif stage == "push":
            self.bar.setRange(0, max(total, 1))
            self.bar.setValue(done)
            self.bar.setFormat("%v/%m")
            self.detail.setText(self.tr("이 기기의 변경을 보내는 중: {0}/{1}건").format(done, total))
        elif stage == "pull":
            self.bar.setRange(0, 0)  # the hub does not say how much is left
            self.detail.setText(self.tr("서버의 변경을 받는 중: {0}건 받음").format(done))
        else:
            self.bar.setRange(0, 1)
            self.bar.setValue(1)

    def finish(self, ok: bool, title: str, text: str, conflicts: bool = False, settings: bool = False) -> None:
        self.finished_ok = ok
        if ok:
            self.checklist.mark("done", finished=True)
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if ok else 0)
        self.bar.setFormat(self.tr("완료") if ok else self.tr("멈춤"))
        self.detail.hide()
        self.outcome_title.setText(title)
        self.outcome_title.setStyleSheet("font-weight:bold;" + ("" if ok else "color:#b3261e;"))
        self.outcome.setText(text)
        self.outcome_title.show()
        self.outcome.show()
        self.cancel_button.hide()
        self.conflicts_button.setVisible(conflicts)
        self.settings_button.setVisible(settings)
        self.close_button.setText(self.tr("닫기"))
        self.checklist.layout().activate()  # its size without the detail line now, not at the next event
        self.adjustSize()


# --- the controller ----------------------------------------------------------------------------


class SyncController(QObject):
    """Owns the sync worker and the progress window of one main window."""

    synced = Signal(object)         # Outcome, after every round (success, error or cancel)
    status_changed = Signal(str)    # a short "동기화 중 …" line for the status bar while running

    def __init__(self, window, vault_factory: Callable[[], object] | None = None):
        super().__init__(window)
        from app.device_vault import DeviceVault
        self.window = window
        self.session = window.session
        if self.session.sync_runner is None:
            self.session.sync_runner = TaskRunner(self)
        self.runner: TaskRunner = self.session.sync_runner
        self.vault_factory = vault_factory or DeviceVault
        self.dialog: SyncProgressDialog | None = None
        self.last_dialog: QWidget | None = None
        self._cancel: threading.Event | None = None
        self._task = None
        self._after_stop: list[Callable[[], None]] = []

    @property
    def running(self) -> bool:
        return self._task is not None

    # --- starting ---
    def sync_now(self) -> None:
        if self.running:
            self._show(self.dialog)
            return
        self.session.runner.submit(prepare, self.session.ctx, self.vault_factory(), on_done=self._prepared,
                                   owner=self.window)

    def _prepared(self, prep: Prepared) -> None:
        if not prep.settings.configured:
            messages.info(self.window, translate("Sync", "동기화 설정 필요"),
                          translate("Sync", "동기화 서버가 아직 설정되지 않았습니다. 서버 주소와 계정을 먼저 입력하세요."))
            self.window.open_sync_settings()
            return
        if prep.password:
            self.start(prep.settings, prep.password)
            return
        dialog = PasswordDialog(prep.settings.username, prep.settings.address(), prep.keyring, parent=self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def go():
            password = dialog.password.text()
            if prep.keyring and dialog.remember.isChecked():
                from app.sync import settings
                self.session.runner.submit(settings.save, self.session.ctx, prep.settings, password,
                                           self.vault_factory(), on_error=lambda _m: None)
            self.start(prep.settings, password)
        dialog.accepted.connect(go)
        self.last_dialog = dialog
        dialog.open()

    def start(self, hub_settings, password: str) -> None:
        """Run one round with these settings (the password only lives in the DSN of this call)."""
        if self.running:
            return
        self._cancel = threading.Event()
        if self.dialog is not None:
            self.dialog.deleteLater()  # a fresh window per round: no marks left from the last one
        self.dialog = SyncProgressDialog(self.window)
        self.dialog.cancel_requested.connect(self.cancel)
        self.dialog.open_conflicts.connect(self.window.show_conflicts)
        self.dialog.open_settings.connect(self.window.open_sync_settings)
        self._show(self.dialog)
        self.status_changed.emit(translate("Sync", "동기화 중…"))
        self._task = self.runner.submit(run_sync, self.session.ctx, hub_settings.dsn(password), self._cancel,
                                        on_done=self._done, on_error=self._failed, on_progress=self._progress)

    def _show(self, w: QWidget | None) -> None:
        if w is not None:
            self.window.show_window(w)  # behind the lock screen while locked
            if not getattr(self.window, "locked", False):
                w.raise_()

    # --- while running ---
    def cancel(self) -> None:
        if self._cancel is not None:
            self._cancel.set()
        if self.dialog is not None and self.dialog.cancel_button.isEnabled() and self.running:
            self.dialog._cancel()

    def _progress(self, done: int, total: int, stage: str) -> None:
        if self.dialog is not None:
            self.dialog.set_stage(stage, done, total)
        names = dict(stage_labels())
        self.status_changed.emit(translate("Sync", "동기화 중: {0}").format(names.get(stage, stage)))

    # --- the end ---
    def _done(self, outcome: Outcome) -> None:
        self._task = None
        if outcome.error is not None:
            problem = describe_error(outcome.error)
            from app.sync.errors import SyncCancelled
            self.dialog.finish(False, problem.title, problem.text, settings=problem.settings)
            if isinstance(outcome.error, SyncCancelled):
                self.dialog.outcome_title.setStyleSheet("font-weight:bold;")
        else:
            r = outcome.report
            lines = [translate("Sync", "보낸 변경 {0}건, 받은 변경 {1}건").format(r.pushed, r.pulled)]
            if r.conflicts:
                lines.append(translate("Sync", "사람이 정해야 할 충돌 {0}건이 생겼습니다. '충돌 확인'에서 어느 값을 쓸지 고르세요.")
                             .format(r.conflicts))
            if r.destroyed:
                lines.append(translate("Sync", "보존기간이 지나 파기된 사례에 대한 변경 {0}건은 서버에 반영되지 않았습니다.")
                             .format(r.destroyed))
            if r.removed:
                lines.append(translate("Sync", "더 이상 볼 수 없게 된 사례·가구 {0}건을 이 기기에서 지웠습니다.")
                             .format(len(r.removed)))
            if r.field_key == "unreadable":
                lines.append(translate("Sync", "서버에 있는 기관 암호화 키(주민등록번호용)를 열지 못했습니다. 서버 비밀번호가 "
                                               "바뀌었을 수 있습니다. 관리자에게 서버 계정 재발급(hub add-staff)을 "
                                               "요청하세요. 다른 기기에서 입력한 주민등록번호는 그때까지 볼 수 없습니다."))
            if r.held:
                lines.append(translate("Sync", "같은 컴퓨터의 다른 직원이 아직 보내지 않은 기록에 이어진 변경 {0}건은 "
                                               "그 직원이 동기화한 뒤에 보냅니다.").format(r.held))
            if r.pending > r.held:
                lines.append(translate("Sync", "동기화 중에 입력한 변경 {0}건은 다음 동기화 때 보냅니다.")
                             .format(r.pending - r.held))
            self.dialog.finish(True, translate("Sync", "동기화를 마쳤습니다"), "\n".join(lines), conflicts=bool(r.conflicts))
        self._show(self.dialog)
        self.status_changed.emit("")
        self.synced.emit(outcome)
        self._run_after_stop()

    def _failed(self, message: str) -> None:
        """Not a SyncError: a bug or a store problem, shown generically (user_message logged it)."""
        self._task = None
        if self.dialog is not None:
            self.dialog.finish(False, translate("Sync", "동기화하지 못함"), message)
            self._show(self.dialog)
        self.status_changed.emit("")
        self.synced.emit(Outcome(None, RuntimeError(message)))
        self._run_after_stop()

    def _run_after_stop(self) -> None:
        pending, self._after_stop = self._after_stop, []
        for fn in pending:
            fn()

    def stop_then(self, fn: Callable[[], None]) -> None:
        """Run fn once no sync is running (cancelling one that is): before the store is closed."""
        if not self.running:
            fn()
            return
        self._after_stop.append(fn)
        self.cancel()

    def stop_and_wait(self, timeout_ms: int = 15000) -> None:
        """Sign-out: cancel and block until the worker has stopped (then the store may close)."""
        if self._cancel is not None:
            self._cancel.set()
        self.runner.wait_idle(timeout_ms)

"""기존 센터 서버에 연결: the first-run path for a new laptop of a center that already has a hub.

The person gives the hub's address (and the center's CA file if they have it), their own account
and hub password, and a new password for this computer's encrypted store. The join then runs on
its own worker thread (a network wait must not hold up the database worker), reporting its stages
and stopping on 연결 취소 at the next page boundary; the service removes every file it made when it
fails or is cancelled, so the form only has to show why and let the person try again.

The work itself is app.sync.join.join_with_settings; nothing here touches the store or the hub.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QPushButton, QWidget

from . import messages
from .dialogs.sync import HubFields, _keyring_note, _note
from .forms import FormDialog
from .sync import StageChecklist
from .tasks import TaskRunner

translate = QCoreApplication.translate  # pyside6-lupdate finds translate("Context", "literal") calls


# --- on the worker -------------------------------------------------------------------------------


@dataclass(frozen=True)
class JoinOutcome:
    result: object | None          # app.sync.join.JoinResult
    error: BaseException | None    # a SyncError (its class decides the wording)


def run_join(path: Path, username: str, password: str, hub, hub_password: str, kdf, vault,
             cancel: threading.Event, control) -> JoinOutcome:
    """Join on the worker thread. A SyncError comes back as a value so the form can word each class
    for this moment (nothing exists on this computer yet); service errors (wrong values, access)
    and anything unexpected go through the runner's error path (plain sentence, logged by type)."""
    from app.sync.errors import SyncError
    from app.sync.join import join_with_settings

    def progress(stage: str, done: int, total: int | None) -> None:
        control.progress(done, total or 0, stage)
    try:
        return JoinOutcome(join_with_settings(path, username=username, password=password, settings=hub,
                                              hub_password=hub_password, kdf=kdf, vault=vault,
                                              progress=progress, cancel=cancel), None)
    except SyncError as exc:
        return JoinOutcome(None, exc)


# --- errors --------------------------------------------------------------------------------------


def describe_error(exc: BaseException, kept: bool = False) -> tuple[str, str | None]:
    """(the sentence to show, the field to fix or None). The sync errors' own sentences speak of
    changes kept on this computer; at this point there are none, so the common ones are reworded.
    `kept`: a resumed join failed, and what it had received before is still here."""
    from app.sync import errors as e
    from app.sync.join import JoinInterrupted
    nothing_kept = (translate("Join", "받아 둔 자료는 이 컴퓨터에 남아 있어 '이어서 받기'로 이어서 받을 수 있습니다.")
                    if kept else translate("Join", "이 컴퓨터에는 아무 파일도 남기지 않았습니다."))
    if isinstance(exc, JoinInterrupted):   # its own sentence says what is kept and what to do
        return str(exc), None
    if isinstance(exc, e.SyncCancelled):
        return translate("Join", "연결을 취소했습니다.") + " " + nothing_kept, None
    if isinstance(exc, e.WrongCredentialsError):
        return (translate("Join", "아이디 또는 서버 비밀번호가 올바르지 않습니다. 관리자에게 받은 서버 계정과 "
                                  "비밀번호를 확인하세요.") + " " + nothing_kept, "hub_password")
    if isinstance(exc, e.HubCertificateError):
        return str(exc), "ca_file"
    if isinstance(exc, e.InsecureConnectionError):
        return str(exc), "ca_file"
    if isinstance(exc, e.NoNetworkError):
        return (translate("Join", "센터 서버에 연결할 수 없습니다. 서버 주소, 포트, 데이터베이스 이름과 "
                                  "네트워크 연결을 확인하세요.") + " " + nothing_kept, "host")
    if isinstance(exc, e.ClockSkewError):
        return (translate("Join", "이 컴퓨터의 시계가 서버와 약 {0}분 차이 납니다. 날짜와 시간을 맞춘 뒤 "
                                  "다시 연결하세요.").format(exc.minutes) + " " + nothing_kept, None)
    if isinstance(exc, e.UpdateRequiredError):
        return (translate("Join", "이 프로그램은 센터 서버보다 오래된 버전입니다. 프로그램을 업데이트한 뒤 "
                                  "다시 연결하세요.") + " " + nothing_kept, None)
    if isinstance(exc, e.DeviceRevokedError):
        return (translate("Join", "센터 서버가 이 연결을 막았습니다(기기 사용 중지). 관리자에게 문의하세요.")
                + " " + nothing_kept, None)
    from .tasks import user_message
    return user_message(exc), None


# --- the form ------------------------------------------------------------------------------------


def _password_edit() -> QLineEdit:
    w = QLineEdit()
    w.setEchoMode(QLineEdit.EchoMode.Password)
    return w


def _heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setStyleSheet("font-weight:bold; margin-top:6px;")
    return label


def stage_labels() -> list[tuple[str, str]]:
    return [("store", translate("Join", "이 컴퓨터에 암호화 저장소 만들기")),
            ("connect", translate("Join", "센터 서버 연결·계정 확인")),
            ("pull", translate("Join", "내가 볼 수 있는 사례 받기")),
            ("done", translate("Join", "마무리 (서버 설정 저장)"))]


class JoinProgress(StageChecklist):
    """The join's stages with a mark each, a bar and a line on what is happening, on a grey panel;
    shown in place of the notes while the join runs. Unlike the sync window's, its last stage
    (마무리, saving the server settings) is work of its own: ▶ while it runs."""

    def __init__(self, parent=None):
        super().__init__(stage_labels(), parent=parent)
        self.setObjectName("joinProgress")
        self.setStyleSheet("#joinProgress { background:#f3f3f3; border-radius:4px; }")
        self.time_left = None   # app.sync.join.TimeLeft, from start_clock

    def start(self) -> None:
        self.mark("store")
        self.bar.setRange(0, 0)
        self.detail.setText(self.tr("이 컴퓨터에 암호화된 저장소를 만드는 중…"))

    def start_clock(self) -> None:
        from app.sync.join import TimeLeft
        self.time_left = TimeLeft()

    def stage(self, stage: str, done: int, stopping: bool, total: int | None = None) -> None:
        from app.sync.join import progress_line
        if stage == "push":   # a new store has nothing to send: still part of connecting
            stage = "connect"
        self.mark(stage)
        if stopping:
            return            # keep the "stopping" sentence
        if stage == "connect":
            self.detail.setText(self.tr("센터 서버에 연결하는 중…"))
        elif stage == "pull":
            seconds = self.time_left.update(done, total) if self.time_left is not None else None
            if total:   # an estimate (from the hub's last change number): the bar moves with it
                self.bar.setRange(0, max(total, done, 1))
                self.bar.setValue(done)
            self.detail.setText(self.tr("서버에서 받는 중: {0}").format(progress_line(done, total, seconds)))
        elif stage == "done":
            self.detail.setText(self.tr("서버 설정을 저장하는 중…"))


class JoinDialog(HubFields, FormDialog):
    """The join form: validated as it is typed; 연결 runs the join with progress and 연결 취소.

    `saved` gives the signed-in ServiceContext (as SetupDialog does after creating a center), so
    the caller opens the main window; `joined` gives the whole JoinResult just before."""

    joined = Signal(object)   # app.sync.join.JoinResult

    def __init__(self, runner: TaskRunner, db_path: Path, parent=None, kdf=None,
                 vault_factory: Callable[[], object] | None = None, join_runner: TaskRunner | None = None):
        super().__init__(runner, None, self.tr("기존 센터 서버에 연결"), parent)
        from app.device_vault import DeviceVault
        self.db_path, self.kdf = Path(db_path), kdf
        self.vault_factory = vault_factory or DeviceVault
        self.join_runner = join_runner or TaskRunner(self)  # the network may be slow: not the database worker
        self.keyring = bool(self.vault_factory().available)
        self.join_result = None
        self._cancel: threading.Event | None = None
        self.setMinimumWidth(600)

        intro = _note(self.tr(
            "센터에 이미 있는 사례관리 서버에 이 컴퓨터를 연결합니다. 관리자에게 받은 서버 주소와 내 계정으로 접속해, "
            "내가 볼 수 있는 사례만 이 컴퓨터의 암호화된 저장소로 받아 옵니다."))
        self.form.addRow(intro)

        self.form.addRow(_heading(self.tr("센터 서버")))
        self.add_hub_rows()   # host, port, database, ca_file: as in 동기화 설정

        self.form.addRow(_heading(self.tr("내 계정")))
        self.username = self.add_row(self.tr("아이디"), "username", QLineEdit())
        self.username.setPlaceholderText(self.tr("센터에서 쓰는 내 아이디 (서버 계정)"))
        self.hub_password = self.add_row(self.tr("서버 비밀번호"), "hub_password", _password_edit())
        self.keyring_note = _keyring_note(
            self.keyring, self.tr("서버 비밀번호는 이 컴퓨터의 키링(Windows 자격 증명 관리자, macOS 키체인 등)에 "
                                  "암호화되어 저장되고, 동기화할 때 쓰입니다."),
            self.tr("이 컴퓨터에는 안전한 키 저장소(키링)가 없어 서버 비밀번호를 저장하지 않습니다. 동기화할 때마다 입력해야 합니다."))
        self.form.addRow(self.keyring_note)

        self.form.addRow(_heading(self.tr("이 컴퓨터")))
        self.password = self.add_row(self.tr("새 비밀번호"), "password", _password_edit())
        self.password2 = self.add_row(self.tr("새 비밀번호 확인"), "password2", _password_edit())
        password_note = _note(self.tr(
            "이 컴퓨터에서 로그인할 때 쓸 비밀번호입니다. 이 컴퓨터에 받는 자료는 이 비밀번호로 암호화됩니다."))
        self.form.addRow(password_note)
        self.notes_while_filling = [intro, self.keyring_note, password_note]  # make room for the progress

        self.resume_note = _note("")
        self.resume_note.setStyleSheet("color:#8a5a00;")
        self.resume_note.hide()
        self.form.insertRow(1, self.resume_note)
        # The other way out of an unfinished join: drop what was received and start again.
        self.start_over_button = QPushButton(self.tr("처음부터 다시 받기…"))
        self.start_over_button.clicked.connect(self.start_over)
        self.start_over_button.hide()
        self.form.insertRow(2, self.start_over_button)

        self.progress = JoinProgress()
        self.progress.hide()
        self.body_layout.addWidget(self.progress)
        self.body_layout.addStretch(1)

        self.inputs: list[QWidget] = [self.host, self.port, self.database, self.ca_file, self.username,
                                      self.hub_password, self.password, self.password2]
        self.set_save_label(self.tr("연결"))
        self.resuming = False
        self.show_partial()
        self.host.setFocus()

    def show_partial(self) -> None:
        """A first join cut off earlier left its store at db_path: the form continues it (이어서 받기),
        with the server and account it was started with; the new password is typed once."""
        from app.sync.join import partial_join
        partial = partial_join(self.db_path)
        self.resuming = partial is not None
        self.password2.setVisible(not self.resuming)
        label = self.form.labelForField(self.password2)
        if label is not None:
            label.setVisible(not self.resuming)
        self.resume_note.setVisible(self.resuming)
        self.start_over_button.setVisible(self.resuming)
        if not self.resuming:
            self.set_save_label(self.tr("연결"))
            return
        self.resume_note.setText(self.tr(
            "지난번 연결이 중간에 끊겨, 받다 만 자료가 이 컴퓨터에 암호화되어 있습니다. 같은 서버와 아이디, "
            "그때 정한 이 컴퓨터의 새 비밀번호를 입력하고 '이어서 받기'를 누르면 끊긴 곳부터 받습니다."))
        for widget, value in ((self.host, partial.host), (self.database, partial.database),
                              (self.username, partial.username)):
            if value and not widget.text():
                widget.setText(value)
        if partial.port.isdigit():
            self.port.setValue(int(partial.port))
        self.set_save_label(self.tr("이어서 받기"))
        self.save_button.setText(self.save_label)

    def start_over(self) -> None:
        """처음부터 다시 받기: after a yes, the half-received store is deleted (it holds only what the
        hub still has) and the form is a new join again."""
        from app.sync.join import discard_partial_join
        if self.running or not messages.ask(self, self.tr("처음부터 다시 받기"), self.tr(
                "받다 만 자료를 이 컴퓨터에서 지우고 처음부터 다시 받을까요? 자료는 센터 서버에 그대로 있습니다.")):
            return
        try:
            discard_partial_join(self.db_path)
        except Exception as exc:   # noqa: BLE001 - shown in words, never as a traceback
            from .tasks import user_message
            self.show_error(user_message(exc))
            return
        self.show_partial()
        self.revalidate()

    # --- values (settings(): HubFields) ---
    def draft_fields(self):  # never keep passwords anywhere
        return {}

    def problems(self) -> list[str]:
        from app.services import accounts
        from app.services.errors import ValidationError
        out = list(self.settings().problems())
        if not self.hub_password.text():
            out.append(self.tr("서버 비밀번호를 입력하세요."))
        try:
            accounts.check_password(self.password.text())
        except ValidationError as exc:
            out.append(str(exc))
        if not self.resuming and self.password.text() != self.password2.text():
            out.append(self.tr("새 비밀번호 확인이 맞지 않습니다."))
        return out

    # --- running ---
    @property
    def running(self) -> bool:
        return self._saving

    def save(self) -> None:
        """연결: create the store and pull, on the join worker."""
        if self._saving or self.revalidate():
            return
        self._cancel = threading.Event()
        self._service_error = ""
        self._set_running(True)
        self.join_runner.submit(run_join, self.db_path, self.username.text().strip(), self.password.text(),
                                self.settings(), self.hub_password.text(), self.kdf, self.vault_factory(),
                                self._cancel, on_done=self._finished, on_error=self._failed,
                                on_progress=self._progressed, owner=self)

    def cancel_join(self) -> None:
        """연결 취소: the join stops at its next step and removes what it made."""
        if not self._saving or self._cancel is None or self._cancel.is_set():
            return
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.cancel_button.setText(self.tr("취소하는 중…"))
        self.progress.detail.setText(
            self.tr("지금 단계를 마치고 멈춥니다. 받아 둔 자료는 남겨 둡니다.") if self.resuming
            else self.tr("지금 단계를 마치고 멈춥니다. 이 컴퓨터에 만든 파일은 지웁니다."))

    def _set_running(self, running: bool) -> None:
        self._saving = running
        for w in self.inputs:
            w.setEnabled(not running)
        for note in self.notes_while_filling:
            note.setVisible(not running)
        self.progress.setVisible(running)
        if running:
            self.progress.start()
            self.progress.start_clock()
            self.problem_label.hide()
            self.save_button.setEnabled(False)
            self.save_button.setText(self.tr("받는 중…") if self.resuming else self.tr("연결하는 중…"))
            self.cancel_button.setText(self.tr("연결 취소"))
        else:
            self.save_button.setText(self.save_label)
            self.cancel_button.setText(self.tr("취소"))
            self.revalidate()
        self.cancel_button.setEnabled(True)

    def _progressed(self, done: int, total: int, stage: str) -> None:
        self.progress.stage(stage, done, stopping=bool(self._cancel and self._cancel.is_set()), total=total or None)

    def _finished(self, outcome: JoinOutcome) -> None:
        if outcome.error is not None:
            text, field = describe_error(outcome.error, kept=self.resuming)
            self._stopped(text, field)
            return
        self._saving = False
        self.join_result = result = outcome.result
        self.progress.mark("done")
        self._dirty = False
        self.joined.emit(result)
        self.saved.emit(result.ctx)
        if self.keyring and not result.password_saved:
            messages.info(None, self.tr("기존 센터 서버에 연결"),
                          self.tr("연결했습니다. 키링에 서버 비밀번호를 저장하지 못해, 동기화할 때마다 비밀번호를 묻습니다."))
        QDialog.accept(self)

    def _failed(self, message: str) -> None:
        """Not a SyncError: a service refusal (its own sentence) or a bug (the generic one, logged)."""
        self._stopped(message, None)

    def _stopped(self, text: str, field: str | None) -> None:
        self.show_partial()   # cut off half-way: the form now offers 이어서 받기
        self._set_running(False)
        self.show_error(text)
        widget = {"hub_password": self.hub_password, "host": self.host, "ca_file": self.ca_file.edit}.get(field or "")
        if widget is not None:
            widget.setFocus()
            widget.selectAll()

    # --- closing ---
    def reject(self) -> None:
        if self._saving:
            self.cancel_join()  # 연결 취소, Esc or the close button while it runs: stop, then stay open
            return
        QDialog.reject(self)    # nothing is made before 연결; no draft to keep (passwords)

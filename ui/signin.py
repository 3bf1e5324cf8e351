"""로그인 and first-run set-up. Kept free of database imports at module level so the window shows
fast; the services load on the worker while the person types."""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QVBoxLayout, QWidget)

from .forms import FormDialog, combo, length_problem, text_area
from .tasks import TaskRunner

log = logging.getLogger(__name__)


class OlderCopy:
    """The sign-in task's answer when the file is an older copy (RollbackDetected): the window
    offers an administrator to approve using it instead of showing a plain error."""

    def __init__(self, message: str):
        self.message = message


def _sign_in(path: Path, username: str, password: str, accept_older: bool = False):
    from app.services import accounts
    from app.services.rollback import RollbackDetected
    try:
        return accounts.sign_in(path, username, password, accept_older=accept_older)
    except RollbackDetected as exc:
        return OlderCopy(str(exc))


def _warm_up() -> None:
    """Import the code the first minutes need while the person types: what sign-in itself needs
    first (the store, Argon2, accounts), then the home screen's services, sync (psycopg) and the
    main window's modules. Each import only defines modules and classes; no object is made."""
    try:
        from app.services import accounts  # noqa: F401  (sign-in's own path)
        from app.services import cases, queries  # noqa: F401
        from app.services.views import case_file, drafts, home, reference, sync_status  # noqa: F401
        from app.sync import client, settings  # noqa: F401  (the home screen's sync line needs psycopg)
        from . import mainwindow  # noqa: F401  (the main window's modules and their Qt classes)
    except Exception as exc:  # noqa: BLE001 - the real import, when it is needed, reports it
        log.warning("warm-up import failed: %s", type(exc).__name__)


def start_warm_up() -> threading.Thread:
    """Run `_warm_up` on its own thread, not on the database worker: a 로그인 pressed at once is
    never queued behind it. Sign-in's Argon2 and SQLCipher's key derivation run in C without the
    GIL, so the imports and the password check overlap; a module both need is imported once
    (Python's import lock makes the second one wait for the first, not import it twice)."""
    thread = threading.Thread(target=_warm_up, name="warm-up", daemon=True)
    thread.start()
    return thread


class SignInWindow(QWidget):
    signed_in = Signal(object)  # ServiceContext
    failed = Signal(str)

    def __init__(self, runner: TaskRunner, db_path: Path, parent=None):
        super().__init__(parent)
        self.runner, self.db_path = runner, Path(db_path)
        self.setWindowTitle(self.tr("통합사례관리 — 로그인"))
        title = QLabel(self.tr("통합사례관리"))
        title.setStyleSheet("font-size:20pt; font-weight:bold;")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.username = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.button = QPushButton(self.tr("로그인"))
        self.button.setDefault(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color:#b3261e;")
        self.message.setObjectName("signInMessage")
        self.accept_older_button = QPushButton(self.tr("오래된 사본 사용 승인 (관리자)…"))
        self.accept_older_button.clicked.connect(self.accept_older)
        self.accept_older_button.hide()
        self.cloud_warning = QLabel()
        self.cloud_warning.setWordWrap(True)
        self.cloud_warning.setStyleSheet("color:#8c1d18;")
        self.cloud_warning.hide()
        where = QLabel(self.tr("데이터베이스: {0}").format(self.db_path.name))
        where.setStyleSheet("color:#666;")
        where.setToolTip(str(self.db_path))
        form = QFormLayout()
        form.addRow(self.tr("아이디"), self.username)
        form.addRow(self.tr("비밀번호"), self.password)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(40, 32, 40, 24)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.button)
        layout.addWidget(self.message)
        layout.addWidget(self.accept_older_button)
        layout.addWidget(self.cloud_warning)
        layout.addStretch(1)
        layout.addWidget(where)
        self.button.clicked.connect(self.sign_in)
        self.username.returnPressed.connect(self.password.setFocus)
        self.password.returnPressed.connect(self.sign_in)
        self.resize(440, 340)
        self.warm_up = start_warm_up()
        self._show_cloud_warning(_cloud_warning(self.db_path))  # a path check only: no database work

    def _show_cloud_warning(self, text: str | None) -> None:
        self.cloud_warning.setText(self.tr("⚠ {0}").format(text) if text else "")
        self.cloud_warning.setVisible(bool(text))

    def sign_in(self, accept_older: bool = False) -> None:
        if not self.username.text().strip() or not self.password.text():
            self.message.setText(self.tr("아이디와 비밀번호를 입력하세요."))
            return
        self.button.setEnabled(False)
        self.accept_older_button.hide()
        self.message.setStyleSheet("color:#444;")
        self.message.setText(self.tr("확인 중…"))
        self.runner.submit(_sign_in, self.db_path, self.username.text(), self.password.text(), accept_older,
                           on_done=self._done, on_error=self._failed, owner=self)

    def accept_older(self) -> None:
        """An administrator confirms that the older copy is the one to use from now on."""
        from . import messages
        if messages.ask(self, self.tr("오래된 사본 사용 승인"),
                        self.tr("이 파일은 이 컴퓨터에서 마지막으로 쓴 것보다 오래된 사본입니다. 그 뒤에 기록한 내용은 "
                                "이 파일에 없습니다.\n\n백업에서 되살린 파일처럼 이 사본을 쓰기로 확인했다면 승인하세요. "
                                "승인은 관리자만 할 수 있고 접속기록에 남습니다. 승인할까요?")):
            self.sign_in(accept_older=True)

    def _done(self, result) -> None:
        if isinstance(result, OlderCopy):
            self._failed(result.message)
            self.accept_older_button.show()
            return
        ctx = result
        self.password.clear()
        self.message.clear()
        self.button.setEnabled(True)
        self.signed_in.emit(ctx)

    def _failed(self, message: str) -> None:
        self.button.setEnabled(True)
        self.message.setStyleSheet("color:#b3261e;")
        self.message.setText(message)
        self.failed.emit(message)
        self.password.selectAll()
        self.password.setFocus()


class SetupDialog(FormDialog):
    """First run: a new encrypted database with the center, its 동 and the first administrator."""

    def __init__(self, runner: TaskRunner, db_path: Path, parent=None, kdf=None):
        super().__init__(runner, None, self.tr("새 데이터베이스 만들기"), parent)
        from app.services import rules
        self.db_path, self.kdf = Path(db_path), kdf
        self.join_dialog = None
        self.form.addRow(self._join_choice())
        heading = QLabel(self.tr("새 센터 만들기 (센터에 처음 설치하는 관리자)"))
        heading.setStyleSheet("font-weight:bold; margin-top:6px;")
        self.form.addRow(heading)
        intro = QLabel(self.tr("이 컴퓨터에 새 사례관리 데이터베이스를 만듭니다. 자료는 암호화되어 저장됩니다."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.center = self.add_row(self.tr("기관명"), "center", QLineEdit())
        self.district = self.add_row(self.tr("시·군·구"), "district", QLineEdit())
        self.dongs = self.add_row(self.tr("행정동 (한 줄에 하나)"), "dongs", text_area(self.tr("천연동\n연희동"), rows=4))
        sets = rules.load("case_types")["sets"]
        self.case_type_set = self.add_row(self.tr("사례 유형 체계"), "type_set",
                                          combo(((v["label"], k) for k, v in sets.items()), "district"))
        self.admin_user = self.add_row(self.tr("관리자 아이디"), "admin_user", QLineEdit("admin"))
        self.admin_name = self.add_row(self.tr("관리자 이름"), "admin_name", QLineEdit())
        self.password = self.add_row(self.tr("비밀번호"), "password", QLineEdit())
        self.password2 = self.add_row(self.tr("비밀번호 확인"), "password2", QLineEdit())
        for w in (self.password, self.password2):
            w.setEchoMode(QLineEdit.EchoMode.Password)
        self.save_button.setText(self.tr("만들기"))
        self.resize(580, 620)  # room for the join choice above the form

    def _join_choice(self) -> QWidget:
        """The other first-run choice: a laptop of a center that already has a hub joins it instead
        (creating a center there would make a second, separate one)."""
        box = QWidget()
        box.setObjectName("joinChoice")
        box.setStyleSheet("#joinChoice { background:#e8f0fe; border-radius:4px; }")
        text = QLabel(self.tr("센터에 이미 사례관리 서버가 있나요? 직원 노트북은 새 센터를 만들지 말고 센터 서버에 "
                              "연결하세요. 여기서 새로 만들면 서버와 이어지지 않는 별도의 센터가 됩니다."))
        text.setWordWrap(True)
        self.join_button = QPushButton(self.tr("기존 센터 서버에 연결…"))
        self.join_button.clicked.connect(lambda: self.open_join())
        row = QHBoxLayout(box)
        row.setContentsMargins(10, 8, 10, 8)
        row.addWidget(text, 1)
        row.addWidget(self.join_button)
        return box

    def open_join(self, **options):
        """기존 센터 서버에 연결: its success is this dialog's success (`saved` with the context)."""
        from .join import JoinDialog
        dialog = JoinDialog(self.runner, self.db_path, parent=self, kdf=self.kdf, **options)
        dialog.saved.connect(self._joined)
        self.join_dialog = dialog
        dialog.open()
        return dialog

    def _joined(self, ctx) -> None:
        self.saved.emit(ctx)
        QDialog.accept(self)

    def draft_fields(self):  # never keep passwords anywhere
        return {}

    def _dongs(self) -> list[str]:
        return [line.strip() for line in self.dongs.toPlainText().splitlines() if line.strip()]

    def problems(self) -> list[str]:
        from app.services import accounts
        from app.services.errors import ValidationError
        out = [p for p in (length_problem(self.center.text(), "기관명", 100, required=True),
                           length_problem(self.admin_name.text(), "관리자 이름", 50, required=True),
                           length_problem(self.admin_user.text(), "관리자 아이디", 50, required=True)) if p]
        if not self._dongs():
            out.append("행정동을 하나 이상 입력하세요.")
        if len(set(self._dongs())) != len(self._dongs()):
            out.append("같은 행정동이 두 번 있습니다.")
        try:
            accounts.check_password(self.password.text())
        except ValidationError as exc:
            out.append(str(exc))
        if self.password.text() != self.password2.text():
            out.append("비밀번호 확인이 맞지 않습니다.")
        return out

    def save_call(self):
        from app.services import accounts
        center = accounts.NewCenter(name=self.center.text(), district=self.district.text(),
                                    dongs=tuple(self._dongs()), case_type_set=self.case_type_set.currentData())
        args = dict(admin_username=self.admin_user.text().strip(), admin_name=self.admin_name.text(),
                    admin_password=self.password.text(), kdf=self.kdf)
        path = self.db_path
        return lambda: accounts.create_database(path, center, **args)

    def reject(self) -> None:
        QDialog.reject(self)  # nothing is saved before 만들기; no draft to keep


def _cloud_warning(path: Path) -> str | None:
    from app.services import storage_check  # stdlib only: cheap at start-up
    try:
        return storage_check.cloud_sync_warning(path)
    except OSError:
        return None

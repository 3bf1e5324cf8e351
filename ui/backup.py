"""Backups in the window: 지금 백업 (background, progress, cancel), the daily automatic backup, the
list of backups with their check results, and the restore dialog (app.services.backup)."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from . import messages
from .forms import FormDialog, stretch_table
from .tasks import TaskRunner

CHECK_EVERY_MS = 60 * 60 * 1000    # the automatic backup looks once an hour whether a day has passed


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MB" if n >= 2**20 else f"{max(n, 1) // 1024} KB"


class BackupController(QObject):
    """Runs backups on a worker of their own: the database worker (saves, screens) never waits."""

    started = Signal()
    progress = Signal(int, int, str)
    finished = Signal(str)          # "" when all went well, else the Korean problem

    def __init__(self, window, parent=None):
        super().__init__(parent or window)
        self.window = window
        self.runner = TaskRunner(self)
        self.task = None
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_EVERY_MS)
        self.timer.timeout.connect(self.backup_if_due)

    @property
    def ctx(self):
        return self.window.session.ctx

    @property
    def running(self) -> bool:
        return self.task is not None and self.task.running

    def start_timer(self) -> None:
        self.timer.start()
        QTimer.singleShot(5 * 60 * 1000, self.backup_if_due)   # a few minutes after sign-in

    def backup_if_due(self) -> None:
        from app.services import backup
        if self.running or getattr(self.window, "locked", False):
            return
        self.window.session.runner.submit(backup.backup_due, self.ctx, owner=self.window,
                                          on_done=lambda due: due and self.start("auto"),
                                          on_error=lambda _m: None)

    def start(self, reason: str = "manual") -> None:
        from app.services import backup
        if self.running:
            return
        self.started.emit()
        self.task = self.runner.submit(backup.create_backup, self.ctx, reason=reason, with_control=True,
                                       on_done=self._done, on_error=self._failed,
                                       on_progress=lambda d, t, text: self.progress.emit(d, t, text))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.task = None
            self.finished.emit(self.tr("백업을 취소했습니다. 이전 백업은 그대로 있습니다."))

    def _done(self, result) -> None:
        self.task = None
        self.finished.emit(" ".join(result.problems))
        self.window.session.ctx.store.publish(_backup_changes())

    def _failed(self, message: str) -> None:
        self.task = None
        self.finished.emit(message)
        self.window.session.ctx.store.publish(_backup_changes())

    def stop_and_wait(self) -> None:
        self.timer.stop()
        if self.task is not None:
            self.task.cancel()
        self.runner.wait_idle(60000)


def _backup_changes():
    """A change notice that the home screen (which follows every change) reloads on."""
    from models.changes import Changes
    return Changes(entities=frozenset({"backup"}))


class BackupListDialog(FormDialog):
    """백업 목록: every backup with its date, folder, size, check result and the day it expires."""

    def __init__(self, window, parent=None):
        session = window.session
        super().__init__(session.runner, session.ctx, self.tr("백업 목록"), parent or window)
        self.window = window
        self.set_save_label(self.tr("닫기"))
        self.cancel_button.hide()
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels([self.tr("백업한 때"), self.tr("위치"), self.tr("크기"),
                                              self.tr("검증 결과"), self.tr("보관 기한")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        stretch_table(self.table, 3)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setWordWrap(True)
        self.backup_button = QPushButton(self.tr("지금 백업"))
        self.backup_button.clicked.connect(self.backup_now)
        self.folder_button = QPushButton(self.tr("두 번째 백업 폴더…"))
        self.folder_button.clicked.connect(self.choose_folder)
        self.folder_button.setVisible(session.ctx.actor.role.name == "ADMIN")
        self.restore_button = QPushButton(self.tr("복원…"))
        self.restore_button.clicked.connect(self.open_restore)
        self.restore_button.setVisible(session.ctx.actor.role.name != "READ_ONLY")
        row = QHBoxLayout()
        for b in (self.backup_button, self.folder_button, self.restore_button):
            row.addWidget(b)
        row.addStretch(1)
        intro = QLabel(self.tr("백업은 암호화되어 있으며 매일 한 번과 종료할 때 자동으로 만들어집니다. "
                               "최근 7일·4주·12개월의 백업을 남기고, 370일이 지난 백업은 지웁니다."))
        intro.setWordWrap(True)
        self.body_layout.addWidget(intro)
        self.body_layout.addWidget(self.folder_label)
        self.body_layout.addWidget(self.table, 1)
        self.body_layout.addWidget(self.status)
        self.body_layout.addLayout(row)
        self.resize(860, 480)
        window.backups.finished.connect(self._backup_finished)
        window.backups.progress.connect(self._backup_progress)
        self.entries = []
        self.reload()

    def save_call(self):
        return lambda: None

    def reload(self) -> None:
        from app.services import backup
        self.runner.submit(lambda ctx: (backup.list_backups(ctx), backup.second_folder(ctx)), self.ctx,
                           on_done=self._show, on_error=self.show_error, owner=self)

    def _show(self, loaded) -> None:
        entries, second = loaded
        self.entries = entries
        self.table.setRowCount(len(entries))
        for i, e in enumerate(entries):
            cells = [f"{e.created_at.astimezone():%Y-%m-%d %H:%M}" if e.created_at else "?",
                     self.tr("기본(데이터 폴더)") if e.location == "기본" else self.tr("두 번째 폴더"),
                     _size(e.size), e.result, f"{e.expires_on:%Y-%m-%d}" if e.expires_on else ""]
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if j == 3 and not e.ok:
                    item.setForeground(self.palette().color(self.palette().ColorRole.BrightText))
                    item.setText("⚠ " + text)
                self.table.setItem(i, j, item)
        self.folder_label.setText(self.tr("두 번째 백업 폴더: {0}").format(second) if second
                                  else self.tr("두 번째 백업 폴더: 지정하지 않음 (USB 드라이브나 사무실 NAS를 지정할 수 있습니다)"))
        if not entries:
            self.status.setText(self.tr("아직 백업이 없습니다."))

    def backup_now(self) -> None:
        self.status.setText(self.tr("백업 중…"))
        self.window.backups.start("manual")

    def _backup_progress(self, done: int, total: int, text: str) -> None:
        self.status.setText(self.tr("{0} {1}%").format(text, done * 100 // max(total, 1)))

    def _backup_finished(self, problem: str) -> None:
        self.status.setText(problem or self.tr("백업했고 검증도 마쳤습니다."))
        self.reload()

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("두 번째 백업 폴더"))
        if not folder:
            return
        from app.services import backup
        self.runner.submit(backup.set_second_folder, self.ctx, folder, on_done=lambda _f: self.reload(),
                           on_error=self.show_error, owner=self)

    def open_restore(self) -> None:
        dialog = RestoreDialog(self.window, self.entries, self)
        dialog.show()
        self.restore_dialog = dialog


def restore_and_sign_in(ctx, chosen, password: str):
    """Runs on the database worker: the restore, then the same person signed in to the restored file."""
    from app.services import accounts, backup
    backup.restore_in_app(ctx, chosen)
    new = accounts.sign_in(ctx.store.path, chosen.username, password, counter=ctx.generation_counter)
    new.clock = ctx.clock
    return new


class RestoreDialog(FormDialog):
    """백업에서 복원: 1) a backup from the list or a folder brought from elsewhere, and the password
    that opens it (checked, nothing changed); 2) what will happen; 3) the restore."""

    def __init__(self, window, entries, parent=None):
        session = window.session
        super().__init__(session.runner, session.ctx, self.tr("백업에서 복원"), parent or window)
        self.window = window
        self.checked = None
        self.entries = [e for e in entries if e.ok]
        self.set_save_label(self.tr("백업 확인"))
        self.step = QLabel(self.tr("1단계: 복원할 백업을 고르고, 그 백업을 여는 비밀번호를 입력하세요."))
        self.step.setStyleSheet("font-weight:bold;")
        self.list = QTableWidget(len(self.entries), 3)
        self.list.setHorizontalHeaderLabels([self.tr("백업한 때"), self.tr("위치"), self.tr("크기")])
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        stretch_table(self.list, 1)
        for i, e in enumerate(self.entries):
            for j, text in enumerate([f"{e.created_at.astimezone():%Y-%m-%d %H:%M}" if e.created_at else "?",
                                      self.tr("기본(데이터 폴더)") if e.location == "기본" else self.tr("두 번째 폴더"),
                                      _size(e.size)]):
                item = QTableWidgetItem(text)
                item.setToolTip(str(e.path))
                self.list.setItem(i, j, item)
        if self.entries:
            self.list.selectRow(0)
        self.list.itemSelectionChanged.connect(self._picked_from_list)
        self.elsewhere = QLineEdit()
        self.elsewhere.setReadOnly(True)
        self.elsewhere.setPlaceholderText(self.tr("다른 곳에서 가져온 백업 폴더"))
        browse = QPushButton(self.tr("폴더 고르기…"))
        browse.clicked.connect(self.browse)
        other = QHBoxLayout()
        other.addWidget(self.elsewhere, 1)
        other.addWidget(browse)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.watch("password", self.password)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setVisible(False)
        self.body_layout.addWidget(self.step)
        self.body_layout.addWidget(self.list, 1)
        self.body_layout.addLayout(other)
        self.body_layout.addWidget(QLabel(self.tr("비밀번호 ({0} 계정, 백업한 날에 쓰던 비밀번호)").format(
            session.ctx.actor.username)))
        self.body_layout.addWidget(self.password)
        self.body_layout.addWidget(self.summary)
        self.resize(760, 480)

    def chosen_path(self) -> Path | None:
        if self.elsewhere.text():
            return Path(self.elsewhere.text())
        rows = self.list.selectionModel().selectedRows() if self.list.selectionModel() else []
        return self.entries[rows[0].row()].path if rows else None

    def _picked_from_list(self) -> None:
        if self.list.selectionModel().selectedRows():
            self.elsewhere.clear()
        self._reset_check()

    def browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("백업 폴더 고르기"))
        if folder:
            self.elsewhere.setText(folder)
            self.list.clearSelection()
            self._reset_check()

    def _reset_check(self) -> None:
        self.checked = None
        self.summary.setVisible(False)
        self.step.setText(self.tr("1단계: 복원할 백업을 고르고, 그 백업을 여는 비밀번호를 입력하세요."))
        self.set_save_label(self.tr("백업 확인"))
        self._service_error = ""
        self.revalidate()

    def _changed(self, *a):
        super()._changed(*a)
        if self.checked is not None:
            self._reset_check()

    def problems(self) -> list[str]:
        found = []
        if self.chosen_path() is None:
            found.append(self.tr("복원할 백업을 고르세요."))
        if not self.password.text():
            found.append(self.tr("비밀번호를 입력하세요."))
        return found

    def save_call(self):
        from app.services import backup
        ctx, password = self.ctx, self.password.text()
        if self.checked is None:
            path, user = self.chosen_path(), ctx.actor.username
            return lambda: backup.open_backup(path, user, password, current=ctx.store)
        chosen = self.checked
        self.window.prepare_restore()
        return lambda: restore_and_sign_in(ctx, chosen, password)

    def _saved(self, result) -> None:
        from app.services.backup import BackupToRestore
        if isinstance(result, BackupToRestore):
            self._saving = False
            self.checked = result
            when = f"{result.created_at.astimezone():%Y-%m-%d %H:%M}" if result.created_at else self.tr("알 수 없음")
            self.step.setText(self.tr("2단계: 아래 내용을 확인하고 '복원 실행'을 누르세요."))
            self.summary.setText(self.tr(
                "백업한 때: {0}\n기관: {1}\n크기: {2}\n\n지금 쓰는 데이터베이스 파일은 지우지 않고 "
                "같은 폴더에 '…before-restore-날짜' 이름으로 보관합니다. {0} 이후 이 PC에서만 입력하고 "
                "동기화하지 않은 기록은 복원되지 않습니다. 동기화 서버에 보낸 기록은 다음 동기화 때 되돌아옵니다."
            ).format(when, result.center_name, _size(result.size)))
            self.summary.setVisible(True)
            self.set_save_label(self.tr("복원 실행"))
            self.save_button.setText(self.save_label)
            self.revalidate()
            return
        super()._saved(result)

    def after_save(self, ctx) -> None:
        self.window.restored(ctx)

"""The main window: 홈, 검색, one closable tab per open case or tool screen, and the lock.

Locking signs out for real (`accounts.sign_out` drops the key and the engine) and covers the
window; open forms are hidden with their typed text kept in memory. Unlocking signs the same
account in again and hands the new service context to every screen and open form.
"""
from __future__ import annotations

from typing import Callable

import shiboken6

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QLabel, QMainWindow, QProgressBar, QPushButton, QStackedWidget,
                               QTabWidget, QToolBar, QVBoxLayout, QWidget)

from models.changes import Changes
from models.types import Role

from . import messages
from .case_view import CaseView
from .changes import follow
from .forms import FormDialog
from .home import HomePage
from .lock import LockScreen
from .preview import PdfPreview
from .search import SearchPage
from .security import IdleWatcher, ScreenLockMonitor, clipboard_guard
from .session import UiSession, load_reference
from .sync import SyncController



# The lists loaded once after sign-in (ui.session.Reference) come from these tables.
REFERENCE_TABLES = ("center", "dong", "staff", "resource")

class MainWindow(QMainWindow):
    signed_out = Signal()

    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.last_dialog: FormDialog | None = None
        actor = session.ctx.actor
        self.setWindowTitle(self.tr("통합사례관리"))
        self.resize(1280, 820)

        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.tabCloseRequested.connect(self._close_tab)
        self.home = HomePage(session)
        self.search = SearchPage(session)
        self.tabs.addTab(self.home, self.tr("홈"))
        self.tabs.addTab(self.search, self.tr("사례 검색"))
        for i in (0, 1):  # 홈 and 검색 stay
            self.tabs.tabBar().setTabButton(i, self.tabs.tabBar().ButtonPosition.RightSide, None)
        self.pages: dict[str, QWidget] = {}  # tool screens open as tabs, one each

        # A database inside OneDrive/Dropbox/…: say so on every screen until it is moved.
        self.cloud_warning = QLabel()
        self.cloud_warning.setObjectName("cloudWarning")
        self.cloud_warning.setWordWrap(True)
        self.cloud_warning.setStyleSheet("background:#fde7e9; color:#8c1d18; padding:8px; font-weight:bold;")
        warning = self._cloud_warning()
        self.cloud_warning.setText(self.tr("⚠ {0}").format(warning) if warning else "")
        self.cloud_warning.setVisible(bool(warning))
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(0)
        # Inside the page the lock screen replaces, so no sync button shows over the lock.
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        content_layout.addWidget(self.toolbar)
        content_layout.addWidget(self.cloud_warning)
        content_layout.addWidget(self.tabs, 1)
        self.lock_screen = LockScreen(actor.display_name, actor.username)
        self.lock_screen.unlock_requested.connect(self.unlock)
        self.lock_screen.sign_out_requested.connect(self._sign_out_from_lock)
        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self.lock_screen)
        self.setCentralWidget(self.stack)
        self.locked = False
        self._hidden_windows: list[QWidget] = []
        self._action_states: dict[QAction, bool] = {}
        self._session_ended = False
        self.home.open_case.connect(self.open_case)
        self.search.open_case.connect(self.open_case)
        self.search.start_intake.connect(self.start_intake)
        self.search.new_household.connect(self.new_household)

        self.sync = SyncController(self)
        from .backup import BackupController
        self.backups = BackupController(self)
        self.quit_progress = None   # the progress window of the backup on quit, while it runs
        self._build_menus()
        self.user_label = QLabel(self.tr("{0} ({1})").format(actor.display_name, actor.role.label))
        self.busy_label = QLabel()
        self.sync_label = QLabel()
        self.sync_label.setObjectName("statusSync")
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.busy_label, 1)
        self.backup_progress = QProgressBar()
        self.backup_progress.setMaximumWidth(160)
        self.backup_cancel = QPushButton(self.tr("백업 취소"))
        self.backup_cancel.clicked.connect(self.backups.cancel)
        for w in (self.backup_progress, self.backup_cancel):
            w.setVisible(False)
            bar.addPermanentWidget(w)
        self.backups.started.connect(self._backup_started)
        self.backups.progress.connect(self._backup_progressed)
        self.backups.finished.connect(self._backup_finished)
        bar.addPermanentWidget(self.sync_label)
        self.home.loaded.connect(lambda: self._show_sync_status(self.home.data.sync_status))
        self.sync.status_changed.connect(lambda text: self.busy_label.setText(text) if text else None)
        self.sync.synced.connect(self._synced)
        session.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("처리 중…") if busy else ""))
        session.runner.error.connect(lambda message: messages.error(self, message))

        session.runner.submit(load_reference, session.ctx, on_done=self._reference_loaded, owner=self)
        follow(self, session.notices, lambda changes: changes.touches(entities=REFERENCE_TABLES),
               self._reload_reference)

        self.idle = IdleWatcher(session.reference.idle_lock_minutes, parent=self)
        self.idle.idle.connect(self.lock)
        self.idle.start()
        self.screen_lock = ScreenLockMonitor(self)
        self.screen_lock.locked.connect(self.lock)
        self.backups.start_timer()

    # --- backups (ui/backup.py): on their own worker, never holding up a save ---
    def backup_now(self) -> None:
        self.backups.start("manual")

    def show_backups(self):
        from .backup import BackupListDialog
        dialog = BackupListDialog(self)
        self.backup_dialog = dialog
        dialog.show()
        return dialog

    def _backup_started(self) -> None:
        self.backup_progress.setRange(0, 0)
        self.backup_progress.setFormat(self.tr("백업 중"))
        self.backup_progress.setVisible(True)
        self.backup_cancel.setVisible(True)
        self.backup_action.setEnabled(False)

    def _backup_progressed(self, done: int, total: int, text: str) -> None:
        self.backup_progress.setRange(0, total)
        self.backup_progress.setValue(done)
        self.backup_progress.setFormat(f"{text} %p%")

    def _backup_finished(self, problem: str) -> None:
        self.backup_progress.setVisible(False)
        self.backup_cancel.setVisible(False)
        self.backup_action.setEnabled(not self.locked)
        self.statusBar().showMessage(problem or self.tr("백업을 마쳤습니다(검증 완료)."), 10000)

    def prepare_restore(self) -> None:
        """Before the store is replaced: nothing else may be using it."""
        self.sync.stop_and_wait()
        self.backups.stop_and_wait()

    def restored(self, ctx) -> None:
        """The restore dialog put a backup in place and signed the same person in to it."""
        self.session.use_context(ctx)
        for w in self.findChildren(FormDialog) + self.findChildren(PdfPreview):
            w.ctx = ctx
        from models.changes import Changes
        ctx.store.publish(Changes.of_everything())   # every open screen reloads from the restored file
        self.backups.start_timer()
        from app.services import backup
        self.session.runner.submit(backup.restore_notice, ctx, owner=self,
                                   on_done=lambda text: text and messages.info(self, self.tr("복원했습니다"), text))

    def _cloud_warning(self) -> str | None:
        from app.services import storage_check
        try:
            return storage_check.cloud_sync_warning(self.session.db_path)
        except (AttributeError, OSError):
            return None

    def _build_menus(self) -> None:
        def action(menu, text, slot, shortcut=None):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        role = self.session.ctx.actor.role
        file_menu = self.menuBar().addMenu(self.tr("파일(&F)"))
        action(file_menu, self.tr("새 가구 등록…"), self.new_household, "Ctrl+N")
        action(file_menu, self.tr("사례회의록(사례 없이)…"), self.new_general_meeting)
        action(file_menu, self.tr("빈 동의서 인쇄…"), self.print_blank_consent)
        file_menu.addSeparator()
        self.backup_action = action(file_menu, self.tr("지금 백업"), self.backup_now)
        action(file_menu, self.tr("백업 목록·복원…"), self.show_backups)
        file_menu.addSeparator()
        self.lock_action = action(file_menu, self.tr("화면 잠금"), self.lock, "Ctrl+L")
        action(file_menu, self.tr("비밀번호 변경…"), self.change_password)
        action(file_menu, self.tr("로그아웃"), self.sign_out)
        action(file_menu, self.tr("끝내기"), self.close, "Ctrl+Q")
        view_menu = self.menuBar().addMenu(self.tr("보기(&V)"))
        action(view_menu, self.tr("홈"), lambda: self.tabs.setCurrentWidget(self.home), "Ctrl+1")
        action(view_menu, self.tr("사례 검색"), self.show_search, "Ctrl+F")
        action(view_menu, self.tr("사례회의 목록"), self.show_meetings, "Ctrl+M")
        action(view_menu, self.tr("새로 고침"), self.refresh_all, "F5")
        action(view_menu, self.tr("현재 탭 닫기"), lambda: self._close_tab(self.tabs.currentIndex()), "Ctrl+W")
        if role in (Role.SUPERVISOR, Role.ADMIN):
            admin_menu = self.menuBar().addMenu(self.tr("관리(&A)"))
            action(admin_menu, self.tr("통계…"), self.show_statistics)
            action(admin_menu, self.tr("접속기록 점검…"), self.show_access_review)
            action(admin_menu, self.tr("개인정보 파기…"), self.show_destruction)
            if role == Role.ADMIN:
                action(admin_menu, self.tr("직원 관리…"), self.show_staff)
        sync_menu = self.menuBar().addMenu(self.tr("동기화(&S)"))
        self.sync_action = action(sync_menu, self.tr("지금 동기화"), self.sync_now, "Ctrl+Shift+S")
        self.conflicts_action = action(sync_menu, self.tr("충돌 확인"), self.show_conflicts)
        sync_menu.addSeparator()
        action(sync_menu, self.tr("동기화 설정…"), self.open_sync_settings)
        sync_menu.addSeparator()
        action(sync_menu, self.tr("동기화 파일 내보내기…"), self.export_sync_file)
        action(sync_menu, self.tr("동기화 파일 가져오기…"), self.import_sync_file)
        self.sync_action.setToolTip(self.tr("지금 동기화 (Ctrl+Shift+S)"))
        self.toolbar.addAction(self.sync_action)
        self.toolbar.addAction(self.conflicts_action)
        help_menu = self.menuBar().addMenu(self.tr("도움말(&H)"))
        action(help_menu, self.tr("단축키"), lambda: messages.info(self, self.tr("단축키"), self.shortcut_list()))
        action(help_menu, self.tr("정보"), lambda: messages.info(
            self, self.tr("정보"), self.tr("통합사례관리 데스크톱 클라이언트\n자료는 이 컴퓨터에 암호화되어 저장됩니다.")))

    def shortcut_list(self) -> str:
        """Every menu shortcut as the menus have it, then the forms' and the case screen's own."""
        lines = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            for a in menu.actions() if menu else ():
                if not a.shortcut().isEmpty():
                    keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                    lines.append(f"{keys}\t{a.text().replace('&', '').rstrip('…')}")
        lines += ["", self.tr("양식에서"), self.tr("Ctrl+S 또는 Ctrl+Enter\t저장하고 닫기"),
                  self.tr("Esc\t취소 (저장하지 않은 내용이 있으면 물어봄)"), "", self.tr("사례 화면에서"),
                  self.tr("Ctrl+P\t인쇄")]
        return "\n".join(lines)

    def _reload_reference(self) -> None:
        self.session.runner.submit(load_reference, self.session.ctx, on_done=self._reference_loaded, owner=self)

    def _reference_loaded(self, reference) -> None:
        self.session.reference = reference
        self.setWindowTitle(self.tr("통합사례관리 — {0}").format(reference.center))
        self.idle.set_minutes(reference.idle_lock_minutes)
        # Case types are known now: the summary columns depend on them.
        self.home.refresh()

    # --- navigation ---
    def show_search(self) -> None:
        self.tabs.setCurrentWidget(self.search)
        self.search.focus_box()

    def case_views(self) -> list[CaseView]:
        return [self.tabs.widget(i) for i in range(self.tabs.count()) if isinstance(self.tabs.widget(i), CaseView)]

    def open_case(self, case_id: str) -> CaseView:
        for view in self.case_views():
            if view.case_id == case_id:
                self.tabs.setCurrentWidget(view)
                return view
        view = CaseView(self.session, case_id)
        index = self.tabs.addTab(view, self.tr("사례"))
        view.loaded.connect(lambda d, v=view: self.tabs.setTabText(self.tabs.indexOf(v),
                                                                   f"{d.case_no} {d.primary_name}"))
        self.tabs.setCurrentIndex(index)
        return view

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None or widget in (self.home, self.search):
            return
        self.tabs.removeTab(index)
        for key, page in list(self.pages.items()):
            if page is widget:
                del self.pages[key]
        widget.deleteLater()

    def open_page(self, key: str, title: str, make: Callable[[], QWidget]) -> QWidget:
        """A tool screen (통계, 접속기록 …) as a tab; asking again brings the open one forward."""
        page = self.pages.get(key)
        if page is None:
            page = self.pages[key] = make()
            self.tabs.addTab(page, title)
        self.tabs.setCurrentWidget(page)
        return page

    def show_meetings(self):
        from .meeting_list import MeetingListPage
        return self.open_page("meetings", self.tr("사례회의 목록"), lambda: MeetingListPage(self.session))

    def show_statistics(self):
        from .statistics import StatisticsPage
        return self.open_page("statistics", self.tr("통계"), lambda: StatisticsPage(self.session))

    def show_access_review(self):
        from .admin import AccessReviewPage
        return self.open_page("access_review", self.tr("접속기록 점검"), lambda: AccessReviewPage(self.session))

    def show_destruction(self):
        from .admin import DestructionPage
        return self.open_page("destruction", self.tr("개인정보 파기"), lambda: DestructionPage(self.session))

    def show_staff(self):
        from .admin import StaffPage
        return self.open_page("staff", self.tr("직원 관리"), lambda: StaffPage(self.session))

    def print_blank_consent(self):
        from .printing import PrintDialog, consent_job
        return self._show_dialog(PrintDialog(self.session.runner, self.session.ctx, consent_job(), parent=self))

    def change_password(self):
        from .admin import ChangePasswordDialog
        return self._show_dialog(ChangePasswordDialog(self.session.runner, self.session.ctx, self.session.db_path,
                                                      parent=self))

    # --- sync ---
    def sync_now(self) -> None:
        self.sync.sync_now()

    def show_conflicts(self):
        from .conflicts import ConflictPage

        def make():
            page = ConflictPage(self.session)
            page.changed.connect(self.refresh_sync_status)
            page.open_case.connect(self.open_case)
            return page
        page = self.open_page("conflicts", self.tr("충돌 확인"), make)
        page.refresh()
        return page

    def open_sync_settings(self) -> None:
        from .sync import settings_state
        self.session.runner.submit(settings_state, self.session.ctx, self.sync.vault_factory(),
                                   on_done=self._open_sync_settings, owner=self)

    def _open_sync_settings(self, state) -> FormDialog:
        from .dialogs.sync import SyncSettingsDialog
        dialog = SyncSettingsDialog(self.session.runner, self.session.ctx, state.settings,
                                    saved_password=state.saved_password, keyring=state.keyring,
                                    vault=self.sync.vault_factory(), check_runner=self.sync.runner, parent=self)
        dialog.saved.connect(lambda _r: self.refresh_sync_status())
        return self._show_dialog(dialog)

    def export_sync_file(self) -> FormDialog:
        from .dialogs.sync import ExportSyncFileDialog
        return self._show_dialog(ExportSyncFileDialog(self.session.runner, self.session.ctx, parent=self))

    def import_sync_file(self) -> FormDialog:
        from .dialogs.sync import ImportSyncFileDialog
        dialog = ImportSyncFileDialog(self.session.runner, self.session.ctx, parent=self)
        dialog.saved.connect(lambda _r: self._synced(None))
        return self._show_dialog(dialog)

    def refresh_sync_status(self) -> None:
        """Only the sync line (cheaper than reloading 홈)."""
        self.session.runner.submit(self.session.sync_status, self.session.ctx, on_done=self._show_sync_status,
                                   on_error=lambda _m: None, owner=self)

    def _show_sync_status(self, text: str) -> None:
        self.sync_label.setText(text)
        self.home.sync_label.setText(text)

    def _synced(self, _outcome) -> None:
        # Sync writes around the ORM, so the store saw nothing: every open screen may be stale (the
        # home page reload also renews the sync line).
        self.session.notices.publish(Changes.of_everything())

    def refresh_all(self) -> None:
        self.home.refresh()
        for view in self.case_views():
            view.refresh()

    # --- new work ---
    def _show_dialog(self, dialog: FormDialog) -> FormDialog:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

    def new_household(self) -> FormDialog:
        from .dialogs.household import HouseholdDialog
        dialog = HouseholdDialog(self.session.runner, self.session.ctx, self.session.reference.dongs, parent=self)
        dialog.saved.connect(lambda result: self.start_intake(result[0]))
        return self._show_dialog(dialog)

    def start_intake(self, household_id: str) -> None:
        """Load the household, then open the 초기상담 form for it."""
        from app.services.views import case_file
        self.session.runner.submit(case_file.household_detail, self.session.ctx, household_id,
                                   on_done=self._open_intake, owner=self)

    def _open_intake(self, household) -> FormDialog:
        from .dialogs.intake import IntakeDialog
        dialog = IntakeDialog(self.session.runner, self.session.ctx, household, parent=self)
        dialog.saved.connect(self._intake_saved)
        return self._show_dialog(dialog)

    def _intake_saved(self, case_id: str) -> None:
        self.open_case(case_id)

    def new_general_meeting(self) -> FormDialog:
        from .dialogs.meeting import MeetingDialog
        ref = self.session.reference
        mine = self.home.data.my_cases if self.home.data else ()
        return self._show_dialog(MeetingDialog(self.session.runner, self.session.ctx, center=ref.center,
                                               case_types=ref.case_types, candidates=mine, parent=self))

    # --- locking ---
    def _windows_of_this_session(self) -> list[QWidget]:
        """Visible top-level windows (forms, previews, message boxes) that belong to this window."""
        def ours(w: QWidget) -> bool:
            while w is not None:
                if w is self:
                    return True
                w = w.parentWidget()
            return False
        return [w for w in QApplication.topLevelWidgets() if w is not self and w.isVisible() and ours(w)]

    def lock(self) -> None:
        """Hide everything personal, then sign out on the worker (after any work still queued)."""
        if self.locked or self._session_ended:
            return
        from app.services import accounts
        self.locked = True
        self.idle.stop()
        self.backups.stop_and_wait()   # a backup in progress stops before the key goes
        clipboard_guard().clear()
        self._hidden_windows = self._windows_of_this_session()
        for w in self._hidden_windows:
            w.hide()
        self.stack.setCurrentWidget(self.lock_screen)
        self._set_actions_enabled(False)
        self.lock_screen.reset()
        ctx = self.session.ctx
        # If signing out fails (disk full …) the key must still go: close the store regardless.
        # A running sync is cancelled first and the store closes once it has stopped.
        self.sync.stop_then(lambda: self.session.runner.submit(accounts.sign_out, ctx,
                                                               on_error=lambda _m: ctx.store.close()))

    def show_window(self, w: QWidget) -> None:
        """Show a window that a finished task opens (e.g. a print preview); while locked it waits
        behind the lock and appears on unlock."""
        if self.locked:
            self._hidden_windows.append(w)
        else:
            w.show()

    def _set_actions_enabled(self, enabled: bool) -> None:
        """Menu shortcuts still fire under a disabled menu bar, so the actions themselves are switched."""
        actions = [a for menu in self.menuBar().actions() if menu.menu() for a in menu.menu().actions()]
        if not enabled:
            self._action_states = {a: a.isEnabled() for a in actions}
            for a in actions:
                a.setEnabled(False)
        else:
            for a, was in self._action_states.items():
                a.setEnabled(was)
        self.menuBar().setEnabled(enabled)

    def unlock(self, password: str) -> None:
        from app.services import accounts
        username = self.session.ctx.actor.username  # only the account that locked
        self.session.runner.submit(accounts.sign_in, self.session.db_path, username, password,
                                   on_done=self._unlocked, on_error=self.lock_screen.failed, owner=self)

    def _unlocked(self, ctx) -> None:
        old = self.session.ctx
        ctx.clock = old.clock  # the same "today" as before the lock (tests fix it; normally the wall clock)
        self.session.use_context(ctx)
        for w in self.findChildren(FormDialog) + self.findChildren(PdfPreview):
            w.ctx = ctx  # open forms save through the new, unlocked store
        self.locked = False
        self.stack.setCurrentIndex(0)
        self._set_actions_enabled(True)
        for w in self._hidden_windows:
            if shiboken6.isValid(w):  # a form that finished saving while locked has closed itself
                w.show()
        self._hidden_windows = []
        self.lock_screen.reset()
        self.idle.start()
        self.backups.start_timer()

    def _sign_out_from_lock(self) -> None:
        if any(shiboken6.isValid(w) and isinstance(w, FormDialog) and w.dirty
               for w in self._hidden_windows) and not messages.ask(
                self, self.tr("로그아웃"), self.tr("잠긴 화면 뒤에 저장하지 않은 양식이 있습니다. 로그아웃하면 "
                                                   "그 내용은 사라집니다. 로그아웃할까요?")):
            return
        for w in self._hidden_windows:
            if shiboken6.isValid(w):
                w.deleteLater()  # the forms' text goes with them
        self._hidden_windows = []
        self._leaving = True
        self.signed_out.emit()
        self.close()

    def end_session(self) -> None:
        """Sign out for good (log, generation bump, key dropped) unless the lock already did."""
        if self._session_ended:
            return
        self._session_ended = True
        self.idle.stop()
        self.screen_lock.stop()
        clipboard_guard().clear()
        runner = self.session.runner
        self.sync.stop_and_wait()  # the sync worker uses the store too
        self.backups.stop_and_wait()
        if not self.locked:
            from app.services import accounts
            ctx = self.session.ctx
            self._backup_before_leaving()
            runner.submit(accounts.sign_out, ctx, on_error=lambda _m: ctx.store.close())
        runner.wait_idle(10000)
        self.session.ctx.store.close()  # harmless when already closed

    def _backup_before_leaving(self) -> None:
        """The backup on quit and sign-out, on the backup worker with a progress window (shown
        only if it takes a moment). '백업 건너뛰기' stops it at its next step, the previous backups
        untouched; a failure is written down for the home screen of the next sign-in."""
        from PySide6.QtCore import QEventLoop
        from PySide6.QtWidgets import QProgressDialog
        loop = QEventLoop()
        dialog = QProgressDialog(self.tr("종료하기 전에 백업하고 있습니다. 잠시만 기다려 주세요."),
                                 self.tr("백업 건너뛰기"), 0, 0)
        dialog.setWindowTitle(self.tr("종료 시 백업"))
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.setMinimumDuration(700)
        self.quit_progress = dialog

        def progressed(done: int, total: int, _text: str) -> None:
            dialog.setMaximum(total)
            dialog.setValue(done)
        self.backups.progress.connect(progressed)
        self.backups.finished.connect(loop.quit)
        dialog.canceled.connect(self.backups.cancel)
        try:
            self.backups.start("quit")
            if self.backups.running:
                loop.exec()
        finally:
            self.backups.progress.disconnect(progressed)
            self.backups.finished.disconnect(loop.quit)
            dialog.close()
            dialog.deleteLater()
            self.quit_progress = None
        self.backups.runner.wait_idle(60000)   # a skipped backup ends at its next step

    # --- leaving ---
    def _open_forms_dirty(self) -> bool:
        return any(f.isVisible() and f.dirty for f in self.findChildren(FormDialog))

    def _confirm_leave(self) -> bool:
        if not self._open_forms_dirty():
            return True
        return messages.ask(self, self.tr("저장하지 않은 내용"),
                            self.tr("저장하지 않은 양식이 열려 있습니다. 그래도 닫을까요?"))

    def sign_out(self) -> None:
        if self._confirm_leave():
            self._leaving = True
            self.signed_out.emit()  # the sign-in window opens first, so the app does not quit
            self.close()

    def closeEvent(self, event) -> None:
        if not getattr(self, "_leaving", False) and not self._confirm_leave():
            event.ignore()
            return
        self.idle.stop()
        self.sync.stop_and_wait()
        self.session.runner.wait_idle(10000)
        super().closeEvent(event)

"""The main window: 홈, 검색 and one closable tab per open case."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMainWindow, QTabWidget

from . import messages
from .case_view import CaseView
from .forms import FormDialog
from .home import HomePage
from .search import SearchPage
from .session import UiSession, load_reference


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
        self.setCentralWidget(self.tabs)
        self.home.open_case.connect(self.open_case)
        self.search.open_case.connect(self.open_case)
        self.search.start_intake.connect(self.start_intake)
        self.search.new_household.connect(self.new_household)

        self._build_menus()
        self.user_label = QLabel(self.tr("{0} ({1})").format(actor.display_name, actor.role.label))
        self.busy_label = QLabel()
        bar = self.statusBar()
        bar.addWidget(self.user_label)
        bar.addWidget(self.busy_label, 1)
        session.runner.busy_changed.connect(lambda busy: self.busy_label.setText(self.tr("처리 중…") if busy else ""))
        session.runner.error.connect(lambda message: messages.error(self, message))

        session.runner.submit(load_reference, session.ctx, on_done=self._reference_loaded, owner=self)

    def _build_menus(self) -> None:
        def action(menu, text, slot, shortcut=None):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            menu.addAction(a)
            return a

        file_menu = self.menuBar().addMenu(self.tr("파일(&F)"))
        action(file_menu, self.tr("새 가구 등록…"), self.new_household, "Ctrl+N")
        action(file_menu, self.tr("사례회의록(사례 없이)…"), self.new_general_meeting)
        file_menu.addSeparator()
        action(file_menu, self.tr("로그아웃"), self.sign_out)
        action(file_menu, self.tr("끝내기"), self.close, "Ctrl+Q")
        view_menu = self.menuBar().addMenu(self.tr("보기(&V)"))
        action(view_menu, self.tr("홈"), lambda: self.tabs.setCurrentWidget(self.home), "Ctrl+1")
        action(view_menu, self.tr("사례 검색"), self.show_search, "Ctrl+F")
        action(view_menu, self.tr("새로 고침"), self.refresh_all, "F5")
        action(view_menu, self.tr("현재 사례 탭 닫기"), lambda: self._close_tab(self.tabs.currentIndex()), "Ctrl+W")
        help_menu = self.menuBar().addMenu(self.tr("도움말(&H)"))
        action(help_menu, self.tr("정보"), lambda: messages.info(
            self, self.tr("정보"), self.tr("통합사례관리 데스크톱 클라이언트\n자료는 이 컴퓨터에 암호화되어 저장됩니다.")))

    def _reference_loaded(self, reference) -> None:
        self.session.reference = reference
        self.setWindowTitle(self.tr("통합사례관리 — {0}").format(reference.center))
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
        view.changed.connect(self.home.refresh)
        self.tabs.setCurrentIndex(index)
        return view

    def _close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if isinstance(widget, CaseView):
            self.tabs.removeTab(index)
            widget.deleteLater()

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
        from app.services import views
        self.session.runner.submit(views.household_detail, self.session.ctx, household_id,
                                   on_done=self._open_intake, owner=self)

    def _open_intake(self, household) -> FormDialog:
        from .dialogs.intake import IntakeDialog
        dialog = IntakeDialog(self.session.runner, self.session.ctx, household, parent=self)
        dialog.saved.connect(self._intake_saved)
        return self._show_dialog(dialog)

    def _intake_saved(self, case_id: str) -> None:
        self.open_case(case_id)
        self.home.refresh()

    def new_general_meeting(self) -> FormDialog:
        from .dialogs.meeting import MeetingDialog
        ref = self.session.reference
        mine = self.home.data.my_cases if self.home.data else ()
        return self._show_dialog(MeetingDialog(self.session.runner, self.session.ctx, center=ref.center,
                                               case_types=ref.case_types, candidates=mine, parent=self))

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
        self.session.runner.wait_idle(10000)
        super().closeEvent(event)

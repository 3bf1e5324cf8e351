"""사례회의 목록: the center's recent meetings, where minutes are printed (identified or not)."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from . import messages
from .changes import follow
from .models import meeting_columns
from .session import UiSession
from .widgets import ListPanel

MEETING_TABLES = ("meeting", "meeting_attendee", "meeting_decision")


class MeetingListPage(QWidget):
    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.last_dialog = None
        self.meetings = ListPanel(self.tr("사례회의 (최근 1년)"), meeting_columns(), stretch_column=2,
                                  empty=self.tr("기록된 사례회의가 없습니다."))
        self.print_button = self.meetings.add_button(self.tr("회의록 인쇄…"), self.print_selected)
        self.meetings.add_button(self.tr("새로 고침"), self.refresh)
        self.meetings.table.activated_row.connect(lambda row: self.print_meeting(row))
        layout = QVBoxLayout(self)
        layout.addWidget(self.meetings)
        follow(self, session.notices, lambda changes: changes.touches(entities=MEETING_TABLES), self.refresh)
        self.refresh()

    def refresh(self) -> None:
        from app.services.views import home
        self.session.runner.submit(home.meeting_rows, self.session.ctx, on_done=self.meetings.set_rows,
                                   on_error=lambda m: messages.error(self, m), owner=self)

    def print_selected(self):
        row = self.meetings.table.current_row()
        if row is None:
            messages.info(self, self.tr("회의록 인쇄"), self.tr("인쇄할 회의를 목록에서 고르세요."))
            return None
        return self.print_meeting(row)

    def print_meeting(self, row):
        from .printing import PrintDialog, minutes_job
        dialog = PrintDialog(self.session.runner, self.session.ctx, minutes_job(row.meeting_id, row.held_at),
                             parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.last_dialog = dialog
        dialog.open()
        return dialog

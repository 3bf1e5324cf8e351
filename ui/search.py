"""사례 검색: results appear while typing (name, part of a name, 초성, phone, address, 동, RRN front).

Typing restarts a 200 ms timer; only then is a query sent to the database worker. A query still
queued when the next one is sent is dropped, and a late answer to an older query is ignored, so
the list always matches what is in the box and the window never waits on the database.
"""
from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from .changes import follow
from .models import person_columns
from .session import UiSession
from .widgets import RowTable

DEBOUNCE_MS = 200


def run_search(ctx, text: str):
    from app.services import queries
    return text, queries.search_people(ctx, text, limit=200)


class SearchPage(QWidget):
    open_case = Signal(str)
    start_intake = Signal(str)  # household id of a person with no case yet
    new_household = Signal()
    results_shown = Signal(int)

    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self._task = None
        self.box = QLineEdit()
        self.box.setPlaceholderText(self.tr("이름, 초성(ㄱㅁㅅ), 전화번호, 주소, 동, 주민등록번호 앞자리"))
        self.box.setClearButtonEnabled(True)
        self.box.textChanged.connect(self._typed)
        self.box.returnPressed.connect(self._search_now)
        self.status = QLabel()
        self.table = RowTable(person_columns(), stretch_column=4)
        self.table.activated_row.connect(self._activate)
        self.new_button = QPushButton(self.tr("새 가구 등록…"))
        self.new_button.clicked.connect(self.new_household)
        self.intake_button = QPushButton(self.tr("선택한 사람 초기상담…"))
        self.intake_button.clicked.connect(self._intake_selected)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("검색")))
        top.addWidget(self.box, 1)
        top.addWidget(self.new_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.intake_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(bottom)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._search_now)
        # Shown results name people, households and their cases: a change to those asks again.
        follow(self, session.notices, lambda changes: bool(self.box.text().strip()) and changes.touches(
            entities=("member", "household", "case_file")), self._search_now)

    def _typed(self, _text: str) -> None:
        self._timer.start()

    def _search_now(self) -> None:
        self._timer.stop()
        text = self.box.text().strip()
        if self._task is not None:
            self._task.cancel()
        if not text:
            self.table.set_rows([])
            self.status.setText("")
            return
        self.status.setText(self.tr("찾는 중…"))
        self._task = self.session.runner.submit(run_search, self.session.ctx, text, on_done=self._show,
                                                on_error=self.status.setText, owner=self)

    def _show(self, result) -> None:
        text, hits = result
        if text != self.box.text().strip():
            return  # the box changed since: a newer query is on its way
        self.table.set_rows(hits)
        self.status.setText(self.tr("{0}명 찾음").format(len(hits)) if hits else self.tr("찾는 사람이 없습니다."))
        self.results_shown.emit(len(hits))

    def _activate(self, hit) -> None:
        if hit.case_id:
            self.open_case.emit(hit.case_id)
        else:
            self.start_intake.emit(hit.household_id)

    def _intake_selected(self) -> None:
        hit = self.table.current_row()
        if hit is not None:
            self.start_intake.emit(hit.household_id)

    def focus_box(self) -> None:
        self.box.setFocus()
        self.box.selectAll()

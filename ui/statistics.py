"""통계: seed 000's tables for a period and 동 (supervisors and administrators), exported as PDF,
HWPX (한글) or Excel to a file the user chooses, in the background with progress. The service logs
each query and export."""
from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (QGridLayout, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from . import messages
from .forms import Combo, date_edit, py_date
from .models import (statistics_count_columns, statistics_dong_columns, statistics_long_open_columns,
                     statistics_type_columns)
from .printing import export_file, export_path
from .session import UiSession
from .widgets import ListPanel


class StatisticsPage(QWidget):
    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self.data = None
        today = session.ctx.today()
        self.start = date_edit(date(today.year, 1, 1))
        self.end = date_edit(today)
        self.dong = Combo()
        self.dong.addItem(self.tr("전체"), "")
        for d in session.reference.dongs:
            self.dong.addItem(d.name, d.name)
        self.show_button = QPushButton(self.tr("조회"))
        self.show_button.setDefault(True)
        self.pdf_button = QPushButton(self.tr("PDF로 내보내기…"))
        self.hwpx_button = QPushButton(self.tr("한글(HWPX)로 내보내기…"))
        self.xlsx_button = QPushButton(self.tr("Excel로 내보내기…"))
        self.hwpx_button.clicked.connect(lambda: self.export("hwpx"))
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(180)
        self.progress.hide()
        self.show_button.clicked.connect(self.refresh)
        self.pdf_button.clicked.connect(lambda: self.export("pdf"))
        self.xlsx_button.clicked.connect(lambda: self.export("xlsx"))
        self.status = QLabel()
        self.status.setObjectName("statisticsStatus")
        top = QHBoxLayout()
        for label, widget in ((self.tr("기간"), self.start), ("~", self.end), (self.tr("행정동"), self.dong)):
            top.addWidget(QLabel(label))
            top.addWidget(widget)
        top.addWidget(self.show_button)
        top.addWidget(self.status, 1)
        top.addWidget(self.progress)
        top.addWidget(self.pdf_button)
        top.addWidget(self.hwpx_button)
        top.addWidget(self.xlsx_button)

        # The label column takes the spare width, so the number columns stay side by side.
        self.counts = ListPanel(self.tr("선정 및 진행 현황"), statistics_count_columns(), stretch_column=0,
                                empty=self.tr("기간 안에 개시한 사례가 없습니다."))
        self.types = ListPanel(self.tr("사례관리대상자 유형 구분"), statistics_type_columns(), stretch_column=1)
        self.per_dong = ListPanel(self.tr("동별 현황"), statistics_dong_columns(), stretch_column=0)
        self.long_open = ListPanel(self.tr("장기 미종결 (개시 연도별)"), statistics_long_open_columns(), stretch_column=0,
                                   empty=self.tr("장기 미종결 사례가 없습니다."))
        grid = QGridLayout()
        grid.addWidget(self.counts, 0, 0)
        grid.addWidget(self.per_dong, 0, 1)
        grid.addWidget(self.types, 1, 0)
        grid.addWidget(self.long_open, 1, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(grid, 1)
        self._enable_exports(False)

    def _period(self) -> tuple[date, date, str] | None:
        start, end = py_date(self.start), py_date(self.end)
        if end < start:
            messages.error(self, self.tr("기간의 끝이 시작보다 앞섭니다."))
            return None
        return start, end, self.dong.currentData()

    def _enable_exports(self, enabled: bool) -> None:
        self.pdf_button.setEnabled(enabled)
        self.hwpx_button.setEnabled(enabled)
        self.xlsx_button.setEnabled(enabled)

    def refresh(self) -> None:
        from app.services import printing
        period = self._period()
        if period is None:
            return
        self.show_button.setEnabled(False)
        self.status.setText(self.tr("집계 중…"))
        self.session.runner.submit(printing.statistics_data, self.session.ctx, *period, on_done=self._show,
                                   on_error=self._failed, owner=self)

    def _show(self, data) -> None:
        self.data = data
        self.show_button.setEnabled(True)
        self.status.setText(self.tr("{0} ~ {1} · {2}").format(data.period_start, data.period_end,
                                                              data.dong or self.tr("전체")))
        self.counts.set_rows(data.case_counts)
        self.types.set_rows(data.household_types)
        self.per_dong.set_rows(data.per_dong)
        self.long_open.set_rows(data.long_open)
        self._enable_exports(True)

    def _failed(self, message: str) -> None:
        self.show_button.setEnabled(True)
        self.status.setText("")
        messages.error(self, message)

    def export(self, kind: str) -> None:
        from app.services import printing
        period = self._period()
        if period is None:
            return
        start, end, dong = period
        stem = f"통계_{start:%Y%m%d}-{end:%Y%m%d}" + (f"_{dong}" if dong else "")
        path = export_path(self, self.tr("통계 내보내기"), stem, kind)
        if path is None:
            return
        render = {"pdf": printing.statistics_pdf, "hwpx": printing.statistics_hwpx,
                  "xlsx": printing.statistics_xlsx}[kind]
        ctx = self.session.ctx
        self._enable_exports(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.session.runner.submit(export_file, path, lambda: render(ctx, start, end, dong),
                                   on_done=self._exported, on_error=self._export_failed,
                                   on_progress=self._progress, owner=self)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(self.tr(text) if text else "%p%")

    def _exported(self, path: str) -> None:
        self.progress.hide()
        self._enable_exports(True)
        self.status.setText(self.tr("저장했습니다: {0}").format(path.replace("\\", "/").rsplit("/", 1)[-1]))

    def _export_failed(self, message: str) -> None:
        self.progress.hide()
        self._enable_exports(True)
        messages.error(self, message)

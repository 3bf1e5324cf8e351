"""홈: my caseload by stage and case type, monitoring due, long-open cases, upcoming meetings,
referrals awaiting a reply, consents to renew, and the sync status. Loaded in one background task with progress."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QFrame, QGroupBox, QHeaderView, QHBoxLayout, QLabel, QProgressBar, QPushButton,
                               QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from models.types import Stage

from . import messages
from .changes import follow
from .forms import Combo, stretch_table
from .models import (Column, awaiting_reply_columns, case_columns, long_open_columns, meeting_columns,
                     monitoring_columns)
from .session import UiSession
from .widgets import ListPanel


@dataclass(frozen=True)
class HomeData:
    my_cases: tuple
    monitoring: tuple
    long_open: tuple
    meetings: tuple
    awaiting: tuple
    sync_status: str
    backup_notice: str | None = None    # a failed, missing or old backup; or what a restore left out
    renewals: tuple = ()                # 동의 갱신 예정 (app.services.views.home.ConsentRenewalRow)


def backup_notice(ctx) -> str | None:
    from app.services import backup
    lines = [line for line in (backup.restore_notice(ctx), backup.home_warning(ctx)) if line]
    return "\n".join(lines) or None


def load_home(ctx, sync_status, control) -> HomeData:
    """Runs on the database worker; reports each list as a step so the user can cancel."""
    from app.services import queries
    from app.services.views import home as home_lists
    steps = [("내 사례", lambda: queries.my_cases(ctx)),
             ("점검 예정", lambda: queries.monitoring_due(ctx, within_days=7)),
             ("장기 미종결", lambda: queries.long_open_cases(ctx)),
             ("회의 일정", lambda: home_lists.upcoming_meeting_rows(ctx)),
             ("회신 대기", lambda: home_lists.awaiting_reply_rows(ctx)),
             ("동기화 상태", lambda: sync_status(ctx)),
             ("백업 상태", lambda: backup_notice(ctx)),
             ("동의 갱신", lambda: home_lists.consent_renewal_rows(ctx))]
    results = []
    for i, (label, step) in enumerate(steps):
        control.progress(i, len(steps), label)
        results.append(step())
    control.progress(len(steps), len(steps), "")
    return HomeData(*(tuple(r) if isinstance(r, list) else r for r in results))


def renewal_columns() -> list[Column]:
    def tr(text: str) -> str:
        return QCoreApplication.translate("Columns", text)
    return [Column(tr("사례번호"), lambda r: r.case_no), Column(tr("동의한 사람"), lambda r: r.name),
            Column(tr("동의 종류"), lambda r: r.kind.label),
            Column(tr("기간 만료일"), lambda r: r.ends_on, highlight=lambda r: r.expired),
            Column(tr("남은 날"), lambda r: tr("만료됨") if r.expired else tr("{0}일").format(r.days_left),
                   align_right=True)]


class HomePage(QWidget):
    open_case = Signal(str)
    loaded = Signal()

    def __init__(self, session: UiSession, parent=None):
        super().__init__(parent)
        self.session = session
        self._task = None
        self._stale = False   # a change arrived while loading: load once more after
        today = session.ctx.today()
        self.data: HomeData | None = None

        self.greeting = QLabel(self.tr("{0}님의 사례 현황").format(session.ctx.actor.display_name))
        self.greeting.setStyleSheet("font-size:15pt; font-weight:bold;")
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        self.progress.setTextVisible(True)
        self.cancel_button = QPushButton(self.tr("취소"))
        self.cancel_button.clicked.connect(self.cancel)
        self.refresh_button = QPushButton(self.tr("새로 고침"))
        self.refresh_button.clicked.connect(self.refresh)
        self.sync_label = QLabel(self.tr("동기화 상태 확인 중…"))
        self.sync_label.setObjectName("syncStatus")
        top = QHBoxLayout()
        top.addWidget(self.greeting)
        top.addStretch(1)
        top.addWidget(self.sync_label)
        top.addSpacing(16)
        top.addWidget(self.progress)
        top.addWidget(self.cancel_button)
        top.addWidget(self.refresh_button)

        self.backup_label = QLabel()
        self.backup_label.setObjectName("backupNotice")
        self.backup_label.setWordWrap(True)
        self.backup_label.setStyleSheet("background:#fff4ce; color:#5c3c00; padding:6px;")
        self.backup_label.setVisible(False)

        self.summary = QTableWidget()
        stretch_table(self.summary)
        self.summary.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.summary.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        summary_box = QGroupBox(self.tr("내 사례 — 단계·유형별"))
        QVBoxLayout(summary_box).addWidget(self.summary)

        self.my_cases = ListPanel(self.tr("내 사례"), case_columns(), empty=self.tr("맡은 사례가 없습니다."))
        self.stage_filter = Combo()
        self.stage_filter.addItem(self.tr("모든 단계"), None)
        for stage in Stage:
            self.stage_filter.addItem(stage.label, stage)
        self.stage_filter.currentIndexChanged.connect(self._filter_my_cases)
        self.my_cases.buttons.addWidget(QLabel(self.tr("단계")))
        self.my_cases.buttons.addWidget(self.stage_filter)
        self.my_cases.buttons.addStretch(1)
        self.monitoring = ListPanel(self.tr("점검 예정 (7일 이내)"), monitoring_columns(today),
                                    empty=self.tr("점검할 사례가 없습니다."))
        self.long_open = ListPanel(self.tr("장기 미종결"), long_open_columns(today),
                                   empty=self.tr("장기 미종결 사례가 없습니다."))
        self.meetings = ListPanel(self.tr("다가오는 사례회의 (14일)"), meeting_columns(),
                                  empty=self.tr("예정된 회의가 없습니다."))
        self.awaiting = ListPanel(self.tr("회신 대기 의뢰"), awaiting_reply_columns(session.reference.reply_days),
                                  empty=self.tr("회신을 기다리는 의뢰가 없습니다."))
        self.renewals = ListPanel(self.tr("동의 갱신 예정 (30일 이내·만료)"), renewal_columns(),
                                  empty=self.tr("갱신할 동의가 없습니다."))
        self.renewals.table.activated_row.connect(lambda r: self.open_case.emit(r.case_id))
        for panel in (self.my_cases, self.long_open):
            panel.table.activated_row.connect(lambda row: self.open_case.emit(row.case_id))
        self.monitoring.table.activated_row.connect(lambda due: self.open_case.emit(due.row.case_id))
        self.awaiting.table.activated_row.connect(lambda r: self.open_case.emit(r.case_id))

        # Left: my caseload; right: what needs doing soon.
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(summary_box)
        left.addWidget(self.my_cases, 3)
        left.addWidget(self.meetings, 1)
        right.addWidget(self.monitoring, 1)
        right.addWidget(self.awaiting, 1)
        right.addWidget(self.renewals, 1)
        right.addWidget(self.long_open, 1)
        # The lists scroll as one page when the window is shorter than they need (an office laptop
        # at 125% leaves about 574 pixels): the main window then fits the screen.
        lists = QWidget()
        columns = QHBoxLayout(lists)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(lists)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.backup_label)
        layout.addWidget(scroll, 1)
        self._set_loading(False)
        follow(self, session.notices, bool, self.refresh)  # every list here reads cases and their records

    # --- loading ---
    def refresh(self) -> None:
        if self._task is not None and self._task.running:
            self._stale = True
            return
        self._stale = False
        self._set_loading(True)
        self._task = self.session.runner.submit(load_home, self.session.ctx, self.session.sync_status,
                                                on_done=self._show, on_error=self._failed,
                                                on_progress=self._progress, owner=self)

    def cancel(self) -> None:
        if self._task is not None:
            self._task.cancel()
        self._set_loading(False)

    def _set_loading(self, loading: bool) -> None:
        self.progress.setVisible(loading)
        self.cancel_button.setVisible(loading)
        self.refresh_button.setEnabled(not loading)
        if loading:
            self.progress.setRange(0, 0)

    def _progress(self, done: int, total: int, label: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(f"{label} %v/%m" if label else "%v/%m")

    def _failed(self, message: str) -> None:
        self._set_loading(False)
        messages.error(self, message)
        self._reload_if_stale()

    def _reload_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def _show(self, data: HomeData) -> None:
        self.data = data
        self._set_loading(False)
        self.sync_label.setText(data.sync_status)
        self.backup_label.setText(self.tr("⚠ {0}").format(data.backup_notice) if data.backup_notice else "")
        self.backup_label.setVisible(bool(data.backup_notice))
        self._fill_summary(data.my_cases)
        self._filter_my_cases()
        self.monitoring.set_rows(data.monitoring)
        self.long_open.set_rows(data.long_open)
        self.meetings.set_rows(data.meetings)
        self.awaiting.set_rows(data.awaiting)
        self.renewals.set_rows(data.renewals)
        self.loaded.emit()
        self._reload_if_stale()

    def _filter_my_cases(self) -> None:
        if self.data is None:
            return
        stage = self.stage_filter.currentData()
        self.my_cases.set_rows([r for r in self.data.my_cases if stage is None or r.stage == stage])

    def _fill_summary(self, rows) -> None:
        """Counts of my cases: a row per stage present, a column per case type (plus 미정, 계)."""
        types = list(self.session.reference.case_types)
        undecided = self.tr("미정")
        columns = types + [undecided, self.tr("계")]
        counts = Counter((r.stage, r.case_type if r.case_type in types else undecided) for r in rows)
        stages = [s for s in Stage if any(r.stage == s for r in rows)]
        self.summary.clear()
        self.summary.setColumnCount(len(columns) + 1)
        self.summary.setRowCount(len(stages) + 1)
        self.summary.setHorizontalHeaderLabels([self.tr("단계")] + columns)
        for i, stage in enumerate(stages + [None]):
            label = stage.label if stage else self.tr("합계")
            self.summary.setItem(i, 0, QTableWidgetItem(label))
            for j, col in enumerate(columns):
                if col == columns[-1]:
                    n = sum(v for (s, _), v in counts.items() if stage is None or s == stage)
                else:
                    n = sum(v for (s, t), v in counts.items() if t == col and (stage is None or s == stage))
                item = QTableWidgetItem(str(n) if n else "·")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.summary.setItem(i, j + 1, item)
        header = self.summary.horizontalHeader()
        for j in range(1, len(columns) + 1):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.Stretch)
        # Show every row without a scroll bar: the table is a summary, not a list.
        height = header.height() + sum(self.summary.rowHeight(i) for i in range(self.summary.rowCount()))
        self.summary.setFixedHeight(height + 2 * self.summary.frameWidth() + 2)

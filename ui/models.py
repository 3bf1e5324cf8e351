"""Qt item models over lists of immutable rows (the frozen dataclasses of app.services).

One generic table model does the work; each screen only declares its columns. Rows arrive whole
from a background task, but the view is fed in batches through canFetchMore/fetchMore, so a list
of 20,000 cases costs the view no more than the rows scrolled into sight.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QCoreApplication, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object itself, for the screen that handles a click
BATCH = 200

Index = QModelIndex | QPersistentModelIndex


def display(value: Any) -> str:
    """How a cell shows a value: dates as YYYY-MM-DD, enums by their Korean label, money with commas."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return getattr(value, "label", value.value)
    if isinstance(value, bool):
        return QCoreApplication.translate("RowModels", "예") if value else \
            QCoreApplication.translate("RowModels", "아니오")
    if isinstance(value, (list, tuple)):
        return ", ".join(display(v) for v in value)
    return str(value)


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Any], Any]
    align_right: bool = False
    tooltip: Callable[[Any], str] | None = None
    highlight: Callable[[Any], bool] | None = None  # e.g. overdue rows


class RowTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], parent=None, batch: int = BATCH):
        super().__init__(parent)
        self._columns = list(columns)
        self._all: list[Any] = []
        self._shown = 0
        self._batch = batch
        self._fetching = False

    # --- feeding ---
    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._all = list(rows)
        self._shown = min(len(self._all), self._batch)
        self.endResetModel()

    def row_at(self, row: int) -> Any:
        return self._all[row] if 0 <= row < self._shown else None

    def total(self) -> int:
        return len(self._all)

    def rows(self) -> list[Any]:
        return list(self._all)

    # --- lazy loading ---
    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:
        return not parent.isValid() and not self._fetching and self._shown < len(self._all)

    def fetchMore(self, parent: Index = QModelIndex()) -> None:
        # Views (and the model tester) may ask again from inside the insert notification.
        if parent.isValid() or self._fetching:
            return
        more = min(self._batch, len(self._all) - self._shown)
        if more <= 0:
            return
        self._fetching = True
        try:
            self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
            self._shown += more
            self.endInsertRows()
        finally:
            self._fetching = False

    # --- the table ---
    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= self._shown or index.column() >= len(self._columns):
            return None
        row = self._all[index.row()]
        col = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            text = display(col.value(row))
            return text.replace("\n", " ")[:200]  # one line per cell; the detail pane shows the rest
        if role == Qt.ItemDataRole.ToolTipRole and col.tooltip is not None:
            return col.tooltip(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col.highlight is not None and col.highlight(row):
            return QBrush(QColor("#b3261e"))
        if role == ROW_ROLE:
            return row
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


translate = QCoreApplication.translate  # pyside6-lupdate finds translate("Context", "literal") calls


# --- column sets for each list the screens show --------------------------------------------------
# Built by functions (not module constants) so headers are translated after the translator is set.


def case_columns() -> list[Column]:
    return [Column(translate("Columns", "사례번호"), lambda r: r.case_no), Column(translate("Columns", "대상자"), lambda r: r.name),
            Column(translate("Columns", "행정동"), lambda r: r.dong), Column(translate("Columns", "단계"), lambda r: r.stage),
            Column(translate("Columns", "사례유형"), lambda r: r.case_type), Column(translate("Columns", "개시일"), lambda r: r.opened_on),
            Column(translate("Columns", "담당자"), lambda r: r.manager)]


def monitoring_columns(today: date) -> list[Column]:
    return [Column(translate("Columns", "사례번호"), lambda r: r.row.case_no), Column(translate("Columns", "대상자"), lambda r: r.row.name),
            Column(translate("Columns", "사례유형"), lambda r: r.row.case_type),
            Column(translate("Columns", "주기(일)"), lambda r: r.interval_days, align_right=True),
            Column(translate("Columns", "최근 점검"), lambda r: r.last_contact.date() if r.last_contact else translate("Columns", "없음")),
            Column(translate("Columns", "점검 예정일"), lambda r: r.due_on, highlight=lambda r: r.due_on < today)]


def long_open_columns(today: date) -> list[Column]:
    return [Column(translate("Columns", "사례번호"), lambda r: r.case_no), Column(translate("Columns", "대상자"), lambda r: r.name),
            Column(translate("Columns", "단계"), lambda r: r.stage), Column(translate("Columns", "개시일"), lambda r: r.opened_on),
            Column(translate("Columns", "경과(일)"), lambda r: (today - r.opened_on).days, align_right=True),
            Column(translate("Columns", "담당자"), lambda r: r.manager)]


def meeting_columns() -> list[Column]:
    return [Column(translate("Columns", "일시"), lambda r: r.held_at), Column(translate("Columns", "회의"), lambda r: r.kind),
            Column(translate("Columns", "장소"), lambda r: r.place), Column(translate("Columns", "사회자"), lambda r: r.chair)]


def awaiting_reply_columns(reply_days: int = 14) -> list[Column]:
    return [Column(translate("Columns", "사례번호"), lambda r: r.case_no), Column(translate("Columns", "대상자"), lambda r: r.name),
            Column(translate("Columns", "대기(일)"), lambda r: r.days_waiting, align_right=True,
                   highlight=lambda r: r.days_waiting > reply_days),
            Column(translate("Columns", "의뢰 사업"), lambda r: r.program), Column(translate("Columns", "의뢰일"), lambda r: r.sent_on)]


def person_columns() -> list[Column]:
    return [Column(translate("Columns", "이름"), lambda r: r.name), Column(translate("Columns", "주민등록번호"), lambda r: r.rrn_masked),
            Column(translate("Columns", "전화번호"), lambda r: r.phone), Column(translate("Columns", "행정동"), lambda r: r.dong),
            Column(translate("Columns", "주소"), lambda r: r.address), Column(translate("Columns", "사례번호"), lambda r: r.case_no or translate("Columns", "사례 없음")),
            Column(translate("Columns", "단계"), lambda r: r.stage)]


def timeline_columns() -> list[Column]:
    return [Column(translate("Columns", "일시"), lambda e: e.when.strftime("%Y-%m-%d %H:%M") if e.when.time() != time()
                   else e.when.strftime("%Y-%m-%d")),
            Column(translate("Columns", "구분"), lambda e: e.kind_label),
            Column(translate("Columns", "내용"), lambda e: e.text, tooltip=lambda e: e.text)]


def member_columns() -> list[Column]:
    return [Column(translate("Columns", "이름"), lambda r: r.name + (" ★" if r.is_head else "")),
            Column(translate("Columns", "관계"), lambda r: r.relation), Column(translate("Columns", "주민등록번호"), lambda r: r.rrn_masked),
            Column(translate("Columns", "생년월일"), lambda r: r.birth_date), Column(translate("Columns", "전화번호"), lambda r: r.phone),
            Column(translate("Columns", "동거"), lambda r: r.lives_together), Column(translate("Columns", "특성"), lambda r: r.flags)]


def consent_columns() -> list[Column]:
    return [Column(translate("Columns", "동의일"), lambda r: r.recorded_on), Column(translate("Columns", "대상자"), lambda r: r.member_name),
            Column(translate("Columns", "종류"), lambda r: r.kind),
            Column(translate("Columns", "동의 여부"), lambda r: translate("Columns", "동의함") if r.agreed else translate("Columns", "동의하지 않음"),
                   highlight=lambda r: not r.agreed),
            Column(translate("Columns", "제공받는 기관"), lambda r: r.recipients),
            Column(translate("Columns", "기간"), lambda r: r.period, highlight=lambda r: r.agreed and bool(r.state)),
            Column(translate("Columns", "철회일"), lambda r: r.withdrawn_on),
            Column(translate("Columns", "철회 방법"), lambda r: r.withdrawn_how)]


def assessment_columns() -> list[Column]:
    return [Column(translate("Columns", "조사일"), lambda r: r.held_on), Column(translate("Columns", "대상자"), lambda r: r.member_name),
            Column(translate("Columns", "위기도"), lambda r: r.crisis_level, align_right=True),
            Column(translate("Columns", "제안 유형"), lambda r: r.suggested_case_type),
            Column(translate("Columns", "재사정"), lambda r: r.is_reassessment),
            Column(translate("Columns", "긴급 영역"), lambda r: [d.label for d in r.domains if d.urgency >= 2])]


def decision_columns() -> list[Column]:
    return [Column(translate("Columns", "일시"), lambda r: r.held_at), Column(translate("Columns", "회의"), lambda r: r.kind),
            Column(translate("Columns", "결정"), lambda r: r.outcome), Column(translate("Columns", "사례유형"), lambda r: r.case_type),
            Column(translate("Columns", "주사례기관"), lambda r: r.lead_agency), Column(translate("Columns", "역할분담"), lambda r: r.role_split),
            Column(translate("Columns", "경고"), lambda r: r.warnings, highlight=lambda r: bool(r.warnings),
                   tooltip=lambda r: "\n".join(r.warnings))]


def plan_item_columns() -> list[Column]:
    return [Column(translate("Columns", "영역"), lambda r: r.domain_label),
            Column(translate("Columns", "단기목표"), lambda r: r.goal), Column(translate("Columns", "서비스"), lambda r: r.service),
            Column(translate("Columns", "제공기관"), lambda r: r.provider), Column(translate("Columns", "횟수"), lambda r: r.frequency),
            Column(translate("Columns", "시작"), lambda r: r.starts_on), Column(translate("Columns", "종료"), lambda r: r.ends_on),
            Column(translate("Columns", "비용(원)"), lambda r: f"{r.cost:,}", align_right=True),
            Column(translate("Columns", "달성도(%)"), lambda r: r.attainment, align_right=True)]


def contact_columns() -> list[Column]:
    return [Column(translate("Columns", "일시"), lambda r: r.occurred_at), Column(translate("Columns", "방법"), lambda r: r.kind),
            Column(translate("Columns", "담당"), lambda r: r.staff), Column(translate("Columns", "동행"), lambda r: r.companions),
            Column(translate("Columns", "내용"), lambda r: (translate("Columns", "[{0}개 버전] ").format(len(r.versions))
                                                            if getattr(r, "versions", ()) else "") + r.note,
                   tooltip=lambda r: r.note),
            Column(translate("Columns", "경고"), lambda r: r.warnings, highlight=lambda r: bool(r.warnings),
                   tooltip=lambda r: "\n".join(r.warnings))]


def referral_columns() -> list[Column]:
    return [Column(translate("Columns", "의뢰일"), lambda r: r.sent_on), Column(translate("Columns", "사업"), lambda r: r.program),
            Column(translate("Columns", "대상자"), lambda r: r.member_name), Column(translate("Columns", "상태"), lambda r: r.status),
            Column(translate("Columns", "회신일"), lambda r: r.replied_on), Column(translate("Columns", "회신 내용"), lambda r: r.reply)]


def expense_columns() -> list[Column]:
    return [Column(translate("Columns", "지출일"), lambda r: r.spent_on), Column(translate("Columns", "항목"), lambda r: r.category),
            Column(translate("Columns", "금액(원)"), lambda r: f"{r.amount:,}", align_right=True),
            Column(translate("Columns", "내용"), lambda r: r.note)]


def follow_up_columns() -> list[Column]:
    return [Column(translate("Columns", "예정일"), lambda r: r.due_on), Column(translate("Columns", "연계 서비스"), lambda r: r.service),
            Column(translate("Columns", "완료일"), lambda r: r.done_on), Column(translate("Columns", "내용"), lambda r: r.note)]


def _grounds(result) -> str:
    """The facts a criterion was judged on, or what is still to be entered."""
    if not result.passed and result.needs:
        return translate("Columns", "입력 필요: {0}").format(", ".join(n.what for n in result.needs))
    return ", ".join(result.because)


def criteria_columns() -> list[Column]:
    return [Column(translate("Columns", "기준"), lambda r: r.label),
            Column(translate("Columns", "결과"), lambda r: translate("Columns", "충족") if r.passed else translate("Columns", "미충족"), highlight=lambda r: not r.passed),
            Column(translate("Columns", "근거"), _grounds, tooltip=_grounds)]


# --- statistics, access-log review, retention, staff ----------------------------------------------


def statistics_count_columns() -> list[Column]:
    right = dict(align_right=True)
    return [Column(translate("Columns", "구분"), lambda r: r.label),
            Column(translate("Columns", "의뢰"), lambda r: r.referred, **right),
            Column(translate("Columns", "선정 계"), lambda r: r.selected, **right),
            Column(translate("Columns", "선정-진행"), lambda r: r.selected_open, **right),
            Column(translate("Columns", "선정-종결"), lambda r: r.selected_closed, **right),
            Column(translate("Columns", "미선정"), lambda r: r.not_selected, **right),
            Column(translate("Columns", "서비스연계"), lambda r: r.service_link, **right)]


def statistics_type_columns() -> list[Column]:
    return [Column(translate("Columns", "구분"), lambda r: r.group), Column(translate("Columns", "유형"), lambda r: r.household_type),
            Column(translate("Columns", "가구 수"), lambda r: r.count, align_right=True)]


def statistics_dong_columns() -> list[Column]:
    right = dict(align_right=True)
    return [Column(translate("Columns", "동"), lambda r: r.dong), Column(translate("Columns", "선정"), lambda r: r.selected, **right),
            Column(translate("Columns", "선정 중 미종결"), lambda r: r.selected_open, **right),
            Column(translate("Columns", "서비스연계"), lambda r: r.service_link, **right),
            Column(translate("Columns", "미선정"), lambda r: r.not_selected, **right),
            Column(translate("Columns", "소계"), lambda r: r.total, **right)]


def statistics_long_open_columns() -> list[Column]:
    return [Column(translate("Columns", "개시 연도"), lambda r: r.opened_year),
            Column(translate("Columns", "미종결 건수"), lambda r: r.count, align_right=True)]


def review_columns() -> list[Column]:
    """접속기록 점검: one row per staff member; refusals and off-hours work stand out."""
    right = dict(align_right=True)
    return [Column(translate("Columns", "직원"), lambda r: r.name),
            Column(translate("Columns", "전체"), lambda r: sum(r.actions.values()), **right),
            Column(translate("Columns", "거부"), lambda r: r.refusals, highlight=lambda r: r.refusals > 0, **right),
            Column(translate("Columns", "민감 작업"), lambda r: r.sensitive, highlight=lambda r: r.sensitive > 0, **right),
            Column(translate("Columns", "업무시간 외"), lambda r: r.off_hours, highlight=lambda r: r.off_hours > 0, **right),
            Column(translate("Columns", "작업별"), lambda r: ", ".join(f"{action_label(a)} {n}" for a, n in r.actions.most_common()),
                   tooltip=lambda r: "\n".join(f"{action_label(a)}: {n}" for a, n in r.actions.most_common()))]


def action_label(action: str) -> str:
    labels = {"view": "열람", "create": "등록", "update": "수정", "delete": "삭제", "print": "출력",
              "print_rrn": "주민번호 전체 출력", "export": "내보내기", "view_rrn": "주민번호 열람", "share": "공유",
              "destroy": "파기", "login": "로그인", "logout": "로그아웃", "review": "접속기록 점검"}
    return translate("Actions", labels[action]) if action in labels else action


def destruction_columns() -> list[Column]:
    return [Column(translate("Columns", "사례번호"), lambda r: r.case_no), Column(translate("Columns", "단계"), lambda r: r.stage),
            Column(translate("Columns", "종결일"), lambda r: r.closed_on)]


def staff_account_columns() -> list[Column]:
    return [Column(translate("Columns", "이름"), lambda r: r.display_name), Column(translate("Columns", "아이디"), lambda r: r.username),
            Column(translate("Columns", "역할"), lambda r: r.role), Column(translate("Columns", "팀"), lambda r: r.team),
            Column(translate("Columns", "소속"), lambda r: r.agency), Column(translate("Columns", "담당 동"), lambda r: r.dong),
            Column(translate("Columns", "사용"), lambda r: r.active, highlight=lambda r: not r.active)]


def share_columns() -> list[Column]:
    return [Column(translate("Columns", "이름"), lambda r: r.display_name), Column(translate("Columns", "역할"), lambda r: r.role),
            Column(translate("Columns", "팀"), lambda r: r.team)]


def conflict_columns() -> list[Column]:
    """충돌 확인: what kind of record, which case, which field, what happened, when."""
    return [Column(translate("Columns", "기록"), lambda r: r.entity_label),
            Column(translate("Columns", "사례"), lambda r: f"{r.case_no} {r.person}".strip() or translate("Columns", "(사례 없음)")),
            Column(translate("Columns", "항목"), lambda r: r.field_label or translate("Columns", "기록 전체")),
            Column(translate("Columns", "충돌 내용"), lambda r: r.kind_label),
            Column(translate("Columns", "입력한 사람"), lambda r: r.by_staff),
            Column(translate("Columns", "발생"), lambda r: _local_time(r.created_at))]


def _local_time(value: datetime | None) -> datetime | None:
    """Sync times are stored in UTC; people read them in the computer's time zone."""
    if value is None:
        return None
    if value.tzinfo is None:
        from datetime import timezone
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone().replace(tzinfo=None)

"""통합사례관리 통계 as PDF and as an Excel workbook, with the tables of seed 000.

Both outputs are built from the same row lists (``_tables``) so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.platypus import Flowable

from . import layout as L
from .data import StatisticsData

FORM_TITLE = "통합사례관리 추진 현황"


@dataclass(frozen=True)
class _Table:
    """One statistics table: sheet name, PDF heading, header rows, body rows (last may be 계)."""

    sheet: str
    heading: str
    header: list[list[str]]
    rows: list[list[str | int]]
    merges: list[tuple[int, int, int, int]]  # header merges: (row, col, last_row, last_col)
    widths: list[float]
    has_total: bool = True
    align: tuple[str, ...] = ()  # PDF cell styles; default: all centred as in seed 000
    body_spans: tuple[tuple[int, int], ...] = ()  # PDF: (first, last) body rows sharing column 0
    width: float = 1.0  # PDF: share of the text width
    total_span: int = 0  # PDF: the 계 label spans columns 0..total_span


def _scope(data: StatisticsData) -> str:
    return data.dong or "전체"


def _runs(values: list[str]) -> tuple[tuple[int, int], ...]:
    """(first, last) index of each run of 2+ equal consecutive values."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            if i - start > 1:
                runs.append((start, i - 1))
            start = i
    return tuple(runs)


def _tables(data: StatisticsData) -> list[_Table]:
    counts = [
        [c.label, c.referred, c.selected, c.selected_open, c.selected_closed, c.not_selected,
         c.service_link]
        for c in data.case_counts
    ]
    types = [[t.group, t.household_type, t.count] for t in data.household_types]
    if types:
        types.append(["계", "", sum(t.count for t in data.household_types)])
    dongs = [
        [d.dong, d.total, d.selected, d.selected_open, d.service_link, d.not_selected]
        for d in data.per_dong
    ]
    if dongs:
        dongs.append(["총계", *(sum(row[i] for row in dongs) for i in range(1, 6))])
    long_open = [[f"{o.opened_year}", o.count] for o in sorted(data.long_open, key=lambda o: -o.opened_year)]
    if long_open:
        long_open.append(["계", sum(o.count for o in data.long_open)])

    return [
        _Table(
            "선정 및 진행 현황",
            "사례관리대상자 선정 및 진행 현황",
            [["구분", "의뢰", "선정", "", "", "미선정", "서비스연계"],
             ["", "", "소계", "진행", "종결", "", ""]],
            counts,
            [(0, 0, 1, 0), (0, 1, 1, 1), (0, 2, 0, 4), (0, 5, 1, 5), (0, 6, 1, 6)],
            [1.6, 1, 1, 1, 1, 1, 1.2],
            has_total=False,
        ),
        _Table("가구유형", "사례관리대상자 유형 구분", [["구분", "가구유형", "가구 수"]], types, [],
               [2, 4, 1.5], align=("cell_center", "cell", "cell_center"),
               body_spans=_runs([t.group for t in data.household_types]), width=0.75,
               total_span=1),
        _Table(
            "동별 현황",
            "동별 사례관리 추진 현황",
            [["동 명", "소계", "선정", "선정 중 미종결", "서비스연계", "미선정"]],
            dongs,
            [],
            [2, 1, 1, 1.4, 1.2, 1],
        ),
        _Table("장기 미종결", "장기 미종결 사례 (개시 연도별)", [["개시 연도", "미종결"]], long_open, [],
               [1, 1], width=0.5),
    ]


def _cell_text(value: str | int) -> str:
    return f"{value:,}" if isinstance(value, int) else value


def render_statistics_pdf(data: StatisticsData) -> bytes:
    """The statistics tables on A4 pages as PDF bytes."""
    period = L.period_text(data.period_start, data.period_end)
    story: list[Flowable] = [
        *L.title(FORM_TITLE, f"{data.center_name} · 대상 동: {_scope(data)} · 기간: {period}"),
    ]
    for table in _tables(data):
        story += L.heading(table.heading, mark="■")
        if not table.rows:
            story.append(L.para("해당 자료 없음"))
            continue
        rows = [[_cell_text(v) for v in row] for row in table.rows]
        extra = [("SPAN", (c0, r0), (c1, r1)) for r0, c0, r1, c1 in table.merges]
        if table.has_total:
            extra += L.total_row_style(table.total_span)
        align = table.align or ("cell_center",) * len(table.widths)
        first = len(table.header)
        extra += [("SPAN", (0, first + a), (0, first + b)) for a, b in table.body_spans]
        story.append(
            L.grid_table(table.header, rows, table.widths, align=align, extra=extra, width=table.width)
        )
    for note in data.notes:
        story.append(L.para(f"※ {note}", "note"))
    if data.prepared_on:
        story += [L.spacer(4), L.para(f"작성일: {L.date_text(data.prepared_on)}", "right")]
    return L.build_pdf(story, FORM_TITLE, footer=data.center_name)


_THIN = Side(style="thin")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="E6E6E6")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")


def render_statistics_xlsx(data: StatisticsData) -> bytes:
    """The same tables as an .xlsx workbook: a 개요 sheet, then one sheet per table.

    Header rows are Korean, counts are stored as numbers (not text) so they can be summed.
    """
    wb = Workbook()
    info = wb.active
    info.title = "개요"
    for row in (
        ["기관", data.center_name],
        ["대상 동", _scope(data)],
        ["기간 시작", data.period_start],
        ["기간 끝", data.period_end],
        ["작성일", data.prepared_on],
        *(["비고", note] for note in data.notes),
    ):
        info.append(row)
    for cell in info["B"]:
        if cell.is_date:
            cell.number_format = "yyyy-mm-dd"
    info.column_dimensions["A"].width = 12
    info.column_dimensions["B"].width = 30

    for table in _tables(data):
        ws = wb.create_sheet(table.sheet)
        for row in table.header:
            ws.append(row)
        for row in table.rows:
            ws.append(row)
        for r0, c0, r1, c1 in table.merges:
            ws.merge_cells(start_row=r0 + 1, start_column=c0 + 1, end_row=r1 + 1, end_column=c1 + 1)
        header_rows = len(table.header)
        for r, row in enumerate(ws.iter_rows(), start=1):
            for cell in row:
                cell.border = _BORDER
                if r <= header_rows:
                    cell.font = Font(bold=True)
                    cell.fill = _HEADER_FILL
                    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
                elif isinstance(cell.value, int):
                    cell.number_format = "#,##0"
        if table.has_total and table.rows:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)
                cell.fill = _TOTAL_FILL
        for i, width in enumerate(table.widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 9 * width
        ws.freeze_panes = ws.cell(row=header_rows + 1, column=1)

    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()

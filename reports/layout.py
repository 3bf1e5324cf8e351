"""Shared page layout for the printed forms: styles, boxed tables, signature lines, page numbers.

Forms follow the look of Korean public documents: A4 portrait, centred bold title, "□" section
headings, ruled tables with a shaded header row or label column, page numbers "- 1 -".
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from .fonts import FONT_BOLD, FONT_REGULAR, register_fonts

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 20 * mm
MARGIN_BOTTOM = 20 * mm
CONTENT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

GRID_COLOR = colors.black
HEADER_FILL = colors.HexColor("#E6E6E6")
LABEL_FILL = colors.HexColor("#F2F2F2")

Cell = str | Flowable


def gap(width: int) -> str:
    """Space that Paragraph keeps (ordinary and ideographic spaces collapse to one)."""
    return "\u00a0" * width


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    body: ParagraphStyle
    note: ParagraphStyle
    emphasis: ParagraphStyle
    cell: ParagraphStyle
    cell_center: ParagraphStyle
    cell_right: ParagraphStyle
    header: ParagraphStyle
    right: ParagraphStyle
    center: ParagraphStyle
    warning: ParagraphStyle


@functools.cache
def styles() -> Styles:
    register_fonts()

    # wordWrap="CJK" lets Korean lines break between syllables instead of overflowing.
    def style(name: str, size: float, *, bold: bool = False, **kw: object) -> ParagraphStyle:
        kw.setdefault("leading", size * 1.45)
        return ParagraphStyle(
            name,
            fontName=FONT_BOLD if bold else FONT_REGULAR,
            fontSize=size,
            wordWrap="CJK",
            **kw,
        )

    return Styles(
        title=style("title", 18, bold=True, alignment=TA_CENTER, spaceAfter=4 * mm, leading=24),
        subtitle=style("subtitle", 10, alignment=TA_CENTER, spaceAfter=4 * mm),
        heading=style(
            "heading", 11.5, bold=True, spaceBefore=4 * mm, spaceAfter=2 * mm
        ),
        body=style("body", 10, spaceAfter=1.5 * mm),
        note=style("note", 9, leftIndent=3 * mm, firstLineIndent=-3 * mm, spaceAfter=1 * mm),
        emphasis=style("emphasis", 10.5, bold=True, spaceBefore=2 * mm, spaceAfter=2 * mm),
        cell=style("cell", 9, leading=12.5),
        cell_center=style("cell_center", 9, leading=12.5, alignment=TA_CENTER),
        cell_right=style("cell_right", 9, leading=12.5, alignment=TA_RIGHT),
        header=style("header", 9, bold=True, leading=12.5, alignment=TA_CENTER),
        right=style("right", 10, alignment=TA_RIGHT, spaceAfter=1.5 * mm),
        center=style("center", 10.5, alignment=TA_CENTER, spaceAfter=2 * mm),
        warning=style("warning", 9.5, bold=True, textColor=colors.HexColor("#B00000")),
    )


def topic(word: str) -> str:
    """``word`` with the topic particle 은/는 chosen by its last syllable (연희동 주민센터는)."""
    last = word.rstrip()[-1:] or "가"
    if not ("가" <= last <= "힣"):
        return f"{word}은(는)"
    has_final = (ord(last) - ord("가")) % 28 != 0
    return f"{word}{'은' if has_final else '는'}"


def markup(text: str) -> str:
    """Escape user text for Paragraph markup; keep its line breaks."""
    return escape(text).replace("\n", "<br/>")


def para(text: str, style: str = "body", *, raw: bool = False) -> Paragraph:
    """A paragraph of plain text (``raw=True``: text already contains markup such as <b>)."""
    return Paragraph(text if raw else markup(text), getattr(styles(), style))


def lines(items: Iterable[str], bullet: str = "-") -> str:
    """Bulleted lines for one table cell."""
    return "\n".join(f"{bullet} {item}" for item in items)


def title(text: str, subtitle: str = "") -> list[Flowable]:
    flow: list[Flowable] = [para(text, "title")]
    if subtitle:
        flow.append(para(subtitle, "subtitle"))
    return flow


def heading(text: str, mark: str = "□") -> list[Flowable]:
    """A section heading, moved to the next page when too little room is left under it.

    (A keepWithNext style would instead push a long table that follows it to the next page
    whole, leaving the rest of this page empty.)
    """
    return [CondPageBreak(30 * mm), para(f"{mark} {text}" if mark else text, "heading")]


def spacer(height_mm: float = 3) -> Spacer:
    return Spacer(1, height_mm * mm)


def _cell(value: Cell, style: str) -> Flowable:
    return para(value, style) if isinstance(value, str) else value


def _widths(fractions: Sequence[float], width: float = 1.0) -> list[float]:
    total = sum(fractions)
    return [CONTENT_WIDTH * width * f / total for f in fractions]


def _base_style() -> list[tuple]:
    return [
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),  # for plain-string (empty) cells
        ("GRID", (0, 0), (-1, -1), 0.5, GRID_COLOR),
        ("BOX", (0, 0), (-1, -1), 1.0, GRID_COLOR),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]


def grid_table(
    header: Sequence[Sequence[Cell]],
    rows: Sequence[Sequence[Cell]],
    widths: Sequence[float],
    *,
    align: Sequence[str] | None = None,
    extra: Sequence[tuple] = (),
    min_row_height_mm: float = 0,
    width: float = 1.0,
) -> Table:
    """A ruled table whose header rows repeat on every page it spans.

    ``widths`` are relative (they are scaled to the text width); ``align`` gives each column's
    cell style ("cell", "cell_center", "cell_right"). ``min_row_height_mm`` leaves room for
    handwriting in blank forms. ``width`` is the share of the text width the table takes.
    """
    align = align or ["cell"] * len(widths)
    data = [[_cell(v, "header") for v in row] for row in header]
    data += [[_cell(v, align[i]) for i, v in enumerate(row)] for row in rows]
    minimum = [0] * len(header) + [min_row_height_mm * mm] * len(rows)
    table = Table(
        data, colWidths=_widths(widths, width), repeatRows=len(header), minRowHeights=minimum
    )
    style = _base_style()
    if header:
        style.append(("BACKGROUND", (0, 0), (-1, len(header) - 1), HEADER_FILL))
    table.setStyle(TableStyle(style + list(extra)))
    return table


def total_row_style(label_span_to: int) -> list[tuple]:
    """Style for a closing 합계 row: the label spans columns 0..label_span_to, row shaded."""
    return [
        ("SPAN", (0, -1), (label_span_to, -1)),
        ("BACKGROUND", (0, -1), (-1, -1), LABEL_FILL),
    ]


def field_table(rows: Sequence[Sequence[tuple[str, Cell]]], label_width: float = 0.16) -> Table:
    """A boxed form of (label, value) pairs, several pairs per row.

    A row with fewer pairs than the widest row lets its last value span the rest, so
    "주소" can take a whole line while "성명 | 연락처" share one.
    """
    pairs = max(len(r) for r in rows)
    value_width = (1 - label_width * pairs) / pairs
    data: list[list[Flowable | str]] = []
    spans: list[tuple] = []
    for r, row in enumerate(rows):
        cells: list[Flowable | str] = []
        for label, value in row:
            cells += [_cell(label, "header"), _cell(value, "cell")]
        if len(row) < pairs:
            spans.append(("SPAN", (len(cells) - 1, r), (2 * pairs - 1, r)))
            cells += [""] * (2 * (pairs - len(row)))
        data.append(cells)
    widths = [label_width, value_width] * pairs
    # Rows stay at least 8 mm high so blank forms have room for handwriting.
    table = Table(data, colWidths=_widths(widths), minRowHeights=[8 * mm] * len(data))
    style = _base_style() + spans
    for r, row in enumerate(rows):
        style += [("BACKGROUND", (2 * i, r), (2 * i, r), LABEL_FILL) for i in range(len(row))]
    table.setStyle(TableStyle(style))
    return table


def checkbox(checked: bool, label: str) -> str:
    return f"{'■' if checked else '□'} {label}"


def agree_boxes(answer: bool | None) -> str:
    """"□ 동의함   □ 동의하지 않음" with the recorded answer ticked (■)."""
    return f"{checkbox(answer is True, '동의함')}{gap(8)}{checkbox(answer is False, '동의하지 않음')}"


def date_text(value: date | None) -> str:
    """``2024년 3월 5일``, or the blank ``년 월 일`` line for handwriting."""
    if value is None:
        return f"{gap(12)}년{gap(8)}월{gap(8)}일"
    return f"{value.year}년 {value.month}월 {value.day}일"


def period_text(start: date | None, end: date | None) -> str:
    def fmt(d: date | None) -> str:
        return d.strftime("%Y.%m.%d.") if d else f"{gap(8)}.{gap(4)}.{gap(4)}."

    return f"{fmt(start)} ~ {fmt(end)}"


def won(amount: int | None) -> str:
    return "" if amount is None else f"{amount:,}원"


def signature_lines(signers: Sequence[tuple[str, str]], mark: str = "(서명 또는 인)") -> Table:
    """Right-aligned signature lines: ``label : name  (서명 또는 인)``; empty name = blank line."""
    data = [[para(label, "cell_right"), para(":", "cell_center"), para(name, "cell_center"),
             para(mark, "cell")] for label, name in signers]
    table = Table(data, colWidths=[48 * mm, 5 * mm, 40 * mm, 26 * mm], hAlign="RIGHT")
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT_REGULAR),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LINEBELOW", (2, 0), (2, -1), 0.5, GRID_COLOR),
        ("TOPPADDING", (0, 0), (-1, -1), 7),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]))
    return table


def build_pdf(story: list[Flowable], doc_title: str, footer: str = "") -> bytes:
    """Lay out ``story`` on A4 pages numbered "- n -" and return the PDF bytes.

    Everything stays in memory. The PDF title is the form's name only: no personal data goes
    into document metadata. ``invariant`` makes output reproducible (no timestamps or random ids).
    """
    register_fonts()
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN_X,
        rightMargin=MARGIN_X,
        topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM,
        title=doc_title,
        author="",
        creator="saryegwanri",
        invariant=True,
        # Otherwise the canvas declares an unembedded Helvetica as its starting font.
        initialFontName=FONT_REGULAR,
    )

    def decorate(canvas, _doc) -> None:
        canvas.saveState()
        canvas.setFont(FONT_REGULAR, 9)
        canvas.drawCentredString(PAGE_WIDTH / 2, 10 * mm, f"- {canvas.getPageNumber()} -")
        if footer:
            canvas.setFont(FONT_REGULAR, 7.5)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, 10 * mm, footer)
        canvas.restoreState()

    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return buffer.getvalue()


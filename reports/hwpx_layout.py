"""Shared layout for the HWPX (한글) versions of the forms, built with ``python-hwpx``.

The library writes the OWPML package (header, section, manifest, container) and validates it;
this module only says what goes on the page, in the same shape as ``reports.layout`` does for
the PDFs: A4 portrait with the same margins, a centred bold title, "□" headings, ruled tables
with a shaded header row or label column (real 한글 tables: cell borders, merged cells, breaking
between rows with the header rows repeated on the next page), the date and signature lines, and
on every page a footer with "- n -" and the form's source or the centre's name.

Fonts: the text is set in 함초롬돋움, which every 한글 installation ships, and declared for every
script so 한글 never falls back to a font of its own choosing. Nothing is embedded.

Personal data: the package keeps no author, dates or preview. The document properties carry
the form's name only, the preview text and image are blanked, and everything stays in memory
(``build`` returns bytes).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO

from hwpx import HwpxDocument

HWPUNIT_PER_MM = 7200 / 25.4
FONT = "함초롬돋움"
MARGIN_X_MM = 18
MARGIN_TOP_MM = 20
MARGIN_BOTTOM_MM = 15  # + the 5 mm footer area = the PDF's 20 mm
CONTENT_WIDTH_MM = 210 - 2 * MARGIN_X_MM

HEADER_FILL = "#E6E6E6"
LABEL_FILL = "#F2F2F2"
BLACK = "#000000"

_ALIGN = {"cell": "LEFT", "cell_center": "CENTER", "cell_right": "RIGHT", "header": "CENTER"}


def hu(mm: float) -> int:
    return round(mm * HWPUNIT_PER_MM)


@dataclass(frozen=True)
class _Text:
    size: float
    bold: bool = False
    color: str | None = None
    align: str = "JUSTIFY"
    before: float = 0  # spacing before, pt
    after: float = 0  # spacing after, pt


_STYLES = {
    "title": _Text(18, True, align="CENTER", after=10),
    "subtitle": _Text(10, align="CENTER", after=8),
    "heading": _Text(11.5, True, align="LEFT", before=10, after=4),
    "body": _Text(10, after=3),
    "note": _Text(9, after=2),
    "emphasis": _Text(10.5, True, align="LEFT", before=4, after=4),
    "center": _Text(10.5, align="CENTER", after=4),
    "center_bold": _Text(10.5, True, align="CENTER", after=4),
    "right": _Text(10, align="RIGHT", after=3),
    "warning": _Text(9.5, True, color="#B00000", align="LEFT"),
    "cell": _Text(9, align="LEFT"),
    "cell_center": _Text(9, align="CENTER"),
    "cell_right": _Text(9, align="RIGHT"),
    "header": _Text(9, True, align="CENTER"),
    "page_number": _Text(9, align="CENTER"),
    "footer": _Text(7.5, align="RIGHT"),
}


def _footer(doc: HwpxDocument, text: str) -> None:
    """The page footer of every page, as on the PDF: "- n -" centred, then the form's source or
    the centre's name in small type on the right. The sizes are those of two ``_STYLES``, so the
    template already holds their character shapes and a form's header part stays untouched."""
    number, small = _STYLES["page_number"].size, _STYLES["footer"].size
    content = [{"align": "CENTER", "children": [
        {"type": "run", "text": "- ", "font": FONT, "size": number},
        {"type": "page_number", "page_number": "page", "position": "BOTTOM_CENTER"},
        {"type": "run", "text": " -", "font": FONT, "size": number}]}]
    if text:
        content.append({"align": "RIGHT", "children": [{"type": "run", "text": text, "font": FONT, "size": small}]})
    doc.page.set_footer(content=content)


class _Template:
    """The empty document with the page set up and every style of ``_STYLES`` and every cell
    border defined, made once per process: each form opens a copy of its bytes instead of
    defining the same fonts, shapes and borders again (about a tenth of the time of a form)."""

    _lock = threading.Lock()
    _made: _Template | None = None

    def __init__(self) -> None:
        doc = HwpxDocument.new()
        styles = doc.styles
        styles.ensure_font(FONT)
        doc.page.set_margins(left=hu(MARGIN_X_MM), right=hu(MARGIN_X_MM), top=hu(MARGIN_TOP_MM),
                             bottom=hu(MARGIN_BOTTOM_MM), header=hu(5), footer=hu(5), gutter=0)
        _footer(doc, "")

        def border(**kwargs) -> str:
            return styles.ensure_border_fill(border_color=BLACK, border_width="0.12 mm", **kwargs)
        self.fills = {"grid": border(), "header": border(fill_color=HEADER_FILL),
                      "label": border(fill_color=LABEL_FILL), "none": border(active_borders=()),
                      "underline": border(active_borders=("bottom",))}
        self.chars = {name: styles.ensure_run(bold=t.bold, size=t.size, font=FONT, color=t.color)
                      for name, t in _STYLES.items()}
        # The library makes a paragraph shape by applying it to a paragraph: each style is applied
        # to the first one in turn, starting from the skeleton's own shape every time.
        first = doc.paragraphs[0]
        plain = first.para_pr_id_ref
        self.paras = {}
        for name, t in _STYLES.items():
            first.para_pr_id_ref = plain
            styles.apply_paragraph_format(paragraphs=[first], alignment=t.align, spacing_before_pt=t.before,
                                          spacing_after_pt=t.after,
                                          line_spacing_percent=145 if t.size >= 10 else 130)
            self.paras[name] = first.para_pr_id_ref
        first.para_pr_id_ref = plain
        self.data = doc.to_bytes()

    @classmethod
    def get(cls) -> _Template:
        with cls._lock:  # forms are made on worker threads
            if cls._made is None:
                cls._made = cls()
            return cls._made


class HwpxForm:
    """One form being written: add paragraphs and tables in reading order, then ``build()``."""

    def __init__(self, doc_title: str, footer: str = "") -> None:
        template = _Template.get()
        self.doc = HwpxDocument.open(BytesIO(template.data))
        self.doc_title = doc_title
        self.footer = footer
        self._first = True
        self._char = template.chars
        self._para = template.paras
        self.grid = template.fills["grid"]
        self.header_fill = template.fills["header"]
        self.label_fill = template.fills["label"]
        self.no_border = template.fills["none"]
        self.underline = template.fills["underline"]

    def _format(self, paragraph, style: str) -> None:
        """Give ``paragraph`` the style's character and paragraph shape (defined in the template)."""
        paragraph.char_pr_id_ref = self._char[style]
        paragraph.para_pr_id_ref = self._para[style]

    # --- paragraphs --------------------------------------------------------------------
    def para(self, text: str, style: str = "body") -> None:
        """A paragraph per line of ``text``."""
        for line in text.split("\n") or [""]:
            if self._first:  # the skeleton's first paragraph holds the section settings
                paragraph = self.doc.paragraphs[0]
                paragraph.text = line
                self._first = False
            else:
                paragraph = self.doc.add_paragraph(line, inherit_style=False)
            self._format(paragraph, style)

    def title(self, text: str, subtitle: str = "") -> None:
        self.para(text, "title")
        if subtitle:
            self.para(subtitle, "subtitle")

    def heading(self, text: str, mark: str = "□") -> None:
        self.para(f"{mark} {text}" if mark else text, "heading")

    def spacer(self) -> None:
        self.para("", "note")

    # --- tables ------------------------------------------------------------------------
    def _fill(self, cell, text: str, style: str) -> None:
        lines = text.split("\n")
        first = cell.paragraphs[0]
        first.text = lines[0]
        self._format(first, style)
        for line in lines[1:]:
            self._format(cell.add_paragraph(line), style)

    def table(self, cells: Sequence[Sequence[str | None]], widths: Sequence[float], *,
              styles: Sequence[Sequence[str]], fills: dict[tuple[int, int], str] | None = None,
              merges: Iterable[tuple[int, int, int, int]] = (), min_height_mm: Sequence[float] | None = None,
              width: float = 1.0, border: str | None = None, header_rows: int = 0,
              flow: bool = True) -> None:
        """A ruled table. ``cells[r][c]`` is the text (None: covered by a merge); ``merges`` are
        (row, col, last_row, last_col) rectangles; ``fills`` maps a cell to a borderFill id.
        ``header_rows`` are marked as 한글's title rows and repeated on each page; ``flow`` lets
        한글 break the table between rows (an inline table taller than a page is cut off)."""
        rows, cols = len(cells), len(widths)
        if self._first:
            self.para("", "note")
        table = self.doc.add_table(rows, cols, border_fill_id_ref=border or self.grid,
                                   width=hu(CONTENT_WIDTH_MM * width))
        table.set_column_widths(list(widths))
        # Cells are addressed through one map per pass: ``table.cell`` rebuilds the grid each call.
        grid = {cell.address: cell for row in table.rows for cell in row.cells}
        # Filled rows can outgrow the page whatever the library judged of the empty table.
        table.set_treat_as_char(not flow)
        if header_rows:
            table.element.set("repeatHeader", "1")
        for (r, c), cell in grid.items():
            if r < header_rows:
                cell.element.set("header", "1")
            if min_height_mm and min_height_mm[r]:
                cell.set_size(height=hu(min_height_mm[r]))
            fill = (fills or {}).get((r, c))
            if fill is not None:
                cell.element.set("borderFillIDRef", str(fill))
        for r0, c0, r1, c1 in merges:
            table.merge_cells(r0, c0, r1, c1)
        if merges:
            grid = {cell.address: cell for row in table.rows for cell in row.cells}
        for r, row in enumerate(cells):
            for c, value in enumerate(row):
                if value is not None:
                    self._fill(grid[(r, c)], value, styles[r][c])
        table.mark_dirty()

    def grid_table(self, header: Sequence[Sequence[str]], rows: Sequence[Sequence[str]],
                   widths: Sequence[float], *, align: Sequence[str] | None = None,
                   header_merges: Iterable[tuple[int, int, int, int]] = (),
                   body_spans: Iterable[tuple[int, int]] = (), total_span: int | None = None,
                   full_span_last: bool = False, min_row_height_mm: float = 0, width: float = 1.0) -> None:
        """Header rows shaded and centred, body rows in ``align``; merged header cells as in the
        서식. ``body_spans`` merge column 0 over body rows (first, last); ``total_span`` makes the
        last row a shaded 계 row whose label spans columns 0..total_span."""
        align = list(align or ["cell"] * len(widths))
        cols = len(widths)
        h = len(header)
        cells: list[list[str | None]] = [list(r) for r in header] + [list(r) for r in rows]
        styles = [["header"] * cols for _ in header] + [list(align) for _ in rows]
        fills = {(r, c): self.header_fill for r in range(h) for c in range(cols)}
        merges = list(header_merges)
        merges += [(h + a, 0, h + b, 0) for a, b in body_spans]
        last = len(cells) - 1
        if total_span is not None and rows:
            merges.append((last, 0, last, total_span))
            fills.update({(last, c): self.label_fill for c in range(cols)})
            styles[last][0] = "header"
        if full_span_last and rows:
            merges.append((last, 0, last, cols - 1))
        for r0, c0, r1, c1 in merges:
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    if (r, c) != (r0, c0):
                        cells[r][c] = None
        heights = [0.0] * h + [min_row_height_mm] * len(rows)
        self.table(cells, widths, styles=styles, fills=fills, merges=merges, min_height_mm=heights, width=width,
                   header_rows=h)

    def field_table(self, rows: Sequence[Sequence[tuple[str, str]]], label_width: float = 0.16) -> None:
        """(label, value) pairs, several per row; a shorter row's last value spans the rest."""
        pairs = max(len(r) for r in rows)
        value_width = (1 - label_width * pairs) / pairs
        cols = 2 * pairs
        cells: list[list[str | None]] = []
        styles: list[list[str]] = []
        fills: dict[tuple[int, int], str] = {}
        merges = []
        for r, row in enumerate(rows):
            line: list[str | None] = []
            for i, (label, value) in enumerate(row):
                line += [label, value]
                fills[(r, 2 * i)] = self.label_fill
            if len(row) < pairs:
                merges.append((r, len(line) - 1, r, cols - 1))
                line += [None] * (cols - len(line))
            cells.append(line)
            styles.append(["header" if c % 2 == 0 else "cell" for c in range(cols)])
        self.table(cells, [label_width, value_width] * pairs, styles=styles, fills=fills, merges=merges,
                   min_height_mm=[8] * len(rows))

    def signature_lines(self, signers: Sequence[tuple[str, str]], mark: str = "(서명 또는 인)") -> None:
        """Right-hand signature lines ``label : name (서명 또는 인)``, the name on an underline."""
        cells = [[label, ":", name, mark] for label, name in signers]
        styles = [["cell_right", "cell_center", "cell_center", "cell"] for _ in signers]
        fills = {(r, 2): self.underline for r in range(len(signers))}
        self.table(cells, [48, 5, 40, 26], styles=styles, fills=fills, border=self.no_border,
                   min_height_mm=[9] * len(signers), width=119 / CONTENT_WIDTH_MM, flow=False)

    # --- output ------------------------------------------------------------------------
    def build(self) -> bytes:
        doc = self.doc
        if self.footer:
            _footer(doc, self.footer)
        parts = doc.parts
        parts.clear_document_metadata(keep=("language",))
        parts.set_document_metadata(title=self.doc_title, creator="saryegwanri")
        parts.clear_preview()
        return doc.to_bytes()


def validate(data: bytes) -> list[str]:
    """The library's own checks (package structure and the OWPML schemas): the problems found."""
    from hwpx.tools.package_validator import validate_package

    problems = [str(i) for i in validate_package(data).errors]
    report = HwpxDocument.open(BytesIO(data)).validate()
    problems += [str(i) for i in report.errors]
    return problems

"""Print preview of a generated PDF: pages rendered in memory with pypdfium2, 인쇄 through Qt's
print dialog, and "PDF로 저장" to a file the user chooses.

Nothing is written to a temporary file: the PDF holds personal data and lives only as bytes in
memory until the user saves it. Saving is an export, so it asks the service for the form again
with a "PDF 저장: …" purpose, which writes its own access-log row.
"""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QScrollArea,
                               QVBoxLayout, QWidget)

from . import messages
from .tasks import TaskRunner

PREVIEW_DPI = 150    # sharp at 100–150 % zoom on office screens, ~2 MB a page
MAX_PRINT_DPI = 300  # an A4 page at 600 dpi would be ~100 MB of pixels; 300 dpi prints text cleanly

# PDFium is not thread-safe: pages are rendered on the worker for the preview and on the GUI
# thread for printing, so every use goes through this lock.
_PDFIUM = threading.Lock()


def page_images(pdf: bytes, dpi: float = PREVIEW_DPI) -> list[QImage]:
    """Every page as a QImage (safe to make off the GUI thread; QPixmaps are made later)."""
    import pypdfium2 as pdfium
    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [_render(doc[i], dpi) for i in range(len(doc))]
        finally:
            doc.close()


def _render(page, dpi: float) -> QImage:
    bitmap = page.render(scale=dpi / 72, rev_byteorder=True, prefer_bgrx=True)  # RGBX bytes
    image = QImage(bytes(bitmap.buffer), bitmap.width, bitmap.height, bitmap.stride,
                   QImage.Format.Format_RGBX8888).copy()  # copy: own the pixels before the bitmap goes
    bitmap.close()
    page.close()
    return image


def page_sizes_pt(pdf: bytes) -> list[tuple[float, float]]:
    import pypdfium2 as pdfium
    with _PDFIUM:
        doc = pdfium.PdfDocument(pdf)
        try:
            return [doc[i].get_size() for i in range(len(doc))]
        finally:
            doc.close()


def paint_pdf(printer: QPrinter, pdf: bytes) -> int:
    """Paint each page onto the printer, rendered at the printer's resolution (capped), scaled
    to the paper. Returns the number of pages sent."""
    import pypdfium2 as pdfium
    dpi = min(printer.resolution(), MAX_PRINT_DPI)
    sizes = page_sizes_pt(pdf)
    if not sizes:
        return 0
    width, height = sizes[0]
    printer.setFullPage(True)  # the forms carry their own margins
    printer.setPageLayout(QPageLayout(QPageSize(QSizeF(width, height), QPageSize.Unit.Point),
                                      QPageLayout.Orientation.Portrait if height >= width
                                      else QPageLayout.Orientation.Landscape, QMarginsF()))
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("printer")
    try:
        with _PDFIUM:
            doc = pdfium.PdfDocument(pdf)
            try:
                for i in range(len(doc)):
                    if i:
                        printer.newPage()
                    image = _render(doc[i], dpi)  # one page of pixels at a time
                    target = printer.pageLayout().fullRectPixels(printer.resolution())
                    painter.drawImage(QRectF(target), image)
            finally:
                doc.close()
    finally:
        painter.end()
    return len(sizes)


def write_export(path: str, make: Callable[[], bytes]) -> str:
    """Run on the worker: make the file's bytes (the service logs the export), then write them."""
    from app.services.errors import ServiceError
    data = make()
    try:
        Path(path).write_bytes(data)
    except OSError:
        raise ServiceError("파일을 저장하지 못했습니다. 폴더에 쓸 권한이 있는지, 파일이 다른 프로그램에서 "
                           "열려 있지 않은지 확인하세요.") from None
    return path


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The system print dialog; None when cancelled. (Tests replace this.)"""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    return printer if dialog.exec() == QDialog.DialogCode.Accepted else None


class PdfPreview(QDialog):
    """Pages stacked in a scroll area with zoom, 인쇄, PDF로 저장 and 닫기.

    `export(ctx)` is called on the database worker when the user saves: it returns the PDF again,
    generated (and logged) with an export purpose. `ctx` is an attribute because unlocking the
    screen swaps in a new service context.
    """

    ZOOMS = ((50, "50%"), (75, "75%"), (100, "100%"), (150, "150%"), (0, "폭 맞춤"))

    def __init__(self, runner: TaskRunner, ctx, pdf: bytes, images: list[QImage], *, title: str, file_stem: str,
                 export: Callable[[object], bytes] | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.runner, self.ctx, self.pdf, self.images = runner, ctx, pdf, images
        self.file_stem, self.export = file_stem, export
        self.setWindowTitle(self.tr("미리 보기 — {0}").format(title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        self.zoom = QComboBox()
        for value, label in self.ZOOMS:
            self.zoom.addItem(self.tr(label), value)
        self.zoom.setCurrentIndex(len(self.ZOOMS) - 1)
        self.zoom.currentIndexChanged.connect(self._layout_pages)
        self.print_button = QPushButton(self.tr("인쇄…"))
        self.print_button.setShortcut("Ctrl+P")
        self.save_button = QPushButton(self.tr("PDF로 저장…"))
        self.save_button.setShortcut("Ctrl+S")
        self.save_button.setEnabled(export is not None)
        self.close_button = QPushButton(self.tr("닫기"))
        self.print_button.clicked.connect(self.print_pages)
        self.save_button.clicked.connect(self.save_pdf)
        self.close_button.clicked.connect(self.close)
        self.status = QLabel(self.tr("{0}쪽").format(len(images)))
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("배율")))
        bar.addWidget(self.zoom)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)
        bar.addWidget(self.close_button)

        self.pages = QWidget()
        self.pages.setStyleSheet("background:#8a8a8a;")
        self.page_layout = QVBoxLayout(self.pages)
        self.page_layout.setSpacing(16)
        self.page_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for _ in images:
            label = QLabel()
            label.setStyleSheet("background:white;")
            self.page_layout.addWidget(label)
            self.page_labels.append(label)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.pages)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # arrow keys and PgUp/PgDn scroll pages
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.scroll, 1)
        self.resize(900, 980)
        self.print_button.setDefault(True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._layout_pages()
        self.scroll.setFocus()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.zoom.currentData() == 0:
            self._layout_pages()

    def _layout_pages(self) -> None:
        percent = self.zoom.currentData()
        for image, label in zip(self.images, self.page_labels):
            if percent:  # 100 % = the paper's size on a 96-dpi screen
                width = round(image.width() * 96 / PREVIEW_DPI * percent / 100)
            else:
                width = max(200, self.scroll.viewport().width() - 40)
            label.setPixmap(QPixmap.fromImage(image).scaledToWidth(
                width, Qt.TransformationMode.SmoothTransformation))
            label.setFixedSize(label.pixmap().size())

    # --- 인쇄 ---
    def print_pages(self) -> None:
        printer = choose_printer(self)
        if printer is None:
            return
        try:
            pages = paint_pdf(printer, self.pdf)
        except OSError:
            messages.error(self, self.tr("프린터를 열 수 없습니다. 프린터 연결과 설정을 확인하세요."))
            return
        self.status.setText(self.tr("{0}쪽을 인쇄했습니다.").format(pages))

    # --- PDF로 저장 ---
    def save_pdf(self) -> None:
        from .printing import PDF, export_path   # (printing imports this module)
        path = export_path(self, self.tr("PDF로 저장"), self.file_stem, PDF)   # in the last export's folder
        if path is None or self.export is None:
            return
        self.save_button.setEnabled(False)
        ctx, export = self.ctx, self.export
        self.runner.submit(write_export, path, lambda: export(ctx), on_done=self._saved, on_error=self._save_failed,
                           owner=self)

    def _saved(self, path: str) -> None:
        self.save_button.setEnabled(True)
        self.status.setText(self.tr("저장했습니다: {0}").format(Path(path).name))

    def _save_failed(self, message: str) -> None:
        self.save_button.setEnabled(True)
        messages.error(self, message)

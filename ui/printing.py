"""Printing and exporting forms from the client: ask why (and how), generate the file on the
worker, preview a PDF or save an HWPX (한글) file.

Every print and export is logged by the service with the purpose typed here; the full resident
registration number is printed only when the user ticks it and says why, and that reason goes
into the log too. The save dialog starts in the folder the user last saved an export to.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QDialog, QLabel, QLineEdit, QProgressBar, QWidget

from . import messages
from .forms import FormDialog, combo, length_problem
from .preview import PdfPreview, page_images

CONSENT, PLAN, CLOSURE, MINUTES = "consent", "plan", "closure", "minutes"
INTAKE, ASSESSMENT = "intake", "assessment"
PDF, HWPX, XLSX = "pdf", "hwpx", "xlsx"
_FILTERS = {PDF: "PDF 파일 (*.pdf)", HWPX: "한글 문서 (*.hwpx)", XLSX: "Excel 통합 문서 (*.xlsx)"}
_FOLDER_KEY = "export/last_folder"

COMMON_PURPOSES = ("대상자 서명 받기", "기관 보관용", "사례회의 자료", "타 기관 의뢰 첨부", "대상자 요청 사본",
                   "슈퍼비전 자료")


@dataclass(frozen=True)
class PrintJob:
    kind: str            # CONSENT, PLAN, CLOSURE or MINUTES
    target: str | None   # case id (consent, closure), plan id or meeting id
    title: str           # the form's name, for window titles
    file_stem: str       # suggested file name: form and case number, never a person's name


@dataclass(frozen=True)
class PrintOptions:
    purpose: str
    blank: bool = False
    full_rrn: bool = False
    deidentified: bool = True
    fmt: str = PDF


def make_file(ctx, job: PrintJob, options: PrintOptions) -> bytes:
    """The service call for a job (runs on the database worker; the service writes the log row)."""
    from app.services import printing
    fmt = options.fmt
    if job.kind == CONSENT:
        return printing.consent_form(ctx, job.target, purpose=options.purpose, blank=options.blank,
                                     full_rrn=options.full_rrn, fmt=fmt)
    if job.kind == PLAN:
        return printing.service_plan_form(ctx, job.target, purpose=options.purpose, fmt=fmt)
    if job.kind == CLOSURE:
        return printing.closure_report(ctx, job.target, purpose=options.purpose, fmt=fmt)
    if job.kind == MINUTES:
        return printing.meeting_minutes(ctx, job.target, purpose=options.purpose,
                                        deidentified=options.deidentified, fmt=fmt)
    if job.kind == INTAKE:
        return printing.intake_record(ctx, job.target, purpose=options.purpose, fmt=fmt)
    if job.kind == ASSESSMENT:
        return printing.assessment_form(ctx, job.target, purpose=options.purpose, fmt=fmt)
    raise ValueError(job.kind)


def make_pdf(ctx, job: PrintJob, options: PrintOptions) -> bytes:
    return make_file(ctx, job, replace(options, fmt=PDF))


# --- saving exports ---------------------------------------------------------------------------


def _tr(text: str) -> str:
    return QCoreApplication.translate("Export", text)


def _settings() -> QSettings:
    return QSettings("saryegwanri", "saryegwanri")


def export_path(parent: QWidget | None, title: str, file_stem: str, fmt: str) -> str | None:
    """Ask where to save an export, starting in the folder of the last export; remember the new
    folder (a folder name only, never the file). None when cancelled."""
    folder = _settings().value(_FOLDER_KEY, "", str)
    suggested = f"{file_stem}.{fmt}"
    if folder and os.path.isdir(folder):
        suggested = os.path.join(folder, suggested)
    path = messages.save_file_path(parent, title, suggested, _tr(_FILTERS[fmt]))
    if path:
        _settings().setValue(_FOLDER_KEY, str(Path(path).parent))
    return path


def export_file(path: str, make: Callable[[], bytes], control=None) -> str:
    """Run on the worker: make the bytes (the service logs the export), then write them, telling
    the progress in two steps. The bytes never touch a temporary file."""
    from app.services.errors import ServiceError
    if control is not None:
        control.progress(0, 2, "문서를 만드는 중…")
    data = make()
    if control is not None:
        control.progress(1, 2, "파일에 쓰는 중…")
    try:
        Path(path).write_bytes(data)
    except OSError:
        raise ServiceError("파일을 저장하지 못했습니다. 폴더에 쓸 권한이 있는지, 파일이 다른 프로그램에서 "
                           "열려 있지 않은지 확인하세요.") from None
    if control is not None:
        control.progress(2, 2, "")
    return path


def make_preview(ctx, job: PrintJob, options: PrintOptions) -> tuple[bytes, list]:
    pdf = make_pdf(ctx, job, options)
    return pdf, page_images(pdf)


class PrintDialog(FormDialog):
    """인쇄: the purpose (required) and the form's options, then 미리 보기."""

    def __init__(self, runner, ctx, job: PrintJob, parent=None):
        super().__init__(runner, ctx, self.tr("인쇄 — {0}").format(job.title), parent)
        self.job = job
        self.preview: PdfPreview | None = None
        intro = QLabel(self.tr("출력하는 목적을 적으세요. 출력과 PDF 저장은 목적과 함께 접속기록에 남습니다."))
        intro.setWordWrap(True)
        self.form.addRow(intro)
        self.purpose = self.add_row(self.tr("출력 목적"), "purpose", QLineEdit())
        self.purpose.setPlaceholderText(self.tr("예: 대상자 서명 받기"))
        completer = QCompleter(list(COMMON_PURPOSES), self.purpose)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.purpose.setCompleter(completer)

        self.blank = self.full_rrn = self.rrn_reason = self.identified = None
        if job.kind == CONSENT and job.target is not None:
            self.blank = self.add_row("", "blank", QCheckBox(self.tr("빈 양식 (수기 작성용)")))
            self.full_rrn = self.add_row("", "full_rrn", QCheckBox(self.tr("주민등록번호 전체 표시")))
            self.rrn_reason = self.add_row(self.tr("전체 표시 사유"), "rrn_reason", QLineEdit())
            self.rrn_reason.setPlaceholderText(self.tr("예: 보장기관 제출용 원본 (시행령 제27조)"))
            self.blank.toggled.connect(self._fit_options)
            self.full_rrn.toggled.connect(self._fit_options)
        if job.kind == MINUTES:
            self.identified = self.add_row(self.tr("회의록 형태"), "identified", combo([
                (self.tr("비식별 — 이름은 김 * *, 주소·연락처 없음 (외부 공유용)"), False),
                (self.tr("식별 — 이름과 연락처 포함 (사례 담당자 내부용)"), True)]))
        self.format = self.add_row(self.tr("형식"), "format", combo([
            (self.tr("PDF — 미리 보고 인쇄하거나 저장"), PDF),
            (self.tr("HWPX — 한글에서 고칠 수 있는 파일로 저장"), HWPX)]))
        self.format.currentIndexChanged.connect(self._fit_format)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self.progress.hide()
        self.form.addRow(self.progress)
        self.exported_path: str | None = None
        self._fit_format()
        self.save_button.setDefault(True)  # the purpose is the only required field: Enter previews
        self.save_button.setAutoDefault(True)
        self._fit_options()
        self.resize(600, self.sizeHint().height())

    def _fit_format(self) -> None:
        self.set_save_label(self.tr("미리 보기") if self.fmt() == PDF else self.tr("HWPX로 저장…"))

    def fmt(self) -> str:
        return self.format.currentData() or PDF

    def _fit_options(self) -> None:
        if self.full_rrn is None:
            return
        self.full_rrn.setEnabled(not self.blank.isChecked())  # a blank form has no number to show
        if self.blank.isChecked():
            self.full_rrn.setChecked(False)
        self.rrn_reason.setEnabled(self.full_rrn.isChecked())

    def draft_fields(self):  # nothing worth keeping: the form is filled again in seconds
        return {}

    def options(self) -> PrintOptions:
        purpose = self.purpose.text().strip()
        full = bool(self.full_rrn and self.full_rrn.isChecked())
        if full:
            purpose = f"{purpose} · 주민등록번호 전체 표시 사유: {self.rrn_reason.text().strip()}"
        return PrintOptions(purpose=purpose, blank=bool(self.blank and self.blank.isChecked()), full_rrn=full,
                            deidentified=not (self.identified and self.identified.currentData()), fmt=self.fmt())

    def problems(self) -> list[str]:
        out = [p for p in (length_problem(self.purpose.text(), "출력 목적", 100, required=True),) if p]
        if self.full_rrn is not None and self.full_rrn.isChecked():
            p = length_problem(self.rrn_reason.text(), "주민등록번호 전체 표시 사유", 90, required=True)
            if p:
                out.append(p)
        return out

    def notes(self) -> list[str]:
        if self.full_rrn is not None and self.full_rrn.isChecked():
            return ["주민등록번호 전체가 인쇄됩니다. 출력물을 대상자와 담당자 외에 보이지 마세요."]
        return []

    def save(self) -> None:
        """PDF: the preview (FormDialog's save). HWPX: ask where, then make and write the file on
        the worker with progress shown here; the dialog closes when the file is written."""
        if self.fmt() == PDF:
            return super().save()
        if self._saving or self.revalidate():
            return
        path = export_path(self, self.tr("한글 문서로 저장"), self.job.file_stem, HWPX)
        if path is None:
            return
        ctx, job = self.ctx, self.job
        options = self.options()
        self._saving = True
        self.save_button.setEnabled(False)
        self.save_button.setText(self.tr("처리 중…"))
        self.progress.setRange(0, 0)  # busy until the worker reports its first step
        self.progress.show()
        self.runner.submit(export_file, path, lambda: make_file(ctx, job, options), on_done=self._exported,
                           on_error=self._export_failed, on_progress=self._progress, owner=self)

    def _progress(self, done: int, total: int, text: str) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self.progress.setFormat(self.tr(text) if text else "%p%")

    def _exported(self, path: str) -> None:
        self._saving = False
        self.exported_path = path
        self.progress.hide()
        self.set_save_label(self.save_label)
        parent = self.parentWidget()
        messages.info(parent, self.tr("한글 문서로 저장"), self.tr("저장했습니다: {0}").format(Path(path).name))
        self.accept()

    def _export_failed(self, message: str) -> None:
        self._saving = False
        self.progress.hide()
        self.set_save_label(self.save_label)
        self.show_error(message)

    def save_call(self):
        ctx, job, options = self.ctx, self.job, self.options()
        return lambda: make_preview(ctx, job, options)

    def after_save(self, result) -> None:
        pdf, images = result
        ctx, job, options = self.ctx, self.job, self.options()
        export = PrintOptions(f"PDF 저장: {options.purpose}"[:200], options.blank, options.full_rrn,
                              options.deidentified)
        self.preview = PdfPreview(self.runner, ctx, pdf, images, title=job.title, file_stem=job.file_stem,
                                  export=lambda current_ctx: make_pdf(current_ctx, job, export),
                                  parent=self.parentWidget())
        # The PDF may arrive after the screen locked: the main window holds it back until unlock.
        main = self.parentWidget().window() if self.parentWidget() else None
        if hasattr(main, "show_window"):
            main.show_window(self.preview)
        else:
            self.preview.show()

    def reject(self) -> None:
        QDialog.reject(self)  # nothing to lose: no question about unsaved input


# --- jobs for the forms of a case --------------------------------------------------------------


def consent_job(detail=None) -> PrintJob:
    """The case's consent form (pre-filled, or blank by option); without a case, a blank form."""
    title = "개인정보 수집·이용 및 제3자 제공 동의서"
    if detail is None:
        return PrintJob(CONSENT, None, title, "동의서_빈양식")
    return PrintJob(CONSENT, detail.case_id, title, f"동의서_{detail.case_no}")


def plan_job(detail) -> PrintJob:
    return PrintJob(PLAN, detail.current_plan.plan_id, "서비스 제공계획서", f"서비스제공계획서_{detail.case_no}")


def closure_job(detail) -> PrintJob:
    return PrintJob(CLOSURE, detail.case_id, "종결 보고서", f"종결보고서_{detail.case_no}")


def intake_job(detail) -> PrintJob:
    return PrintJob(INTAKE, detail.case_id, "초기상담 기록지", f"초기상담기록지_{detail.case_no}")


def assessment_job(detail) -> PrintJob:
    """The latest assessment (the case file lists them newest first)."""
    a = detail.assessments[0]
    return PrintJob(ASSESSMENT, a.assessment_id, "욕구 및 위기도 조사표",
                    f"욕구및위기도조사표_{detail.case_no}_{a.held_on:%Y%m%d}")


def minutes_job(meeting_id: str, held_at) -> PrintJob:
    return PrintJob(MINUTES, meeting_id, "사례회의록", f"사례회의록_{held_at:%Y%m%d_%H%M}")

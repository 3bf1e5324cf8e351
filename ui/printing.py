"""Printing forms from the client: ask why (and how), generate the PDF on the worker, preview it.

Every print is logged by the service with the purpose typed here; the full resident registration
number is printed only when the user ticks it and says why, and that reason goes into the log too.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QCompleter, QDialog, QLabel, QLineEdit

from .forms import FormDialog, combo, length_problem
from .preview import PdfPreview, page_images

CONSENT, PLAN, CLOSURE, MINUTES = "consent", "plan", "closure", "minutes"

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


def make_pdf(ctx, job: PrintJob, options: PrintOptions) -> bytes:
    """The service call for a job (runs on the database worker; the service writes the log row)."""
    from app.services import printing
    if job.kind == CONSENT:
        return printing.consent_form(ctx, job.target, purpose=options.purpose, blank=options.blank,
                                     full_rrn=options.full_rrn)
    if job.kind == PLAN:
        return printing.service_plan_form(ctx, job.target, purpose=options.purpose)
    if job.kind == CLOSURE:
        return printing.closure_report(ctx, job.target, purpose=options.purpose)
    if job.kind == MINUTES:
        return printing.meeting_minutes(ctx, job.target, purpose=options.purpose,
                                        deidentified=options.deidentified)
    raise ValueError(job.kind)


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
        self.set_save_label(self.tr("미리 보기"))
        self.save_button.setDefault(True)  # the purpose is the only required field: Enter previews
        self.save_button.setAutoDefault(True)
        self._fit_options()
        self.resize(600, self.sizeHint().height())

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
                            deidentified=not (self.identified and self.identified.currentData()))

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


def minutes_job(meeting_id: str, held_at) -> PrintJob:
    return PrintJob(MINUTES, meeting_id, "사례회의록", f"사례회의록_{held_at:%Y%m%d_%H%M}")

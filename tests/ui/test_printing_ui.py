"""Printing from the client: purpose asked, PDF made on the worker, in-memory preview, printing
onto a QPrinter, "PDF로 저장" logged as an export; statistics tables and exports."""
from __future__ import annotations

from datetime import date

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from app.services import cases, printing
from models.entities import AuditLog
from models.types import ClosureReason
from ui import messages, models, preview
from ui.models import RowTableModel
from ui.preview import PdfPreview

from ..conftest import as_staff
from ..workflow_helpers import closure_meeting, in_service_case
from .conftest import settle
from .test_workflow_ui import type_into


def audit_rows(ctx, entity: str) -> list[AuditLog]:
    """Print and export rows of one form."""
    with ctx.session() as s:
        return list(s.scalars(select(AuditLog).where(AuditLog.entity == entity,
                                                     AuditLog.action.in_(("print", "print_rrn", "export")))
                              .order_by(AuditLog.seq)))


def open_case(qtbot, window, case_id):
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    return view


def previews(window) -> list[PdfPreview]:
    return [p for p in window.findChildren(PdfPreview) if p.isVisible()]


def test_consent_needs_a_purpose_then_previews_and_saves_as_a_logged_export(qtbot, window, ctx, shown,
                                                                            monkeypatch, tmp_path):
    case_id, _member, _plan = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    assert view.print_button.isEnabled() and not view.print_actions["closure"].isEnabled()
    dialog = view.print_consent()
    assert not dialog.save_button.isEnabled()
    assert "출력 목적을 입력하세요." in dialog.problem_label.text()
    type_into(qtbot, dialog.purpose, "대상자 서명 받기")
    assert dialog.save_button.text() == "미리 보기"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.session.runner)
    [pv] = previews(window)
    assert len(pv.images) >= 1 and pv.pdf.startswith(b"%PDF")
    assert pv.page_labels[0].pixmap().width() > 200  # rendered, laid out to the window's width
    [row] = audit_rows(ctx, "consent_form")
    assert (row.action, row.purpose) == ("print", "대상자 서명 받기")

    target = tmp_path / "동의서.pdf"
    monkeypatch.setattr(messages, "save_file_path", lambda *a: str(target))
    qtbot.mouseClick(pv.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.session.runner)
    assert target.read_bytes().startswith(b"%PDF")
    assert "저장했습니다" in pv.status.text()
    assert [r.purpose for r in audit_rows(ctx, "consent_form")] == ["대상자 서명 받기", "PDF 저장: 대상자 서명 받기"]
    pv.close()


def test_full_rrn_needs_a_reason_and_is_logged_as_such(qtbot, window, ctx):
    case_id, _member, _plan = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    dialog = view.print_consent()
    type_into(qtbot, dialog.purpose, "보장기관 제출")
    assert not dialog.rrn_reason.isEnabled()
    dialog.full_rrn.setChecked(True)
    assert dialog.rrn_reason.isEnabled() and not dialog.save_button.isEnabled()
    assert "주민등록번호 전체가 인쇄됩니다" in dialog.note_label.text()
    dialog.blank.setChecked(True)  # a blank form has no number: the option goes away
    assert not dialog.full_rrn.isEnabled() and not dialog.full_rrn.isChecked()
    dialog.blank.setChecked(False)
    dialog.full_rrn.setChecked(True)
    type_into(qtbot, dialog.rrn_reason, "사회보장급여 신청 원본")
    dialog.save()
    settle(qtbot, window.session.runner)
    [row] = audit_rows(ctx, "consent_form")
    assert row.action == "print_rrn" and "사회보장급여 신청 원본" in row.purpose
    for pv in previews(window):
        pv.close()


def test_plan_and_closure_report(qtbot, window, ctx):
    case_id, _member, _plan = in_service_case(ctx)
    closure_meeting(ctx, case_id)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="목표 달성",
                     closed_on=date(2026, 11, 21))
    view = open_case(qtbot, window, case_id)
    assert view.print_actions["closure"].isEnabled() and view.print_actions["plan"].isEnabled()
    for opener, entity in ((view.print_plan, "service_plan"), (view.print_closure, "closure_report")):
        dialog = opener()
        type_into(qtbot, dialog.purpose, "기관 보관용")
        dialog.save()
        settle(qtbot, window.session.runner)
        assert [r.purpose for r in audit_rows(ctx, entity)] == ["기관 보관용"]
    assert len(previews(window)) == 2


def test_minutes_from_the_meeting_list_are_deidentified_unless_chosen(qtbot, window, ctx):
    case_id, _member, _plan = in_service_case(ctx)
    page = window.show_meetings()
    settle(qtbot, window.session.runner)
    assert page.meetings.table.row_model.total() == 1
    page.meetings.table.selectRow(0)
    dialog = page.print_selected()
    assert dialog.identified.currentData() is False  # de-identified unless the user picks otherwise
    type_into(qtbot, dialog.purpose, "권역 회의 자료")
    dialog.save()
    settle(qtbot, window.session.runner)
    dialog = page.print_selected()
    dialog.identified.setCurrentIndex(1)
    type_into(qtbot, dialog.purpose, "사례 담당자 검토")
    dialog.save()
    settle(qtbot, window.session.runner)
    purposes = [r.purpose for r in audit_rows(ctx, "meeting_minutes") if r.subject_id == case_id]
    assert purposes == ["권역 회의 자료 (비식별)", "사례 담당자 검토 (식별)"]


def test_print_paints_every_page_onto_the_printer(qtbot, window, ctx, tmp_path, monkeypatch):
    """The 인쇄 path, with a PDF-file printer standing in for the real one."""
    case_id, _member, _plan = in_service_case(ctx)
    pdf = printing.consent_form(ctx, case_id, purpose="테스트")
    out = tmp_path / "printed.pdf"

    def printer(_parent):
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p
    monkeypatch.setattr(preview, "choose_printer", printer)
    pv = PdfPreview(window.session.runner, ctx, pdf, preview.page_images(pdf), title="동의서", file_stem="x",
                    export=None)
    qtbot.addWidget(pv)
    pv.show()
    qtbot.mouseClick(pv.print_button, Qt.MouseButton.LeftButton)
    printed = pdfium.PdfDocument(out.read_bytes())
    source = pdfium.PdfDocument(pdf)
    assert len(printed) == len(source) and "인쇄했습니다" in pv.status.text()
    w, h = printed[0].get_size()
    sw, sh = source[0].get_size()
    assert abs(w - sw) < 2 and abs(h - sh) < 2  # the paper follows the form's page size
    assert not pv.save_button.isEnabled()  # no export function: nothing to save through


def test_statistics_page_tables_and_exports(qtbot, window, ctx, admin_ctx, staff_ids, monkeypatch, tmp_path,
                                            qtmodeltester):
    in_service_case(ctx)
    window.session.ctx = as_staff(admin_ctx, staff_ids["park"])  # a team lead's screen
    page = window.show_statistics()
    page.start.setDate(date(2026, 1, 1))
    qtbot.mouseClick(page.show_button, Qt.MouseButton.LeftButton)
    settle(qtbot, window.session.runner)
    assert page.counts.table.row_model.total() == 1
    assert page.counts.table.model().index(0, 2).data() == "1"  # 선정 계
    for panel in (page.counts, page.types, page.per_dong, page.long_open):
        qtmodeltester.check(panel.table.row_model, force_py=True)
    for kind, magic in (("pdf", b"%PDF"), ("xlsx", b"PK")):
        target = tmp_path / f"통계.{kind}"
        monkeypatch.setattr(messages, "save_file_path", lambda *a, t=target: str(t))
        page.export(kind)
        settle(qtbot, window.session.runner)
        assert target.read_bytes().startswith(magic)


def test_statistics_refused_for_a_case_manager_in_plain_korean(qtbot, window, shown):
    assert "관리(&A)" not in [a.text() for a in window.menuBar().actions()]
    page = window.show_statistics()  # reachable by code only; the service still says no
    page.refresh()
    settle(qtbot, window.session.runner)
    assert "권한이 없습니다" in shown.texts("error")


@pytest.mark.parametrize("columns", [models.statistics_count_columns, models.statistics_type_columns,
                                     models.statistics_dong_columns, models.statistics_long_open_columns])
def test_statistics_models_on_an_empty_period(qtmodeltester, admin_ctx, columns):
    data = printing.statistics_data(admin_ctx, date(2000, 1, 1), date(2000, 12, 31))
    model = RowTableModel(columns())
    model.set_rows({"statistics_count_columns": data.case_counts, "statistics_type_columns": data.household_types,
                    "statistics_dong_columns": data.per_dong,
                    "statistics_long_open_columns": data.long_open}[columns.__name__])
    qtmodeltester.check(model, force_py=True)

"""The forms as HWPX through the services: the same content and rules as the PDFs (tests in
test_printing.py), checked with python-hwpx's validation and read back with extract-hwp."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.services import cases, printing
from app.services.errors import AccessDenied, ValidationError
from models.entities import Assessment, AuditLog, Meeting
from models.types import ClosureReason

from .conftest import as_staff
from .hwpx_helpers import checked_text, scan_for
from .workflow_helpers import closure_meeting, in_service_case, intake_case


def audit_rows(ctx):
    with ctx.session() as s:
        return [(r.action, r.entity, r.purpose) for r in s.scalars(select(AuditLog).order_by(AuditLog.seq))]


def test_consent_hwpx_is_prefilled_masked_and_logged(ctx):
    case_id, _, _ = in_service_case(ctx)
    data = printing.consent_form(ctx, case_id, purpose="대상자 서명용", fmt="hwpx")
    text = checked_text(data)
    assert "김민수" in text and "900101-1******" in text
    assert scan_for(data, ["900101-1234568", "9001011234568"]) == []
    assert "연희동주민센터" in text
    assert "통합사례관리서비스종결후5년" in text
    assert ("print", "consent_form", "대상자 서명용 [HWPX]") in audit_rows(ctx)


def test_full_rrn_hwpx_only_when_asked_and_logged_as_such(ctx):
    case_id, _, _ = in_service_case(ctx)
    text = checked_text(printing.consent_form(ctx, case_id, purpose="급여 신청 첨부", full_rrn=True, fmt="hwpx"))
    assert "900101-1234568" in text
    assert ("print_rrn", "consent_form", "급여 신청 첨부 [HWPX]") in audit_rows(ctx)


def test_blank_consent_hwpx(ctx):
    data = printing.consent_form(ctx, None, purpose="방문용 여분", blank=True, fmt="hwpx")
    text = checked_text(data)
    assert "김민수" not in text and "□동의함" in text and "■" not in text


def test_purpose_and_format_are_checked(ctx):
    case_id, _ = intake_case(ctx)
    with pytest.raises(ValidationError, match="출력 목적"):
        printing.consent_form(ctx, case_id, purpose="  ", fmt="hwpx")
    with pytest.raises(ValidationError, match="PDF나 HWPX"):
        printing.consent_form(ctx, case_id, purpose="출력", fmt="docx")
    assert not [r for r in audit_rows(ctx) if r[1] == "consent_form"]


def test_other_team_cannot_export_hwpx(ctx, admin_ctx, staff_ids):
    case_id, _ = intake_case(ctx)
    with pytest.raises(AccessDenied):
        printing.consent_form(as_staff(admin_ctx, staff_ids["lee"]), case_id, purpose="출력", fmt="hwpx")


def test_service_plan_and_closure_report_hwpx(ctx):
    case_id, _, plan = in_service_case(ctx)
    text = checked_text(printing.service_plan_form(ctx, plan, purpose="대상자 동의", fmt="hwpx"))
    assert "긴급생계지원" in text and "주거안정" in text and "300,000" in text
    with pytest.raises(ValidationError, match="종결되지 않은"):
        printing.closure_report(ctx, case_id, purpose="보고", fmt="hwpx")
    closure_meeting(ctx, case_id, in_writing=True)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="주거가 안정되어 목표를 달성함",
                     closed_on=date(2026, 11, 21), follow_up_plan="3개월 후 방문건강관리 연계 확인")
    text = checked_text(printing.closure_report(ctx, case_id, purpose="종결 보고", fmt="hwpx"))
    for expected in ("목표달성", "주거가안정되어목표를달성함", "3개월후방문건강관리연계확인", "서면", "2026"):
        assert expected in text, expected
    assert ("print", "closure_report", "종결 보고 [HWPX]") in audit_rows(ctx)


def test_deidentified_minutes_hwpx_hold_no_identifying_data_in_any_part(ctx):
    case_id, _, _ = in_service_case(ctx, members=(("김민수", "900101-1234568", "본인"),
                                                  ("김하나", "150303-4000007", "자녀")))
    with ctx.session() as s:
        meeting_id = s.scalars(select(Meeting.id)).one()
    plain = printing.meeting_minutes(ctx, meeting_id, purpose="내부 기록", deidentified=False, fmt="hwpx")
    assert "김민수" in checked_text(plain)
    shared = printing.meeting_minutes(ctx, meeting_id, purpose="권역회의 공유", deidentified=True, fmt="hwpx")
    secrets = ("김민수", "김하나", "민수", "900101", "1234568", "150303", "010-1234-5678", "12345678",
               "연희로 1", "02-330-1234")
    assert scan_for(plain, ["김민수"]), "the scan must see what is there"
    assert scan_for(shared, secrets) == []
    assert "김**" in checked_text(shared)
    assert ("print", "meeting_minutes", "권역회의 공유 (비식별) [HWPX]") in audit_rows(ctx)


def test_intake_record_and_assessment_forms_in_both_formats(ctx):
    from .test_printing import pdf_text, squash
    from .workflow_helpers import assessed_case
    case_id, _, _ = assessed_case(ctx)
    with ctx.session() as s:
        assessment_id = s.scalars(select(Assessment.id).where(Assessment.case_id == case_id)).first()
    for fmt, read in (("pdf", lambda b: squash(pdf_text(b))), ("hwpx", checked_text)):
        text = read(printing.intake_record(ctx, case_id, purpose="사례회의 자료", fmt=fmt))
        for expected in ("초기상담기록지", "이웃", "월세체납,건강악화", "김민수", "900101-1******"):
            assert expected in text, (fmt, expected)
        assert "1234568" not in text
        text = read(printing.assessment_form(ctx, assessment_id, purpose="사례회의 자료", fmt=fmt))
        for expected in ("욕구및위기도조사표", "안전", "법률및권익보장", "위기도", "김민수"):
            assert expected in text, (fmt, expected)
    entities = [r[1] for r in audit_rows(ctx)]
    assert entities.count("intake_record") == 2 and entities.count("assessment_form") == 2
    with pytest.raises(ValidationError, match="초기상담을"):
        other, _ = intake_case(ctx)
        with ctx.session() as s:
            from models.entities import Intake
            s.delete(s.scalars(select(Intake).where(Intake.case_id == other)).one())
        printing.intake_record(ctx, other, purpose="출력")


def test_statistics_hwpx(ctx, admin_ctx, staff_ids):
    in_service_case(ctx)
    lead = as_staff(admin_ctx, staff_ids["park"])
    data = printing.statistics_hwpx(lead, date(2026, 1, 1), date(2026, 12, 31))
    text = checked_text(data)
    assert "사례관리대상자선정및진행현황" in text and "천연동" in text
    assert any(r[0] == "export" and r[2].endswith("[HWPX] (통계 2026-01-01~2026-12-31 전체)") for r in audit_rows(lead))

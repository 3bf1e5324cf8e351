"""Printing through the services: forms filled from the case, masked RRN, logged with purpose."""
from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest
from sqlalchemy import select

from app.services import cases, printing
from app.services.errors import AccessDenied, ValidationError
from models.entities import AuditLog, Meeting
from models.types import ClosureReason

from .conftest import as_staff
from .workflow_helpers import closure_meeting, in_service_case, intake_case

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def pdf_text(pdf: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True)
    return out.stdout.decode("utf-8")


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def audit_rows(ctx):
    with ctx.session() as s:
        return [(r.action, r.entity, r.purpose) for r in s.scalars(select(AuditLog).order_by(AuditLog.seq))]


def test_consent_form_is_prefilled_masked_and_logged(ctx):
    case_id, member, _ = in_service_case(ctx)
    text = squash(pdf_text(printing.consent_form(ctx, case_id, purpose="대상자 서명용")))
    assert "김민수" in text and "900101-1******" in text and "9001011234568" not in text
    assert "900101-1234568" not in text
    assert "연희동주민센터" in text  # named provider from the plan
    assert "통합사례관리서비스종결후5년" in text
    assert ("print", "consent_form", "대상자 서명용") in audit_rows(ctx)


def test_full_rrn_only_when_the_purpose_needs_it_and_logged_as_such(ctx):
    case_id, _, _ = in_service_case(ctx)
    text = squash(pdf_text(printing.consent_form(ctx, case_id, purpose="급여 신청 첨부", full_rrn=True)))
    assert "900101-1234568" in text
    assert ("print_rrn", "consent_form", "급여 신청 첨부") in audit_rows(ctx)


def test_blank_consent_form(ctx):
    text = squash(pdf_text(printing.consent_form(ctx, None, purpose="방문용 여분", blank=True)))
    assert "김민수" not in text and "동의함" in text


def test_purpose_is_required(ctx):
    case_id, _ = intake_case(ctx)
    with pytest.raises(ValidationError, match="출력 목적"):
        printing.consent_form(ctx, case_id, purpose="  ")


def test_other_team_cannot_print(ctx, admin_ctx, staff_ids):
    case_id, _ = intake_case(ctx)
    with pytest.raises(AccessDenied):
        printing.consent_form(as_staff(admin_ctx, staff_ids["lee"]), case_id, purpose="출력")


def test_service_plan_and_closure_report(ctx):
    case_id, _, plan = in_service_case(ctx)
    text = squash(pdf_text(printing.service_plan_form(ctx, plan, purpose="대상자 동의")))
    assert "긴급생계지원" in text and "주거안정" in text and "300,000" in text
    with pytest.raises(ValidationError, match="종결되지 않은"):
        printing.closure_report(ctx, case_id, purpose="보고")
    closure_meeting(ctx, case_id, in_writing=True)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="주거가 안정되어 목표를 달성함",
                     closed_on=date(2026, 11, 21), follow_up_plan="3개월 후 방문건강관리 연계 확인")
    text = squash(pdf_text(printing.closure_report(ctx, case_id, purpose="종결 보고")))
    for expected in ("목표달성", "주거가안정되어목표를달성함", "3개월후방문건강관리연계확인", "서면", "2026"):
        assert expected in text, expected


def test_deidentified_minutes_hold_no_identifying_data(ctx):
    case_id, _, _ = in_service_case(ctx, members=(("김민수", "900101-1234568", "본인"),
                                                  ("김하나", "150303-4000007", "자녀")))
    with ctx.session() as s:
        meeting_id = s.scalars(select(Meeting.id)).one()
    plain = squash(pdf_text(printing.meeting_minutes(ctx, meeting_id, purpose="내부 기록", deidentified=False)))
    assert "김민수" in plain
    shared = squash(pdf_text(printing.meeting_minutes(ctx, meeting_id, purpose="권역회의 공유", deidentified=True)))
    for secret in ("김민수", "김하나", "민수", "900101", "1234568", "150303", "010-1234-5678", "12345678",
                   "연희로1", "02-330-1234"):
        assert secret not in shared, secret
    assert "김**" in shared
    assert ("print", "meeting_minutes", "권역회의 공유 (비식별)") in audit_rows(ctx)


def test_statistics_counts_like_seed_000(ctx, admin_ctx, staff_ids):
    from models.types import IntakeDecision, MeetingKind, SelectionOutcome
    from app.services import meetings
    from .workflow_helpers import ATTENDEES, assessed_case
    in_service_case(ctx)                                  # 선정-진행
    case_closed, _, _ = in_service_case(ctx)              # 선정-종결
    closure_meeting(ctx, case_closed)
    cases.close_case(ctx, case_closed, reason=ClosureReason.MOVED, evaluation="전출", closed_on=date(2026, 11, 21))
    not_selected, _, _ = assessed_case(ctx)               # 미선정
    meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=__import__("datetime").datetime(2026, 11, 10),
                            attendees=ATTENDEES,
                            decisions=[meetings.DecisionInput(not_selected, SelectionOutcome.NOT_SELECTED)])
    linked, _ = intake_case(ctx)                          # 서비스연계 at intake
    cases.decide_intake(ctx, linked, IntakeDecision.SERVICE_LINK)
    intake_case(ctx)                                      # still in intake: 의뢰 only
    with pytest.raises(AccessDenied):
        printing.statistics_data(ctx, date(2026, 1, 1), date(2026, 12, 31))
    lead = as_staff(admin_ctx, staff_ids["park"])
    stats = printing.statistics_data(lead, date(2026, 1, 1), date(2026, 12, 31))
    [row] = stats.case_counts
    assert (row.referred, row.selected_open, row.selected_closed, row.not_selected, row.service_link) == (5, 1, 1, 1, 1)
    assert [(d.dong, d.selected, d.total) for d in stats.per_dong] == [("천연동", 2, 4)]
    assert ("문제 유형", "경제적 어려움", 5) in {(h.group, h.household_type, h.count) for h in stats.household_types}
    xlsx = printing.statistics_xlsx(lead, date(2026, 1, 1), date(2026, 12, 31))
    assert xlsx[:2] == b"PK"
    assert "선정" in pdf_text(printing.statistics_pdf(lead, date(2026, 1, 1), date(2026, 12, 31)))

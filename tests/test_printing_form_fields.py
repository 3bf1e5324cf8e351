"""What the 서식 ask that the forms now record, on the prints in both formats: the 차기 회의 일정,
an expert's 전문 분야 and a 서명 column on the named minutes; 장기·단기목표 per need on the service
plan; the 종결 안내 and the 달성도 scale on the closure report."""
from __future__ import annotations

import shutil
from datetime import date, datetime

import pytest

from app.services import cases, meetings, printing
from app.services.cases import PlanGoal, PlanItemInput
from app.services.meetings import AttendeeInput, DecisionInput
from models.types import ClosureReason, MeetingKind, SelectionOutcome

from .hwpx_helpers import checked_text
from .test_printing import pdf_text, squash
from .workflow_helpers import ATTENDEES, closure_meeting, selected_case

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")


def both(make, **kw) -> tuple[str, str]:
    """The squashed text of the PDF and of the HWPX (validated, read back independently)."""
    return squash(pdf_text(make(fmt="pdf", **kw))), checked_text(make(fmt="hwpx", **kw))


def test_minutes_show_the_next_meeting_the_experts_field_and_a_signature_column_when_named(ctx):
    case_id, _ = selected_case(ctx)
    result = meetings.record_meeting(
        ctx, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 20, 14), next_meeting_at=datetime(2026, 12, 4, 14),
        attendees=ATTENDEES + [AttendeeInput("최교수", "", "expert", field="아동")],
        decisions=[DecisionInput(case_id, SelectionOutcome.CONTINUE)])
    for deidentified in (False, True):
        for text in both(lambda fmt: printing.meeting_minutes(ctx, result.meeting_id, purpose="사례회의 자료",
                                                                deidentified=deidentified, fmt=fmt)):
            assert "차기회의일정2026-12-0414:00" in text
            assert "외부전문가(아동)" in text
            assert ("역할서명" in text) is (not deidentified)


def test_plan_prints_each_needs_long_and_short_goal_once(ctx):
    case_id, _ = selected_case(ctx)
    plan = cases.save_service_plan(
        ctx, case_id, made_on=date(2026, 11, 11), goals="생활 안정",
        items=[PlanItemInput("economy", "긴급 생계지원"), PlanItemInput("economy", "주거급여 신청")],
        need_goals=[PlanGoal("economy", "월세 체납", "주거 안정 유지", "3개월 내 체납 해소")])
    for text in both(lambda fmt: printing.service_plan_form(ctx, plan, purpose="대상자 서명", fmt=fmt)):
        assert text.count("주거안정유지") == 1 and text.count("3개월내체납해소") == 1
        assert "종합생활안정" in text and "장기" in text and "단기" in text


def test_closure_report_shows_the_notice_and_the_scale(ctx):
    case_id, _ = selected_case(ctx)
    plan = cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 11), goals="생활 안정",
                                   items=[PlanItemInput("economy", "긴급 생계지원", goal="체납 해소")])
    cases.agree_plan(ctx, plan, date(2026, 11, 12))
    closure_meeting(ctx, case_id)
    item = cases_item(ctx, plan)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="주거 안정",
                     closed_on=date(2026, 11, 21), attainment={item: 75},
                     informed_on=date(2026, 11, 21), informed_how="방문")
    for text in both(lambda fmt: printing.closure_report(ctx, case_id, purpose="보관", fmt=fmt)):
        assert "종결안내2026-11-21방문" in text
        assert "체납해소대부분달성" in text


def cases_item(ctx, plan_id):
    from models.entities import PlanItem
    with ctx.session() as s:
        return s.query(PlanItem).filter_by(plan_id=plan_id).one().id

"""Every stage transition of DOMAIN.md, the ones that must be refused, and nothing partial saved."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from app.services import cases, meetings
from app.services.errors import AccessDenied, ValidationError, WorkflowError
from models.entities import Case, Closure, Meeting, Outbox
from models.types import (ClosureReason, ConsentKind, ContactKind, IntakeDecision, MeetingKind,
                          SelectionOutcome, Stage)

from .workflow_helpers import (ATTENDEES, assessed_case, closure_meeting, consent, household, in_service_case,
                               intake_case, selected_case)


def stage(ctx, case_id) -> Stage:
    with ctx.session() as s:
        return s.get(Case, case_id).stage


def test_intake_opens_a_case_in_the_intake_stage(ctx):
    case_id, _ = intake_case(ctx)
    assert stage(ctx, case_id) == Stage.INTAKE
    code = cases.device_code(ctx.device_id)
    with ctx.session() as s:
        assert s.get(Case, case_id).case_no == f"2026-{code}-0001"
    second, _ = intake_case(ctx)
    with ctx.session() as s:
        assert s.get(Case, second).case_no == f"2026-{code}-0002"


def test_case_numbers_from_two_devices_do_not_collide(ctx):
    from dataclasses import replace
    first, _ = intake_case(ctx)
    laptop = replace(ctx, device_id="f1e2d3c4-0000-4000-8000-000000000000")
    other, _ = intake_case(laptop)
    with ctx.session() as s:
        a, b = s.get(Case, first).case_no, s.get(Case, other).case_no
    assert a != b and a.endswith("-0001") and b.endswith("-0001")


def test_registration_needs_collection_consent(ctx):
    case_id, member = intake_case(ctx)
    with pytest.raises(WorkflowError, match="수집·이용 동의"):
        cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    assert stage(ctx, case_id) == Stage.INTAKE
    consent(ctx, case_id, member)
    assert cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT) == Stage.REGISTERED


def test_refused_consent_does_not_count(ctx):
    case_id, member = intake_case(ctx)
    consent(ctx, case_id, member, agreed=False)
    with pytest.raises(WorkflowError):
        cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)


@pytest.mark.parametrize("decision", [IntakeDecision.SERVICE_LINK, IntakeDecision.REFER_OTHER,
                                      IntakeDecision.INFORMATION, IntakeDecision.NOT_APPLICABLE])
def test_other_intake_decisions_end_the_case(ctx, decision):
    case_id, _ = intake_case(ctx)
    assert cases.decide_intake(ctx, case_id, decision) == Stage.ENDED
    with pytest.raises(WorkflowError):
        cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)


def test_assessment_before_registration_is_refused(ctx):
    case_id, _ = intake_case(ctx)
    with pytest.raises(WorkflowError, match="초기상담"):
        cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5),
                              domains={"economy": cases.DomainInput(urgency=2)})


def test_assessment_moves_to_assessed_and_suggests_case_type(ctx):
    case_id, _, result = assessed_case(ctx, urgency={"safety": 3, "economy": 1})
    assert stage(ctx, case_id) == Stage.ASSESSED
    assert result.crisis_level == 3 and result.suggested_case_type == "위기"
    _, _, mild = assessed_case(ctx, urgency={"economy": 1})
    assert mild.crisis_level == 1 and mild.suggested_case_type == "단순"
    _, _, health = assessed_case(ctx, urgency={"health": 2})
    assert health.crisis_level == 2 and health.suggested_case_type == "집중"


def test_selection_needs_a_meeting_decision(ctx):
    case_id, _, _ = assessed_case(ctx)
    with pytest.raises(WorkflowError, match="'욕구·위기도 조사' 단계"):
        cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 11), goals="목표",
                                items=[cases.PlanItemInput("economy", "생계지원")])
    selected, _ = selected_case(ctx)
    assert stage(ctx, selected) == Stage.SELECTED
    with ctx.session() as s:
        assert s.get(Case, selected).case_type == "집중"


@pytest.mark.parametrize("outcome,expected", [(SelectionOutcome.NOT_SELECTED, Stage.NOT_SELECTED),
                                              (SelectionOutcome.SERVICE_LINK, Stage.LINKED),
                                              (SelectionOutcome.REFER_PROGRAM, Stage.REFERRED_OUT)])
def test_meeting_outcomes_other_than_selection(ctx, outcome, expected):
    case_id, _, _ = assessed_case(ctx)
    meetings.record_meeting(ctx, kind=MeetingKind.DONG_SHARING, held_at=datetime(2026, 11, 10, 9),
                            attendees=ATTENDEES, decisions=[meetings.DecisionInput(case_id, outcome)])
    assert stage(ctx, case_id) == expected


def test_selection_without_case_type_saves_nothing(ctx):
    case_id, _, _ = assessed_case(ctx)
    with ctx.session() as s:
        before = s.scalar(select(func.count()).select_from(Meeting)), s.scalar(select(func.count()).select_from(Outbox))
    with pytest.raises(ValidationError, match="사례 유형"):
        meetings.record_meeting(ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 9),
                                attendees=ATTENDEES,
                                decisions=[meetings.DecisionInput(case_id, SelectionOutcome.SELECTED)])
    with ctx.session() as s:
        after = s.scalar(select(func.count()).select_from(Meeting)), s.scalar(select(func.count()).select_from(Outbox))
    assert before == after
    assert stage(ctx, case_id) == Stage.ASSESSED


def test_plan_agreement_starts_service(ctx):
    case_id, _, plan = in_service_case(ctx)
    assert stage(ctx, case_id) == Stage.IN_SERVICE
    with pytest.raises(WorkflowError, match="이미"):
        cases.agree_plan(ctx, plan, date(2026, 11, 13))


def test_closure_needs_a_closure_meeting_and_evaluation(ctx):
    case_id, _, _ = in_service_case(ctx)
    with pytest.raises(WorkflowError, match="종결회의"):
        cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="목표 달성",
                         closed_on=date(2026, 11, 21))
    closure_meeting(ctx, case_id, in_writing=True)
    with pytest.raises(ValidationError, match="종결 평가"):
        cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="   ",
                         closed_on=date(2026, 11, 21))
    assert stage(ctx, case_id) == Stage.IN_SERVICE
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="주거가 안정됨",
                     closed_on=date(2026, 11, 21), follow_up_plan="3개월 후 방문")
    assert stage(ctx, case_id) == Stage.CLOSED
    with ctx.session() as s:
        closure = s.scalars(select(Closure).where(Closure.case_id == case_id)).one()
        assert closure.in_writing is True


def test_close_decision_only_in_closure_meeting(ctx):
    case_id, _, _ = in_service_case(ctx)
    with pytest.raises(WorkflowError, match="종결회의에서만"):
        meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 20, 10),
                                attendees=ATTENDEES,
                                decisions=[meetings.DecisionInput(case_id, SelectionOutcome.CLOSE)])


def test_follow_up_then_end(ctx):
    case_id, _, _ = in_service_case(ctx)
    closure_meeting(ctx, case_id)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="달성",
                     closed_on=date(2026, 11, 21))
    with pytest.raises(ValidationError, match="종결일 이후"):
        cases.start_follow_up(ctx, case_id, [(date(2026, 11, 1), "노인돌봄")])
    [fu] = cases.start_follow_up(ctx, case_id, [(date(2027, 2, 21), "방문건강")])
    assert stage(ctx, case_id) == Stage.FOLLOW_UP
    with pytest.raises(WorkflowError, match="1건"):
        cases.end_follow_up(ctx, case_id)
    cases.complete_follow_up(ctx, fu, date(2027, 2, 21), "안정적으로 생활 중")
    cases.end_follow_up(ctx, case_id)
    assert stage(ctx, case_id) == Stage.ENDED


def test_contact_records_companion_warnings(ctx):
    case_id, _, _ = in_service_case(ctx, problems=("아동학대 및 가정폭력",))
    _, warnings = cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 15),
                                       kind=ContactKind.VISIT, note="가정방문, 아동 상태 확인")
    assert any("보호전문기관" in w for w in warnings)
    _, warnings = cases.record_contact(
        ctx, case_id, occurred_at=datetime(2026, 11, 21, 15), kind=ContactKind.VISIT, note="재방문",
        companions=[cases.Companion("정상담", "protection_agency")])
    assert warnings == []


def test_other_team_case_manager_is_refused_and_logged(ctx, admin_ctx, staff_ids):
    from models.entities import AuditLog
    from .conftest import as_staff
    case_id, _ = intake_case(ctx)
    other = as_staff(admin_ctx, staff_ids["lee"])
    with pytest.raises(AccessDenied):
        cases.decide_intake(other, case_id, IntakeDecision.INFORMATION)
    supervisor = as_staff(admin_ctx, staff_ids["park"])
    assert cases.decide_intake(supervisor, case_id, IntakeDecision.INFORMATION) == Stage.ENDED
    with ctx.session() as s:
        refused = s.scalars(select(AuditLog).where(AuditLog.outcome == "refused")).all()
        assert [(r.staff_id, r.subject_id) for r in refused] == [(staff_ids["lee"], case_id)]


def test_external_attendees_need_third_party_consent(ctx):
    case_id, member = intake_case(ctx)
    consent(ctx, case_id, member)
    cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5),
                          domains={"economy": cases.DomainInput(urgency=2)})
    outside = ATTENDEES + [meetings.AttendeeInput("정간호", "서대문구 보건소", "health_center")]
    with pytest.raises(WorkflowError, match="제3자 제공 동의"):
        meetings.record_meeting(ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 9),
                                attendees=outside, decisions=[meetings.DecisionInput(
                                    case_id, SelectionOutcome.SELECTED, case_type="단순")])
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY)
    meetings.record_meeting(ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 9),
                            attendees=outside, decisions=[meetings.DecisionInput(
                                case_id, SelectionOutcome.SELECTED, case_type="단순")])
    assert stage(ctx, case_id) == Stage.SELECTED


def test_mental_health_professional_needs_consent_and_a_sober_client(ctx):
    case_id, member, _ = in_service_case(ctx, flags={"김민수": ["알코올문제"]})
    pro = [cases.Companion("정전문", "mental_health_pro")]
    visit = dict(occurred_at=datetime(2026, 11, 20, 15), kind=ContactKind.VISIT, note="가정방문", companions=pro)
    _, warnings = cases.record_contact(ctx, case_id, **visit)
    assert any("동의한 경우에만" in w for w in warnings) and any("사회복무요원" in w for w in warnings)
    consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH)
    assert cases.record_contact(ctx, case_id, **visit)[1] == []
    _, warnings = cases.record_contact(ctx, case_id, client_intoxicated=True, **visit)
    assert any("주취" in w for w in warnings)


@pytest.mark.parametrize("attendee,kind", [
    (meetings.AttendeeInput("정간호", "", "health_center"), MeetingKind.INTEGRATED),   # outside role, agency blank
    (meetings.AttendeeInput("박팀장", "서대문구 희망복지지원단", "supervisor"), MeetingKind.EXTENDED),  # 확대사례회의
])
def test_outside_roles_and_meeting_kinds_need_third_party_consent(ctx, attendee, kind):
    case_id, member = intake_case(ctx)
    consent(ctx, case_id, member)
    cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"economy": cases.DomainInput(urgency=2)})
    with pytest.raises(WorkflowError, match="제3자 제공 동의"):
        meetings.record_meeting(ctx, kind=kind, held_at=datetime(2026, 11, 10, 9), attendees=ATTENDEES + [attendee],
                                decisions=[meetings.DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="단순")])


def test_intake_keeps_the_whole_record_sheet(ctx):
    from app.services.views import case_file
    hh, [member] = household(ctx)
    record = cases.IntakeRecord(consult_method="방문", urgent_support=True, monthly_income=620_000, assets=3_000_000,
                                debts=12_000_000, housing_type="월세", housing_cost=350_000,
                                health_disability="당뇨, 고혈압 약 복용", worker_opinion="주거비 긴급지원 후 사례관리 필요")
    case_id = cases.open_intake(ctx, household_id=hh, primary_member_id=member, held_on=date(2026, 11, 2),
                                referral_source="통반장", presenting_problems="월세 4개월 체납", record=record)
    intake = case_file.case_detail(ctx, case_id).intake
    assert (intake.consult_method, intake.urgent_support, intake.monthly_income, intake.debts, intake.housing_type,
            intake.housing_cost, intake.worker_opinion) == ("방문", True, 620_000, 12_000_000, "월세", 350_000,
                                                            "주거비 긴급지원 후 사례관리 필요")
    for bad, message in ((cases.IntakeRecord(consult_method="문자"), "상담 방법"),
                         (cases.IntakeRecord(housing_type="궁전"), "주거 형태"),
                         (cases.IntakeRecord(debts=-1), "부채는 0원에서")):
        with pytest.raises(ValidationError, match=message):
            cases.open_intake(ctx, household_id=hh, primary_member_id=member, held_on=date(2026, 11, 2),
                              referral_source="본인", presenting_problems="상담", record=bad)

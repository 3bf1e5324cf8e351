"""Builders that walk a case through the workflow, so each test starts at the stage it needs."""
from __future__ import annotations

from datetime import date, datetime

from app.services import cases, households, meetings
from app.services.cases import DomainInput, PlanItemInput
from app.services.households import MemberInput
from app.services.meetings import AttendeeInput, DecisionInput
from models.types import ConsentKind, IntakeDecision, MeetingKind, SelectionOutcome

from .conftest import dong_id


def household(ctx, *, members=(("김민수", "900101-1234568", "본인"),), income="수급", types=("독거",),
              problems=("경제적 어려움",), flags=None, dong="천연동") -> tuple[str, list[str]]:
    hh = households.create_household(ctx, dong_id=dong_id(ctx, dong), address="서울 서대문구 연희로 1",
                                     phone="02-330-1234", income_status=income, household_types=types,
                                     problem_types=problems)
    ids = []
    for i, (name, rrn, relation) in enumerate(members):
        mid, _ = households.add_member(ctx, hh, MemberInput(name=name, rrn=rrn, relation=relation,
                                                            is_head=i == 0, phone="010-1234-5678",
                                                            flags=list((flags or {}).get(name, []))))
        ids.append(mid)
    return hh, ids


def intake_case(ctx, **kw) -> tuple[str, str]:
    hh, ids = household(ctx, **kw)
    case_id = cases.open_intake(ctx, household_id=hh, primary_member_id=ids[0], held_on=date(2026, 11, 2),
                                referral_source="이웃", presenting_problems="월세 체납, 건강 악화")
    return case_id, ids[0]


def consent(ctx, case_id, member_id, kind=ConsentKind.COLLECTION_USE, agreed=True, representative="", **kw):
    """A child under 14 needs `representative` (법정대리인); `kw`: valid_until, purposes, items."""
    return cases.record_consent(ctx, case_id, member_id=member_id, kind=kind, agreed=agreed,
                                recorded_on=kw.pop("recorded_on", date(2026, 11, 3)),
                                legal_representative=representative, **kw)


def registered_case(ctx, representative="", **kw):
    """`representative`: the 법정대리인 who consents for a client under 14."""
    case_id, member = intake_case(ctx, **kw)
    consent(ctx, case_id, member, representative=representative)
    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY, representative=representative)
    cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    return case_id, member


def assessed_case(ctx, urgency=None, **kw):
    case_id, member = registered_case(ctx, **kw)
    urgency = urgency or {"economy": 3, "health": 2, "safety": 0}
    result = cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5),
                                   domains={k: DomainInput(client_words="도움이 필요해요", urgency=v)
                                            for k, v in urgency.items()})
    return case_id, member, result


ATTENDEES = [AttendeeInput("박팀장", "서대문구 희망복지지원단", "hope_cm"),
             AttendeeInput("김사례", "서대문구 희망복지지원단", "dong_cm")]


def selected_case(ctx, case_type="집중", **kw):
    case_id, member, _ = assessed_case(ctx, **kw)
    meetings.record_meeting(ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 14),
                            attendees=ATTENDEES,
                            decisions=[DecisionInput(case_id, SelectionOutcome.SELECTED, case_type=case_type,
                                                     lead_agency="서대문구 희망복지지원단")])
    return case_id, member


def in_service_case(ctx, **kw):
    case_id, member = selected_case(ctx, **kw)
    plan = cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 11), goals="주거 안정",
                                   items=[PlanItemInput("economy", "긴급 생계지원", provider="연희동 주민센터",
                                                        cost=300000)])
    cases.agree_plan(ctx, plan, date(2026, 11, 12))
    return case_id, member, plan


def closure_meeting(ctx, case_id, in_writing=False):
    return meetings.record_meeting(ctx, kind=MeetingKind.CLOSURE, held_at=datetime(2026, 11, 20, 10),
                                   attendees=ATTENDEES, in_writing=in_writing,
                                   decisions=[DecisionInput(case_id, SelectionOutcome.CLOSE)])

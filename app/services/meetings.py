"""사례회의: minutes with attendees and per-case decisions that move cases through selection,
plus the attendance rules of the 2019 guide (missing required attendees → warnings on the minutes)."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import select

from models.entities import Case, Center, Meeting, MeetingAttendee, MeetingDecision
from models.types import ConsentKind, MeetingKind, SelectionOutcome, Stage

from . import rules
from .case_facts import consent_problem as facts_consent_problem, require_stage
from .context import ServiceContext, audit
from .errors import ValidationError, WorkflowError
from .hangul import clean_text

SELECTION_MEETINGS = (MeetingKind.INTERNAL, MeetingKind.DONG_SHARING, MeetingKind.INTEGRATED,
                      MeetingKind.EXTENDED, MeetingKind.REGIONAL)
# Roles from outside the case team (resources/rules/meetings.json): a meeting with any of them shares
# case information, so each case discussed needs third-party consent.
OUTSIDE_ROLES = frozenset(rules.load("meetings")["outside_roles"])
EXPERT_FIELDS = tuple(rules.load("meetings")["expert_fields"])
NEXT_MEETING_WITHIN = timedelta(days=366)   # a 차기 회의 further off than this is a typing slip
TOPICS = {"health_main": "보건·정신건강 서비스가 주된 서비스", "mental_health_main": "정신건강 서비스가 주된 서비스",
          "medical_aid_admission": "의료급여 수급자 입·퇴원 논의",
          "other_program_household": "다른 사례관리 사업의 대상 가구"}


@dataclass
class AttendeeInput:
    name: str
    agency: str = ""
    role: str = "other"
    staff_id: str | None = None
    field: str = ""   # an outside expert's field (전문 분야): 아동, 법률, 정신건강 …


@dataclass
class DecisionInput:
    case_id: str
    outcome: SelectionOutcome
    household_summary: str = ""
    issues: str = ""
    case_type: str | None = None
    direction: str = ""
    lead_agency: str = ""
    role_split: str = ""
    topics: list[str] = field(default_factory=list)


@dataclass
class MeetingResult:
    meeting_id: str
    warnings: list[str]


_ENDING = {SelectionOutcome.NOT_SELECTED: Stage.NOT_SELECTED, SelectionOutcome.SERVICE_LINK: Stage.LINKED,
           SelectionOutcome.REFER_PROGRAM: Stage.REFERRED_OUT}


def _apply_decision(ctx: ServiceContext, s, kind: MeetingKind, held_at: datetime, case: Case,
                    d: DecisionInput, case_types: list[str]) -> None:
    if d.outcome == SelectionOutcome.SELECTED or d.outcome in _ENDING:
        if kind not in SELECTION_MEETINGS:
            raise WorkflowError(f"{kind.label}에서는 대상자 선정 여부를 결정할 수 없습니다.")
        require_stage(case, (Stage.ASSESSED,), "대상자 선정 결정")
        if d.outcome == SelectionOutcome.SELECTED:
            if d.case_type not in case_types:
                raise ValidationError(f"선정 시 사례 유형({', '.join(case_types)})을 정하세요.", "사례 유형")
            case.stage = Stage.SELECTED
            case.case_type = d.case_type
            case.lead_agency = d.lead_agency or case.lead_agency
        else:
            case.stage = _ENDING[d.outcome]
            case.closed_on = held_at.date()
    elif d.outcome == SelectionOutcome.CLOSE:
        if kind != MeetingKind.CLOSURE:
            raise WorkflowError("종결 결정은 종결회의에서만 할 수 있습니다.")
        require_stage(case, (Stage.IN_SERVICE,), "종결 결정")
    else:  # CONTINUE: progress check, may re-judge the case type
        require_stage(case, (Stage.SELECTED, Stage.IN_SERVICE), "진행 점검")
        if d.case_type:
            if d.case_type not in case_types:
                raise ValidationError(f"사례 유형은 {', '.join(case_types)} 중 하나입니다.", "사례 유형")
            case.case_type = d.case_type
        if d.lead_agency:
            case.lead_agency = d.lead_agency


def brings_outsiders(kind: MeetingKind, attendees, center_name: str) -> bool:
    """Whether a meeting shares case information outside the case team, so that every case it
    discusses needs third-party consent: another agency, an outside role (even with the agency left
    blank), or a meeting kind that brings in outside experts or partners by its nature."""
    return (kind in (MeetingKind.EXTENDED, MeetingKind.REGIONAL)
            or any(a.role in OUTSIDE_ROLES or (a.agency and a.agency != center_name) for a in attendees))


def consent_problem(case_no: str, named: str = "") -> str:
    """`named`: the consent named as it stands (case_facts.consent_problem), when it is known."""
    if named:
        return f"사례 {case_no}: {named}"
    return (f"사례 {case_no}: 외부 기관이 참석하는 회의에서 다루려면 "
            "개인정보 제3자 제공 동의가 필요합니다.")


def next_meeting_problem(held_at: datetime, next_at: datetime | None) -> str | None:
    """Why a 차기 회의 일정 cannot be kept (None: it can, or there is none). The dialog asks the same
    while the date is typed."""
    if next_at is None:
        return None
    if next_at <= held_at:
        return "차기 회의 일정은 이번 회의 일시보다 뒤여야 합니다."
    if next_at - held_at > NEXT_MEETING_WITHIN:
        return "차기 회의 일정이 1년 넘게 뒤입니다. 날짜를 확인하세요."
    return None


def record_meeting(ctx: ServiceContext, *, kind: MeetingKind, held_at: datetime, place: str = "",
                   chair: str = "", attendees: list[AttendeeInput], decisions: list[DecisionInput] = (),
                   minutes: str = "", supervisor_advice: str = "", in_writing: bool = False,
                   next_meeting_at: datetime | None = None) -> MeetingResult:
    """Record minutes and apply each case decision; all or nothing. `next_meeting_at`: the 차기 회의
    일정 decided at the meeting (after it, within a year); it is listed with the meetings to come."""
    roles = rules.load("meetings")["roles"]
    if not attendees:
        raise ValidationError("참석자를 한 명 이상 입력하세요.", "참석자")
    att_rows = []
    for a in attendees:
        if a.role not in roles:
            raise ValidationError("참석자 역할을 목록에서 고르세요.", "참석자 역할")
        att_rows.append(MeetingAttendee(name=clean_text(a.name, field="참석자 이름", max_len=50, required=True),
                                        agency=clean_text(a.agency, field="소속 기관", max_len=100),
                                        role=a.role, staff_id=a.staff_id,
                                        field=clean_text(a.field, field="전문 분야", max_len=40) or None))
    if held_at.date() > ctx.today():
        raise ValidationError("회의 일시가 오늘 이후입니다. 회의를 마친 뒤 기록하세요.", "일시")
    problem = next_meeting_problem(held_at, next_meeting_at)
    if problem:
        raise ValidationError(problem, "차기 회의 일정")
    seen = set()
    cleaned: list[DecisionInput] = []
    for d in decisions:
        if d.case_id in seen:
            raise ValidationError("한 회의에서 같은 사례를 두 번 결정할 수 없습니다.", "사례")
        seen.add(d.case_id)
        unknown = set(d.topics) - set(TOPICS)
        if unknown:
            raise ValidationError("논의 주제를 목록에서 고르세요.", "주제")
        # Cleaned once, before anything is applied: the case itself takes lead_agency from here.
        cleaned.append(replace(
            d, household_summary=clean_text(d.household_summary, field="가구 요약", max_len=100),
            issues=clean_text(d.issues, field="주요 문제", max_len=8000, multiline=True),
            direction=clean_text(d.direction, field="진행 방향", max_len=8000, multiline=True),
            lead_agency=clean_text(d.lead_agency, field="주사례관리기관", max_len=100),
            role_split=clean_text(d.role_split, field="역할분담", max_len=8000, multiline=True),
            topics=list(d.topics)))
    with ctx.session() as s:
        center = s.get(Center, ctx.actor.center_id)
        settings = ctx.center_settings(s)
        case_types = [t["name"] for t in rules.case_type_set(settings["case_type_set"])]
        external = brings_outsiders(kind, att_rows, center.name)
        dec_rows = []
        for d in cleaned:
            case = ctx.load_case(s, d.case_id)
            if external:
                named = facts_consent_problem(s, case.id, case.primary_member_id, ConsentKind.THIRD_PARTY,
                                              held_at.date(), "외부 기관이 참석하는 회의에서 다룰")
                if named:
                    raise WorkflowError(consent_problem(case.case_no, named))
            _apply_decision(ctx, s, kind, held_at, case, d, case_types)
            dec_rows.append(MeetingDecision(
                case_id=case.id, outcome=d.outcome, case_type=d.case_type, topics=d.topics,
                household_summary=d.household_summary, issues=d.issues, direction=d.direction,
                lead_agency=d.lead_agency, role_split=d.role_split))
        topics = {t for d in cleaned for t in d.topics}
        warnings = rules.meeting_warnings(kind.value, {a.role for a in att_rows}, topics)
        meeting = Meeting(center_id=ctx.actor.center_id, kind=kind, held_at=held_at,
                          place=clean_text(place, field="장소", max_len=100),
                          chair=clean_text(chair, field="사회자", max_len=50),
                          in_writing=bool(in_writing),
                          minutes=clean_text(minutes, field="회의 내용", max_len=20000, multiline=True),
                          supervisor_advice=clean_text(supervisor_advice, field="슈퍼바이저 조언", max_len=8000, multiline=True),
                          next_meeting_at=next_meeting_at, warnings=warnings, attendees=att_rows,
                          decisions=dec_rows)
        s.add(meeting)
        s.flush()
        for d in dec_rows:
            audit(s, ctx, "create", "meeting_decision", d.case_id, purpose=kind.label)
        return MeetingResult(meeting.id, warnings)


def meetings_between(ctx: ServiceContext, start: datetime, end: datetime) -> list[Meeting]:
    with ctx.session() as s:
        return list(s.scalars(select(Meeting).where(Meeting.center_id == ctx.actor.center_id,
                                                    Meeting.held_at >= start, Meeting.held_at < end)
                              .order_by(Meeting.held_at)))

"""Read-only screen queries for the desktop client, plus per-user form drafts.

Every function returns frozen rows (plain data, no ORM objects), so the UI can hold them in Qt
models on the GUI thread without lazy loads. Opening a case file is recorded in the audit log
(접속기록): viewing personal data is an access like any other.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from models.entities import (Assessment, AssessmentDomain, Case, CaseShare, Closure, Consent, Contact, Dong,
                             Expense, FollowUp, Household, Intake, Meeting, MeetingDecision, Member,
                             Meta, PlanItem, Referral, Resource, Screening, ServicePlan, Staff)
from models.types import (ClosureReason, ConsentKind, ContactKind, ExpenseCategory, IntakeDecision,
                          MeetingKind, ReferralStatus, Role, SelectionOutcome, Stage)

from . import queries, rules
from .context import ServiceContext, audit
from .errors import NotFound

# --- reference lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DongRow:
    dong_id: str
    name: str


@dataclass(frozen=True)
class StaffRow:
    staff_id: str
    display_name: str
    role: Role
    team: str
    agency: str


@dataclass(frozen=True)
class ResourceRow:
    resource_id: str
    provider: str
    service: str
    domain: str
    formal: bool
    phone: str


def dongs(ctx: ServiceContext) -> list[DongRow]:
    with ctx.session() as s:
        return [DongRow(*r) for r in s.execute(select(Dong.id, Dong.name)
                                                .where(Dong.center_id == ctx.actor.center_id)
                                                .order_by(Dong.name))]


def staff_list(ctx: ServiceContext) -> list[StaffRow]:
    with ctx.session() as s:
        return [StaffRow(*r) for r in s.execute(
            select(Staff.id, Staff.display_name, Staff.role, Staff.team, Staff.agency)
            .where(Staff.center_id == ctx.actor.center_id, Staff.active.is_(True))
            .order_by(Staff.display_name))]


@dataclass(frozen=True)
class StaffAccountRow:
    """A staff account as the administrator's 직원 관리 screen lists it (inactive ones too)."""
    staff_id: str
    username: str
    display_name: str
    role: Role
    team: str
    agency: str
    dong: str
    active: bool


def staff_accounts(ctx: ServiceContext) -> list[StaffAccountRow]:
    ctx.require_role(Role.ADMIN)
    with ctx.session() as s:
        dong_names = dict(s.execute(select(Dong.id, Dong.name)).all())
        rows = s.execute(select(Staff.id, Staff.username, Staff.display_name, Staff.role, Staff.team, Staff.agency,
                                Staff.dong_id, Staff.active)
                         .where(Staff.center_id == ctx.actor.center_id)
                         .order_by(Staff.active.desc(), Staff.display_name)).all()
        return [StaffAccountRow(i, u, n, r, t, a, dong_names.get(d, "") if d else "", bool(act))
                for i, u, n, r, t, a, d, act in rows]


def case_shares(ctx: ServiceContext, case_id: str) -> list[StaffRow]:
    """Colleagues a case is shared with (besides its manager and the team's supervisors)."""
    with ctx.session() as s:
        ctx.load_case(s, case_id, write=False)
        return [StaffRow(*r) for r in s.execute(
            select(Staff.id, Staff.display_name, Staff.role, Staff.team, Staff.agency)
            .join(CaseShare, CaseShare.staff_id == Staff.id).where(CaseShare.case_id == case_id)
            .order_by(Staff.display_name))]


def resource_list(ctx: ServiceContext) -> list[ResourceRow]:
    with ctx.session() as s:
        return [ResourceRow(*r) for r in s.execute(
            select(Resource.id, Resource.provider, Resource.service, Resource.domain, Resource.formal,
                   Resource.phone)
            .where(Resource.center_id == ctx.actor.center_id).order_by(Resource.provider, Resource.service))]


def center_name(ctx: ServiceContext) -> str:
    from models.entities import Center
    with ctx.session() as s:
        center = s.get(Center, ctx.actor.center_id)
        return center.name if center else ""


def center_settings(ctx: ServiceContext) -> dict:
    """The actor's center settings (rule defaults overlaid with the center's choices)."""
    with ctx.session() as s:
        return dict(ctx.center_settings(s))


def case_types(ctx: ServiceContext) -> list[str]:
    """The center's case type names (단순/집중/위기 or 일반/고난도), in rule order."""
    return [t["name"] for t in rules.case_type_set(center_settings(ctx)["case_type_set"])]


# --- home screen -------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: str
    held_at: datetime
    kind: MeetingKind
    place: str
    chair: str


@dataclass(frozen=True)
class AwaitingReplyRow:
    referral_id: str
    case_id: str
    case_no: str
    name: str
    program: str
    sent_on: date
    days_waiting: int


def upcoming_meeting_rows(ctx: ServiceContext, days: int = 14) -> list[MeetingRow]:
    return [MeetingRow(m.id, m.held_at, m.kind, m.place, m.chair)
            for m in queries.upcoming_meetings(ctx, days)]


def meeting_rows(ctx: ServiceContext, days_back: int = 365) -> list[MeetingRow]:
    """The center's meetings of the last `days_back` days and those planned, newest first
    (the list minutes are printed from; printing checks access to each case discussed)."""
    since = ctx.clock() - timedelta(days=days_back)
    with ctx.session() as s:
        return [MeetingRow(*r) for r in s.execute(
            select(Meeting.id, Meeting.held_at, Meeting.kind, Meeting.place, Meeting.chair)
            .where(Meeting.center_id == ctx.actor.center_id, Meeting.held_at >= since)
            .order_by(Meeting.held_at.desc()))]


def awaiting_reply_rows(ctx: ServiceContext) -> list[AwaitingReplyRow]:
    names = {p["code"]: p["name"] for p in rules.programs()}
    today = ctx.today()
    return [AwaitingReplyRow(ref.id, row.case_id, row.case_no, row.name, names.get(ref.program, ref.program),
                             ref.sent_on, (today - ref.sent_on).days)
            for ref, row in queries.referrals_awaiting_reply(ctx)]


# --- households --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    member_id: str
    name: str
    rrn_masked: str
    relation: str
    birth_date: date | None
    gender: str
    phone: str
    lives_together: bool
    is_head: bool
    flags: tuple[str, ...]


@dataclass(frozen=True)
class HouseholdDetail:
    household_id: str
    dong_id: str
    dong: str
    address: str
    phone: str
    income_status: str
    household_types: tuple[str, ...]
    problem_types: tuple[str, ...]
    members: tuple[MemberRow, ...]


def _member_row(m: Member) -> MemberRow:
    return MemberRow(m.id, m.name, m.rrn_masked, m.relation, m.birth_date, m.gender, m.phone,
                     m.lives_together, m.is_head, tuple(m.flags or ()))


def _household(s, household_id: str) -> HouseholdDetail:
    hh = s.get(Household, household_id)
    if hh is None:
        raise NotFound("가구")
    members = s.scalars(select(Member).where(Member.household_id == hh.id)
                        .order_by(Member.is_head.desc(), Member.created_at))
    return HouseholdDetail(hh.id, hh.dong_id, s.get(Dong, hh.dong_id).name, hh.address, hh.phone,
                           hh.income_status, tuple(hh.household_types or ()), tuple(hh.problem_types or ()),
                           tuple(_member_row(m) for m in members))


def household_detail(ctx: ServiceContext, household_id: str) -> HouseholdDetail:
    """A household with its members; refused when it has cases and the actor may read none of them."""
    with ctx.session() as s:
        ctx.load_household(s, household_id, write=False)  # refusals are logged by the session
        detail = _household(s, household_id)
        audit(s, ctx, "view", "household", household_id)
        return detail


# --- the case file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class IntakeRow:
    held_on: date
    referral_source: str
    referrer_detail: str
    presenting_problems: str
    decision: IntakeDecision | None


@dataclass(frozen=True)
class ConsentRow:
    consent_id: str
    member_name: str
    kind: ConsentKind
    agreed: bool
    recorded_on: date
    recipients: tuple[str, ...]
    withdrawn_on: date | None


@dataclass(frozen=True)
class DomainRow:
    code: str
    label: str
    urgency: int
    client_words: str
    worker_view: str
    strengths: str


@dataclass(frozen=True)
class AssessmentRow:
    assessment_id: str
    held_on: date
    member_name: str
    crisis_level: int
    suggested_case_type: str
    is_reassessment: bool
    summary: str
    domains: tuple[DomainRow, ...]
    screenings: tuple[tuple[str, int, str], ...]  # instrument, score, result band


@dataclass(frozen=True)
class DecisionRow:
    meeting_id: str
    held_at: datetime
    kind: MeetingKind
    in_writing: bool
    outcome: SelectionOutcome
    case_type: str | None
    lead_agency: str
    role_split: str
    direction: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class PlanItemRow:
    item_id: str
    domain_label: str
    service: str
    provider: str
    frequency: str
    starts_on: date | None
    ends_on: date | None
    cost: int
    goal: str
    attainment: int | None


@dataclass(frozen=True)
class PlanRow:
    plan_id: str
    made_on: date
    goals: str
    agreed_on: date | None
    items: tuple[PlanItemRow, ...]


@dataclass(frozen=True)
class ContactRow:
    contact_id: str
    occurred_at: datetime
    kind: ContactKind
    staff: str
    companions: str
    note: str
    warnings: tuple[str, ...]
    # Every kept text of the note when sync brought more than one (app.sync: notes are append-only).
    versions: tuple["NoteVersionRow", ...] = ()


@dataclass(frozen=True)
class NoteVersionRow:
    text: str
    record_version: int
    staff: str
    written_here: bool       # by this device
    concurrent: bool         # written without seeing the version before it
    created_at: datetime | None


@dataclass(frozen=True)
class ReferralRow:
    referral_id: str
    program: str
    member_name: str
    status: ReferralStatus
    sent_on: date
    replied_on: date | None
    reply: str


@dataclass(frozen=True)
class ExpenseRow:
    expense_id: str
    spent_on: date
    category: ExpenseCategory
    amount: int
    note: str


@dataclass(frozen=True)
class FollowUpRow:
    follow_up_id: str
    due_on: date
    service: str
    done_on: date | None
    note: str


@dataclass(frozen=True)
class ClosureRow:
    reason: ClosureReason
    reason_detail: str
    closed_on: date
    evaluation: str
    follow_up_plan: str
    in_writing: bool


@dataclass(frozen=True)
class CaseDetail:
    case_id: str
    case_no: str
    stage: Stage
    case_type: str | None
    lead_agency: str
    opened_on: date
    closed_on: date | None
    manager: str
    primary_member_id: str
    primary_name: str
    household: HouseholdDetail
    intake: IntakeRow | None
    consents: tuple[ConsentRow, ...]
    assessments: tuple[AssessmentRow, ...]
    decisions: tuple[DecisionRow, ...]
    plans: tuple[PlanRow, ...]
    contacts: tuple[ContactRow, ...]
    referrals: tuple[ReferralRow, ...]
    expenses: tuple[ExpenseRow, ...]
    follow_ups: tuple[FollowUpRow, ...]
    closure: ClosureRow | None

    @property
    def current_plan(self) -> PlanRow | None:
        return self.plans[0] if self.plans else None

    def member_name(self, member_id: str) -> str:
        return next((m.name for m in self.household.members if m.member_id == member_id), "")


def case_detail(ctx: ServiceContext, case_id: str) -> CaseDetail:
    """One case with its whole history, newest first in each list. Logged as a view."""
    labels = rules.domain_labels()
    programs = {p["code"]: p["name"] for p in rules.programs()}
    with ctx.session() as s:
        case = ctx.load_case(s, case_id, write=False)
        household = _household(s, case.household_id)
        names = {m.member_id: m.name for m in household.members}
        staff = dict(s.execute(select(Staff.id, Staff.display_name)).all())
        intake = s.scalars(select(Intake).where(Intake.case_id == case.id)).first()
        consents = s.scalars(select(Consent).where(Consent.case_id == case.id)
                             .order_by(Consent.recorded_on.desc(), Consent.created_at.desc())).all()
        assessments = s.scalars(select(Assessment).where(Assessment.case_id == case.id)
                                .order_by(Assessment.held_on.desc(), Assessment.created_at.desc())).all()
        a_ids = [a.id for a in assessments]
        domains: dict[str, list[AssessmentDomain]] = {}
        for d in s.scalars(select(AssessmentDomain).where(AssessmentDomain.assessment_id.in_(a_ids))):
            domains.setdefault(d.assessment_id, []).append(d)
        screenings: dict[str, list[Screening]] = {}
        for sc in s.scalars(select(Screening).where(Screening.assessment_id.in_(a_ids))):
            screenings.setdefault(sc.assessment_id, []).append(sc)
        order = list(labels)
        decisions = s.execute(select(MeetingDecision, Meeting).join(Meeting, Meeting.id == MeetingDecision.meeting_id)
                              .where(MeetingDecision.case_id == case.id).order_by(Meeting.held_at.desc())).all()
        plans = s.scalars(select(ServicePlan).where(ServicePlan.case_id == case.id)
                          .order_by(ServicePlan.made_on.desc(), ServicePlan.created_at.desc())).all()
        items: dict[str, list[PlanItem]] = {}
        for it in s.scalars(select(PlanItem).where(PlanItem.plan_id.in_([p.id for p in plans]))
                            .order_by(PlanItem.position)):
            items.setdefault(it.plan_id, []).append(it)
        contacts = s.scalars(select(Contact).where(Contact.case_id == case.id)
                             .order_by(Contact.occurred_at.desc())).all()
        versions = _note_versions(s, ctx, case.id, staff)
        referrals = s.scalars(select(Referral).where(Referral.case_id == case.id)
                              .order_by(Referral.sent_on.desc())).all()
        expenses = s.scalars(select(Expense).where(Expense.case_id == case.id)
                             .order_by(Expense.spent_on.desc())).all()
        follow_ups = s.scalars(select(FollowUp).where(FollowUp.case_id == case.id).order_by(FollowUp.due_on)).all()
        closure = s.scalars(select(Closure).where(Closure.case_id == case.id)).first()
        roles = rules.load("visits")["companion_roles"]
        detail = CaseDetail(
            case.id, case.case_no, case.stage, case.case_type, case.lead_agency, case.opened_on, case.closed_on,
            staff.get(case.manager_id, ""), case.primary_member_id, names.get(case.primary_member_id, ""),
            household,
            IntakeRow(intake.held_on, intake.referral_source, intake.referrer_detail, intake.presenting_problems,
                      intake.decision) if intake else None,
            tuple(ConsentRow(c.id, names.get(c.member_id, ""), c.kind, c.agreed, c.recorded_on,
                             tuple(c.recipients or ()), c.withdrawn_on) for c in consents),
            tuple(AssessmentRow(
                a.id, a.held_on, names.get(a.member_id, ""), a.crisis_level, a.suggested_case_type,
                a.is_reassessment, a.summary,
                tuple(DomainRow(d.domain, labels.get(d.domain, d.domain), d.urgency, d.client_words,
                                d.worker_view, d.strengths)
                      for d in sorted(domains.get(a.id, []),
                                      key=lambda d: order.index(d.domain) if d.domain in order else 99)),
                tuple((sc.instrument, sc.score, sc.result) for sc in screenings.get(a.id, [])))
                for a in assessments),
            tuple(DecisionRow(m.id, m.held_at, m.kind, m.in_writing, d.outcome, d.case_type, d.lead_agency,
                              d.role_split, d.direction, tuple(m.warnings or ())) for d, m in decisions),
            tuple(PlanRow(p.id, p.made_on, p.goals, p.agreed_on,
                          tuple(PlanItemRow(i.id, labels.get(i.domain, i.domain), i.service, i.provider,
                                            i.frequency, i.starts_on, i.ends_on, i.cost, i.goal, i.attainment)
                                for i in items.get(p.id, []))) for p in plans),
            tuple(ContactRow(c.id, c.occurred_at, c.kind, staff.get(c.staff_id, ""),
                             ", ".join(f"{x['name']}({roles.get(x['role'], x['role'])})" for x in c.companions or ()),
                             c.note, tuple(c.warnings or ()), versions.get(c.id, ())) for c in contacts),
            tuple(ReferralRow(r.id, programs.get(r.program, r.program), names.get(r.member_id, ""), r.status,
                              r.sent_on, r.replied_on, r.reply) for r in referrals),
            tuple(ExpenseRow(e.id, e.spent_on, e.category, e.amount, e.note) for e in expenses),
            tuple(FollowUpRow(f.id, f.due_on, f.service, f.done_on, f.note) for f in follow_ups),
            ClosureRow(closure.reason, closure.reason_detail, closure.closed_on, closure.evaluation,
                       closure.follow_up_plan, closure.in_writing) if closure else None)
        audit(s, ctx, "view", "case_file", case.id)
        return detail


# --- drafts of long forms ----------------------------------------------------------------------
# Drafts hold personal data, so they live inside the encrypted store (the local `meta` table,
# which is never synced), keyed per staff member and form; never in a plaintext temp file.

DRAFT_PREFIX = "draft:"


def _draft_key(ctx: ServiceContext, form_key: str) -> str:
    digest = hashlib.sha256(f"{ctx.actor.staff_id}|{form_key}".encode("utf-8")).hexdigest()
    return DRAFT_PREFIX + digest[:40]  # meta.key is at most 50 characters


def save_draft(ctx: ServiceContext, form_key: str, fields: dict) -> None:
    text = json.dumps({"form": form_key, "fields": fields, "saved_at": datetime.now().isoformat()},
                      ensure_ascii=False, default=str)
    with ctx.session() as s:
        key = _draft_key(ctx, form_key)
        row = s.get(Meta, key)
        if row is None:
            s.add(Meta(key=key, value=text))
        else:
            row.value = text


def load_draft(ctx: ServiceContext, form_key: str) -> dict | None:
    with ctx.session() as s:
        row = s.get(Meta, _draft_key(ctx, form_key))
        if row is None:
            return None
        data = json.loads(row.value)
        return data.get("fields") if data.get("form") == form_key else None


def discard_draft(ctx: ServiceContext, form_key: str) -> None:
    with ctx.session() as s:
        row = s.get(Meta, _draft_key(ctx, form_key))
        if row is not None:
            s.delete(row)


def _note_versions(s, ctx: ServiceContext, case_id: str, staff: dict) -> dict[str, tuple[NoteVersionRow, ...]]:
    """Note versions of a case's contacts, only for notes that have more than one (one query;
    the same order as app.sync.client.note_versions)."""
    from models.sync_models import NoteVersion
    by_contact: dict[str, list[NoteVersionRow]] = {}
    for n in s.scalars(select(NoteVersion).where(NoteVersion.case_id == case_id)
                       .order_by(NoteVersion.record_version, NoteVersion.created_at)):
        by_contact.setdefault(n.contact_id, []).append(NoteVersionRow(
            n.text or "", n.record_version, staff.get(n.staff_id, ""), bool(ctx.device_id) and n.device_id == ctx.device_id,
            bool(n.concurrent), n.created_at))
    return {k: tuple(v) for k, v in by_contact.items() if len(v) > 1}


# --- sync: status line and the conflict inbox -------------------------------------------------


@dataclass(frozen=True)
class SyncStatus:
    configured: bool
    address: str               # host:port/database, "" when not set
    pending: int               # local changes not yet sent
    last_sync: datetime | None
    open_conflicts: int


def sync_status(ctx: ServiceContext) -> SyncStatus:
    from app.sync import client, settings
    hub = settings.load(ctx)
    return SyncStatus(hub.configured, hub.address(), client.pending_changes(ctx), client.last_sync(ctx),
                      client.open_conflict_count(ctx))


ENTITY_LABELS = {
    "center": "기관", "region": "권역", "dong": "행정동", "dong_budget": "동 예산", "staff": "직원",
    "household": "가구", "member": "가구원", "case_file": "사례", "case_share": "사례 공유", "intake": "초기상담",
    "consent": "동의", "assessment": "욕구·위기도 조사", "assessment_domain": "조사 영역", "screening": "선별검사",
    "meeting": "사례회의", "meeting_attendee": "회의 참석자", "meeting_decision": "회의 결정",
    "service_plan": "서비스 계획", "plan_item": "계획 항목", "contact": "상담 기록", "referral": "의뢰",
    "resource": "자원", "expense": "사례사업비", "closure": "종결", "follow_up": "사후관리",
}

FIELD_LABELS = {
    "address": "주소", "phone": "전화번호", "income_status": "소득 구분", "household_types": "가구 유형",
    "problem_types": "문제 유형", "dong_id": "행정동", "name": "이름", "birth_date": "생년월일", "sex": "성별",
    "relation": "관계", "is_head": "가구주", "lives_together": "동거 여부", "flags": "특성", "rrn_sealed": "주민등록번호",
    "stage": "단계", "case_type": "사례유형", "lead_agency": "주사례관리기관", "manager_id": "담당자", "team": "팀",
    "opened_on": "개시일", "closed_on": "종결일", "note": "상담 내용", "occurred_at": "일시", "kind": "종류",
    "companions": "동행", "is_monitoring": "점검 여부", "held_on": "실시일", "referral_source": "의뢰 경로",
    "referrer_detail": "의뢰인", "presenting_problems": "주호소 문제", "decision": "결정", "agreed": "동의 여부",
    "recipients": "제공받는 기관", "recorded_on": "동의일", "withdrawn_on": "철회일", "crisis_level": "위기도",
    "summary": "종합 의견", "client_words": "대상자 욕구", "worker_view": "사례관리자 의견", "strengths": "강점·자원",
    "urgency": "긴급도", "score": "점수", "held_at": "일시", "place": "장소", "chair": "사회자",
    "minutes": "회의록", "outcome": "결정", "direction": "진행 방향", "role_split": "역할분담",
    "goals": "목표", "agreed_on": "동의일", "service": "서비스", "provider": "제공기관", "frequency": "횟수",
    "starts_on": "시작일", "ends_on": "종료일", "cost": "비용", "goal": "목표", "attainment": "달성도",
    "program": "의뢰 사업", "status": "상태", "sent_on": "의뢰일", "replied_on": "회신일", "reply": "회신 내용",
    "spent_on": "지출일", "category": "항목", "amount": "금액", "reason": "종결 사유", "reason_detail": "사유 상세",
    "evaluation": "평가", "follow_up_plan": "사후관리 계획", "in_writing": "서면", "due_on": "예정일",
    "done_on": "완료일", "display_name": "이름", "role": "역할", "active": "사용", "agency": "소속",
}

CONFLICT_KIND_LABELS = {
    "field": "같은 항목을 양쪽에서 고침",
    "delete": "한쪽은 삭제, 다른 쪽은 수정",
    "edit_deleted": "삭제된 기록을 수정함",
    "denied": "권한이 없어 반영되지 않음",
    "missing": "서버에 없는 기록을 수정함",
    "exists": "이미 있는 기록을 다시 만듦",
    "duplicate": "같은 기록이 이미 있어 반영되지 않음 (하나만 둘 수 있는 기록)",
    "invalid": "필요한 정보나 연결된 기록이 없어 반영되지 않음",
}


@dataclass(frozen=True)
class ConflictView:
    """One open conflict as the 충돌 확인 screen shows it; values already made readable."""
    conflict_id: str
    entity: str
    entity_label: str
    kind: str
    kind_label: str
    field_label: str           # "" for whole-record conflicts
    case_id: str | None
    case_no: str
    person: str                # the case's primary person, to recognise it
    created_at: datetime | None
    base: str                  # the value both sides started from
    hub: str                   # the office's (hub's) value
    device: str                # the value of the device whose change conflicted
    by_staff: str              # who made that change
    from_this_device: bool     # that device is this one


def conflict_rows(ctx: ServiceContext) -> list[ConflictView]:
    """Open conflicts with their case, Korean labels and readable values, oldest first."""
    from models.sync_models import SyncConflict
    from app.sync import local
    from app.sync.client import may_read_conflict
    with ctx.session() as s:
        # A shared office PC holds other people's conflicts: list only those of readable cases.
        items = [c for c in s.scalars(select(SyncConflict).where(SyncConflict.status == "open")
                                      .order_by(SyncConflict.created_at))
                 if may_read_conflict(ctx, s, c)]
        staff = dict(s.execute(select(Staff.id, Staff.display_name)).all())
        dong_names = dict(s.execute(select(Dong.id, Dong.name)).all())
        names = {"staff": staff, "dong": dong_names}
        cases: dict[str, tuple[str, str, str] | None] = {}
        out = []
        for c in items:
            if c.scope not in cases:
                cases[c.scope] = _case_of_scope(s, c.scope)
            case = cases[c.scope]
            table = local.TABLES.get(c.entity)
            show = lambda v, field=c.field: _conflict_value(table, field, v, names)  # noqa: E731
            out.append(ConflictView(
                c.id, c.entity, ENTITY_LABELS.get(c.entity, c.entity), c.kind, CONFLICT_KIND_LABELS.get(c.kind, c.kind),
                FIELD_LABELS.get(c.field, c.field) if c.field else "", case[0] if case else None,
                case[1] if case else "", case[2] if case else "", c.created_at,
                show(c.base_value), show(c.hub_value), show(c.device_value), staff.get(c.staff_id, ""),
                bool(ctx.device_id) and c.device_id == ctx.device_id))
        return out


def _case_of_scope(s, scope: str) -> tuple[str, str, str] | None:
    """(case id, case number, primary person) for a conflict's scope: a case, or a household's newest case."""
    if not scope or scope == "org" or scope.startswith("staff:"):
        return None
    q = select(Case.id, Case.case_no, Member.name).join(Member, Member.id == Case.primary_member_id, isouter=True)
    if scope.startswith("hh:"):
        q = q.where(Case.household_id == scope[3:]).order_by(Case.opened_on.desc())
    else:
        q = q.where(Case.id == scope)
    row = s.execute(q.limit(1)).first()
    return (row[0], row[1], row[2] or "") if row else None


def _conflict_value(table, field: str | None, value, names: dict) -> str:
    """A wire value as a person reads it: labels for codes, names for staff and 동, "(없음)" for nothing."""
    if isinstance(value, dict) and field is None:  # a whole record: one line per field
        return "\n".join(f"{FIELD_LABELS.get(k, k)}: {_conflict_value(table, k, v, names)}"
                          for k, v in value.items() if k not in ("id", "version", "created_at", "updated_at"))
    if value is None or value == "" or value == []:
        return "(없음)"
    if field == "rrn_sealed" or isinstance(value, dict) and "b64" in value:
        return "(암호화된 값)"
    if field and field.endswith("_id"):
        target = "dong" if field == "dong_id" else "staff"
        if value in names.get(target, {}):
            return names[target][value]
    if table is not None and field in table.c:
        from app.sync import local
        try:
            value = local.from_wire(table.c[field], value)
        except (ValueError, TypeError):
            pass
    if isinstance(value, bool):
        return "예" if value else "아니오"
    if hasattr(value, "label"):
        return value.label
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(없음)"
    if isinstance(value, int) and field in ("cost", "amount"):
        return f"{value:,}원"
    return str(value)

"""The case screen: one case file with its household, every record by kind and the note versions
sync kept; also the household alone (before intake) and the colleagues a case is shared with.
Opening a case file is written to the access log (접속기록): viewing personal data is an access like
any other."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from models.entities import (Assessment, AssessmentDomain, CaseShare, Closure, Consent, Contact, Dong, Expense,
                             FollowUp, Household, Intake, Meeting, MeetingDecision, Member, PlanItem,
                             Referral, Screening, ServicePlan, Staff)
from models.types import (ClosureReason, ConsentKind, ContactKind, ExpenseCategory, IntakeDecision,
                          MeetingKind, ReferralStatus, SelectionOutcome, Stage)

from .. import rules
from ..case_facts import consent_ends_on, consent_state, has_consent
from ..context import ServiceContext, audit
from ..errors import NotFound
from ..expenses import ExpenseRoom, expense_room_in
from ..settings import monitoring_days
from .reference import StaffRow

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
                           hh.income_status, tuple(hh.household_types or ()), tuple(rules.canonical_problem(p) for p in hh.problem_types or ()),
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
    consult_method: str = ""
    urgent_support: bool = False
    monthly_income: int | None = None
    assets: int | None = None
    debts: int | None = None
    housing_type: str = ""
    housing_cost: int | None = None
    health_disability: str = ""
    worker_opinion: str = ""


@dataclass(frozen=True)
class ConsentRow:
    consent_id: str
    member_name: str
    kind: ConsentKind
    agreed: bool
    recorded_on: date
    recipients: tuple[str, ...]
    withdrawn_on: date | None
    member_id: str = ""
    valid_until: date | None = None        # None: 종결 후 5년
    ends_on: date | None = None            # the last day it covers (None: while the case is open)
    purposes: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    withdrawn_how: str = ""
    legal_representative: str = ""
    state: str | None = None               # "2026-03-02 철회", "… 만료", … (None: a valid agreement)

    @property
    def period(self) -> str:
        return str(self.valid_until) if self.valid_until else "종결 후 5년"


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
    next_meeting_at: datetime | None = None   # 차기 회의 일정


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
    goal: str                   # 단기목표
    attainment: int | None
    need: str = ""
    long_goal: str = ""         # 장기목표
    domain: str = ""


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
    program_code: str = ""
    member_id: str = ""
    tier: str = ""            # the tier's label (정신건강: 응급사례 …), when the program has tiers


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
    informed_on: date | None = None   # 종결 안내
    informed_how: str | None = None


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
    # The kinds of consent the client has given and not withdrawn (the newest answer counts), so a
    # form can say before anything is typed that a step needs one.
    valid_consents: frozenset[ConsentKind] = frozenset()
    monitoring_due: date | None = None          # next monitoring contact, while in service
    expense_room: "ExpenseRoom | None" = None    # this year's case expenses against the caps

    @property
    def current_plan(self) -> PlanRow | None:
        return self.plans[0] if self.plans else None

    def member_name(self, member_id: str) -> str:
        return next((m.name for m in self.household.members if m.member_id == member_id), "")


def _monitoring_due(ctx: ServiceContext, s, case, contacts) -> date | None:
    """As the home screen's 점검 예정 works it out: the last monitoring contact (or the opening)
    plus the case type's interval; only for cases in service."""
    if case.stage != Stage.IN_SERVICE:
        return None
    seen = max((c.occurred_at.date() for c in contacts if c.is_monitoring), default=case.opened_on)
    return seen + timedelta(days=monitoring_days(ctx.center_settings(s), case.case_type))


def case_detail(ctx: ServiceContext, case_id: str) -> CaseDetail:
    """One case with its whole history, newest first in each list. Logged as a view."""
    labels = rules.domain_labels()
    programs = {p["code"]: p["name"] for p in rules.programs()}
    tier_labels = {(p["code"], t["code"]): t["label"] for p in rules.programs() for t in p.get("tiers", ())}
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
                      intake.decision, intake.consult_method or "", bool(intake.urgent_support),
                      intake.monthly_income, intake.assets, intake.debts, intake.housing_type or "",
                      intake.housing_cost, intake.health_disability or "", intake.worker_opinion or "")
            if intake else None,
            tuple(ConsentRow(c.id, names.get(c.member_id, ""), c.kind, c.agreed, c.recorded_on,
                             tuple(c.recipients or ()), c.withdrawn_on, c.member_id, c.valid_until,
                             consent_ends_on(c, case.closed_on), tuple(c.purposes or ()), tuple(c.items or ()),
                             c.withdrawn_how or "", c.legal_representative or "",
                             consent_state(c, case.closed_on, ctx.today())) for c in consents),
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
                              d.role_split, d.direction, tuple(m.warnings or ()), m.next_meeting_at)
                  for d, m in decisions),
            tuple(PlanRow(p.id, p.made_on, p.goals, p.agreed_on,
                          tuple(PlanItemRow(i.id, labels.get(i.domain, i.domain), i.service, i.provider,
                                            i.frequency, i.starts_on, i.ends_on, i.cost, i.goal, i.attainment,
                                            i.need, i.long_goal or "", i.domain)
                                for i in items.get(p.id, []))) for p in plans),
            tuple(ContactRow(c.id, c.occurred_at, c.kind, staff.get(c.staff_id, ""),
                             ", ".join(f"{x['name']}({roles.get(x['role'], x['role'])})" for x in c.companions or ()),
                             c.note, tuple(c.warnings or ()), versions.get(c.id, ())) for c in contacts),
            tuple(ReferralRow(r.id, programs.get(r.program, r.program), names.get(r.member_id, ""), r.status,
                              r.sent_on, r.replied_on, r.reply, r.program, r.member_id,
                              tier_labels.get((r.program, r.tier), "")) for r in referrals),
            tuple(ExpenseRow(e.id, e.spent_on, e.category, e.amount, e.note) for e in expenses),
            tuple(FollowUpRow(f.id, f.due_on, f.service, f.done_on, f.note) for f in follow_ups),
            ClosureRow(closure.reason, closure.reason_detail, closure.closed_on, closure.evaluation,
                       closure.follow_up_plan, closure.in_writing, closure.informed_on,
                       closure.informed_how) if closure else None,
            frozenset(k for k in ConsentKind if has_consent(s, case.id, case.primary_member_id, k, ctx.today())),
            _monitoring_due(ctx, s, case, contacts),
            expense_room_in(s, ctx, household.household_id, household.dong_id, ctx.today().year))
        audit(s, ctx, "view", "case_file", case.id)
        return detail



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


def case_shares(ctx: ServiceContext, case_id: str) -> list[StaffRow]:
    """Colleagues a case is shared with (besides its manager and the team's supervisors)."""
    with ctx.session() as s:
        ctx.load_case(s, case_id, write=False)
        return [StaffRow(*r) for r in s.execute(
            select(Staff.id, Staff.display_name, Staff.role, Staff.team, Staff.agency)
            .join(CaseShare, CaseShare.staff_id == Staff.id).where(CaseShare.case_id == case_id)
            .order_by(Staff.display_name))]

"""The case workflow (DOMAIN.md stages 1–9), enforced step by step.

Stage order:
  초기상담 ─(사례관리 접수 + 수집·이용 동의)→ 접수 ─(욕구·위기도 조사)→ 조사완료
  ─(사례회의 결정)→ 선정 | 미선정 | 서비스연계 | 타 사업 의뢰
  선정 ─(계획에 대상자 동의)→ 서비스 제공·점검 ─(종결회의 결정 + 종결 평가)→ 종결 → 사후관리 → 완료
Any other decision at intake (서비스연계, 타기관 의뢰, 정보제공, 미해당) ends the case there.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from models.entities import (Assessment, AssessmentDomain, Case, Closure, Consent, Contact, FollowUp,
                             Intake, Meeting, MeetingDecision, Member, Meta, PlanItem, Resource,
                             Screening, ServicePlan)
from models.types import (ClosureReason, ConsentKind, ContactKind, IntakeDecision, Role,
                          SelectionOutcome, Stage)

from . import rules
from .case_facts import OPEN_STAGES, consent_problem, has_consent, member_of_case, require_stage, subject_for, visit_warnings
from .context import ServiceContext, audit
from .errors import AccessDenied, ValidationError, WorkflowError
from .hangul import clean_text
from .particles import particle
from .rrn import age_on

REFERRAL_SOURCES = ("본인", "가족", "이웃", "통반장", "주민센터", "복지관", "타 사례관리 사업", "129 상담센터",
                    "학교", "의료기관", "경찰", "기타")


# --- 1. 초기상담 -------------------------------------------------------------------------------


CASE_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ"  # no I or O: they read as 1 and 0 on a form
CASE_CODE_META = "case_no.code"   # the code the hub gave this device (app.sync.engine.claim_case_code)


def device_code(device_id: str) -> str:
    """Three letters naming the device that opened a case, from its random id: what a device
    uses until the hub confirms a code for it (hub schema 8)."""
    digits = int(device_id.replace("-", "")[:8] or "0", 16)
    n = len(CASE_CODE_ALPHABET)
    return "".join(CASE_CODE_ALPHABET[(digits // n ** i) % n] for i in range(3))


def random_case_code() -> str:
    return "".join(secrets.choice(CASE_CODE_ALPHABET) for _ in range(3))


def next_case_no(s, year: int, device_id: str) -> str:
    """사례번호 like "2026-KTP-0007": numbered per device, so laptops working offline never
    hand out the same number (the hub and the other devices keep every device's numbers; the hub
    makes sure no two devices have one code)."""
    claimed = s.get(Meta, CASE_CODE_META)
    prefix = f"{year}-{claimed.value if claimed else device_code(device_id)}-"
    last = s.scalar(select(func.max(Case.case_no)).where(Case.case_no.like(prefix + "%")))
    # The last number handed out is kept too: the newest case may have left this device since
    # (handed to a colleague), and its number must not be given again.
    counter = s.get(Meta, "case_no.last:" + prefix)
    number = max(int(last.rsplit("-", 1)[1]) if last else 0, int(counter.value) if counter else 0) + 1
    if counter is None:
        s.add(Meta(key="case_no.last:" + prefix, value=str(number)))
    else:
        counter.value = str(number)
    return f"{prefix}{number:04d}"



CONSULT_METHODS = ("내방", "전화", "방문", "기관 의뢰")
HOUSING_TYPES = ("자가", "전세", "보증부 월세", "월세", "영구·국민임대", "매입·전세임대", "무상 거주",
                 "고시원·쪽방", "시설", "기타")
MAX_AMOUNT = 2_000_000_000   # won: any amount a household's situation is told in


@dataclass
class IntakeRecord:
    """The rest of the 초기상담 기록지: how it came about and the household's situation as told."""
    consult_method: str = "내방"
    urgent_support: bool = False          # 긴급지원 필요
    monthly_income: int | None = None     # 월 소득, 원 (None: not asked)
    assets: int | None = None             # 재산
    debts: int | None = None              # 부채
    housing_type: str = ""
    housing_cost: int | None = None       # 월 주거비
    health_disability: str = ""
    worker_opinion: str = ""


def _intake_record(r: IntakeRecord) -> dict:
    if r.consult_method not in CONSULT_METHODS:
        raise ValidationError("상담 방법을 목록에서 고르세요.", "상담 방법")
    if r.housing_type and r.housing_type not in HOUSING_TYPES:
        raise ValidationError("주거 형태를 목록에서 고르세요.", "주거 형태")
    for value, label in ((r.monthly_income, "월 소득"), (r.assets, "재산"), (r.debts, "부채"),
                         (r.housing_cost, "월 주거비")):
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)
                                  or not 0 <= value <= MAX_AMOUNT):
            raise ValidationError(f"{particle(label, '은/는')} 0원에서 {MAX_AMOUNT:,}원 사이의 정수로 입력하세요.", label)
    return dict(consult_method=r.consult_method, urgent_support=bool(r.urgent_support),
                monthly_income=r.monthly_income, assets=r.assets, debts=r.debts, housing_type=r.housing_type,
                housing_cost=r.housing_cost,
                health_disability=clean_text(r.health_disability, field="건강·장애", max_len=4000, multiline=True),
                worker_opinion=clean_text(r.worker_opinion, field="상담자 의견", max_len=4000, multiline=True))


def open_intake(ctx: ServiceContext, *, household_id: str, primary_member_id: str, held_on: date,
                referral_source: str, presenting_problems: str, referrer_detail: str = "",
                record: IntakeRecord | None = None) -> str:
    if ctx.actor.role == Role.READ_ONLY:
        raise AccessDenied("열람 전용 계정은 초기상담을 등록할 수 없습니다.")
    if referral_source not in REFERRAL_SOURCES:
        raise ValidationError("의뢰 경로를 목록에서 고르세요.", "의뢰 경로")
    problems = clean_text(presenting_problems, field="주호소 문제", max_len=4000, required=True, multiline=True)
    detail = clean_text(referrer_detail, field="의뢰자", max_len=200)
    fields = _intake_record(record or IntakeRecord())
    if held_on > ctx.today():
        raise ValidationError("상담일이 오늘 이후입니다.", "상담일")
    with ctx.session() as s:
        ctx.load_household(s, household_id)
        member = s.get(Member, primary_member_id)
        if member is None or member.household_id != household_id:
            raise ValidationError("주 대상자는 이 가구의 구성원이어야 합니다.", "주 대상자")
        case = Case(case_no=next_case_no(s, held_on.year, ctx.device_id), household_id=household_id,
                    primary_member_id=primary_member_id, manager_id=ctx.actor.staff_id,
                    team=ctx.actor.team, stage=Stage.INTAKE, opened_on=held_on)
        s.add(case)
        s.flush()
        s.add(Intake(case_id=case.id, staff_id=ctx.actor.staff_id, held_on=held_on,
                     referral_source=referral_source, referrer_detail=detail,
                     presenting_problems=problems, **fields))
        audit(s, ctx, "create", "case_file", case.id)
        return case.id


def decide_intake(ctx: ServiceContext, case_id: str, decision: IntakeDecision) -> Stage:
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.INTAKE,), "초기상담 결정")
        intake = s.scalars(select(Intake).where(Intake.case_id == case.id)).one()
        if decision == IntakeDecision.CASE_MANAGEMENT:
            problem = consent_problem(s, case.id, case.primary_member_id, ConsentKind.COLLECTION_USE,
                                      ctx.today(), "사례관리로 접수할")
            if problem:
                raise WorkflowError(problem)
            case.stage = Stage.REGISTERED
        else:
            case.stage = Stage.ENDED
            case.closed_on = ctx.today()
        intake.decision = decision
        audit(s, ctx, "update", "case_file", case.id, purpose=f"초기상담 결정: {decision.label}")
        return case.stage


# --- 동의 --------------------------------------------------------------------------------------


CONSENT_WITHDRAWAL_METHODS = ("방문", "전화", "서면", "내방")   # how the client said they withdraw
LEGAL_AGE = 14   # 만 14세 미만: the legal representative consents (개인정보 보호법 제22조의2)
MAX_SCOPE_ENTRIES = 30


def needs_legal_representative(birth_date: date | None, on: date) -> bool:
    """A child under 14 on the consent date cannot consent alone (the dialog asks the same)."""
    return birth_date is not None and age_on(birth_date, on) < LEGAL_AGE


def _scope(values, field: str) -> list[str] | None:
    """목적·항목 as lines; None when the form named none (an older record's scope is its form's)."""
    cleaned = [clean_text(v, field=field, max_len=100, required=True) for v in (values or ())]
    if len(cleaned) > MAX_SCOPE_ENTRIES:
        raise ValidationError(f"{particle(field, '은/는')} {MAX_SCOPE_ENTRIES}개까지 적을 수 있습니다.", field)
    return cleaned or None


def record_consent(ctx: ServiceContext, case_id: str, *, member_id: str, kind: ConsentKind, agreed: bool,
                   recorded_on: date, recipients: list[str] = (), legal_representative: str = "",
                   valid_until: date | None = None, purposes: list[str] = (), items: list[str] = ()) -> str:
    """A consent as the client answered it. `valid_until` None is the form's 종결 후 5년. A renewal is
    a new record: the newest answer counts and the old one stays as it was."""
    recips = [clean_text(r, field="제공받는 기관", max_len=100, required=True) for r in recipients]
    rep = clean_text(legal_representative, field="법정대리인", max_len=50)
    scope_purposes, scope_items = _scope(purposes, "동의 목적"), _scope(items, "동의 항목")
    if recorded_on > ctx.today():
        raise ValidationError("동의일이 오늘 이후입니다.", "동의일")
    if valid_until is not None and valid_until < recorded_on:
        raise ValidationError("동의 기간의 끝이 동의일보다 앞섭니다.", "동의 기간")
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        member = member_of_case(s, case, member_id)
        if not rep and needs_legal_representative(member.birth_date, recorded_on):
            raise ValidationError(f"{member.name}님은 동의일에 만 {LEGAL_AGE}세 미만이라 법정대리인의 동의가 "
                                  "필요합니다. 법정대리인 이름을 적으세요.", "법정대리인")
        consent = Consent(case_id=case.id, member_id=member.id, kind=kind, agreed=bool(agreed),
                          recorded_on=recorded_on, recipients=recips, legal_representative=rep,
                          valid_until=valid_until, purposes=scope_purposes, items=scope_items)
        s.add(consent)
        s.flush()
        audit(s, ctx, "create", "consent", member.id, purpose=kind.label)
        return consent.id


def withdrawal_problem(agreed: bool, recorded_on: date, withdrawn_on: date | None, on: date, how: str | None,
                       today: date) -> tuple[str, str] | None:
    """(why, the field) when this withdrawal cannot be recorded; None: it can. The withdrawal form
    asks the same; the field is "" when no field can fix it."""
    if withdrawn_on is not None:
        return f"이 동의는 이미 {withdrawn_on}에 철회되었습니다.", ""
    if not agreed:
        return "동의하지 않은 기록은 철회할 것이 없습니다.", ""
    if how is not None and how not in CONSENT_WITHDRAWAL_METHODS:
        return "철회 방법을 목록에서 고르세요.", "철회 방법"
    if on > today:
        return "철회일이 오늘 이후입니다.", "철회일"
    if on < recorded_on:
        return "철회일이 동의일보다 앞섭니다.", "철회일"
    return None


def withdraw_consent(ctx: ServiceContext, consent_id: str, on: date, how: str | None = None) -> None:
    """철회: the consent stops covering anything from `on`. Only the date and the way are written;
    what was done under it (referrals, meetings, prints) stays as it was recorded. `how` None is
    for callers that did not ask (an older device's record has none either)."""
    with ctx.session() as s:
        consent, _ = ctx.load_case_record(s, Consent, consent_id, "동의 기록")
        problem = withdrawal_problem(consent.agreed, consent.recorded_on, consent.withdrawn_on, on, how,
                                     ctx.today())
        if problem:
            message, field_name = problem
            raise ValidationError(message, field_name) if field_name else WorkflowError(message)
        consent.withdrawn_on = on
        consent.withdrawn_how = how
        audit(s, ctx, "update", "consent", consent.member_id, purpose="동의 철회")


# --- 3. 욕구 및 위기도 조사 ----------------------------------------------------------------------


@dataclass
class DomainInput:
    client_words: str = ""
    worker_view: str = ""
    urgency: int = 0
    strengths: str = ""


@dataclass
class ScreeningInput:
    instrument: str
    score: int
    member_id: str | None = None


@dataclass
class AssessmentResult:
    assessment_id: str
    crisis_level: int
    suggested_case_type: str
    eligible_programs: list[str] = field(default_factory=list)


def save_assessment(ctx: ServiceContext, case_id: str, *, held_on: date, domains: dict[str, DomainInput],
                    screenings: list[ScreeningInput] = (), member_id: str | None = None,
                    summary: str = "") -> AssessmentResult:
    labels = rules.domain_labels()
    unknown = set(domains) - set(labels)
    if unknown:
        raise ValidationError(f"알 수 없는 조사 영역: {', '.join(sorted(unknown))}", "영역")
    if not any(d.urgency or d.client_words.strip() or d.worker_view.strip() for d in domains.values()):
        raise ValidationError("적어도 한 영역의 욕구나 긴급도를 입력하세요.", "영역")
    cleaned = {}
    for code, d in domains.items():
        if d.urgency not in (0, 1, 2, 3):
            raise ValidationError(f"{labels[code]} 영역의 긴급도는 0~3 중 하나입니다.", code)
        cleaned[code] = AssessmentDomain(
            domain=code, urgency=d.urgency,
            client_words=clean_text(d.client_words, field=f"{labels[code]} 대상자 욕구", max_len=4000, multiline=True),
            worker_view=clean_text(d.worker_view, field=f"{labels[code]} 사례관리자 의견", max_len=4000, multiline=True),
            strengths=clean_text(d.strengths, field=f"{labels[code]} 강점·자원", max_len=4000, multiline=True))
    instruments = rules.load("assessment")["instruments"]
    for sc in screenings:
        spec = instruments.get(sc.instrument)
        if spec is None:
            raise ValidationError(f"알 수 없는 선별도구입니다: {sc.instrument}", "선별도구")
        if not spec["min"] <= sc.score <= spec["max"]:
            raise ValidationError(f"{sc.instrument} 점수는 {spec['min']}~{spec['max']} 사이입니다.", "점수")
    summary = clean_text(summary, field="종합 의견", max_len=8000, multiline=True)
    if held_on > ctx.today():
        raise ValidationError("조사일이 오늘 이후입니다.", "조사일")
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE),
                       "욕구 및 위기도 조사")
        member = member_of_case(s, case, member_id)
        urgency = {c: d.urgency for c, d in cleaned.items()}
        level = rules.assessed_level(urgency, ((sc.instrument, sc.score) for sc in screenings))
        settings = ctx.center_settings(s)
        suggested = rules.suggest_case_type(level, settings["case_type_set"])
        assessment = Assessment(case_id=case.id, member_id=member.id, staff_id=ctx.actor.staff_id,
                                held_on=held_on, instrument_version=rules.load("assessment")["version"],
                                is_reassessment=case.stage != Stage.REGISTERED, crisis_level=level,
                                suggested_case_type=suggested, summary=summary,
                                domains=list(cleaned.values()))
        for sc in screenings:
            assessment.screenings.append(Screening(instrument=sc.instrument, score=sc.score,
                                                   member_id=sc.member_id or member.id,
                                                   result=rules.screening_band(sc.instrument, sc.score)))
        s.add(assessment)
        if case.stage == Stage.REGISTERED:
            case.stage = Stage.ASSESSED
        s.flush()
        audit(s, ctx, "create", "assessment", case.id)
        eligible = rules.eligible_programs(subject_for(s, case, member, ctx.today()))
        return AssessmentResult(assessment.id, level, suggested, eligible)


# --- 6. 서비스 제공계획 ------------------------------------------------------------------------


@dataclass
class PlanItemInput:
    domain: str
    service: str
    need: str = ""
    goal: str = ""          # 단기목표
    provider: str = ""
    resource_id: str | None = None
    frequency: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    cost: int = 0
    long_goal: str = ""     # 장기목표


@dataclass(frozen=True)
class PlanGoal:
    """The goals of one need (욕구 영역) of a plan; the plan's items of that need serve them."""
    domain: str
    need: str = ""
    long_goal: str = ""
    short_goal: str = ""


def plan_items_for_goals(goals: list[PlanGoal], items: list[PlanItemInput]) -> list[PlanItemInput]:
    """Each item with its need's goals (the form enters goals once per need, the items by need).
    Raises ValidationError when a need has two goal rows, an item's need has no goals, or a need's
    goals have no item to serve them."""
    labels = rules.domain_labels()
    by_domain: dict[str, PlanGoal] = {}
    for g in goals:
        if g.domain in by_domain:
            raise ValidationError(f"{labels.get(g.domain, g.domain)} 영역의 목표가 두 줄입니다. 한 줄로 합치세요.", "목표")
        by_domain[g.domain] = g
    out = []
    for i, it in enumerate(items, 1):
        g = by_domain.get(it.domain)
        if g is None:
            raise ValidationError(f"{i}번째 항목({labels.get(it.domain, it.domain)})의 목표가 없습니다. "
                                  "욕구별 목표에 그 영역을 추가하세요.", "목표")
        out.append(replace(it, need=g.need, goal=g.short_goal, long_goal=g.long_goal))
    unserved = [labels.get(d, d) for d in by_domain if d not in {it.domain for it in items}]
    if unserved:
        raise ValidationError(f"{', '.join(unserved)} 목표에 맞는 서비스 항목을 입력하세요.", "서비스 항목")
    return out


def save_service_plan(ctx: ServiceContext, case_id: str, *, made_on: date, goals: str,
                      items: list[PlanItemInput], need_goals: list[PlanGoal] | None = None) -> str:
    """서비스 제공계획: the overall goal, and items. `need_goals`: 장기·단기목표 per need; each item
    then takes its need's goals (plan_items_for_goals)."""
    goals = clean_text(goals, field="목표", max_len=4000, required=True, multiline=True)
    if not items:
        raise ValidationError("서비스 항목을 하나 이상 입력하세요.", "서비스 항목")
    if need_goals is not None:
        items = plan_items_for_goals(need_goals, items)
    labels = rules.domain_labels()
    rows = []
    for i, it in enumerate(items, 1):
        if it.domain not in labels:
            raise ValidationError(f"{i}번째 항목의 욕구 영역을 고르세요.", "영역")
        if it.cost < 0:
            raise ValidationError(f"{i}번째 항목의 비용은 0원 이상이어야 합니다.", "비용")
        if it.starts_on and it.ends_on and it.ends_on < it.starts_on:
            raise ValidationError(f"{i}번째 항목의 종료일이 시작일보다 앞섭니다.", "기간")
        rows.append(PlanItem(position=i, domain=it.domain,
                             service=clean_text(it.service, field="서비스", max_len=100, required=True),
                             need=clean_text(it.need, field="욕구", max_len=2000, multiline=True),
                             goal=clean_text(it.goal, field="단기목표", max_len=2000, multiline=True),
                             long_goal=clean_text(it.long_goal, field="장기목표", max_len=2000, multiline=True)
                             or None,
                             provider=clean_text(it.provider, field="제공기관", max_len=100),
                             resource_id=it.resource_id,
                             frequency=clean_text(it.frequency, field="횟수", max_len=50),
                             starts_on=it.starts_on, ends_on=it.ends_on, cost=int(it.cost)))
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.SELECTED, Stage.IN_SERVICE), "서비스 제공계획 수립")
        for row in rows:
            if row.resource_id:
                res = s.get(Resource, row.resource_id)
                if res is None:
                    raise ValidationError("자원목록에 없는 제공기관입니다.", "제공기관")
                row.provider = row.provider or res.provider
        plan = ServicePlan(case_id=case.id, made_on=made_on, goals=goals, items=rows)
        s.add(plan)
        s.flush()
        audit(s, ctx, "create", "service_plan", case.id)
        return plan.id


def agree_plan(ctx: ServiceContext, plan_id: str, agreed_on: date) -> None:
    """The client agrees to the plan: service delivery and monitoring start."""
    with ctx.session() as s:
        plan, case = ctx.load_case_record(s, ServicePlan, plan_id, "서비스 제공계획")
        require_stage(case, (Stage.SELECTED, Stage.IN_SERVICE), "계획 동의")
        if plan.agreed_on is not None:
            raise WorkflowError("이미 대상자 동의를 받은 계획입니다.")
        plan.agreed_on = agreed_on
        case.stage = Stage.IN_SERVICE
        audit(s, ctx, "update", "service_plan", case.id, purpose="대상자 계획 동의")


# --- 7. 서비스 제공 및 점검 ---------------------------------------------------------------------


@dataclass
class Companion:
    name: str
    role: str  # code from resources/rules/visits.json companion_roles


MENTAL_HEALTH_PRO = "mental_health_pro"


def record_contact(ctx: ServiceContext, case_id: str, *, occurred_at: datetime, kind: ContactKind,
                   note: str, companions: list[Companion] = (), is_monitoring: bool = True,
                   client_intoxicated: bool = False) -> tuple[str, list[str]]:
    """Returns the contact id and companion warnings (recorded on the contact too).

    A mental health professional may accompany a visit only with the client's consent to mental
    health services and when the client is not intoxicated (DOMAIN.md, 가정방문); otherwise they do
    not count as the companion the visit rules call for, and the visit is warned about."""
    note = clean_text(note, field="상담 내용", max_len=20000, required=True, multiline=True)
    roles = rules.load("visits")["companion_roles"]
    comps = []
    for c in companions:
        if c.role not in roles:
            raise ValidationError("동행자 역할을 목록에서 고르세요.", "동행자")
        comps.append({"name": clean_text(c.name, field="동행자 이름", max_len=50, required=True),
                      "role": c.role})
    if occurred_at.date() > ctx.today():
        raise ValidationError("상담 일시가 오늘 이후입니다.", "일시")
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, OPEN_STAGES + (Stage.CLOSED, Stage.FOLLOW_UP), "상담 기록")
        warnings: list[str] = []
        if kind == ContactKind.VISIT:
            counted = {c["role"] for c in comps}
            if MENTAL_HEALTH_PRO in counted:
                if not has_consent(s, case.id, case.primary_member_id, ConsentKind.MENTAL_HEALTH, ctx.today()):
                    counted.discard(MENTAL_HEALTH_PRO)
                    warnings.append("정신건강 전문요원은 대상자가 정신건강서비스 이용에 동의한 경우에만 동행할 수 있습니다.")
                elif client_intoxicated:
                    counted.discard(MENTAL_HEALTH_PRO)
                    warnings.append("대상자가 주취 상태일 때는 정신건강 전문요원이 동행하지 않습니다.")
            warnings += visit_warnings(s, case, counted)
        contact = Contact(case_id=case.id, staff_id=ctx.actor.staff_id, occurred_at=occurred_at, kind=kind,
                          companions=comps, note=note, is_monitoring=is_monitoring, warnings=warnings)
        s.add(contact)
        s.flush()
        audit(s, ctx, "create", "contact", case.id)
        return contact.id, warnings


# --- 8. 종결, 9. 사후관리 -----------------------------------------------------------------------


# 종결 안내: how the client is told (the 서식's 안내 방법).
CLOSURE_NOTICE_METHODS = ("방문", "전화", "내방", "서면 안내문 발송")
# 목표 달성도 as a five-step scale over the stored percentage (the closure form and its print).
ATTAINMENT_SCALE = ((0, "미달성"), (25, "일부 달성"), (50, "절반 달성"), (75, "대부분 달성"), (100, "달성"))


def attainment_step(pct: int | None) -> int:
    """The scale step a percentage falls on (older closures stored any percentage); 0 when unrated."""
    if pct is None:
        return 0
    return max(step for step, _ in ATTAINMENT_SCALE if step <= pct)


def attainment_label(pct: int | None) -> str:
    return "" if pct is None else dict(ATTAINMENT_SCALE)[attainment_step(pct)]


def close_case(ctx: ServiceContext, case_id: str, *, reason: ClosureReason, evaluation: str, closed_on: date,
               follow_up_plan: str = "", reason_detail: str = "",
               attainment: dict[str, int] | None = None, informed_on: date | None = None,
               informed_how: str | None = None) -> str:
    """Close after a 종결회의 decided it (in person or in writing) and with an evaluation.
    `informed_on`/`informed_how`: the 종결 안내 given to the client (both or neither)."""
    evaluation = clean_text(evaluation, field="종결 평가", max_len=8000, required=True, multiline=True)
    problem = closure_notice_problem(closed_on, informed_on, informed_how, ctx.today())
    if problem:
        raise ValidationError(problem, "종결 안내")
    follow_up_plan = clean_text(follow_up_plan, field="사후관리 계획", max_len=4000, multiline=True)
    reason_detail = clean_text(reason_detail, field="종결 사유 상세", max_len=2000, multiline=True)
    for pct in (attainment or {}).values():
        if not 0 <= pct <= 100:
            raise ValidationError("목표 달성도는 0~100% 사이입니다.", "달성도")
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.IN_SERVICE,), "종결")
        decision = s.execute(
            select(MeetingDecision, Meeting).join(Meeting, Meeting.id == MeetingDecision.meeting_id)
            .where(MeetingDecision.case_id == case.id, MeetingDecision.outcome == SelectionOutcome.CLOSE)
            .order_by(Meeting.held_at.desc())).first()
        if decision is None:
            raise WorkflowError("종결하려면 먼저 종결회의(서면 가능)에서 종결을 결정하세요.")
        meeting = decision[1]
        if closed_on < meeting.held_at.date():
            raise ValidationError("종결일은 종결회의 날짜 이후여야 합니다.", "종결일")
        for item_id, pct in (attainment or {}).items():
            item = s.get(PlanItem, item_id)
            if item is None or s.get(ServicePlan, item.plan_id).case_id != case.id:
                raise ValidationError("이 사례의 계획 항목이 아닙니다.", "달성도")
            item.attainment = pct
        closure = Closure(case_id=case.id, reason=reason, reason_detail=reason_detail, evaluation=evaluation,
                          meeting_id=meeting.id, in_writing=meeting.in_writing, closed_on=closed_on,
                          follow_up_plan=follow_up_plan, informed_on=informed_on,
                          informed_how=informed_how if informed_on else None)
        s.add(closure)
        case.stage = Stage.CLOSED
        case.closed_on = closed_on
        s.flush()
        audit(s, ctx, "update", "case_file", case.id, purpose=f"종결: {reason.label}")
        return closure.id


def closure_notice_problem(closed_on: date, informed_on: date | None, how: str | None, today: date) -> str | None:
    """Why a 종결 안내 cannot be recorded as given (None: it can, or it was not given yet)."""
    if informed_on is None:
        return None
    if how not in CLOSURE_NOTICE_METHODS:
        return "종결 안내 방법을 목록에서 고르세요."
    if informed_on > today:
        return "종결 안내일이 오늘 이후입니다. 안내한 뒤에 기록하세요."
    if informed_on < closed_on - timedelta(days=60):
        return "종결 안내일이 종결일보다 두 달 넘게 앞섭니다. 날짜를 확인하세요."
    return None


def record_closure_notice(ctx: ServiceContext, case_id: str, informed_on: date, how: str) -> None:
    """The 종결 안내 given after the closure was recorded (a letter sent later, say)."""
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        closure = s.scalars(select(Closure).where(Closure.case_id == case.id)).first()
        if closure is None:
            raise WorkflowError("종결을 먼저 기록하세요.")
        problem = closure_notice_problem(closure.closed_on, informed_on, how, ctx.today())
        if problem:
            raise ValidationError(problem, "종결 안내")
        closure.informed_on, closure.informed_how = informed_on, how
        audit(s, ctx, "update", "closure", case.id, purpose="종결 안내 기록")


def start_follow_up(ctx: ServiceContext, case_id: str, visits: list[tuple[date, str]]) -> list[str]:
    """Plan follow-up visits (due date, service such as 노인돌봄 or 방문건강)."""
    if not visits:
        raise ValidationError("사후관리 일정을 하나 이상 입력하세요.", "사후관리")
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.CLOSED, Stage.FOLLOW_UP), "사후관리 계획")
        ids = []
        for due, service in visits:
            if case.closed_on and due < case.closed_on:
                raise ValidationError("사후관리 예정일은 종결일 이후여야 합니다.", "예정일")
            fu = FollowUp(case_id=case.id, due_on=due,
                          service=clean_text(service, field="연계 서비스", max_len=50))
            s.add(fu)
            s.flush()
            ids.append(fu.id)
        case.stage = Stage.FOLLOW_UP
        audit(s, ctx, "create", "follow_up", case.id)
        return ids


def complete_follow_up(ctx: ServiceContext, follow_up_id: str, done_on: date, note: str) -> None:
    note = clean_text(note, field="사후관리 내용", max_len=4000, required=True, multiline=True)
    with ctx.session() as s:
        fu, _ = ctx.load_case_record(s, FollowUp, follow_up_id, "사후관리 일정")
        fu.done_on = done_on
        fu.note = note
        audit(s, ctx, "update", "follow_up", fu.case_id)


def end_follow_up(ctx: ServiceContext, case_id: str) -> None:
    with ctx.session() as s:
        case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.FOLLOW_UP,), "사후관리 종료")
        pending = s.scalar(select(func.count()).select_from(FollowUp)
                           .where(FollowUp.case_id == case.id, FollowUp.done_on.is_(None)))
        if pending:
            raise WorkflowError(f"완료되지 않은 사후관리 일정이 {pending}건 있습니다.")
        case.stage = Stage.ENDED
        audit(s, ctx, "update", "case_file", case.id, purpose="사후관리 종료")

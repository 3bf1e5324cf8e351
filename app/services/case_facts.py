"""What the workflow's rules read about a case: its stage, its consents, the latest assessment's
urgency by domain, and the facts the referral criteria are judged on (`subject_for`).

Shared by the use cases (cases, meetings, referrals, expenses, printing); it builds on none of
them, so none of them imports another for these.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from models.entities import Assessment, AssessmentDomain, Case, Consent, Household, Member, Referral, Screening
from models.types import ConsentKind, Stage

from . import rules
from .errors import ValidationError, WorkflowError
from .particles import particle
from .rrn import age_on, years_after

OPEN_STAGES = (Stage.INTAKE, Stage.REGISTERED, Stage.ASSESSED, Stage.SELECTED, Stage.IN_SERVICE)


def require_stage(case: Case, allowed: tuple[Stage, ...], action: str) -> None:
    if case.stage not in allowed:
        need = ", ".join(s.label for s in allowed)
        raise WorkflowError(f"'{case.stage.label}' 단계에서는 {particle(action, '을/를')} 할 수 없습니다. "
                            f"가능한 단계: {need}.")


def member_of_case(s, case: Case, member_id: str | None) -> Member:
    member = s.get(Member, member_id or case.primary_member_id)
    if member is None or member.household_id != case.household_id:
        raise ValidationError("이 사례 가구의 구성원을 고르세요.", "가구원")
    return member


def latest_consent(s, case_id: str, member_id: str, kind: ConsentKind) -> Consent | None:
    """The person's newest answer of this kind (what a form prints and what the rules go by)."""
    return s.scalars(select(Consent).where(Consent.case_id == case_id, Consent.member_id == member_id,
                                           Consent.kind == kind)
                     .order_by(Consent.recorded_on.desc(), Consent.created_at.desc())).first()


RETENTION_YEARS = 5   # "종결 후 5년": the period the consent form states when it names no date


def consent_ends_on(consent: Consent, closed_on: date | None) -> date | None:
    """The last day a consent covers: its own date, or 종결 후 5년 (None: open-ended, the case is open)."""
    if consent.valid_until is not None:
        return consent.valid_until
    return years_after(closed_on, RETENTION_YEARS) if closed_on else None


def consent_state(consent: Consent | None, closed_on: date | None, today: date) -> str | None:
    """Why this answer does not cover anything now, as the words in the parentheses of its name
    ("2026-03-02 철회", "2026-03-02 만료", "2026-03-02 동의하지 않음"); None: a valid agreement."""
    if consent is None:
        return "기록 없음"
    if consent.withdrawn_on is not None:
        return f"{consent.withdrawn_on} 철회"
    if not consent.agreed:
        return f"{consent.recorded_on} 동의하지 않음"
    ends = consent_ends_on(consent, closed_on)
    if ends is not None and ends < today:
        return f"{ends} 만료"
    return None


def consent_problem(s, case_id: str, member_id: str, kind: ConsentKind, today: date, action: str) -> str | None:
    """Why `action` may not be done for this person, naming the consent as it stands:
    "개인정보 제3자 제공 동의(2026-03-02 철회)가 유효하지 않아 다른 기관에 의뢰할 수 없습니다."."""
    latest = latest_consent(s, case_id, member_id, kind)
    case = s.get(Case, case_id)
    state = consent_state(latest, case.closed_on if case else None, today)
    if state is None:
        return None
    name = f"{kind.label} 동의"
    if latest is None:
        return f"{particle(name, '이/가')} 없어 {action} 수 없습니다. 먼저 동의를 받아 기록하세요."
    return f"{name}({state})가 유효하지 않아 {action} 수 없습니다. 새로 동의를 받아 기록하세요."


def has_consent(s, case_id: str, member_id: str, kind: ConsentKind, today: date) -> bool:
    """The newest answer counts: a later refusal or withdrawal cancels an earlier agreement, and an
    agreement past its period (its date, or 종결 후 5년) covers nothing."""
    latest = latest_consent(s, case_id, member_id, kind)
    case = s.get(Case, case_id)
    return latest is not None and consent_state(latest, case.closed_on if case else None, today) is None


def latest_urgency(s, case_id: str) -> dict[str, int]:
    latest = s.scalars(select(Assessment.id).where(Assessment.case_id == case_id)
                       .order_by(Assessment.held_on.desc(), Assessment.created_at.desc())).first()
    if latest is None:
        return {}
    return dict(s.execute(select(AssessmentDomain.domain, AssessmentDomain.urgency)
                          .where(AssessmentDomain.assessment_id == latest)).all())


def latest_scores(s, case_id: str, member_ids: list[str]) -> dict[str, int]:
    """The newest score of each screening instrument among these people, in this case's assessments
    (the highest when two people were screened on the same day)."""
    rows = s.execute(select(Screening.instrument, Screening.score, Assessment.held_on, Assessment.created_at)
                     .join(Assessment).where(Assessment.case_id == case_id, Screening.member_id.in_(member_ids))
                     .order_by(Assessment.held_on, Assessment.created_at)).all()
    newest: dict[str, tuple] = {}
    for instrument, score, held_on, _ in rows:
        day, best = newest.get(instrument, (None, None))
        if day is None or held_on > day or (held_on == day and score > best):
            newest[instrument] = (held_on, score)
    return {instrument: score for instrument, (_, score) in newest.items()}


def subject_for(s, case: Case, member: Member, today: date) -> rules.Subject:
    """What the referral criteria may look at about this person, from every place it is recorded."""
    hh = s.get(Household, member.household_id)
    together = s.scalars(select(Member.id).where(Member.household_id == hh.id,
                                                 Member.lives_together.is_(True))).all()
    # Only this person's own screenings count (a relative's AUDIT-K says nothing about them).
    screenings = set(s.scalars(select(Screening.instrument).join(Assessment)
                               .where(Assessment.case_id == case.id, Screening.member_id == member.id)).all())
    consents = {k.value for k in ConsentKind if has_consent(s, case.id, member.id, k, today)}
    referred = set(s.scalars(select(Referral.program).where(Referral.member_id == member.id)).all())
    assessed = s.scalar(select(Assessment.id).where(Assessment.case_id == case.id).limit(1)) is not None
    return rules.Subject(
        age=age_on(member.birth_date, today) if member.birth_date else None,
        flags=set(member.flags), household_income=hh.income_status,
        lives_alone=(len(together) == 1 and member.lives_together) or "독거" in hh.household_types,
        household_types=set(hh.household_types), domain_urgency=latest_urgency(s, case.id),
        screenings=screenings, consents=consents, referred_programs=referred,
        household_problems=set(hh.problem_types or ()), screening_scores=latest_scores(s, case.id, [member.id]),
        assessed=assessed, together=len(together))


def visit_warnings(s, case: Case, companion_roles: set[str]) -> list[str]:
    """The home-visit companion rules on everything recorded about the household: its problem
    types, every member's flags and screening scores, the latest assessment's urgency."""
    hh = s.get(Household, case.household_id)
    members = s.scalars(select(Member).where(Member.household_id == hh.id)).all()
    flags = {f for m in members for f in (m.flags or ())}
    scores = latest_scores(s, case.id, [m.id for m in members])
    return rules.visit_warnings(companion_roles, set(hh.problem_types or ()), flags, latest_urgency(s, case.id),
                                scores)

"""The case at a glance: every event of a case file as one timeline, newest first, and the
overview's figures (ages, consent by kind, plan progress, referrals waiting). Pure functions of a
CaseDetail: opening the overview costs no query beyond the case file's own."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from models.types import ConsentKind, ReferralStatus

from .. import rules
from ..case_facts import OPEN_STAGES
from ..particles import particle
from ..rrn import age_on, years_after
from .case_file import CaseDetail

# The kinds of event, as the timeline's filter names them, in the workflow's order.
TIMELINE_KINDS = {"intake": "초기상담", "consent": "동의", "assessment": "욕구·위기도 조사", "meeting": "사례회의",
                  "plan": "서비스 계획", "contact": "상담·점검", "referral": "의뢰", "expense": "사례사업비",
                  "closure": "종결", "follow_up": "사후관리"}


@dataclass(frozen=True)
class TimelineEvent:
    when: datetime
    kind: str      # a key of TIMELINE_KINDS
    text: str

    @property
    def kind_label(self) -> str:
        return TIMELINE_KINDS[self.kind]


def _at(day: date) -> datetime:
    return datetime.combine(day, time())


def timeline(d: CaseDetail) -> list[TimelineEvent]:
    """Every event of the case, newest first (events of one day in the order they happened)."""
    events: list[TimelineEvent] = []
    add = events.append
    if d.intake:
        decision = d.intake.decision.label if d.intake.decision else "결정 전"
        add(TimelineEvent(_at(d.intake.held_on), "intake",
                          f"초기상담 ({d.intake.referral_source}) — {d.intake.presenting_problems} · {decision}"))
    for c in d.consents:
        add(TimelineEvent(_at(c.recorded_on), "consent",
                          f"{c.member_name} {c.kind.label}: {'동의함' if c.agreed else '동의하지 않음'}"))
        if c.withdrawn_on:
            add(TimelineEvent(_at(c.withdrawn_on), "consent", f"{c.member_name} {c.kind.label} 철회"))
    for a in d.assessments:
        add(TimelineEvent(_at(a.held_on), "assessment",
                          f"{'재조사' if a.is_reassessment else '조사'} — 위기도 {a.crisis_level}, "
                          f"제안 유형 {a.suggested_case_type}"))
    for m in d.decisions:
        add(TimelineEvent(m.held_at, "meeting", f"{m.kind.label}{' (서면)' if m.in_writing else ''} — {m.outcome.label}"
                                                 + (f" · {m.case_type}" if m.case_type else "")
                                                 + (f" · 차기 회의 {m.next_meeting_at:%Y-%m-%d %H:%M}"
                                                    if m.next_meeting_at else "")))
    for p in d.plans:
        add(TimelineEvent(_at(p.made_on), "plan", f"서비스 계획 ({len(p.items)}개 항목) — 목표: {p.goals}"))
        if p.agreed_on:
            add(TimelineEvent(_at(p.agreed_on), "plan", "서비스 계획에 대상자 동의"))
    for c in d.contacts:
        first_line = c.note.strip().splitlines()[0] if c.note.strip() else ""
        add(TimelineEvent(c.occurred_at, "contact", f"{c.kind.label} · {c.staff} — {first_line[:80]}"))
    for r in d.referrals:
        add(TimelineEvent(_at(r.sent_on), "referral", f"{r.program}에 {r.member_name} 의뢰"))
        if r.replied_on:
            add(TimelineEvent(_at(r.replied_on), "referral", f"{r.program} 회신: {r.status.label}"))
    for e in d.expenses:
        add(TimelineEvent(_at(e.spent_on), "expense", f"{e.category.label} {e.amount:,}원" + (f" — {e.note}" if e.note else "")))
    if d.closure:
        add(TimelineEvent(_at(d.closure.closed_on), "closure", f"종결 ({d.closure.reason.label})"))
        if d.closure.informed_on:
            add(TimelineEvent(_at(d.closure.informed_on), "closure", f"종결 안내 ({d.closure.informed_how})"))
    for f in d.follow_ups:
        if f.done_on:
            add(TimelineEvent(_at(f.done_on), "follow_up", f"사후관리 완료: {f.service}" + (f" — {f.note}" if f.note else "")))
        else:
            add(TimelineEvent(_at(f.due_on), "follow_up", f"사후관리 예정: {f.service}"))
    return sorted(events, key=lambda e: e.when, reverse=True)


def member_line(d: CaseDetail, today: date) -> str:
    """가구원: name (relation, age, flags) for each member, the head first."""
    parts = []
    for m in d.household.members:
        facts = [m.relation] + ([f"{age_on(m.birth_date, today)}세"] if m.birth_date else []) + list(m.flags)
        parts.append(f"{m.name}({', '.join(facts)})")
    return " · ".join(parts)


def consent_line(d: CaseDetail) -> str:
    """Each consent kind as it stands for the client: the newest answer counts."""
    parts = []
    for kind in ConsentKind:
        answers = [c for c in d.consents if c.kind == kind and c.member_id == d.primary_member_id]
        latest = answers[0] if answers else None   # the case file lists consents newest first
        if latest is None:
            state = "기록 없음"
        elif latest.withdrawn_on:
            how = f", {latest.withdrawn_how}" if latest.withdrawn_how else ""
            state = f"철회({latest.withdrawn_on}{how})"
        elif latest.agreed and latest.state:   # past its period
            state = f"만료({latest.ends_on})"
        elif latest.agreed:
            state = f"동의함({latest.recorded_on}) {latest.ends_on or latest.period}까지"
        else:
            state = f"동의하지 않음({latest.recorded_on})"
        parts.append(f"{kind.label}: {state}")
    return " · ".join(parts)


def plan_line(d: CaseDetail) -> str:
    plan = d.current_plan
    if plan is None:
        return ""
    rated = [i for i in plan.items if i.attainment is not None]
    progress = f"항목 {len(plan.items)}개" + (f", 평가 {len(rated)}개" if rated else "")
    agreed = f"대상자 동의 {plan.agreed_on}" if plan.agreed_on else "대상자 동의 전"
    return f"목표: {plan.goals} · {progress} · {agreed}"


def age_out_alerts(d: CaseDetail, today: date) -> list[str]:
    """A child referred to a program with an age limit (드림스타트: up to 만 12세) who passes it soon:
    plan a re-referral or a transfer before then (the rule's `age_out`, in resources/rules)."""
    out: list[str] = []
    if d.stage not in OPEN_STAGES:
        return out
    births = {m.member_id: (m.name, m.birth_date) for m in d.household.members}
    seen = set()
    for r in d.referrals:
        if r.status in (ReferralStatus.DECLINED, ReferralStatus.CLOSED_BY_RECEIVER) \
                or (r.program_code, r.member_id) in seen:
            continue
        seen.add((r.program_code, r.member_id))
        try:
            rule = rules.program(r.program_code).get("age_out")
        except KeyError:
            continue
        name, born = births.get(r.member_id, ("", None))
        if not rule or born is None:
            continue
        ages_out = years_after(born, rule["last_age"] + 1)
        left = (ages_out - today).days
        if left > rule["warn_days"]:
            continue
        when = f"{ages_out:%Y-%m-%d}에 만 {rule['last_age'] + 1}세가 됩니다" if left > 0 else \
            f"{ages_out:%Y-%m-%d}에 만 {rule['last_age'] + 1}세가 되었습니다"
        out.append(f"{r.program} {particle(name, '이/가')} {when}. {rule['plan']}")
    return out


def waiting_referrals(d: CaseDetail, today: date) -> list[str]:
    return [f"{r.program} {(today - r.sent_on).days}일째 회신 대기" for r in d.referrals
            if r.status == ReferralStatus.SENT]


def economy_line(intake) -> str:
    """가구 경제 상황 as told at intake: only what was asked (an empty box is "not asked")."""
    parts = [f"{label} {value:,}원" for label, value in (("월 소득", intake.monthly_income), ("재산", intake.assets),
                                                       ("부채", intake.debts), ("월 주거비", intake.housing_cost))
             if value is not None]
    if intake.housing_type:
        parts.insert(0, intake.housing_type)
    if intake.urgent_support:
        parts.append("긴급지원 필요")
    return " · ".join(parts)

"""Printing and exporting: database rows → the plain dataclasses of `reports` → PDF/HWPX/xlsx bytes.

Each form comes as PDF (`fmt="pdf"`, for preview and printing) or as an HWPX file that 한글 opens
and staff can edit (`fmt="hwpx"`), from the same data object and with the same rules; the log row
says which.

Every print and export is written to the access log with its purpose. The RRN leaves the sealed
field only when the caller says the form's purpose needs the full number (and that is logged as
such); otherwise only the masked form is handed to `reports`.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

import reports
from models.entities import (Assessment, AssessmentDomain, Case, Center, Closure, Consent, Contact, Dong, Household, Intake, Meeting,
                             MeetingAttendee, MeetingDecision, Member, PlanItem, Screening, ServicePlan,
                             Staff)
from models.types import ConsentKind, IntakeDecision, Role, Stage

from . import rules
from .case_facts import OPEN_STAGES, consent_problem, latest_consent
from .context import ServiceContext, audit
from .errors import AccessDenied, NotFound, ValidationError, WorkflowError
from .hangul import clean_text
from .cases import attainment_label
from .households import open_sealed_rrn
from .meetings import brings_outsiders
from .rrn import age_on


def _purpose(purpose: str) -> str:
    return clean_text(purpose, field="출력 목적", max_len=200, required=True)


PDF, HWPX = "pdf", "hwpx"
FORMATS = (PDF, HWPX)


def _format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValidationError("출력 형식은 PDF나 HWPX 중에서 고르세요.", "형식")
    return fmt


def _logged(purpose: str, fmt: str) -> str:
    """The purpose as logged: an HWPX file is an editable copy, and the log says so."""
    return purpose if fmt == PDF else f"{purpose} [HWPX]"[:220]


def _render(fmt: str, pdf, hwpx, *args, **kwargs) -> bytes:
    return (pdf if fmt == PDF else hwpx)(*args, **kwargs)


def _rrn_for_form(ctx: ServiceContext, m: Member, full: bool) -> str:
    if not m.rrn_sealed:
        return ""
    return open_sealed_rrn(ctx, m.rrn_sealed) if full else m.rrn_masked


def _person(ctx: ServiceContext, m: Member, hh: Household, full_rrn: bool = False) -> reports.Person:
    return reports.Person(name=m.name, rrn=_rrn_for_form(ctx, m, full_rrn), phone=m.phone or hh.phone,
                          address=hh.address)


def _members(s, hh: Household, exclude: str, today: date) -> tuple[reports.HouseholdMember, ...]:
    rows = s.scalars(select(Member).where(Member.household_id == hh.id, Member.id != exclude)
                     .order_by(Member.is_head.desc(), Member.created_at))
    return tuple(reports.HouseholdMember(name=m.name, relation=m.relation,
                                         age=age_on(m.birth_date, today) if m.birth_date else None,
                                         lives_together=m.lives_together, phone=m.phone, rrn=m.rrn_masked)
                 for m in rows)


def _case_parts(ctx: ServiceContext, s, case_id: str):
    case = ctx.load_case(s, case_id, write=False)
    hh = s.get(Household, case.household_id)
    member = s.get(Member, case.primary_member_id)
    center = s.get(Center, ctx.actor.center_id)
    manager = s.get(Staff, case.manager_id)
    return case, hh, member, center, manager


def _providers(s, case_id: str, consent: Consent | None) -> tuple[str, ...]:
    named = list(consent.recipients) if consent else []
    named += s.scalars(select(PlanItem.provider).join(ServicePlan)
                       .where(ServicePlan.case_id == case_id, PlanItem.provider != "")).all()
    return tuple(dict.fromkeys(named))  # unique, in order


def consent_form(ctx: ServiceContext, case_id: str | None, *, purpose: str, blank: bool = False,
                 full_rrn: bool = False, fmt: str = PDF) -> bytes:
    """개인정보 수집·이용 및 제3자 제공 동의서, pre-filled from the case (or blank for handwriting)."""
    purpose, fmt = _purpose(purpose), _format(fmt)
    logged = _logged(purpose, fmt)
    with ctx.session() as s:
        center = s.get(Center, ctx.actor.center_id)
        if blank or case_id is None:
            audit(s, ctx, "print", "consent_form", None, purpose=logged)
            return _render(fmt, reports.render_consent, reports.render_consent_hwpx,
                           reports.ConsentFormData(center_name=center.name), blank=True)
        case, hh, member, center, manager = _case_parts(ctx, s, case_id)
        third = latest_consent(s, case.id, member.id, ConsentKind.THIRD_PARTY)
        collect = latest_consent(s, case.id, member.id, ConsentKind.COLLECTION_USE)
        rep = (third or collect).legal_representative if (third or collect) else ""
        data = reports.ConsentFormData(
            center_name=center.name, client=_person(ctx, member, hh, full_rrn),
            members=_members(s, hh, member.id, ctx.today()), service_providers=_providers(s, case.id, third),
            case_manager=manager.display_name,
            legal_representative=reports.LegalRepresentative(rep) if rep else None,
            consent_date=(third or collect).recorded_on if (third or collect) else None,
            collection_agreed=collect.agreed if collect else None,
            third_party_agreed=third.agreed if third else None, show_full_rrn=full_rrn, case_no=case.case_no)
        audit(s, ctx, "print_rrn" if full_rrn else "print", "consent_form", member.id, purpose=logged)
        return _render(fmt, reports.render_consent, reports.render_consent_hwpx, data)


def service_plan_form(ctx: ServiceContext, plan_id: str, *, purpose: str, fmt: str = PDF) -> bytes:
    purpose, fmt = _purpose(purpose), _format(fmt)
    labels = rules.domain_labels()
    with ctx.session() as s:
        plan, _ = ctx.load_case_record(s, ServicePlan, plan_id, "서비스 제공계획", write=False)
        case, hh, member, center, manager = _case_parts(ctx, s, plan.case_id)
        items = s.scalars(select(PlanItem).where(PlanItem.plan_id == plan.id).order_by(PlanItem.position)).all()
        starts = [i.starts_on for i in items if i.starts_on]
        ends = [i.ends_on for i in items if i.ends_on]
        data = reports.ServicePlanData(
            center_name=center.name, client=_person(ctx, member, hh), case_manager=manager.display_name,
            goals=_plan_goals(plan.goals, items, labels),
            items=tuple(reports.ServicePlanItem(
                need=f"{labels[i.domain]}: {i.need}" if i.need else labels[i.domain], service=i.service,
                provider=i.provider, frequency=i.frequency, start=i.starts_on, end=i.ends_on,
                cost=i.cost or None) for i in items),
            case_no=case.case_no, case_type=case.case_type or "", plan_date=plan.made_on,
            period_start=min(starts) if starts else None, period_end=max(ends) if ends else None,
            agreement_date=plan.agreed_on)
        audit(s, ctx, "print", "service_plan", member.id, purpose=_logged(purpose, fmt))
        return _render(fmt, reports.render_service_plan, reports.render_service_plan_hwpx, data)


def _plan_goals(overall: str, items, labels: dict[str, str]) -> tuple:
    """The plan's 목표 rows: the overall goal, then each need's 장기 and 단기목표 once (its items
    share them), in the items' order."""
    goals = [reports.PlanGoal(overall, "종합")]
    seen = set()
    for i in items:
        for text, term in ((i.long_goal, "장기"), (i.goal, "단기")):
            if text and (i.domain, term, text) not in seen:
                seen.add((i.domain, term, text))
                goals.append(reports.PlanGoal(text, term, labels[i.domain]))
    return tuple(goals)


def _attainment_label(pct: int | None) -> str:
    """The closure form's scale step (cases.ATTAINMENT_SCALE), or 미평가."""
    return attainment_label(pct) if pct is not None else "미평가"


def closure_report(ctx: ServiceContext, case_id: str, *, purpose: str, fmt: str = PDF) -> bytes:
    purpose, fmt = _purpose(purpose), _format(fmt)
    labels = rules.domain_labels()
    with ctx.session() as s:
        case, hh, member, center, manager = _case_parts(ctx, s, case_id)
        closure = s.scalars(select(Closure).where(Closure.case_id == case.id)).first()
        if closure is None:
            raise ValidationError("종결되지 않은 사례는 종결 보고서를 출력할 수 없습니다.")
        meeting = s.get(Meeting, closure.meeting_id) if closure.meeting_id else None
        items = s.scalars(select(PlanItem).join(ServicePlan).where(ServicePlan.case_id == case.id)
                          .order_by(ServicePlan.made_on, PlanItem.position)).all()
        contacts = s.scalar(select(func.count()).select_from(Contact).where(Contact.case_id == case.id))
        intake = s.scalars(select(Intake).where(Intake.case_id == case.id)).first()
        size = s.scalar(select(func.count()).select_from(Member).where(Member.household_id == hh.id))
        lead = s.scalars(select(Staff.display_name).where(Staff.role == Role.SUPERVISOR,
                                                          Staff.team == case.team)).first() or ""
        data = reports.ClosureReportData(
            center_name=center.name, client=_person(ctx, member, hh), case_manager=manager.display_name,
            closure_reason=closure.reason.label, opened_on=case.opened_on, closed_on=closure.closed_on,
            case_no=case.case_no, case_type=case.case_type or "", household_type=", ".join(hh.household_types),
            household_size=size,
            summary=(intake.presenting_problems if intake else "") + f"\n상담·점검 {contacts}회",
            services=tuple(reports.ServiceRecord(labels[i.domain], i.service, i.provider, i.starts_on, i.ends_on,
                                                 i.frequency, i.cost or None) for i in items),
            goals=tuple(reports.GoalEvaluation(i.goal or i.service, _attainment_label(i.attainment),
                                               f"달성도 {i.attainment}%" if i.attainment is not None else "")
                        for i in items),
            closure_reason_detail=closure.reason_detail, overall_evaluation=closure.evaluation,
            closure_meeting_date=meeting.held_at.date() if meeting else None,
            closure_meeting_in_writing=closure.in_writing, follow_up_plan=closure.follow_up_plan,
            closure_notice=f"{closure.informed_on:%Y-%m-%d} {closure.informed_how}" if closure.informed_on else "",
            team_leader=lead, report_date=ctx.today())
        audit(s, ctx, "print", "closure_report", member.id, purpose=_logged(purpose, fmt))
        return _render(fmt, reports.render_closure_report, reports.render_closure_report_hwpx, data)


def meeting_minutes(ctx: ServiceContext, meeting_id: str, *, purpose: str, deidentified: bool,
                    fmt: str = PDF) -> bytes:
    """사례회의록; `deidentified` for sharing outside the case team (names as "김 * *", no RRN,
    address or phone of anyone)."""
    purpose, fmt = _purpose(purpose), _format(fmt)
    roles = rules.load("meetings")["roles"]
    with ctx.session() as s:
        meeting = s.get(Meeting, meeting_id)
        if meeting is None or meeting.center_id != ctx.actor.center_id:
            raise NotFound("회의록")
        center = s.get(Center, ctx.actor.center_id)
        attendees = s.scalars(select(MeetingAttendee).where(MeetingAttendee.meeting_id == meeting.id)).all()
        decisions = s.scalars(select(MeetingDecision).where(MeetingDecision.meeting_id == meeting.id)).all()
        discussed = []
        # A named pack of a meeting with outside partners goes to them: each case needs its
        # third-party consent valid today (withdrawn or expired: refused, naming the consent).
        shared = not deidentified and brings_outsiders(meeting.kind, attendees, center.name)
        for d in decisions:
            case = s.get(Case, d.case_id)
            if not ctx.can_read_case(s, case):
                raise AccessDenied("이 회의록에 열람 권한이 없는 사례가 있습니다.", subject=case.id, action="print")
            problem = shared and consent_problem(s, case.id, case.primary_member_id, ConsentKind.THIRD_PARTY,
                                                 ctx.today(), "외부 기관이 참석한 회의의 식별 회의록을 출력할")
            if problem:
                raise WorkflowError(f"사례 {case.case_no}: {problem} 비식별 회의록은 출력할 수 있습니다.")
            hh = s.get(Household, case.household_id)
            member = s.get(Member, case.primary_member_id)
            others = _members(s, hh, member.id, ctx.today())
            decision = d.outcome.label + (f" ({d.case_type})" if d.case_type else "")
            # The form prints "유형(N인)" itself; a typed summary may already carry its own "(N인)".
            household_type = re.sub(r"\s*\(\d+인\)\s*$", "", d.household_summary) or ", ".join(hh.household_types)
            discussed.append(reports.CaseDiscussion(
                client=_person(ctx, member, hh), household_type=household_type,
                household_size=len(others) + 1, members=others,
                issues=tuple(line for line in d.issues.splitlines() if line.strip()), decisions=decision,
                direction=d.direction, lead_agency=d.lead_agency,
                roles=tuple(reports.RoleAssignment(*(part.split(":", 1) if ":" in part else ("", part)))
                            for part in (p.strip() for p in d.role_split.replace("\n", ",").split(",")) if part)))
        data = reports.MeetingMinutesData(
            center_name=center.name, meeting_type=meeting.kind.label, held_on=meeting.held_at.date(),
            place=meeting.place, time_text=f"{meeting.held_at:%H:%M}", chair=meeting.chair,
            attendees=tuple(reports.Attendee(a.name, a.agency,
                                             roles.get(a.role, a.role) + (f"({a.field})" if a.field else ""))
                            for a in attendees),
            cases=tuple(discussed), supervisor_advice=meeting.supervisor_advice, in_writing=meeting.in_writing,
            recorder=ctx.actor.display_name, warnings=tuple(meeting.warnings),
            next_meeting=f"{meeting.next_meeting_at:%Y-%m-%d %H:%M}" if meeting.next_meeting_at else "")
        for d in decisions:
            audit(s, ctx, "print", "meeting_minutes", d.case_id,
                  purpose=_logged(f"{purpose} ({'비식별' if deidentified else '식별'})", fmt))
        return _render(fmt, reports.render_meeting_minutes, reports.render_meeting_minutes_hwpx, data,
                       deidentified=deidentified)


def intake_record(ctx: ServiceContext, case_id: str, *, purpose: str, full_rrn: bool = False,
                  fmt: str = PDF) -> bytes:
    """초기상담 기록지 from the case's intake."""
    purpose, fmt = _purpose(purpose), _format(fmt)
    with ctx.session() as s:
        case, hh, member, center, manager = _case_parts(ctx, s, case_id)
        intake = s.scalars(select(Intake).where(Intake.case_id == case.id)).first()
        if intake is None:
            raise ValidationError("초기상담을 기록하지 않은 사례는 초기상담 기록지를 출력할 수 없습니다.")
        staff = s.get(Staff, intake.staff_id)
        data = reports.IntakeRecordData(
            center_name=center.name, client=_person(ctx, member, hh, full_rrn),
            case_manager=staff.display_name if staff else manager.display_name, held_on=intake.held_on,
            case_no=case.case_no, referral_source=intake.referral_source, referrer_detail=intake.referrer_detail,
            presenting_problems=intake.presenting_problems, decision=intake.decision.label if intake.decision else "",
            household_type=", ".join(hh.household_types), members=_members(s, hh, member.id, ctx.today()),
            show_full_rrn=full_rrn)
        audit(s, ctx, "print_rrn" if full_rrn else "print", "intake_record", member.id,
              purpose=_logged(purpose, fmt))
        return _render(fmt, reports.render_intake_record, reports.render_intake_record_hwpx, data)


def assessment_form(ctx: ServiceContext, assessment_id: str, *, purpose: str, fmt: str = PDF) -> bytes:
    """욕구 및 위기도 조사표 for one assessment (the RRN only masked: the form does not need it)."""
    purpose, fmt = _purpose(purpose), _format(fmt)
    spec = rules.load("assessment")
    labels = rules.domain_labels()
    order = {d["code"]: i for i, d in enumerate(spec["domains"])}
    urgency = spec["urgency_labels"]
    crisis = spec["crisis_levels"]["labels"]
    with ctx.session() as s:
        a, case = ctx.load_case_record(s, Assessment, assessment_id, "욕구 및 위기도 조사", write=False)
        case, hh, member, center, manager = _case_parts(ctx, s, case.id)
        subject = s.get(Member, a.member_id) if a.member_id else member
        recorded = {d.domain: d for d in s.scalars(select(AssessmentDomain)
                                                   .where(AssessmentDomain.assessment_id == a.id))}
        screenings = s.scalars(select(Screening).where(Screening.assessment_id == a.id)).all()
        staff = s.get(Staff, a.staff_id)
        data = reports.AssessmentFormData(
            center_name=center.name, client=_person(ctx, subject, hh),
            case_manager=staff.display_name if staff else manager.display_name, held_on=a.held_on,
            case_no=case.case_no, is_reassessment=a.is_reassessment,
            # Every domain of the instrument, as the 조사표 prints them; unrecorded ones stay empty.
            domains=tuple(reports.AssessmentDomainRow(
                labels.get(code, code), d.client_words, d.worker_view,
                urgency[d.urgency] if 0 <= d.urgency < len(urgency) else str(d.urgency), d.strengths)
                if (d := recorded.get(code)) else reports.AssessmentDomainRow(labels.get(code, code))
                for code in [*order, *sorted(set(recorded) - set(order))]),
            screenings=tuple((sc.instrument, sc.score, sc.result) for sc in screenings),
            crisis_level=crisis[a.crisis_level] if 0 <= a.crisis_level < len(crisis) else str(a.crisis_level),
            suggested_case_type=a.suggested_case_type, summary=a.summary)
        audit(s, ctx, "print", "assessment_form", subject.id, purpose=_logged(purpose, fmt))
        return _render(fmt, reports.render_assessment, reports.render_assessment_hwpx, data)


# --- statistics (seed 000's tables) -----------------------------------------------------------


SELECTED_STAGES = (Stage.SELECTED, Stage.IN_SERVICE, Stage.CLOSED, Stage.FOLLOW_UP)


@dataclass(frozen=True)
class _CaseFact:
    opened_on: date
    stage: Stage
    dong: str
    intake_decision: IntakeDecision | None
    problem_types: list[str]
    household_types: list[str]
    selected: bool


def _bucket(f: _CaseFact) -> str:
    if f.selected:
        return "open" if f.stage in OPEN_STAGES else "closed"
    if f.stage == Stage.NOT_SELECTED:
        return "not_selected"
    if f.stage == Stage.LINKED or f.intake_decision == IntakeDecision.SERVICE_LINK:
        return "link"
    return "other"


def statistics_data(ctx: ServiceContext, start: date, end: date, dong: str = "", *,
                    export_purpose: str | None = None) -> reports.StatisticsData:
    """Counts for the period; logged as a view on screen, as an export when a purpose is given."""
    if end < start:
        raise ValidationError("통계 기간의 끝이 시작보다 앞섭니다.", "기간")
    ctx.require_role(Role.ADMIN, Role.SUPERVISOR)
    with ctx.session() as s:
        center = s.get(Center, ctx.actor.center_id)
        long_days = ctx.center_settings(s)["long_open_days"]
        selected_cases = select(Case.id).join(Closure, Closure.case_id == Case.id, isouter=True).where(
            Case.stage.in_(SELECTED_STAGES) | Closure.id.is_not(None) | Case.case_type.is_not(None))
        q = (select(Case.opened_on, Case.stage, Dong.name, Intake.decision, Household.problem_types,
                    Household.household_types, Case.id.in_(selected_cases))
             .join(Household, Household.id == Case.household_id).join(Dong, Dong.id == Household.dong_id)
             .join(Intake, Intake.case_id == Case.id, isouter=True)
             .where(Case.opened_on >= start, Case.opened_on <= end))
        if dong:
            q = q.where(Dong.name == dong)
        facts = [_CaseFact(*row) for row in s.execute(q)]
        open_q = (select(Case.opened_on).join(Household).join(Dong)
                  .where(Case.stage.in_(OPEN_STAGES), Case.opened_on <= end))
        if dong:
            open_q = open_q.where(Dong.name == dong)
        open_dates = s.scalars(open_q).all()
        scope = f"통계 {start}~{end} {dong or '전체'}"
        if export_purpose is None:
            audit(s, ctx, "view", "statistics", None, purpose=scope)
        else:
            audit(s, ctx, "export", "statistics", None, purpose=f"{_purpose(export_purpose)} ({scope})")

    def counts(label: str, subset: list[_CaseFact]) -> reports.CaseCounts:
        b = Counter(_bucket(f) for f in subset)
        return reports.CaseCounts(label, len(subset), b["open"], b["closed"], b["not_selected"], b["link"])

    years = sorted({f.opened_on.year for f in facts})
    rows = [counts(str(y), [f for f in facts if f.opened_on.year == y]) for y in years]
    if len(rows) > 1:
        rows.append(counts("계", facts))
    types = Counter(("문제 유형", rules.canonical_problem(t)) for f in facts for t in f.problem_types)
    types.update(("가구 형태", t) for f in facts for t in f.household_types)
    per_dong = []
    for name in sorted({f.dong for f in facts}):
        b = Counter(_bucket(f) for f in facts if f.dong == name)
        per_dong.append(reports.DongCounts(name, b["open"] + b["closed"], b["open"], b["link"], b["not_selected"]))
    cutoff = end.toordinal() - long_days
    long_open = Counter(d.year for d in open_dates if d.toordinal() <= cutoff)
    return reports.StatisticsData(
        center_name=center.name, period_start=start, period_end=end, dong=dong, case_counts=tuple(rows),
        household_types=tuple(reports.HouseholdTypeCount(g, t, n) for (g, t), n in sorted(types.items())),
        per_dong=tuple(per_dong), long_open=tuple(reports.LongOpenCount(y, n) for y, n in sorted(long_open.items())),
        prepared_on=ctx.today())


def statistics_pdf(ctx: ServiceContext, start: date, end: date, dong: str = "", *,
                   purpose: str = "통계 보고서 출력") -> bytes:
    return reports.render_statistics_pdf(statistics_data(ctx, start, end, dong, export_purpose=purpose))


def statistics_hwpx(ctx: ServiceContext, start: date, end: date, dong: str = "", *,
                    purpose: str = "통계 한글 문서 내보내기") -> bytes:
    return reports.render_statistics_hwpx(statistics_data(ctx, start, end, dong,
                                                          export_purpose=_logged(_purpose(purpose), HWPX)))


def statistics_xlsx(ctx: ServiceContext, start: date, end: date, dong: str = "", *,
                    purpose: str = "통계 엑셀 내보내기") -> bytes:
    return reports.render_statistics_xlsx(statistics_data(ctx, start, end, dong, export_purpose=purpose))

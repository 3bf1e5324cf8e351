"""Read-only lists for the home screen and search. Rows are plain tuples, cheap to put in Qt models."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import aliased

from models.entities import Case, CaseShare, Contact, Dong, Household, Meeting, Member, Referral, Staff
from models.types import ReferralStatus, Role, Stage

from .cases import OPEN_STAGES
from .context import ServiceContext
from .hangul import clean_text, is_initials_query, phone_digits
from .settings import monitoring_days


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_no: str
    name: str
    dong: str
    stage: Stage
    case_type: str | None
    opened_on: date
    manager: str


def _case_rows(s, where, limit: int | None = None, order=None) -> list[CaseRow]:
    q = (select(Case.id, Case.case_no, Member.name, Dong.name, Case.stage, Case.case_type, Case.opened_on,
                Staff.display_name)
         .join(Member, Member.id == Case.primary_member_id).join(Household, Household.id == Case.household_id)
         .join(Dong, Dong.id == Household.dong_id).join(Staff, Staff.id == Case.manager_id)
         .where(*where).order_by(*(order or (Case.opened_on,))))
    if limit:
        q = q.limit(limit)
    return [CaseRow(*r) for r in s.execute(q)]


def _visible(ctx: ServiceContext):
    """SQL condition for the cases the actor may see (manager, team supervisor, admin)."""
    a = ctx.actor
    if a.role == Role.ADMIN:
        return True
    if a.role in (Role.SUPERVISOR, Role.READ_ONLY):
        return or_(Case.team == a.team, Case.manager_id == a.staff_id)
    shared = select(CaseShare.case_id).where(CaseShare.staff_id == a.staff_id)
    return or_(Case.manager_id == a.staff_id, Case.id.in_(shared))


def my_cases(ctx: ServiceContext, stage: Stage | None = None) -> list[CaseRow]:
    with ctx.session() as s:
        where = [Case.manager_id == ctx.actor.staff_id]
        if stage:
            where.append(Case.stage == stage)
        return _case_rows(s, where)


def long_open_cases(ctx: ServiceContext, days: int | None = None) -> list[CaseRow]:
    """장기 미종결: open cases opened more than `days` ago (center setting by default)."""
    with ctx.session() as s:
        days = days or ctx.center_settings(s)["long_open_days"]
        cutoff = ctx.today() - timedelta(days=days)
        return _case_rows(s, [Case.stage.in_(OPEN_STAGES), Case.opened_on <= cutoff, _visible(ctx)])


@dataclass(frozen=True)
class MonitoringDue:
    row: CaseRow
    last_contact: datetime | None
    due_on: date
    interval_days: int


def monitoring_due(ctx: ServiceContext, within_days: int = 0) -> list[MonitoringDue]:
    """In-service cases whose next monitoring contact is due (집중 weekly, every case monthly)."""
    with ctx.session() as s:
        settings = ctx.center_settings(s)
        rows = _case_rows(s, [Case.stage == Stage.IN_SERVICE, _visible(ctx)])
        last = dict(s.execute(select(Contact.case_id, func.max(Contact.occurred_at))
                              .join(Case, Case.id == Contact.case_id)
                              .where(Case.stage == Stage.IN_SERVICE, Contact.is_monitoring.is_(True))
                              .group_by(Contact.case_id)).all())
    horizon = ctx.today() + timedelta(days=within_days)
    due = []
    for row in rows:
        interval = monitoring_days(settings, row.case_type)
        seen = last.get(row.case_id)
        base = seen.date() if seen else row.opened_on
        due_on = base + timedelta(days=interval)
        if due_on <= horizon:
            due.append(MonitoringDue(row, seen, due_on, interval))
    return sorted(due, key=lambda d: d.due_on)


def referrals_awaiting_reply(ctx: ServiceContext) -> list[tuple[Referral, CaseRow]]:
    with ctx.session() as s:
        refs = s.scalars(select(Referral).join(Case, Case.id == Referral.case_id)
                         .where(Referral.status == ReferralStatus.SENT, _visible(ctx))
                         .order_by(Referral.sent_on)).all()
        rows = {r.case_id: r for r in _case_rows(s, [Case.id.in_({ref.case_id for ref in refs})])}
        return [(ref, rows[ref.case_id]) for ref in refs]


def upcoming_meetings(ctx: ServiceContext, days: int = 14) -> list[Meeting]:
    now = ctx.clock()
    with ctx.session() as s:
        return list(s.scalars(select(Meeting).where(Meeting.center_id == ctx.actor.center_id,
                                                    Meeting.held_at >= now - timedelta(days=1),
                                                    Meeting.held_at <= now + timedelta(days=days))
                              .order_by(Meeting.held_at)))


@dataclass(frozen=True)
class PersonHit:
    member_id: str
    household_id: str
    name: str
    rrn_masked: str
    phone: str
    address: str
    dong: str
    case_id: str | None
    case_no: str | None
    stage: Stage | None


def _like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def search_people(ctx: ServiceContext, text: str, limit: int = 50) -> list[PersonHit]:
    """Name (full or part), 초성 ("ㄱㅁㅅ"), phone digits, RRN front part, address or 동."""
    q = clean_text(text, field="검색어", max_len=100)
    if not q:
        return []
    conds = []
    digits = phone_digits(q)
    if is_initials_query(q.replace(" ", "")):
        conds.append(Member.name_initials.like(_like(q.replace(" ", "")) + "%", escape="\\"))
    elif digits and len(digits) == len(q.replace("-", "").replace(" ", "")):
        if len(digits) >= 3:
            conds.append(Member.phone_digits.like("%" + _like(digits) + "%", escape="\\"))
        if len(digits) <= 6:
            conds.append(Member.rrn_front.like(_like(digits) + "%", escape="\\"))
    else:
        pattern = "%" + _like(q) + "%"
        conds += [Member.name.like(pattern, escape="\\"), Household.address.like(pattern, escape="\\"),
                  Dong.name.like(_like(q) + "%", escape="\\")]
    # The household's newest case, shown beside every member (a child's hit leads to the family's case).
    newer = aliased(Case)
    latest_case = (select(newer.id).where(newer.household_id == Member.household_id)
                   .order_by(newer.opened_on.desc()).limit(1).correlate(Member).scalar_subquery())
    stmt = (select(Member.id, Member.household_id, Member.name, Member.rrn_masked, Member.phone,
                   Household.address, Dong.name, Case.id, Case.case_no, Case.stage)
            .join(Household, Household.id == Member.household_id).join(Dong, Dong.id == Household.dong_id)
            .outerjoin(Case, and_(Case.id == latest_case))
            .where(or_(*conds)).order_by(Member.name).limit(limit))
    with ctx.session() as s:
        return [PersonHit(*r) for r in s.execute(stmt)]

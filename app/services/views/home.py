"""The home screen's lists that are not plain case rows: meetings to come, referrals awaiting a
reply, consents to renew (queries.py has the case lists)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import and_, or_, select

from models.entities import Case, Consent, Meeting, Member
from models.types import ConsentKind, MeetingKind

from .. import queries, rules
from ..case_facts import OPEN_STAGES, RETENTION_YEARS, consent_ends_on, latest_consent, years_after
from ..context import ServiceContext

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
    """Meetings recorded in the coming days, and the 차기 회의 that minutes set for them (the row
    opens the minutes that set it), by date."""
    now = ctx.clock()
    rows = [MeetingRow(m.id, m.held_at, m.kind, m.place, m.chair) for m in queries.upcoming_meetings(ctx, days)]
    with ctx.session() as s:
        planned = s.execute(
            select(Meeting.id, Meeting.next_meeting_at, Meeting.kind, Meeting.held_at, Meeting.chair)
            .where(Meeting.center_id == ctx.actor.center_id, Meeting.next_meeting_at >= now - timedelta(days=1),
                   Meeting.next_meeting_at <= now + timedelta(days=days))).all()
    rows += [MeetingRow(mid, at, kind, f"차기 회의({held:%m월 %d일} 회의에서 정함)", chair)
             for mid, at, kind, held, chair in planned]
    return sorted(rows, key=lambda r: r.held_at)


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


@dataclass(frozen=True)
class ConsentRenewalRow:
    consent_id: str
    case_id: str
    case_no: str
    name: str          # whose consent
    kind: ConsentKind
    ends_on: date
    days_left: int     # below 0: already past its period

    @property
    def expired(self) -> bool:
        return self.days_left < 0


RENEWAL_DAYS = 30


def consent_renewal_rows(ctx: ServiceContext, within_days: int = RENEWAL_DAYS) -> list[ConsentRenewalRow]:
    """동의 갱신 예정: agreements whose period ends within `within_days`, and those already past it
    while their case is still open (what they covered is refused until a new consent is recorded).
    Only each person's newest answer of a kind counts: a renewed consent drops off."""
    today = ctx.today()
    horizon = today + timedelta(days=within_days)
    # 종결 후 5년 ends within the horizon when the case closed before this day.
    closed_by = years_after(horizon, -RETENTION_YEARS)
    with ctx.session() as s:
        found = s.execute(
            select(Consent, Case.case_no, Case.closed_on, Case.stage, Member.name)
            .join(Case, Case.id == Consent.case_id).join(Member, Member.id == Consent.member_id)
            .where(queries.visible_cases(ctx), Consent.agreed.is_(True), Consent.withdrawn_on.is_(None),
                   or_(Consent.valid_until <= horizon,
                       and_(Consent.valid_until.is_(None), Case.closed_on <= closed_by)))).all()
        rows = []
        for consent, case_no, closed_on, stage, name in found:
            ends = consent_ends_on(consent, closed_on)
            if ends < today and stage not in OPEN_STAGES:
                continue   # a closed case's consent past its period is retention's business, not a renewal
            newest = latest_consent(s, consent.case_id, consent.member_id, consent.kind)
            if newest is None or newest.id != consent.id:
                continue   # renewed (or answered again) since
            rows.append(ConsentRenewalRow(consent.id, consent.case_id, case_no, name, consent.kind, ends,
                                          (ends - today).days))
    return sorted(rows, key=lambda r: (r.ends_on, r.case_no))

"""The home screen's lists that are not plain case rows: meetings to come, referrals awaiting a
reply (queries.py has the case lists)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import select

from models.entities import Meeting
from models.types import MeetingKind

from .. import queries, rules
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

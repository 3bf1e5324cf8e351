"""접속기록 review: the monthly check supervisors must do, and the tamper check."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlalchemy import select

from models.entities import AuditLog, Staff
from models.types import Role

from .context import ServiceContext, audit, verify_audit_chain

SENSITIVE = ("print", "print_rrn", "export", "view_rrn", "share", "destroy")


@dataclass
class StaffActivity:
    staff_id: str
    name: str
    actions: Counter = field(default_factory=Counter)
    refusals: int = 0
    sensitive: int = 0
    off_hours: int = 0  # before 7:00 or after 21:00 local time


@dataclass
class MonthlyReview:
    year: int
    month: int
    activity: list[StaffActivity]
    broken_chain: list[int]
    total: int


def monthly_review(ctx: ServiceContext, year: int, month: int) -> MonthlyReview:
    ctx.require_role(Role.ADMIN, Role.SUPERVISOR)
    # Month boundaries in local time (KST): a 01:00 entry on the 1st belongs to that month.
    local = datetime.now().astimezone().tzinfo
    start = datetime(year, month, 1, tzinfo=local).astimezone(timezone.utc)
    end = datetime(year + (month == 12), month % 12 + 1, 1, tzinfo=local).astimezone(timezone.utc)
    with ctx.session() as s:
        names = dict(s.execute(select(Staff.id, Staff.display_name)).all())
        rows = s.scalars(select(AuditLog).where(AuditLog.at >= start, AuditLog.at < end)).all()
        by_staff: dict[str, StaffActivity] = {}
        for r in rows:
            a = by_staff.setdefault(r.staff_id or "", StaffActivity(r.staff_id or "", names.get(r.staff_id, "알 수 없음")))
            a.actions[r.action] += 1
            a.refusals += r.outcome == "refused"
            a.sensitive += r.action in SENSITIVE
            at = r.at if r.at.tzinfo else r.at.replace(tzinfo=timezone.utc)
            local_hour = at.astimezone().hour
            a.off_hours += local_hour < 7 or local_hour >= 21
        broken = verify_audit_chain(s)
        audit(s, ctx, "review", "audit_log", None, purpose=f"{year}-{month:02d} 접속기록 점검")
    activity = sorted(by_staff.values(), key=lambda a: (-a.refusals, -a.sensitive, a.name))
    return MonthlyReview(year, month, activity, broken, len(rows))


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month

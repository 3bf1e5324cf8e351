"""접속기록 review: the monthly check supervisors must do, and the tamper check.

The chain's head (last seq and hash) is also kept outside the file, beside the rollback counter
(app.services.rollback: the OS keyring, else a file in the user's data folder), so that rows cut
off the end, or a tail rewritten and re-linked, show in `verify_audit` even though the data key
can rewrite the head kept in the file. It is written at sign-in and sign-out and after a clean
check, never per save (a keyring write can take tens of milliseconds).
"""
from __future__ import annotations

import json
import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import AuditLog, Meta, Staff
from models.types import Role

from .context import ServiceContext, audit, verify_audit_chain
from .rollback import GenerationCounter

_log = logging.getLogger(__name__)


class AuditAnchor:
    """The outside copy of each store's chain head: {"generation", "seq", "hash"} by store id.
    The generation is the rollback counter's at the time: a restore moves the counter past it
    without touching the anchor, and an anchor older than the counter is not held against the
    restored file (the next sign-in anchors again)."""

    def __init__(self, counter: GenerationCounter):
        self.counter = counter
        self.fallback_file: Path = counter.fallback_file.with_name("audit_heads.json")

    def _file_data(self) -> dict:
        try:
            data = json.loads(self.fallback_file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, store_id: str) -> dict | None:
        if self.counter.vault.available:
            value = self.counter.vault.get(f"audit-head:{store_id}")
        else:
            value = self._file_data().get(store_id)
        try:
            entry = json.loads(value) if isinstance(value, str) else value
            return {"generation": int(entry["generation"]), "seq": int(entry["seq"]), "hash": str(entry["hash"])}
        except (TypeError, KeyError, ValueError):
            return None

    def set(self, store_id: str, generation: int, seq: int, head: str) -> None:
        value = json.dumps({"generation": generation, "seq": seq, "hash": head})
        if self.counter.vault.put(f"audit-head:{store_id}", value):
            return
        data = self._file_data()
        data[store_id] = value
        try:
            self.fallback_file.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.fallback_file.with_suffix(".tmp")
            tmp.write_text(json.dumps(data), "utf-8")
            tmp.replace(self.fallback_file)
        except OSError as error:   # a full or read-only disk must not stop a sign-in or sign-out
            _log.warning("audit anchor not written: %s", type(error).__name__)

    def current(self, session: Session) -> tuple[str | None, dict | None]:
        """(store id, the anchor still in force for it or None)."""
        store_id = session.get(Meta, "store_id")
        if store_id is None:
            return None, None
        entry = self.get(store_id.value)
        if entry is None or self.counter.get(store_id.value) > entry["generation"]:
            return store_id.value, None
        return store_id.value, entry


def _anchor_of(ctx: ServiceContext) -> AuditAnchor:
    return AuditAnchor(getattr(ctx, "generation_counter", None) or GenerationCounter())


def _chain_head(session: Session) -> tuple[int, str] | None:
    """The last linked row (rows waiting outside the chain are skipped)."""
    row = session.execute(select(AuditLog.seq, AuditLog.hash).where(AuditLog.hash != "")
                          .order_by(AuditLog.seq.desc()).limit(1)).first()
    return (row[0], row[1]) if row else None


def _anchor_target(session: Session, entry: dict | None) -> tuple[int, str] | None:
    """Where the anchor goes: the chain's head, unless the anchored row is no longer what it was;
    then it stays where it is, as evidence for `verify_audit`."""
    if entry is not None and entry["seq"]:
        row = session.get(AuditLog, entry["seq"])
        if row is None or row.hash != entry["hash"]:
            return entry["seq"], entry["hash"]
    return _chain_head(session)


def anchor_after(session: Session, counter: GenerationCounter, prior: tuple[str | None, dict | None]
                 ) -> Callable[[int], None]:
    """Inside the sign-in or sign-out session, after its log row: what the outside anchor becomes
    (two indexed reads on the session's own connection). `prior`: `AuditAnchor.current` as read
    before the session bumped the generation (else every anchor would look stale). The returned
    function writes it, with the new generation, once the session has committed and the counter
    is published: one keyring (or file) write per sign-in and sign-out, none per save."""
    anchor = AuditAnchor(counter)
    session.flush()
    store_id = session.get(Meta, "store_id")
    if store_id is None:
        return lambda _generation: None
    entry = prior[1] if prior[0] == store_id.value else None   # the store had no id yet: no anchor
    target = _anchor_target(session, entry)
    if target is None:
        return lambda _generation: None
    return lambda generation: anchor.set(store_id.value, generation, *target)


def anchor_head(ctx: ServiceContext) -> bool:
    """Move the outside anchor to the chain's head now (after a clean check), unless the anchored
    row is no longer what it was. Returns whether the anchor is at the head."""
    anchor = _anchor_of(ctx)
    with ctx.store.session() as s:
        store_id, entry = anchor.current(s)
        if store_id is None:
            return False
        target = _anchor_target(s, entry)
        head = _chain_head(s)
    if target is None:
        return False
    anchor.set(store_id, anchor.counter.get(store_id), *target)
    return target == head


def verify_audit(ctx: ServiceContext) -> list[int]:
    """The tamper check (verify-audit): the chain with its key, against the head in the file and
    the one kept outside it. A clean chain moves the outside anchor to its head."""
    anchor = _anchor_of(ctx)
    with ctx.session() as s:
        _store_id, entry = anchor.current(s)
        broken = verify_audit_chain(s, anchor=(entry["seq"], entry["hash"]) if entry else None)
    if not broken:
        anchor_head(ctx)
    return broken

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
        _store_id, entry = _anchor_of(ctx).current(s)
        broken = verify_audit_chain(s, anchor=(entry["seq"], entry["hash"]) if entry else None)
        audit(s, ctx, "review", "audit_log", None, purpose=f"{year}-{month:02d} 접속기록 점검")
    activity = sorted(by_staff.values(), key=lambda a: (-a.refusals, -a.sensitive, a.name))
    return MonthlyReview(year, month, activity, broken, len(rows))


def month_of(day: date) -> tuple[int, int]:
    return day.year, day.month

"""Who is acting, on which store, on which day: passed to every service call.

The audit log (접속기록) is written here. Each row's hash covers the previous row's hash, so an
edited or deleted row breaks the chain (see `verify_audit_chain`).
"""
from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import AuditLog, Case, Center, Household, Meta, Staff
from models.store import EncryptedStore
from models.types import Role

from . import access
from .errors import AccessDenied, NotFound

GENESIS = "0" * 64


@dataclass
class Actor:
    staff_id: str
    username: str
    display_name: str
    role: Role
    team: str
    center_id: str


@dataclass
class ServiceContext:
    store: EncryptedStore
    actor: Actor
    device_id: str = ""
    clock: Callable[[], datetime] = field(default=lambda: datetime.now())
    generation_counter: object = None  # app.services.rollback.GenerationCounter, set at sign-in

    def today(self) -> date:
        return self.clock().date()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work for this actor. A refusal raised inside it is written to the access log
        after the work has been rolled back (a second writer inside the open transaction would
        wait on SQLite's lock)."""
        try:
            with self.store.session() as session:
                session.info["staff_id"] = self.actor.staff_id  # the outbox records who made a change
                yield session
        except AccessDenied as refusal:
            if refusal.subject is not None:
                with self.store.session() as s:
                    audit(s, self, refusal.action, refusal.entity, refusal.subject, outcome="refused")
            raise

    # --- settings of the actor's center ---
    def center_settings(self, session: Session) -> dict:
        from .settings import effective_settings
        return effective_settings(session.get(Center, self.actor.center_id))

    # --- access ---
    def can_read_case(self, session: Session, case: Case) -> bool:
        return access.can_read(session, self.actor, case)   # the rule: access.GRANTS

    def can_write_case(self, session: Session, case: Case) -> bool:
        return access.can_write(session, self.actor, case)

    def load_case(self, session: Session, case_id: str, *, write: bool = True) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise NotFound("사례")
        allowed = self.can_write_case(session, case) if write else self.can_read_case(session, case)
        if not allowed:
            raise AccessDenied(subject=case.id, action="update" if write else "view")
        return case

    def load_household(self, session: Session, household_id: str, *, write: bool = True) -> Household:
        """A household is open to whoever may see one of its cases; a household with no case yet
        (just registered, before intake) to any staff member who may register households."""
        household = session.get(Household, household_id)
        if household is None:
            raise NotFound("가구")
        if write and self.actor.role == Role.READ_ONLY:
            raise AccessDenied("열람 전용 계정은 가구 정보를 바꿀 수 없습니다.", subject=household.id,
                               entity="household", action="update")
        cases = session.scalars(select(Case).where(Case.household_id == household.id)).all()
        if self.actor.role != Role.ADMIN and cases and not any(self.can_read_case(session, c) for c in cases):
            raise AccessDenied("이 가구에 접근할 권한이 없습니다.", subject=household.id, entity="household",
                               action="update" if write else "view")
        return household

    def load_case_record(self, session: Session, model, record_id: str, what: str, *, write: bool = True):
        """A record that belongs to a case (plan, consent, referral …) and its case, access checked."""
        record = session.get(model, record_id)
        if record is None:
            raise NotFound(what)
        return record, self.load_case(session, record.case_id, write=write)

    def log_refusal(self, subject_id: str, action: str) -> None:
        """For read paths that refuse without raising inside a session (no write lock is held)."""
        with self.store.session() as s:
            audit(s, self, action, "case_file", subject_id, outcome="refused")

    def require_role(self, *roles: Role) -> None:
        if self.actor.role not in roles:
            raise AccessDenied("이 작업을 할 권한이 없습니다.")


def _row_digest(prev: str, row: AuditLog) -> str:
    text = "|".join([prev, row.at.isoformat(), row.staff_id or "", row.device_id, row.action,
                     row.entity, row.subject_id or "", row.purpose, row.outcome])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _last_hash(session: Session) -> str:
    meta = session.get(Meta, "audit_head")
    return meta.value if meta else GENESIS


def audit(session: Session, ctx: ServiceContext, action: str, entity: str, subject_id: str | None,
          purpose: str = "", outcome: str = "ok") -> None:
    """Record one access. Holds no personal data: ids, action and purpose only."""
    prev = _last_hash(session)
    row = AuditLog(at=datetime.now(timezone.utc), staff_id=ctx.actor.staff_id, device_id=ctx.device_id,
                   action=action, entity=entity, subject_id=subject_id, purpose=purpose,
                   outcome=outcome, prev_hash=prev, hash="")
    row.hash = _row_digest(prev, row)
    session.add(row)
    head = session.get(Meta, "audit_head")
    if head is None:
        session.add(Meta(key="audit_head", value=row.hash))
    else:
        head.value = row.hash


def verify_audit_chain(session: Session) -> list[int]:
    """Sequence numbers where the chain breaks (an edited, inserted or deleted row); empty if intact."""
    broken: list[int] = []
    prev = GENESIS
    for row in session.scalars(select(AuditLog).order_by(AuditLog.seq)):
        at = row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)
        check = AuditLog(at=at, staff_id=row.staff_id, device_id=row.device_id, action=row.action,
                         entity=row.entity, subject_id=row.subject_id, purpose=row.purpose,
                         outcome=row.outcome)
        if row.prev_hash != prev or row.hash != _row_digest(prev, check):
            broken.append(row.seq)
        prev = row.hash
    if prev != _last_hash(session):
        broken.append(-1)  # rows removed from the end
    return broken


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.username, staff.display_name, staff.role, staff.team, staff.center_id)

"""Who is acting, on which store, on which day: passed to every service call.

The audit log (접속기록) is written here. Each row's hash covers the previous row's hash, so an
edited or deleted row breaks the chain (see `verify_audit_chain`). The hash is an HMAC under the
store's audit key (derived from the vault key in the signed-in person's key slot, never stored in
the file), so someone holding only the data key cannot rewrite rows and recompute the chain. Rows
of a store from before the key keep their plain SHA-256 chain up to the upgrade marker
(models.store.AUDIT_KEYED_AFTER_META). The chain's head is also kept outside the file
(app.services.access_log.AuditAnchor), so that a cut-off tail shows too.
"""
from __future__ import annotations

import hashlib
import hmac
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from typing import Callable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from models.entities import AuditLog, Case, Center, Household, Meta, Staff
from models.store import AUDIT_KEYED_AFTER_META, EncryptedStore, keyed_after_value
from models.types import Role

from . import access
from .errors import AccessDenied, NotFound, ServiceError

GENESIS = "0" * 64
HEAD_META = "audit_head"
# Set while rows written without the audit key (a store opened with the data key alone, e.g. by a
# restore) wait outside the chain; the next signed-in write links them in.
PENDING_META = "audit.pending"


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


def _row_text(prev: str, row: AuditLog) -> str:
    at = row.at if row.at.tzinfo else row.at.replace(tzinfo=timezone.utc)   # SQLite drops the zone
    return "|".join([prev, at.isoformat(), row.staff_id or "", row.device_id, row.action,
                     row.entity, row.subject_id or "", row.purpose, row.outcome])


def _row_digest(prev: str, row: AuditLog) -> str:
    """The chain of stores from before the audit key: plain SHA-256 (kept to verify those rows)."""
    return hashlib.sha256(_row_text(prev, row).encode("utf-8")).hexdigest()


def _row_mac(key: bytes, prev: str, row: AuditLog) -> str:
    return hmac.new(key, ("v2|" + _row_text(prev, row)).encode("utf-8"), hashlib.sha256).hexdigest()


def _last_hash(session: Session) -> str:
    meta = session.get(Meta, HEAD_META)
    return meta.value if meta else GENESIS


def _set_head(session: Session, value: str) -> None:
    head = session.get(Meta, HEAD_META)
    if head is None:
        session.add(Meta(key=HEAD_META, value=value))
    else:
        head.value = value


def _is_pending(row: AuditLog) -> bool:
    return row.hash == "" and row.prev_hash == ""


def _link_pending(session: Session, key: bytes, prev: str) -> str:
    """Chain in the rows written without the key, after the last chained row; returns the new head."""
    session.flush()
    last_chained = session.scalar(select(AuditLog.seq).where(AuditLog.hash != "").order_by(AuditLog.seq.desc())
                                  .limit(1)) or 0
    for row in session.scalars(select(AuditLog).where(AuditLog.hash == "", AuditLog.seq > last_chained)
                               .order_by(AuditLog.seq)):
        row.prev_hash = prev
        row.hash = prev = _row_mac(key, prev, row)
    session.delete(session.get(Meta, PENDING_META))
    return prev


def audit(session: Session, ctx: ServiceContext, action: str, entity: str, subject_id: str | None,
          purpose: str = "", outcome: str = "ok") -> None:
    """Record one access. Holds no personal data: ids, action and purpose only."""
    key = session.info.get("audit_key") or ctx.store.audit_key
    row = AuditLog(at=datetime.now(timezone.utc), staff_id=ctx.actor.staff_id, device_id=ctx.device_id,
                   action=action, entity=entity, subject_id=subject_id, purpose=purpose,
                   outcome=outcome, prev_hash="", hash="")
    if key is None:
        # The data key alone (nobody's key slot opened): the row waits outside the chain.
        session.add(row)
        if session.get(Meta, PENDING_META) is None:
            session.add(Meta(key=PENDING_META, value="1"))
        return
    prev = _last_hash(session)
    if session.get(Meta, PENDING_META) is not None:   # a primary-key read: nothing measurable
        prev = _link_pending(session, key, prev)
    row.prev_hash = prev
    row.hash = _row_mac(key, prev, row)   # one HMAC per row: nothing measurable on a save
    session.add(row)
    _set_head(session, row.hash)


def keyed_after(session: Session, key: bytes) -> tuple[int, str]:
    """(seq, hash) of the last row of the unkeyed chain ((0, GENESIS) in a store made with the key).
    A marker that does not check out counts as absent: then every old row shows as broken."""
    meta = session.get(Meta, AUDIT_KEYED_AFTER_META)
    if meta is None:
        return 0, GENESIS
    try:
        seq, last_hash, _mac = meta.value.split(":")
        if hmac.compare_digest(meta.value, keyed_after_value(key, int(seq), last_hash)):
            return int(seq), last_hash
    except (ValueError, TypeError):   # damaged (or non-ASCII) marker text
        pass
    return 0, GENESIS


def verify_audit_chain(session: Session, key: bytes | None = None,
                       anchor: tuple[int, str] | None = None) -> list[int]:
    """Sequence numbers where the chain breaks (an edited, inserted or deleted row); empty if intact.
    -1: rows removed from the end (against the head kept in the file, and against `anchor`, the
    (seq, hash) kept outside the file, when given). Rows written without the key and not yet
    linked in (the tail after a restore) are not counted as broken."""
    key = key or session.info.get("audit_key")
    if key is None:
        raise ServiceError("접속기록을 검사하려면 로그인해야 합니다(개인 키가 필요합니다).")
    old_seq, old_hash = keyed_after(session, key)
    broken: list[int] = []
    prev = GENESIS
    waiting: list[int] = []   # rows outside the chain: fine at the end only
    for row in session.scalars(select(AuditLog).order_by(AuditLog.seq)):
        if _is_pending(row):
            waiting.append(row.seq)
            continue
        broken.extend(waiting)
        waiting = []
        expected = _row_digest(prev, row) if row.seq <= old_seq else _row_mac(key, prev, row)
        if row.prev_hash != prev or row.hash != expected:
            broken.append(row.seq)
        prev = row.hash
    if old_seq:
        # The old chain must still end where the upgrade marker says (rows rewritten and rehashed
        # before the marker, or the keyed rows after it removed, show here).
        last_old = session.get(AuditLog, old_seq)
        if last_old is None or last_old.hash != old_hash:
            broken.append(old_seq)
    if prev != _last_hash(session):
        broken.append(-1)  # rows removed from the end
    if anchor is not None:
        seq, anchored_hash = anchor
        row = session.get(AuditLog, seq) if seq else None
        if seq and (row is None or row.hash != anchored_hash):
            broken.append(-1 if row is None or _is_pending(row) else seq)
    return sorted(set(broken), key=lambda n: (n < 0, n))


def actor_for(staff: Staff) -> Actor:
    return Actor(staff.id, staff.username, staff.display_name, staff.role, staff.team, staff.center_id)

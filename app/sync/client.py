"""The sync service the UI calls (no Qt): sync with progress and cancel, what is pending, when the
last sync was, the conflicts to resolve, and note versions.

    client = SyncClient(ctx, dsn)
    report = client.sync(progress=on_progress, cancel=cancel_event)   # SyncReport, or a SyncError

Run `sync` on a worker thread; `progress(stage, done, total)` is called on that thread with
stage in connect | push | pull | done. Errors are SyncError subclasses with Korean messages.
"""
from __future__ import annotations

import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import func, select, update

from app.services.context import ServiceContext, audit
from app.services.errors import AccessDenied, NotFound, ValidationError
from models.entities import Case, Meta, MeetingDecision, Outbox
from models.sync_models import NoteVersion, SyncConflict
from models.types import Role

from . import local
from .engine import Progress, SyncEngine, SyncReport
from .hub import HubConnection, HubTls, dsn_password

CHOICES = ("device", "hub")  # keep the value from the device that made the change, or the hub's


class SyncClient:
    def __init__(self, ctx: ServiceContext, dsn: str, *, hook: Callable[[str], None] | None = None,
                 batch_size: int = 2000, page_size: int = 5000, clock: Callable[[], float] = time.time,
                 tls: HubTls | None = None):
        if not ctx.device_id:
            raise ValidationError("이 기기의 식별자가 없습니다. 관리자에게 문의하세요.")
        self.ctx = ctx
        self.dsn = dsn
        self.hook = hook
        self.batch_size = batch_size
        self.page_size = page_size
        self.clock = clock
        self.tls = tls

    def sync(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> SyncReport:
        with HubConnection(self.dsn, hook=self.hook, tls=self.tls) as hub:
            engine = SyncEngine(self.ctx.store.engine, self.ctx.device_id, self.ctx.actor.staff_id, hub,
                                batch_size=self.batch_size, page_size=self.page_size, hook=self.hook,
                                progress=progress, cancel=cancel, clock=self.clock, store=self.ctx.store,
                                hub_password=dsn_password(self.dsn))
            return engine.run()


def pending_changes(ctx: ServiceContext) -> int:
    """Changes the signed-in person's next sync sends (on a shared PC, others send their own)."""
    with ctx.store.engine.connect() as conn:
        return local.pending_count(conn, ctx.actor.staff_id)


def last_sync(ctx: ServiceContext) -> datetime | None:
    with ctx.session() as s:
        meta = s.get(Meta, local.LAST_SYNC_KEY)
        return datetime.fromisoformat(meta.value) if meta else None


@dataclass(frozen=True)
class ConflictRow:
    id: str
    entity: str
    record_id: str
    field: str | None
    kind: str
    base_value: Any
    hub_value: Any
    device_value: Any
    staff_id: str | None
    status: str
    created_at: datetime | None


class _ScopeReader:
    """Whether the signed-in person may read what a scope holds, by the rules of the case screens
    (ServiceContext.can_read_case). A device (an office PC) may hold scopes of several people: the
    hub sent them for whoever syncs it, not for whoever is signed in now."""

    def __init__(self, ctx: ServiceContext, s):
        self.ctx, self.s, self.cache = ctx, s, {}

    def case(self, case_id: str | None) -> bool:
        if not case_id:
            return False
        if case_id not in self.cache:
            case = self.s.get(Case, case_id)
            self.cache[case_id] = case is not None and self.ctx.can_read_case(self.s, case)
        return self.cache[case_id]

    def __call__(self, scope: str | None) -> bool:
        actor = self.ctx.actor
        if actor.role == Role.ADMIN or scope == "org":
            return True
        if not scope:
            return False
        if scope.startswith("staff:"):
            return scope == "staff:" + actor.staff_id
        if scope.startswith("hh:"):
            ids = self.s.scalars(select(Case.id).where(Case.household_id == scope[3:])).all()
            return not ids or any(self.case(i) for i in ids)   # as ServiceContext.load_household
        if scope.startswith("mtg:"):
            ids = self.s.scalars(select(MeetingDecision.case_id).where(MeetingDecision.meeting_id == scope[4:])).all()
            return not ids or any(self.case(i) for i in ids)
        return self.case(scope)


def conflicts(ctx: ServiceContext, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts on records the signed-in person may read (a shared PC holds other people's too)."""
    q = select(SyncConflict).order_by(SyncConflict.created_at)
    if not include_resolved:
        q = q.where(SyncConflict.status == "open")
    with ctx.session() as s:
        readable = _ScopeReader(ctx, s)
        return [ConflictRow(c.id, c.entity, c.record_id, c.field, c.kind, c.base_value, c.hub_value,
                            c.device_value, c.staff_id, c.status, c.created_at)
                for c in s.scalars(q) if readable(c.scope)]


def may_read_conflict(ctx: ServiceContext, session, conflict: SyncConflict) -> bool:
    """For screens that read SyncConflict rows themselves (app.services.views.sync_status.conflict_rows)."""
    return _ScopeReader(ctx, session)(conflict.scope)


def resolve_conflict(ctx: ServiceContext, conflict_id: str, choice: str) -> None:
    """Record a person's decision. It is a change like any other: it goes out with the next sync,
    and the hub applies it unless someone else resolved the same conflict first."""
    if choice not in CHOICES:
        raise ValidationError("충돌 해결 방법을 고르세요: 이 기기의 값(device) 또는 서버의 값(hub).")
    if ctx.actor.role == Role.READ_ONLY:
        raise AccessDenied("열람 전용 계정은 충돌을 해결할 수 없습니다.")
    with ctx.session() as s:
        conflict = s.get(SyncConflict, conflict_id)
        if conflict is None or not _ScopeReader(ctx, s)(conflict.scope):
            raise NotFound("충돌")
        if conflict.status != "open":
            raise ValidationError("이미 해결된 충돌입니다.")
        conflict.status = "resolving"
        conflict.resolution = choice
        conflict.resolved_by = ctx.actor.staff_id
        s.add(Outbox(op_id=str(uuid.uuid4()), entity="sync_conflict", entity_id=conflict_id, op="resolve",
                     base_version=0, changes={"choice": choice}))
        if choice == "device" and conflict.kind == "field" and conflict.entity in local.TABLES:
            # Show the chosen value at once; the hub's answer replaces it at the next sync.
            table = local.TABLES[conflict.entity]
            column = table.c[conflict.field]
            s.execute(update(table).where(table.c.id == conflict.record_id)
                      .values({column: local.from_wire(column, conflict.device_value)}))
        audit(s, ctx, "update", conflict.entity, conflict.record_id, purpose="동기화 충돌 해결")


@dataclass(frozen=True)
class NoteVersionRow:
    id: str
    text: str | None
    record_version: int
    staff_id: str | None
    concurrent: bool
    created_at: datetime | None


def note_versions(ctx: ServiceContext, contact_id: str) -> list[NoteVersionRow]:
    """Every kept text of a case note, oldest first; `concurrent` marks one written without
    seeing the one before it (both are kept and shown). Only for a case the signed-in person may
    read: another case's notes are refused (and the refusal logged), as the case screens do."""
    with ctx.session() as s:
        rows = s.scalars(select(NoteVersion).where(NoteVersion.contact_id == contact_id)
                         .order_by(NoteVersion.record_version, NoteVersion.created_at)).all()
        for case_id in {n.case_id for n in rows}:
            if case_id is None or s.get(Case, case_id) is None:
                return []   # the case is not on this device (any more)
            ctx.load_case(s, case_id, write=False)   # AccessDenied unless the person may read it
        return [NoteVersionRow(n.id, n.text, n.record_version, n.staff_id, n.concurrent, n.created_at) for n in rows]


def open_conflict_count(ctx: ServiceContext) -> int:
    """Open conflicts the signed-in person may read (the count `conflicts()` lists)."""
    with ctx.session() as s:
        readable = _ScopeReader(ctx, s)
        scopes = s.execute(select(SyncConflict.scope, func.count()).where(SyncConflict.status == "open")
                           .group_by(SyncConflict.scope)).all()
        return sum(n for scope, n in scopes if readable(scope))

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
from models.entities import Meta, Outbox
from models.sync_models import NoteVersion, SyncConflict
from models.types import Role

from . import local
from .engine import Progress, SyncEngine, SyncReport
from .hub import HubConnection

CHOICES = ("device", "hub")  # keep the value from the device that made the change, or the hub's


class SyncClient:
    def __init__(self, ctx: ServiceContext, dsn: str, *, hook: Callable[[str], None] | None = None,
                 batch_size: int = 500, page_size: int = 1000, clock: Callable[[], float] = time.time):
        if not ctx.device_id:
            raise ValidationError("이 기기의 식별자가 없습니다. 관리자에게 문의하세요.")
        self.ctx = ctx
        self.dsn = dsn
        self.hook = hook
        self.batch_size = batch_size
        self.page_size = page_size
        self.clock = clock

    def sync(self, progress: Progress | None = None, cancel: threading.Event | None = None) -> SyncReport:
        with HubConnection(self.dsn, hook=self.hook) as hub:
            engine = SyncEngine(self.ctx.store.engine, self.ctx.device_id, self.ctx.actor.staff_id, hub,
                                batch_size=self.batch_size, page_size=self.page_size, hook=self.hook,
                                progress=progress, cancel=cancel, clock=self.clock)
            return engine.run()


def pending_changes(ctx: ServiceContext) -> int:
    with ctx.store.engine.connect() as conn:
        return local.pending_count(conn)


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


def conflicts(ctx: ServiceContext, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts on records this device holds (the hub sends only those the user may see)."""
    q = select(SyncConflict).order_by(SyncConflict.created_at)
    if not include_resolved:
        q = q.where(SyncConflict.status == "open")
    with ctx.session() as s:
        return [ConflictRow(c.id, c.entity, c.record_id, c.field, c.kind, c.base_value, c.hub_value,
                            c.device_value, c.staff_id, c.status, c.created_at) for c in s.scalars(q)]


def resolve_conflict(ctx: ServiceContext, conflict_id: str, choice: str) -> None:
    """Record a person's decision. It is a change like any other: it goes out with the next sync,
    and the hub applies it unless someone else resolved the same conflict first."""
    if choice not in CHOICES:
        raise ValidationError("충돌 해결 방법을 고르세요: 이 기기의 값(device) 또는 서버의 값(hub).")
    if ctx.actor.role == Role.READ_ONLY:
        raise AccessDenied("열람 전용 계정은 충돌을 해결할 수 없습니다.")
    with ctx.session() as s:
        conflict = s.get(SyncConflict, conflict_id)
        if conflict is None:
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
    seeing the one before it (both are kept and shown)."""
    with ctx.session() as s:
        rows = s.scalars(select(NoteVersion).where(NoteVersion.contact_id == contact_id)
                         .order_by(NoteVersion.record_version, NoteVersion.created_at))
        return [NoteVersionRow(n.id, n.text, n.record_version, n.staff_id, n.concurrent, n.created_at) for n in rows]


def open_conflict_count(ctx: ServiceContext) -> int:
    with ctx.session() as s:
        return s.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.status == "open"))

"""Session hooks that every write goes through: NFC text, row versions and the sync outbox.

Because the outbox row is added inside the same flush, a change and its outbox entry commit or
roll back together. Changes applied from the hub set `session.info["applying_remote"]` so they
are not sent back.
"""
from __future__ import annotations

import base64
import enum
import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import ONETOMANY, Session

from .base import Record, nfc
from .changes import note_change
from .entities import Outbox

# Besides the records, the screens show these sync tables (the conflict inbox, a note's versions).
NOTED_SYNC_TABLES = frozenset({"sync_conflict", "note_version"})


def to_wire(value: Any) -> Any:
    """A JSON-safe form of a column value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, bytes):
        return {"b64": base64.b64encode(value).decode("ascii")}
    return value


def _columns(obj: Record):
    return obj.__mapper__.column_attrs


def _normalize(obj) -> None:
    for attr in _columns(obj):
        current = getattr(obj, attr.key, None)
        fixed = nfc(current)
        if fixed is not current:
            setattr(obj, attr.key, fixed)
        elif isinstance(current, list) and any(isinstance(v, str) and nfc(v) is not v for v in current):
            setattr(obj, attr.key, [nfc(v) for v in current])


def _fill_defaults(obj: Record) -> None:
    """Apply Python-side column defaults now rather than at INSERT time, so that the outbox row
    carries the values the database will hold (a device receiving the insert needs them all)."""
    state = inspect(obj)
    for attr in _columns(obj):
        if attr.key in state.dict:
            continue  # set by the caller, even if to None
        default = attr.columns[0].default
        if default is not None and default.is_scalar:
            setattr(obj, attr.key, default.arg)
        elif default is not None and default.is_callable:
            setattr(obj, attr.key, default.arg(None))


def _link_children(obj) -> None:
    """Copy a parent's id into the foreign keys of children added through its relationships
    (assessment.domains, plan.items, meeting.attendees …). SQLAlchemy fills them only during the
    flush, after this hook has written the outbox: without this the insert would travel with a
    null parent and no other device could place it."""
    state = inspect(obj)
    mapper = obj.__mapper__
    for rel in mapper.relationships:
        if rel.direction is not ONETOMANY or rel.key not in state.dict:
            continue
        for child in state.dict[rel.key] or ():
            for parent_col, child_col in rel.local_remote_pairs:
                child_key = child.__mapper__.get_property_by_column(child_col).key
                if getattr(child, child_key, None) is None:
                    setattr(child, child_key, getattr(obj, mapper.get_property_by_column(parent_col).key))


def _outbox(obj: Record, op: str, base_version: int, changes: dict[str, list[Any]]) -> Outbox:
    return Outbox(op_id=str(uuid.uuid4()), entity=obj.__tablename__, entity_id=obj.id, op=op,
                  base_version=base_version, changes=changes)


@event.listens_for(Session, "before_flush")
def _track_changes(session: Session, flush_context, instances) -> None:
    remote = session.info.get("applying_remote", False)
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Record) or hasattr(obj, "__tablename__"):
            _normalize(obj)
    entries: list[Outbox] = []
    for obj in session.new:
        if isinstance(obj, Record) and obj.id is None:
            obj.id = str(uuid.uuid4())
    for obj in list(session.new) + list(session.dirty):
        if isinstance(obj, Record):
            _link_children(obj)
    for obj in session.new:
        if isinstance(obj, Record):
            obj.version = obj.version or 1
            _fill_defaults(obj)
            changes = {a.key: [None, to_wire(getattr(obj, a.key))] for a in _columns(obj)
                       if a.key not in ("version",)}
            entries.append(_outbox(obj, "insert", 0, changes))
    for obj in session.dirty:
        if not isinstance(obj, Record) or not session.is_modified(obj, include_collections=False):
            continue
        state = inspect(obj)
        changes = {}
        for a in _columns(obj):
            hist = state.attrs[a.key].history
            if hist.has_changes() and a.key not in ("version", "updated_at"):
                old = hist.deleted[0] if hist.deleted else None
                new = hist.added[0] if hist.added else None
                if old != new:
                    changes[a.key] = [to_wire(old), to_wire(new)]
        if not changes:
            continue
        base = obj.version or 1
        obj.version = base + 1
        entries.append(_outbox(obj, "update", base, changes))
    for obj in session.deleted:
        if isinstance(obj, Record):
            # The tombstone keeps the last values: a sync file merges a delete by them, and the
            # sync engine finds which case a pending delete belongs to.
            last = {a.key: [to_wire(getattr(obj, a.key)), None] for a in _columns(obj) if a.key != "version"}
            entries.append(_outbox(obj, "delete", obj.version or 1, last))
    if not remote:
        session.add_all(entries)
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if (isinstance(obj, Record) or getattr(obj, "__tablename__", None) in NOTED_SYNC_TABLES) \
                and (obj not in session.dirty or session.is_modified(obj, include_collections=False)):
            note_change(session.info, obj)   # published once the unit of work commits (models.changes)
    # Every outbox row of this unit of work, the hook's and any a service adds itself (a conflict
    # resolution, a destruction), carries its author.
    author = session.info.get("staff_id")
    if author:
        for row in session.new:
            if isinstance(row, Outbox) and row.author_id is None:
                row.author_id = author

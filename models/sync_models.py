"""Local tables of the sync engine (app.sync): conflicts, note versions, per-record sync state,
and what sync files have brought in.

Conflicts and note versions are made by the hub and arrive like any pulled record; they are not
`Record`s, so local edits to them do not go through the generic outbox (resolving a conflict
writes its own outbox operation).
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, DateTime, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base


class SyncConflict(Base):
    """A change the hub could not merge: both sides kept for a person to choose."""
    __tablename__ = "sync_conflict"
    __table_args__ = (Index("ix_sync_conflict_record", "record_id"), Index("ix_sync_conflict_scope", "scope"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    scope: Mapped[str] = mapped_column(String(60), default="")
    entity: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str | None] = mapped_column(String(60))
    # field: both changed one field | delete: deleted here, edited there | edit_deleted: the reverse
    # | denied: no write access | missing/exists: the record was unknown / already there
    kind: Mapped[str] = mapped_column(String(20))
    base_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    hub_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    device_value: Mapped[Any] = mapped_column(JSON, nullable=True)
    base_version: Mapped[int | None] = mapped_column(Integer)
    hub_version: Mapped[int | None] = mapped_column(Integer)
    op_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(36))
    staff_id: Mapped[str | None] = mapped_column(String(36))
    status: Mapped[str] = mapped_column(String(12), default="open")  # open | resolving | resolved
    resolution: Mapped[str | None] = mapped_column(String(12))     # device | hub
    resolved_by: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class NoteVersion(Base):
    """Every accepted text of a case note (Contact.note), never overwritten."""
    __tablename__ = "note_version"
    __table_args__ = (Index("ix_note_version_contact", "contact_id"), Index("ix_note_version_scope", "scope"))
    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the op id that wrote it
    version: Mapped[int] = mapped_column(Integer, default=1)
    scope: Mapped[str] = mapped_column(String(60), default="")
    contact_id: Mapped[str] = mapped_column(String(36))
    case_id: Mapped[str | None] = mapped_column(String(36))
    text: Mapped[str | None] = mapped_column(Text)
    record_version: Mapped[int] = mapped_column(Integer)
    staff_id: Mapped[str | None] = mapped_column(String(36))
    device_id: Mapped[str | None] = mapped_column(String(36))
    concurrent: Mapped[bool] = mapped_column(Boolean, default=False)  # written without seeing the other
    created_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class SyncRow(Base):
    """Outbox position at which a record was last made equal to the hub's state.

    An outbox operation made after that point on the same record, behind an earlier one that was
    not yet merged, is sent as based on that earlier operation (see app.sync.local.pending_ops).
    """
    __tablename__ = "sync_row"
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    refreshed_seq: Mapped[int] = mapped_column(Integer)


class SyncFilePeer(Base):
    """Newest sync file number imported from each sending device (replay protection)."""
    __tablename__ = "sync_file_peer"
    device_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    last_file_no: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class SyncFileOp(Base):
    """An operation brought in by a sync file: applied once, and passed on in this device's files."""
    __tablename__ = "sync_file_op"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    op_id: Mapped[str] = mapped_column(String(36), unique=True)
    origin_device: Mapped[str] = mapped_column(String(36))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)

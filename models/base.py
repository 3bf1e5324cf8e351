"""Declarative base and the columns every synced record shares.

Keys are UUID strings so that records made offline on different laptops never collide.
Every row carries a `version` that increments on each change: the outbox records the
version a change was based on, which is what field-by-field merging needs.
"""
from __future__ import annotations

import unicodedata
import uuid
from datetime import datetime, timezone

from sqlalchemy import DateTime, Integer, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class Base(DeclarativeBase):
    pass


class Record:
    """Mixin for synced, versioned records."""

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)


def nfc(value):
    """Korean text is stored composed (NFC): macOS and some IMEs hand us decomposed jamo."""
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value

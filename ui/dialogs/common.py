"""Pieces several case dialogs share."""
from __future__ import annotations

from typing import Sequence

from PySide6.QtWidgets import QComboBox

from ..forms import combo


def member_combo(members: Sequence, current: str | None = None) -> QComboBox:
    """Household members as "이름 (관계)", data = member id."""
    return combo(((f"{m.name} ({m.relation})", m.member_id) for m in members), current)


def lines(text: str) -> list[str]:
    """Non-empty lines of a multi-line field (recipients, one per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]

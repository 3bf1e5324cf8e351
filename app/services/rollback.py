"""Detecting a database file replaced by an older copy of itself.

SQLCipher authenticates pages but cannot tell an old copy from the current file. The store keeps a
generation number in its `meta` table, bumped at every sign-in and sign-out, and the same number is
kept outside the file: in the OS keyring where a trusted one exists, else in a small file in the
user's data folder (the number is not secret; keeping it away from the database folder means that
restoring the folder does not restore it too). A file whose generation is behind is not used
silently.
"""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from sqlalchemy.orm import Session

from app import paths
from app.device_vault import DeviceVault
from models.entities import Meta

from .errors import ServiceError


class RollbackDetected(ServiceError):
    def __init__(self, stored: int, expected: int):
        super().__init__(
            "이 데이터베이스 파일은 이 컴퓨터에서 마지막으로 쓴 것보다 오래된 사본입니다"
            f"(세대 {stored}, 기대값 {expected}). 그 사이의 기록이 빠져 있을 수 있어 열지 않았습니다. "
            "관리자가 확인한 뒤 '오래된 사본 사용 승인'으로 열 수 있습니다.")
        self.stored, self.expected = stored, expected


class GenerationCounter:
    """The outside copy of each store's generation, keyed by the store's random id."""

    def __init__(self, vault: DeviceVault | None = None, fallback_file: Path | None = None):
        self.vault = vault or DeviceVault()
        self.fallback_file = fallback_file or paths.data_dir() / "generations.json"

    def _file_data(self) -> dict[str, int]:
        try:
            return json.loads(self.fallback_file.read_text("utf-8"))
        except (FileNotFoundError, ValueError):
            return {}

    def get(self, store_id: str) -> int:
        if self.vault.available:
            value = self.vault.get(f"generation:{store_id}")
            return int(value) if value else 0
        return int(self._file_data().get(store_id, 0))

    def set(self, store_id: str, value: int) -> None:
        if self.vault.put(f"generation:{store_id}", str(value)):
            return
        data = self._file_data()
        data[store_id] = value
        self.fallback_file.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.fallback_file.with_suffix(".tmp")
        tmp.write_text(json.dumps(data), "utf-8")
        tmp.replace(self.fallback_file)


def _meta(session: Session, key: str, default: str) -> Meta:
    row = session.get(Meta, key)
    if row is None:
        row = Meta(key=key, value=default)
        session.add(row)
    return row


def advance(session: Session, counter: GenerationCounter, *, accept_older: bool = False) -> tuple[str, int]:
    """Check the file is not behind, then bump its generation (inside the caller's transaction).
    Returns (store id, new generation) for `publish` once that transaction has committed."""
    store_id = _meta(session, "store_id", str(uuid.uuid4())).value
    generation = _meta(session, "generation", "0")
    stored, expected = int(generation.value), counter.get(store_id)
    if stored < expected and not accept_older:
        raise RollbackDetected(stored, expected)
    bumped = max(stored, expected) + 1
    generation.value = str(bumped)
    session.flush()
    return store_id, bumped


def publish(counter: GenerationCounter, bumped: tuple[str, int]) -> None:
    """After the bump has committed, record it outside the file."""
    counter.set(*bumped)

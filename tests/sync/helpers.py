"""Small helpers for sync tests: edit rows the way services do (through the ORM, so the outbox
hook records them), and read the hub's state directly with the administrator's connection."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.services import cases
from models.entities import Contact
from models.types import ContactKind

from ..workflow_helpers import intake_case


def edit(ctx, cls, record_id: str, **values) -> None:
    with ctx.session() as s:
        obj = s.get(cls, record_id)
        for key, value in values.items():
            setattr(obj, key, value)


def remove(ctx, cls, record_id: str) -> None:
    with ctx.session() as s:
        s.delete(s.get(cls, record_id))


def get(ctx, cls, record_id: str):
    with ctx.session() as s:
        return s.get(cls, record_id)


def contact(ctx, case_id: str, note: str = "가정방문: 생활 상태 확인") -> str:
    contact_id, _ = cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 15), kind=ContactKind.PHONE,
                                         note=note)
    return contact_id


def kims_case(kim_ctx) -> tuple[str, str, str]:
    """A case managed by 김사례 (1팀) with one contact: (case id, household id, contact id)."""
    case_id, _member = intake_case(kim_ctx)
    with kim_ctx.session() as s:
        from models.entities import Case
        household_id = s.get(Case, case_id).household_id
    return case_id, household_id, contact(kim_ctx, case_id)


def local_ids(ctx, cls) -> set[str]:
    with ctx.session() as s:
        return set(s.scalars(select(cls.id)))


__all__ = ["edit", "remove", "get", "contact", "kims_case", "local_ids", "Contact"]


def local_view(ctx) -> dict[tuple[str, str], int]:
    """Every synced row on a device, as (entity, id) -> version."""
    from app.sync.local import TABLES
    view = {}
    with ctx.store.engine.connect() as conn:
        for entity, table in TABLES.items():
            for rid, version in conn.execute(select(table.c.id, table.c.version)):
                view[(entity, rid)] = version
    return view


def hub_view(hub, staff_id: str) -> dict[tuple[str, str], int]:
    """What the hub holds for a staff member's eyes, as (entity, id) -> version."""
    rows = hub.query("SELECT entity, id, version FROM hub.record WHERE NOT deleted "
                     "AND scope IN (SELECT hub.visible_scopes(%s))", staff_id)
    return {(e, i): v for e, i, v in rows}

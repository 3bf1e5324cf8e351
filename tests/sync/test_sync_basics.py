from __future__ import annotations

from sqlalchemy import select

from app.sync.client import pending_changes, last_sync
from models.entities import Staff

from .conftest import join


def test_admin_push_and_laptop_join(hub, center, tmp_path):
    admin = center["admin"]
    assert pending_changes(admin.ctx) == 0
    assert last_sync(admin.ctx) is not None
    kim = join(hub, tmp_path, "kim")
    with kim.ctx.session() as s:
        assert {st.username for st in s.scalars(select(Staff))} >= {"admin", "kim", "lee", "park"}
    report = kim.sync()
    assert report.pushed == 0 and report.pulled == 0

"""A sync cut off anywhere loses nothing and duplicates nothing when run again."""
from __future__ import annotations

import pytest

from app.sync.client import SyncClient, conflicts, pending_changes
from models.entities import Contact, Outbox

from .conftest import join
from .helpers import contact, edit, hub_view, kims_case, local_view

PUSH_POINTS = ["push.before_hub_commit", "push.after_hub_commit", "push.before_local_commit"]
PULL_POINTS = ["pull.before_hub_commit", "pull.after_hub_commit", "pull.mid_page", "pull.before_local_commit"]


class Cut(Exception):
    pass


def cut_at(point: str, nth: int = 1):
    """A hook that raises the nth time the sync reaches `point`."""
    seen = {"n": 0}

    def hook(at: str) -> None:
        if at == point:
            seen["n"] += 1
            if seen["n"] == nth:
                raise Cut(point)
    return hook


def outbox_ids(ctx) -> list[str]:
    with ctx.session() as s:
        from sqlalchemy import select
        return list(s.scalars(select(Outbox.op_id).where(Outbox.entity != "sync_conflict")))


@pytest.mark.parametrize("point", PUSH_POINTS + PULL_POINTS)
def test_interrupted_sync_recovers(hub, center, tmp_path, point):
    kim = join(hub, tmp_path, "kim")
    park = join(hub, tmp_path, "park")
    case_id, _, first = kims_case(kim.ctx)
    kim.sync()
    park.sync()
    # Work on 김's laptop: new notes and an edit to a note, in several small batches.
    for i in range(5):
        contact(kim.ctx, case_id, note=f"방문 기록 {i}")
    edit(kim.ctx, Contact, first, note="수정한 기록")

    device = kim if point.startswith("push") else park
    if point.startswith("pull"):
        kim.sync()
    client = SyncClient(device.ctx, device.dsn, hook=cut_at(point, nth=2), batch_size=3, page_size=3)
    with pytest.raises(Cut):
        client.sync()
    kim.sync()
    park.sync()

    ops = outbox_ids(kim.ctx)
    applied = hub.query("SELECT op_id FROM hub.applied_op WHERE device_id = %s", kim.ctx.device_id)
    assert sorted(r[0] for r in applied) == sorted(ops)          # each change exactly once
    [(notes,)] = hub.query("SELECT count(*) FROM hub.record WHERE entity = 'note_version'")
    assert notes == 1 + 5 + 1                                    # no note written twice
    assert conflicts(kim.ctx) == [] and conflicts(park.ctx) == []
    assert pending_changes(kim.ctx) == 0
    for d in (kim, park):
        assert local_view(d.ctx) == hub_view(hub, d.ctx.actor.staff_id)


def test_replaying_a_push_batch_is_harmless(hub, center, tmp_path):
    kim = join(hub, tmp_path, "kim")
    case_id, _, contact_id = kims_case(kim.ctx)
    edit(kim.ctx, Contact, contact_id, note="두 번째 기록")
    from app.sync import local
    from app.sync.hub import HubConnection
    with kim.ctx.store.engine.connect() as conn:
        ops = local.pending_ops(conn, 1000)
    with HubConnection(kim.dsn) as conn:
        first = conn.push(kim.ctx.device_id, 1, ops)
        again = conn.push(kim.ctx.device_id, 1, ops)
    assert [r["status"] for r in again["results"]] == [r["status"] for r in first["results"]]
    assert all(r.get("replayed") for r in again["results"])
    assert first["records"] == again["records"]

"""The hub refuses, one operation at a time, what no device could place: a record whose required
parent is null or unknown, an unknown entity or operation. Pull never hands a device such a row,
also after an upgrade of a hub that took some before these checks."""
from __future__ import annotations

import uuid

import pytest

from app.sync import engine as engine_mod
from app.sync import hub as hubmod
from app.sync.client import conflicts
from app.sync.hub import HubConnection
from models.entities import SYNCED_ENTITIES, Meeting, MeetingAttendee

from ..conftest import PASSWORD
from ..workflow_helpers import selected_case
from .conftest import Device, Hub, join, new_hub_db, old_hub
from .helpers import kims_case, local_ids
from .released_hub import build_released_hub


def op(entity: str, entity_id: str | None = None, kind: str = "insert", **fields) -> dict:
    return {"op_id": str(uuid.uuid4()), "entity": entity, "entity_id": entity_id or str(uuid.uuid4()), "op": kind,
            "base_version": 0 if kind == "insert" else 1, "prev_op_id": None,
            "changes": {k: [None, v] for k, v in fields.items()}}


def push(device: Device, ops: list[dict]) -> dict:
    with HubConnection(device.dsn) as conn:
        return conn.push(device.ctx.device_id, engine_mod.PROTOCOL, ops)


def test_hub_lists_match_the_models(hub):
    required = {(cls.__tablename__, c.name, next(iter(c.foreign_keys)).column.table.name)
                for cls in SYNCED_ENTITIES for c in cls.__table__.columns if c.foreign_keys and not c.nullable}
    assert set(hub.query("SELECT entity, field, parent FROM hub.parent_key")) == required
    assert {e for (e,) in hub.query("SELECT name FROM hub.entity")} == {c.__tablename__ for c in SYNCED_ENTITIES}
    fields = {(cls.__tablename__, c.name, c.default is not None or c.server_default is not None)
              for cls in SYNCED_ENTITIES for c in cls.__table__.columns
              if not c.nullable and not c.foreign_keys and c.name not in ("id", "version")}
    assert set(hub.query("SELECT entity, field, with_default FROM hub.required_field")) == fields


def test_a_record_no_device_could_place_is_refused_alone(hub, center, tmp_path, staff_ids):
    kim = join(hub, tmp_path, "kim")
    case_id, _, contact_id = kims_case(kim.ctx)
    kim.sync()
    kim_id = staff_ids["kim"]
    bad = [op("plan_item", plan_id=None, domain="economy", service="긴급 생계지원"),
           op("plan_item", plan_id=str(uuid.uuid4()), domain="economy", service="긴급 생계지원"),
           op("assessment_domain", domain="economy", urgency=3),                 # parent key absent
           op("meeting_attendee", meeting_id=None, name="박팀장"),
           op("meeting_decision", meeting_id=None, case_id=case_id, outcome="selected"),
           op("contact", contact_id, "update", case_id=None),                   # an update that orphans
           op("bogus", secret="x"),                                              # unknown entity
           op("note_version", case_id=case_id, contact_id=contact_id, text="위조된 기록"),
           op("contact", contact_id, "frobnicate"),                              # unknown operation
           op("contact", case_id=case_id, staff_id=kim_id, occurred_at="2026-11-21T10:00:00"),  # no kind
           op("contact", contact_id, "update", occurred_at=None)]
    good = op("contact", case_id=case_id, staff_id=kim_id, occurred_at="2026-11-21T10:00:00", note="정상 기록")
    good["changes"]["kind"] = [None, "phone"]
    reply = push(kim, bad + [good])
    assert [r["status"] for r in reply["results"]] == ["invalid"] * len(bad) + ["applied"]
    # A replay answers the same and changes nothing.
    again = push(kim, bad + [good])
    assert [r["status"] for r in again["results"]] == [r["status"] for r in reply["results"]]
    new_ids = [o["entity_id"] for o in bad if o["entity_id"] != contact_id]
    [(stored,)] = hub.query("SELECT count(*) FROM hub.record WHERE id = ANY(%s) OR fields->>'text' = '위조된 기록'",
                            new_ids)
    assert stored == 0
    [(case_of_contact,)] = hub.query("SELECT fields->>'case_id' FROM hub.record WHERE id = %s", contact_id)
    assert case_of_contact == case_id
    # The author sees each refusal as a conflict; nobody else receives them.
    kim.sync()
    refused = [c for c in conflicts(kim.ctx) if c.kind == "invalid"]
    assert len(refused) == len(bad)
    assert {c.field for c in refused} >= {"plan_id", "assessment_id", "meeting_id", "case_id", "kind", "occurred_at"}
    park = join(hub, tmp_path, "park")
    assert [c for c in conflicts(park.ctx) if c.kind == "invalid"] == []


def test_an_upgraded_hub_stops_handing_out_rows_a_device_cannot_insert(pg_cluster, tmp_path, admin_ctx, staff_ids,
                                                                       monkeypatch):
    """A hub at schema 2 took a meeting attendee without its meeting (as clients before the outbox
    fix sent it) and gave every device every meeting; after the upgrade to 3 neither happens."""
    hub, _ = old_hub(pg_cluster, admin_ctx, staff_ids, 2, monkeypatch)
    kim = join(hub, tmp_path, "kim")
    lee = join(hub, tmp_path, "lee")              # 2팀: sees none of 김's cases
    case_id, _ = selected_case(kim.ctx)
    kim.sync()
    [meeting] = local_ids(kim.ctx, Meeting)
    lee.sync()
    assert local_ids(lee.ctx, Meeting) == {meeting}   # the leak of schema 2
    orphan = op("meeting_attendee", meeting_id=None, name="이름 없는 회의의 참석자", agency="", role="hope_cm",
                staff_id=None)
    assert push(kim, [orphan])["results"][0]["status"] == "applied"
    with pytest.raises(Exception):
        lee.sync()                                     # the row cannot be inserted: every pull fails

    monkeypatch.setattr(engine_mod, "MIN_HUB_SCHEMA", 3)
    assert hubmod.setup_hub(hub.admin_dsn) == hubmod.hub_schema_version() >= 3
    report = lee.sync()
    assert "mtg:" + meeting in report.removed
    assert local_ids(lee.ctx, Meeting) == set() and local_ids(lee.ctx, MeetingAttendee) == set()
    [(scope,)] = hub.query("SELECT scope FROM hub.record WHERE id = %s", orphan["entity_id"])
    assert scope == "invalid"
    kim.sync()
    assert local_ids(kim.ctx, Meeting) == {meeting} and len(local_ids(kim.ctx, MeetingAttendee)) == 2
    assert lee.sync().removed == []


def test_a_hub_older_than_this_client_needs_is_told_to_upgrade(pg_cluster, tmp_path, admin_ctx):
    """A destruction or a shared PC's push must not be half-understood by an old hub: the client
    stops before pushing and asks for `python -m app hub setup`."""
    from app.sync.errors import HubTooOldError
    hub = Hub(pg_cluster, new_hub_db(pg_cluster))
    build_released_hub(hub.admin_dsn, upto=engine_mod.MIN_HUB_SCHEMA - 1)
    hubmod.create_staff_login(hub.admin_dsn, staff_id=admin_ctx.actor.staff_id, username="admin",
                              password=PASSWORD, hub_admin=True)
    with pytest.raises(HubTooOldError, match="서버 업데이트"):
        Device(admin_ctx, hub.dsn_for("admin")).sync()
    assert hub.query("SELECT count(*) FROM hub.applied_op") == [(0,)]
    hubmod.setup_hub(hub.admin_dsn)
    assert Device(admin_ctx, hub.dsn_for("admin")).sync().pushed > 0

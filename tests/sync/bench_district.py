"""District data for the sync benchmark (tests/sync/bench_sync.py): the generated district store
(app.devtools.district, cached by app.devtools.bench) turned into what a laptop would push (one
insert operation per record, parents first) or into hub records (a hub seeded directly, for the
whole-district join). Synthetic data only.
"""
from __future__ import annotations

import json
import uuid
from datetime import datetime, timezone
from typing import Iterable, Iterator

from sqlalchemy import insert, select

from app.sync.local import TABLES
from models.entities import SYNCED_ENTITIES, Outbox
from models.tracking import to_wire

CASE_ORDER = [cls.__tablename__ for cls in SYNCED_ENTITIES]
ORG = ("center", "region", "dong", "dong_budget", "staff", "resource")


def _rows(conn, name: str, where=None) -> Iterator[dict]:
    table = TABLES[name]
    stmt = select(table)
    if where is not None:
        stmt = stmt.where(where)
    for row in conn.execute(stmt.order_by(table.c.id)).mappings():
        yield {k: to_wire(v) for k, v in row.items() if k != "version"}


def district_records(engine, cases: int | None) -> list[tuple[str, dict]]:
    """(entity, fields) of the organisation and of the first `cases` cases (by case number; None:
    all) with their households, members, meetings and records, in an order a hub accepts: the
    organisation, then the meetings the cases were decided in, then case by case."""
    out: list[tuple[str, dict]] = []
    with engine.connect() as conn:
        for name in ORG:
            out += [(name, r) for r in _rows(conn, name)]
        case_t = TABLES["case_file"]
        every = list(conn.execute(select(case_t.c.id).order_by(case_t.c.case_no)).scalars())
        step = max(1, len(every) // cases) if cases else 1     # spread over the years: a caseload's mix
        chosen = every[::step][:cases] if cases else every
        wanted = set(chosen)
        by_case: dict[str, dict[str, list[dict]]] = {c: {} for c in chosen}
        households: dict[str, dict] = {}
        members: dict[str, list[dict]] = {}
        meetings: dict[str, dict] = {}
        attendees: dict[str, list[dict]] = {}
        parents: dict[str, str] = {}     # assessment / service plan id -> case id
        for name in CASE_ORDER:
            if name in ORG or name in ("household", "member", "meeting", "meeting_attendee"):
                continue
            table = TABLES[name]
            for r in _rows(conn, name):
                case = r["id"] if name == "case_file" else r.get("case_id")
                if case is None:
                    case = parents.get(r.get("assessment_id") or r.get("plan_id") or "")
                if case not in wanted:
                    continue
                if name in ("assessment", "service_plan"):
                    parents[r["id"]] = case
                by_case[case].setdefault(name, []).append(r)
            del table
        hh_wanted = {rows["case_file"][0]["household_id"] for rows in by_case.values()}
        for r in _rows(conn, "household"):
            if r["id"] in hh_wanted:
                households[r["id"]] = r
        for r in _rows(conn, "member"):
            if r["household_id"] in hh_wanted:
                members.setdefault(r["household_id"], []).append(r)
        mtg_wanted = {d["meeting_id"] for rows in by_case.values() for d in rows.get("meeting_decision", ())}
        for r in _rows(conn, "meeting"):
            if r["id"] in mtg_wanted:
                meetings[r["id"]] = r
        for r in _rows(conn, "meeting_attendee"):
            if r["meeting_id"] in mtg_wanted:
                attendees.setdefault(r["meeting_id"], []).append(r)
    out += [("meeting", m) for m in meetings.values()]
    out += [("meeting_attendee", a) for mid in meetings for a in attendees.get(mid, ())]
    seen_hh: set[str] = set()
    for case in chosen:
        rows = by_case[case]
        hh = rows["case_file"][0]["household_id"]
        if hh not in seen_hh:
            seen_hh.add(hh)
            out.append(("household", households[hh]))
            out += [("member", m) for m in members.get(hh, ())]
        for name in CASE_ORDER:
            out += [(name, r) for r in rows.get(name, ())]
    return out


def add_outbox(engine, records: Iterable[tuple[str, dict]], author: str) -> int:
    """What a laptop that had entered these records would have in its outbox."""
    now = datetime.now(timezone.utc)
    rows = [{"op_id": str(uuid.uuid4()), "entity": e, "entity_id": f["id"], "op": "insert", "base_version": 0,
             "changes": {k: [None, v] for k, v in f.items()}, "created_at": now, "author_id": author}
            for e, f in records]
    with engine.begin() as conn:
        # What the store's own set-up left unsent (its center, 동, administrator) is in `records`.
        conn.execute(Outbox.__table__.update().where(Outbox.__table__.c.pushed_at.is_(None)).values(pushed_at=now))
        for start in range(0, len(rows), 5000):
            conn.execute(insert(Outbox.__table__), rows[start:start + 5000])
    return len(rows)


def hub_scopes(records: list[tuple[str, dict]], rules: dict[str, str]) -> list[str]:
    """The hub's scope of each record (hub._scope, records.sql), for seeding a hub directly."""
    by_id = {(e, f["id"]): f for e, f in records if e in ("assessment", "service_plan")}
    out = []
    for e, f in records:
        rule = rules.get(e)
        s = {"org": "org", "org_admin": "org", "case_file": f["id"], "household": "hh:" + f["id"],
             "member": "hh:" + str(f.get("household_id")), "case": f.get("case_id"),
             "assessment": (by_id.get(("assessment", f.get("assessment_id"))) or {}).get("case_id"),
             "plan": (by_id.get(("service_plan", f.get("plan_id"))) or {}).get("case_id"),
             "meeting": "mtg:" + f["id"], "meeting_child": "mtg:" + str(f.get("meeting_id"))}.get(rule)
        out.append(s or "none")
    return out


def seed_hub(admin_dsn: str, records: list[tuple[str, dict]], origin_staff: str) -> None:
    """Hub records for these, as if every one had been pushed once (version 1), by COPY."""
    import psycopg
    with psycopg.connect(admin_dsn) as conn:
        rules = dict(conn.execute("SELECT name, scope_rule FROM hub.entity").fetchall())
        scopes = hub_scopes(records, rules)
        with conn.cursor() as cur:
            with cur.copy("COPY hub.record (entity, id, version, fields, fver, scope, origin_staff) "
                          "FROM STDIN") as copy:
                for (e, f), s in zip(records, scopes):
                    copy.write_row((e, f["id"], 1, json.dumps(f, ensure_ascii=False),
                                    json.dumps({k: 1 for k in f}), s, origin_staff))
        conn.execute("ANALYZE hub.record")
        conn.commit()

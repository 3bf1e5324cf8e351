"""The device side of sync: reading the outbox, applying hub records, removing scopes, the cursor.

Everything here runs on one local connection in one transaction per step (a push batch's
acknowledgement, a pull page), so an interruption at any point leaves the store as it was before
that step, and the step is simply done again.

Hub records are applied with Core statements, which bypass the ORM's outbox hook: a change that
came from the hub is never sent back. Foreign keys are off while applying: a pull page may bring a
child before a parent that changed later; the hub is the authority and the rows arrive in full.
"""
from __future__ import annotations

import base64
import json
import logging
from contextlib import contextmanager
from functools import lru_cache
from datetime import date, datetime, timezone
from typing import Any, Iterable, Iterator

from sqlalchemy import (Connection, Date, DateTime, Engine, LargeBinary, Table, UniqueConstraint, and_,
                        bindparam, delete, func, select, update)
from sqlalchemy import Enum as SAEnum
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError

from app.services.retention import DESTROY_OP, secure_purge
from models.entities import SYNCED_ENTITIES, Meta, Outbox
from models.sync_models import NoteVersion, SyncConflict, SyncFileOp, SyncRow

# Tables a hub record may land in, by entity name (the table name, as in the outbox).
TABLES: dict[str, Table] = {cls.__tablename__: cls.__table__ for cls in SYNCED_ENTITIES}
TABLES["sync_conflict"] = SyncConflict.__table__
TABLES["note_version"] = NoteVersion.__table__
CASE_CHILD_PARENTS = {"assessment_domain": ("assessment", "assessment_id"),
                      "screening": ("assessment", "assessment_id"),
                      "plan_item": ("service_plan", "plan_id")}

OUTBOX = Outbox.__table__
META = Meta.__table__
SYNC_ROW = SyncRow.__table__
SYNC_FILE_OP = SyncFileOp.__table__

log = logging.getLogger(__name__)

CURSOR_KEY = "sync.cursor"       # + ":<staff id>": each person who syncs the device has their own
PURGE_KEY = "sync.purge_pending"
ACK_KEY = "sync.removed_ack"
LAST_SYNC_KEY = "sync.last_sync"


# --- values on the wire ------------------------------------------------------------------------


def from_wire(column, value: Any) -> Any:
    """The column value for a JSON value written by models.tracking.to_wire."""
    if value is None:
        return None
    kind = column.type
    if isinstance(kind, LargeBinary):
        return base64.b64decode(value["b64"]) if isinstance(value, dict) else value
    if isinstance(kind, DateTime):
        return datetime.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, Date):
        return date.fromisoformat(value) if isinstance(value, str) else value
    if isinstance(kind, SAEnum) and kind.enum_class is not None:
        return kind.enum_class(value)
    return value


# --- the local transaction ----------------------------------------------------------------------


@contextmanager
def remote_writes(engine: Engine) -> Iterator[Connection]:
    """One local transaction for writes that came from the hub, with foreign keys off. When it
    removed a scope (or destroyed cases), the file is purged after the commit (see secure_purge)."""
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA foreign_keys=OFF")  # outside a transaction, or it is ignored
        conn.commit()
        try:
            with conn.begin():
                yield conn
        finally:
            conn.exec_driver_sql("PRAGMA foreign_keys=ON")
            conn.commit()
        purge_if_flagged(conn)


def flag_purge(conn: Connection) -> None:
    """Ask for a secure purge once this transaction has committed (kept until it succeeds)."""
    set_meta(conn, PURGE_KEY, "1")


def purge_if_flagged(conn: Connection) -> bool:
    """Removed rows leave no trace: VACUUM and an emptied WAL, as retention does after a
    destruction. If another connection holds the file just now, the next sync step tries again."""
    flagged = get_meta(conn, PURGE_KEY) == "1"
    conn.commit()
    if not flagged:
        return False
    try:
        secure_purge(conn)
    except OperationalError:
        conn.rollback()
        log.warning("secure purge postponed: the local file is busy")
        return False
    conn.execute(delete(META).where(META.c.key == PURGE_KEY))
    conn.commit()
    return True


def get_meta(conn: Connection, key: str, default: str | None = None) -> str | None:
    value = conn.execute(select(META.c.value).where(META.c.key == key)).scalar()
    return default if value is None else value


def set_meta(conn: Connection, key: str, value: str) -> None:
    stmt = sqlite_insert(META).values(key=key, value=value)
    conn.execute(stmt.on_conflict_do_update(index_elements=[META.c.key], set_={"value": value}))


def removal_acks(conn: Connection) -> list[str]:
    return json.loads(get_meta(conn, ACK_KEY, "[]"))


# --- the outbox ---------------------------------------------------------------------------------


def _mine(author: str | None):
    """Outbox rows the signed-in person pushes: their own, and rows with no author (made before
    authors were recorded, or by the store itself). None: every row."""
    if author is None:
        return OUTBOX.c.pushed_at.is_(None)
    return OUTBOX.c.pushed_at.is_(None) & (OUTBOX.c.author_id.is_(None) | (OUTBOX.c.author_id == author))


def pending_count(conn: Connection, author: str | None = None) -> int:
    return conn.execute(select(func.count()).select_from(OUTBOX).where(_mine(author))).scalar_one()


def pending_keys(conn: Connection, author: str | None = None,
                 among: Iterable[dict] | None = None) -> set[tuple[str, str]]:
    """Records with unsent changes the syncing person will push: hub records for them wait.
    A colleague's unsent change on a shared PC does not hold the hub's state back: it stays in the
    outbox, is merged against its own base when the colleague syncs, and the reply brings it back.

    `among`: only these hub records are asked about (looked up by the outbox's record id index,
    so a pull page or a push reply costs the same however long the outbox is)."""
    if among is None:
        rows = conn.execute(select(OUTBOX.c.entity, OUTBOX.c.entity_id).where(_mine(author)).distinct())
        return {(e, i) for e, i in rows}
    ids = list({record["id"] for record in among})
    found: set[tuple[str, str]] = set()
    for start in range(0, len(ids), 500):
        found.update(conn.execute(select(OUTBOX.c.entity, OUTBOX.c.entity_id)
                                  .where(OUTBOX.c.entity_id.in_(ids[start:start + 500]), _mine(author))).all())
    return found


def _op_scope(conn: Connection, entity: str, record_id: str, op: str, changes: dict | None) -> str | None:
    """The scope an outbox row belongs to (a delete's or insert's own values stand in for the row)."""
    last = {k: v[0] if op == "delete" else v[1] for k, v in (changes or {}).items()} if op not in ("update",
                                                                                                  "resolve") else None
    return scope_of(conn, entity, record_id, last)


def _scope_key(scope: str | None) -> str | None:
    """The key a case, household or meeting scope is held under (not the organisation's, nor a
    person's own refusals: everyone's work touches those)."""
    return None if not scope or scope == "org" or scope.startswith("staff:") else "scope:" + scope


def held_for_others(conn: Connection, author: str) -> dict[str, int]:
    """What other people's unsent changes on this device touch: record ids and "scope:<case,
    household or meeting>" -> the first such change. A change of `author` made after one of them,
    on the same record, naming it (a note on a colleague's new case) or in the same case (after a
    colleague's unsent share or reassignment), waits for that colleague's sync: sent first, the
    hub could refuse it."""
    held: dict[str, int] = {}
    rows = conn.execute(select(OUTBOX.c.entity, OUTBOX.c.entity_id, OUTBOX.c.op, OUTBOX.c.changes, OUTBOX.c.seq)
                        .where(OUTBOX.c.pushed_at.is_(None), OUTBOX.c.author_id.is_not(None),
                               OUTBOX.c.author_id != author)
                        .order_by(OUTBOX.c.seq))
    for entity, record_id, op, changes, seq in rows:
        for key in (record_id, _scope_key(_op_scope(conn, entity, record_id, op, changes))):
            if key:
                held.setdefault(key, seq)
    return held


def _not_waiting(conn: Connection, rows: list, held: dict[str, int]) -> list:
    """`rows` (one person's, in order) without those that wait for a colleague, nor any later one
    that builds on a waiting one; the rest go out (unrelated work is never held back)."""
    out = []
    for row in rows:
        scope_key = _scope_key(_op_scope(conn, row.entity, row.entity_id, row.op, row.changes))
        named = [row.entity_id, scope_key] + [v for pair in (row.changes or {}).values() if isinstance(pair, list)
                                              for v in pair if isinstance(v, str)]
        if any(held.get(key, row.seq) < row.seq for key in named if key):
            for key in (row.entity_id, scope_key):   # what builds on this one waits too
                if key:
                    held.setdefault(key, row.seq)
            continue
        out.append(row)
    return out


def pending_ops(conn: Connection, limit: int, author: str | None = None) -> list[dict]:
    """The next batch of unsent operations, oldest first, in the push format (see pending_batch)."""
    return pending_batch(conn, limit, author)[0]


def pending_batch(conn: Connection, limit: int, author: str | None = None, *, from_seq: int = 0,
                  held: dict[str, int] | None = None) -> tuple[list[dict], int]:
    """The next batch of unsent operations, oldest first, in the push format.

    `author`: only that person's operations (an office PC shared by several staff members).
    `prev_op_id` names the device's own earlier operation on the same record when this one was
    made on top of it before the record was brought level with the hub again; the hub then
    merges against that operation's result rather than the (local) version number.
    `from_seq`: no unsent row has a lower outbox number (the first row of the previous batch of the
    same push: rows are only ever marked sent, and new ones come after), so the scan starts there
    rather than at the oldest row ever sent. `held`: held_for_others(conn, author), when the
    caller has it.
    Returns the operations and the outbox number the next batch may start from.
    """
    rows = conn.execute(select(OUTBOX).where(_mine(author), OUTBOX.c.seq >= from_seq)
                        .order_by(OUTBOX.c.seq).limit(limit)).all()
    next_from = rows[0].seq if rows else from_seq
    if author is not None and rows:
        held = dict(held_for_others(conn, author) if held is None else held)
        if held:
            rows = _not_waiting(conn, rows, held)
    if not rows:
        return [], next_from
    # The device's latest earlier op on each record of the batch, and when each was last refreshed.
    ids = list({row.entity_id for row in rows})
    earlier: dict[str, tuple[int, str]] = {}
    refreshed: dict[str, int] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for entity_id, seq, op_id in conn.execute(
                select(OUTBOX.c.entity_id, OUTBOX.c.seq, OUTBOX.c.op_id)
                .where(OUTBOX.c.entity_id.in_(chunk), OUTBOX.c.seq < rows[0].seq)):
            if seq > earlier.get(entity_id, (-1, ""))[0]:
                earlier[entity_id] = (seq, op_id)
        refreshed.update(conn.execute(select(SYNC_ROW.c.record_id, SYNC_ROW.c.refreshed_seq)
                                      .where(SYNC_ROW.c.record_id.in_(chunk))).all())
    ops = []
    for row in rows:
        prev = earlier.get(row.entity_id)
        if prev is not None and prev[0] <= refreshed.get(row.entity_id, -1):
            prev = None  # the record was made equal to the hub's state after that op
        ops.append({"op_id": row.op_id, "entity": row.entity, "entity_id": row.entity_id, "op": row.op,
                    "base_version": row.base_version, "prev_op_id": prev[1] if prev else None,
                    "changes": row.changes})
        earlier[row.entity_id] = (row.seq, row.op_id)
        refreshed.pop(row.entity_id, None)  # within the batch, each op builds on the one before
    return ops, next_from


def mark_pushed(conn: Connection, op_ids: Iterable[str]) -> None:
    now = datetime.now(timezone.utc)
    ids = list(op_ids)
    for start in range(0, len(ids), 500):
        conn.execute(update(OUTBOX).where(OUTBOX.c.op_id.in_(ids[start:start + 500])).values(pushed_at=now))


def rewind(conn: Connection, since: datetime | None) -> int:
    """The hub was restored from a backup (engine.notice_generation): operations pushed from `since`
    on (None: all) become unsent again, of every person on this device (each pushes their own), and
    every pull cursor is dropped, so pulls start again from the beginning; conflicts are taken again
    from the hub. Returns how many operations go out again."""
    sent = OUTBOX.c.pushed_at.is_not(None)
    if since is not None:
        sent &= OUTBOX.c.pushed_at >= since
    count = conn.execute(update(OUTBOX).where(sent).values(pushed_at=None)).rowcount
    # Conflicts are the hub's records: those it still has come back with the pull, and an operation
    # sent again makes its conflict again under the same id. One kept here could be a second copy of
    # a conflict now made the other way round (the changes came back in another order). Those with
    # a person's unsent choice stay: the push of that choice brings them back.
    conflict = TABLES["sync_conflict"]
    choosing = select(OUTBOX.c.entity_id).where(OUTBOX.c.entity == "sync_conflict", OUTBOX.c.pushed_at.is_(None))
    conn.execute(delete(conflict).where(conflict.c.id.not_in(choosing)))
    conn.execute(delete(META).where((META.c.key == CURSOR_KEY) | META.c.key.startswith(CURSOR_KEY + ":")))
    return count


def mark_refreshed(conn: Connection, keys: list[tuple[str, str]]) -> None:
    """Remember that these records now equal the hub's state (see pending_ops)."""
    if not keys:
        return
    top = conn.execute(select(func.coalesce(func.max(OUTBOX.c.seq), 0))).scalar_one()
    stmt = sqlite_insert(SYNC_ROW)
    stmt = stmt.on_conflict_do_update(index_elements=[SYNC_ROW.c.entity, SYNC_ROW.c.record_id],
                                      set_={"refreshed_seq": stmt.excluded.refreshed_seq})
    conn.execute(stmt, [{"entity": e, "record_id": i, "refreshed_seq": top} for e, i in keys])


def keys_with_history(conn: Connection, keys: list[tuple[str, str]]) -> list[tuple[str, str]]:
    ids = [i for _, i in keys]
    seen: set[str] = set()
    for start in range(0, len(ids), 500):
        seen.update(conn.execute(select(OUTBOX.c.entity_id).where(OUTBOX.c.entity_id.in_(ids[start:start + 500]))
                                 .distinct()).scalars())
    return [(e, i) for e, i in keys if i in seen]


# --- applying hub records -----------------------------------------------------------------------


def _row_values(table: Table, record: dict) -> dict:
    fields = record["f"]
    values = {c.name: from_wire(c, fields[c.name]) for c in table.columns if c.name in fields}
    values["id"] = record["id"]
    values["version"] = record["v"]
    if "scope" in table.c:
        values["scope"] = record["s"]
    return values


def apply_records(conn: Connection, records: list[dict], skip: set[tuple[str, str]],
                  hook=None) -> list[tuple[str, str]]:
    """Make local rows equal to these hub records. Records with unsent local changes are skipped:
    the push of those changes brings their merged state back. Returns the keys applied."""
    applied: list[tuple[str, str]] = []
    upserts: dict[tuple[str, tuple[str, ...]], list[dict]] = {}
    deletes: dict[str, list[str]] = {}
    for n, record in enumerate(records):
        key = (record["e"], record["id"])
        table = TABLES.get(record["e"])
        if table is None or key in skip:
            continue  # an entity this version does not know, or a record changed here meanwhile
        if record["d"]:
            deletes.setdefault(record["e"], []).append(record["id"])
        else:
            values = _row_values(table, record)
            upserts.setdefault((record["e"], tuple(sorted(values))), []).append(values)
        applied.append(key)
        if hook and n == len(records) // 2:
            _flush(conn, upserts, deletes)
            hook("pull.mid_page")
    _flush(conn, upserts, deletes)
    return applied


@lru_cache(maxsize=None)
def _unique_keys(entity: str) -> tuple[tuple[str, ...], ...]:
    table = TABLES[entity]
    keys = [tuple(c.name for c in con.columns) for con in table.constraints if isinstance(con, UniqueConstraint)]
    keys += [(c.name,) for c in table.columns if c.unique]
    return tuple(dict.fromkeys(k for k in keys if k != ("id",)))


def _make_room(conn: Connection, table: Table, entity: str, columns: tuple[str, ...], rows: list[dict]) -> None:
    """A hub record takes its unique key (one closure per case, one share per colleague) from any
    other local row holding it: an unsent insert of a colleague on a shared PC, or a record whose
    tombstone comes later. That row's change stays in the outbox; pushed, the hub keeps it as a
    duplicate conflict for a person, so nothing is lost, and the pull never fails on the key."""
    for key in _unique_keys(entity):
        if not all(k in columns for k in key):
            continue
        same_key = and_(*(table.c[k] == bindparam("key_" + k) for k in key), table.c.id != bindparam("key_id"))
        conn.execute(delete(table).where(same_key),
                     [{**{"key_" + k: row[k] for k in key}, "key_id": row["id"]} for row in rows])


def _flush(conn: Connection, upserts: dict, deletes: dict) -> None:
    for (entity, columns), rows in upserts.items():
        table = TABLES[entity]
        _make_room(conn, table, entity, columns, rows)
        stmt = sqlite_insert(table)
        stmt = stmt.on_conflict_do_update(index_elements=[table.c.id],
                                          set_={c: stmt.excluded[c] for c in columns if c != "id"})
        conn.execute(stmt, rows)
    for entity, ids in deletes.items():
        table = TABLES[entity]
        for start in range(0, len(ids), 500):
            conn.execute(delete(table).where(table.c.id.in_(ids[start:start + 500])))
    upserts.clear()
    deletes.clear()


# --- scopes: which case or household a record belongs to ----------------------------------------


def scope_of(conn: Connection, entity: str, record_id: str, fields: dict | None = None) -> str | None:
    """The hub's scope rule (hub._scope) on local data; `fields` stands in for a deleted row."""
    if entity == "case_file":
        return record_id
    if entity == "household":
        return "hh:" + record_id
    if entity == "meeting":
        return "mtg:" + record_id
    table = TABLES.get(entity)
    if table is None:
        return None
    values = dict(fields or {})
    if not values:
        row = conn.execute(select(table).where(table.c.id == record_id)).mappings().first()
        if row is None:
            return None
        values = dict(row)
    if entity == "member":
        return "hh:" + str(values.get("household_id"))
    if entity == "meeting_attendee":
        return "mtg:" + str(values.get("meeting_id"))
    if entity in CASE_CHILD_PARENTS:
        parent, column = CASE_CHILD_PARENTS[entity]
        return scope_of(conn, parent, values.get(column) or "")
    if "case_id" in table.c:
        return values.get("case_id")
    if "scope" in table.c:
        return values.get("scope")
    return "org"


def pending_scopes(conn: Connection) -> set[str]:
    """Scopes with anyone's unsent changes: not removed until they go out."""
    rows = conn.execute(select(OUTBOX.c.entity, OUTBOX.c.entity_id, OUTBOX.c.op, OUTBOX.c.changes)
                        .where(OUTBOX.c.pushed_at.is_(None)))
    return {_op_scope(conn, entity, record_id, op, changes) or "?" for entity, record_id, op, changes in rows}


def remove_scope(conn: Connection, scope: str) -> None:
    """Delete every local row of a case, household or meeting this device may no longer see, with
    the copies of their values kept for sync (outbox, conflicts, note versions, relayed sync-file
    operations). A case's household goes with it when no other case of it is left here. The file
    is purged once the transaction commits (remote_writes)."""
    if scope == "org" or scope.startswith("staff:"):
        return
    rows: list[tuple[Table, Any]] = []      # (table, condition), children first
    household = None
    if scope.startswith("mtg:"):
        meeting = scope[4:]
        rows += [(TABLES["meeting_attendee"], TABLES["meeting_attendee"].c.meeting_id == meeting),
                 (TABLES["meeting"], TABLES["meeting"].c.id == meeting)]
    elif scope.startswith("hh:"):
        household = scope[3:]
        rows += [(TABLES["member"], TABLES["member"].c.household_id == household),
                 (TABLES["household"], TABLES["household"].c.id == household)]
    else:
        case = TABLES["case_file"]
        household = conn.execute(select(case.c.household_id).where(case.c.id == scope)).scalar()
        for child, (parent, column) in CASE_CHILD_PARENTS.items():
            parents = select(TABLES[parent].c.id).where(TABLES[parent].c.case_id == scope)
            rows.append((TABLES[child], TABLES[child].c[column].in_(parents)))
        for name, table in TABLES.items():
            if "case_id" in table.c and name not in ("note_version",):
                rows.append((table, table.c.case_id == scope))
        rows.append((case, case.c.id == scope))
    ids: list[str] = []
    for table, condition in rows:
        ids += conn.execute(select(table.c.id).where(condition)).scalars()
        conn.execute(delete(table).where(condition))
    conflicts, notes = TABLES["sync_conflict"], TABLES["note_version"]
    gone = conn.execute(delete(conflicts).where(conflicts.c.scope == scope)).rowcount
    gone += conn.execute(delete(notes).where(notes.c.scope == scope)).rowcount
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        conn.execute(delete(OUTBOX).where(OUTBOX.c.entity_id.in_(chunk), OUTBOX.c.op != DESTROY_OP))
        conn.execute(delete(SYNC_ROW).where(SYNC_ROW.c.record_id.in_(chunk)))
        conn.execute(delete(notes).where(notes.c.contact_id.in_(chunk)))
        conn.execute(delete(SYNC_FILE_OP).where(func.json_extract(SYNC_FILE_OP.c.payload, "$.entity_id").in_(chunk),
                                                func.json_extract(SYNC_FILE_OP.c.payload, "$.op") != DESTROY_OP))
    if ids or gone:
        flag_purge(conn)
    if household and not scope.startswith("hh:"):
        case = TABLES["case_file"]
        left = conn.execute(select(case.c.id).where(case.c.household_id == household).limit(1)).first()
        if left is None and "hh:" + household not in pending_scopes(conn):
            remove_scope(conn, "hh:" + household)

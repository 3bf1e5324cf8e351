"""Property-based test: three devices and a real PostgreSQL hub, random edits, deletes and syncs
in random orders, syncs cut off at random points.

After every step:
- every change the hub acknowledged to a device is on the hub exactly once;
- every edit the hub applied is current, superseded by an edit based on it, or kept in a conflict
  (notes: kept as a note version); every refused or conflicting change is kept in a conflict;
and after a clean round (every device syncs twice) every device holds exactly the hub's state.
"""
from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

import psycopg
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test
from sqlalchemy import select

from app.services import accounts, cases
from app.services.context import ServiceContext, actor_for
from app.sync import hub as hubmod
from app.sync.client import SyncClient, conflicts, resolve_conflict
from app.sync.join import join_center
from models.entities import Contact, Household, Meta, Outbox, Staff
from models.store import EncryptedStore
from models.types import ContactKind, Role

from ..conftest import FAST_KDF, PASSWORD, as_staff
from ..workflow_helpers import intake_case
from .conftest import new_hub_db
from .helpers import hub_view, local_view
from .test_interruptions import PULL_POINTS, PUSH_POINTS, Cut, cut_at

DEVICES = ("admin", "kim", "park")
ADDRESSES = ("연희로 1", "연희로 2", "신촌로 3")
PHONES = ("02-1", "02-2", "010-3")
NOTES = ("방문함", "전화 상담", "병원 동행", "월세 지원 연계")


@pytest.fixture(scope="module")
def template(pg_cluster, tmp_path_factory):
    """Built once: a hub database with the center and one case of 김사례 (two contacts), and the
    three devices' stores after their first sync. Each example starts from copies of these."""
    root = tmp_path_factory.mktemp("sync-template")
    admin = accounts.create_database(root / "admin.db", accounts.NewCenter(name="연희 복지관", dongs=("천연동",)),
                                     admin_username="admin", admin_name="관리자", admin_password=PASSWORD,
                                     kdf=FAST_KDF)
    staff = {u: accounts.add_staff(admin, username=u, display_name=n, role=r, team="1팀", password=PASSWORD,
                                   kdf=FAST_KDF)
             for u, n, r in (("kim", "김사례", Role.CASE_MANAGER), ("park", "박팀장", Role.SUPERVISOR))}
    kim_on_admin = as_staff(admin, staff["kim"])
    kim_on_admin.clock = lambda: datetime(2026, 11, 23, 10)
    case_id, _ = intake_case(kim_on_admin)
    for note in ("첫 방문", "두 번째 통화"):
        cases.record_contact(kim_on_admin, case_id, occurred_at=datetime(2026, 11, 20, 15), kind=ContactKind.PHONE,
                             note=note)
    dbname = new_hub_db(pg_cluster)
    dsn = pg_cluster.dsn(dbname)
    hubmod.setup_hub(dsn)
    hubmod.create_staff_login(dsn, staff_id=admin.actor.staff_id, username="admin", password=PASSWORD, hub_admin=True)
    for username, staff_id in staff.items():
        hubmod.create_staff_login(dsn, staff_id=staff_id, username=username, password=PASSWORD)
    SyncClient(admin, pg_cluster.dsn(dbname, user="staff_admin", password=PASSWORD)).sync()
    # 김사례 made the case on the administrator's PC: she sends it under her own login.
    SyncClient(kim_on_admin, pg_cluster.dsn(dbname, user="staff_kim", password=PASSWORD)).sync()
    SyncClient(admin, pg_cluster.dsn(dbname, user="staff_admin", password=PASSWORD)).sync()
    stores = [admin.store]
    for username in ("kim", "park"):
        ctx = join_center(root / f"{username}.db", username=username, password=PASSWORD,
                          dsn=pg_cluster.dsn(dbname, user=f"staff_{username}", password=PASSWORD), kdf=FAST_KDF)
        stores.append(ctx.store)
    for store in stores:
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        store.close()
    return {"cluster": pg_cluster, "root": root, "dbname": dbname}


class SyncMachine(RuleBasedStateMachine):
    template: dict = {}
    seen: list = []

    def __init__(self):
        super().__init__()
        t = self.template
        self.cluster = t["cluster"]
        self.dir = Path(tempfile.mkdtemp(prefix="syncprop-"))
        self.dbname = new_hub_db_from(self.cluster, t["dbname"])
        self.steps = 0
        self.conn = psycopg.connect(self.cluster.dsn(self.dbname), autocommit=True)
        self.devices: dict[str, ServiceContext] = {}
        self.dsns: dict[str, str] = {}
        for name in DEVICES:
            for suffix in ("", ".keys"):
                shutil.copy(t["root"] / f"{name}.db{suffix}", self.dir / f"{name}.db{suffix}")
            store = EncryptedStore.open(self.dir / f"{name}.db", name, PASSWORD)
            with store.session() as s:
                me = s.scalars(select(Staff).where(Staff.username == name)).one()
                ctx = ServiceContext(store, actor_for(me), device_id=s.get(Meta, "device_id").value)
            ctx.clock = lambda: datetime(2026, 11, 23, 10)
            self.devices[name] = ctx
            self.dsns[name] = self.cluster.dsn(self.dbname, user=f"staff_{name}", password=PASSWORD)

    def teardown(self):
        try:
            self.clean_round()
            steps = self.steps
            ops, = self.hub("SELECT count(*) FROM hub.applied_op")[0]
            conflicts_made, = self.hub("SELECT count(*) FROM hub.record WHERE entity = 'sync_conflict'")[0]
            SyncMachine.seen.append((steps, ops, conflicts_made))
        finally:
            for ctx in self.devices.values():
                ctx.store.close()
            self.conn.close()
            with psycopg.connect(self.cluster.dsn(), autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')
            shutil.rmtree(self.dir, ignore_errors=True)

    # --- helpers ---
    def hub(self, sql: str, *args):
        return self.conn.execute(sql, args).fetchall()

    def pick(self, name: str, cls, index: int):
        with self.devices[name].session() as s:
            ids = sorted(s.scalars(select(cls.id)))
        return ids[index % len(ids)] if ids else None

    def edit(self, name: str, cls, index: int, **values) -> None:
        record_id = self.pick(name, cls, index)
        if record_id is None:
            return
        with self.devices[name].session() as s:
            obj = s.get(cls, record_id)
            for key, value in values.items():
                setattr(obj, key, value)

    # --- rules: local work (a few edits at a time, so that devices drift apart between syncs) ---
    EDITS = st.one_of(
        st.tuples(st.just("address"), st.integers(0, 3), st.sampled_from(ADDRESSES)),
        st.tuples(st.just("phone"), st.integers(0, 3), st.sampled_from(PHONES)),
        st.tuples(st.just("note"), st.integers(0, 9), st.builds("{} {}".format, st.sampled_from(NOTES),
                                                                  st.integers(0, 99))),
        st.tuples(st.just("monitoring"), st.integers(0, 9), st.booleans()),
        st.tuples(st.just("add"), st.just(0), st.sampled_from(NOTES)),
        st.tuples(st.just("delete"), st.integers(0, 9), st.none()),
    )

    @rule(device=st.sampled_from(DEVICES), edits=st.lists(EDITS, min_size=1, max_size=4))
    def work(self, device, edits):
        self.steps += 1
        for kind, i, value in edits:
            if kind == "address":
                self.edit(device, Household, i, address=value)
            elif kind == "phone":
                self.edit(device, Household, i, phone=value)
            elif kind == "note":
                self.edit(device, Contact, i, note=value)
            elif kind == "monitoring":
                self.edit(device, Contact, i, is_monitoring=value)
            elif kind == "add":
                self.add_contact(device, value)
            else:
                self.delete_contact(device, i)

    def add_contact(self, device, note):
        ctx = self.devices[device]
        with ctx.session() as s:
            from models.entities import Case
            case_id = s.scalars(select(Case.id)).first()
            s.add(Contact(case_id=case_id, staff_id=ctx.actor.staff_id, occurred_at=datetime(2026, 11, 22, 9),
                          kind=ContactKind.VISIT, note=note))

    def delete_contact(self, device, i):
        record_id = self.pick(device, Contact, i)
        if record_id is not None:
            with self.devices[device].session() as s:
                s.delete(s.get(Contact, record_id))

    @rule(device=st.sampled_from(DEVICES), choice=st.sampled_from(("device", "hub")))
    def resolve(self, device, choice):
        open_ = conflicts(self.devices[device])
        if open_ and self.devices[device].actor.role != Role.READ_ONLY:
            resolve_conflict(self.devices[device], open_[0].id, choice)

    # --- rules: sync, sometimes cut off ---
    @rule(device=st.sampled_from(DEVICES), point=st.none() | st.sampled_from(PUSH_POINTS + PULL_POINTS),
          nth=st.integers(1, 2), small=st.booleans())
    def sync(self, device, point, nth, small):
        self.steps += 1
        size = 2 if small else 500
        client = SyncClient(self.devices[device], self.dsns[device], hook=cut_at(point, nth) if point else None,
                            batch_size=size, page_size=size)
        try:
            client.sync()
        except Cut:
            pass

    @rule()
    def clean_round(self):
        for _ in range(2):
            for name in DEVICES:
                SyncClient(self.devices[name], self.dsns[name]).sync()
        for name, ctx in self.devices.items():
            assert local_view(ctx) == hub_view_from(self, ctx.actor.staff_id), f"{name} differs from the hub"
            with ctx.store.engine.connect() as conn:
                local_rows = {r.id: (r.note, r.is_monitoring) for r in conn.execute(select(Contact.__table__))}
            hub_rows = {i: (f["note"], f["is_monitoring"]) for i, f in
                        self.hub("SELECT id, fields FROM hub.record WHERE entity = 'contact' AND NOT deleted")}
            assert local_rows == hub_rows

    # --- invariants ---
    @invariant()
    def acknowledged_changes_are_on_the_hub_once(self):
        applied = {op for (op,) in self.hub("SELECT op_id FROM hub.applied_op")}
        for ctx in self.devices.values():
            with ctx.session() as s:
                acked = set(s.scalars(select(Outbox.op_id).where(Outbox.pushed_at.is_not(None))))
            assert acked <= applied
        # Notes: one version per op that wrote one, never two.
        rows = self.hub("SELECT a.op_id, count(n.id) FROM hub.applied_op a "
                        "LEFT JOIN hub.record n ON n.entity = 'note_version' AND n.id = a.op_id "
                        "WHERE a.entity = 'contact' AND a.applied_fields ? 'note' GROUP BY a.op_id")
        assert all(n == 1 for _, n in rows)

    @invariant()
    def every_edit_is_current_superseded_or_in_conflict(self):
        records = {(e, i): (fver, deleted, fields) for e, i, fver, deleted, fields in
                   self.hub("SELECT entity, id, fver, deleted, fields FROM hub.record "
                            "WHERE entity NOT IN ('sync_conflict', 'note_version')")}
        ops = self.hub("SELECT op_id, entity, record_id, op, status, base_version, result_version, applied_fields "
                       "FROM hub.applied_op WHERE op <> 'resolve'")
        conflict_rows = self.hub("SELECT fields FROM hub.record WHERE entity = 'sync_conflict'")
        conflict_ops = {c["op_id"] for (c,) in conflict_rows}
        by_field: dict[tuple, list[dict]] = {}
        for (c,) in conflict_rows:
            by_field.setdefault((c["record_id"], c["field"]), []).append(c)
        later: dict[tuple, list[int]] = {}
        deletes: dict[str, list[int]] = {}
        for op_id, entity, rid, kind, status, base, result, fields in ops:
            for f in fields:
                later.setdefault((rid, f), []).append(base)
            if kind == "delete" and status == "applied":
                deletes.setdefault(rid, []).append(base)
        for op_id, entity, rid, kind, status, base, result, fields in ops:
            if status in ("conflict", "partial", "denied"):
                assert op_id in conflict_ops, f"{kind} {op_id} {status} has no conflict record"
            if kind == "delete" or status == "denied":
                continue
            fver, deleted, current = records[(entity, rid)]
            for f in fields:
                if entity == "contact" and f == "note":
                    continue  # append-only: its note version is checked above
                ok = (fver.get(f) == result
                      or any(b >= result for b in later.get((rid, f), []))                   # edit based on it
                      or any(b >= result for b in deletes.get(rid, []))                      # deleted on top of it
                      or any((c["hub_version"] or 0) >= result for c in by_field.get((rid, f), []))  # in a conflict
                      or any(c["kind"] == "delete" and (c["hub_version"] or 0) >= result
                             for c in by_field.get((rid, None), [])))
                assert ok, f"edit {op_id} of {entity}.{f} vanished"


def new_hub_db_from(cluster, template_db: str) -> str:
    name = new_hub_db.__globals__["_db_numbers"].__next__()
    dbname = f"hub_p{name}"
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{dbname}" TEMPLATE "{template_db}"')
    return dbname


def hub_view_from(machine: SyncMachine, staff_id: str):
    class _Hub:
        query = staticmethod(machine.hub)
    return hub_view(_Hub, staff_id)


def test_devices_converge_and_lose_nothing(template):
    SyncMachine.template = template
    SyncMachine.seen = []
    run_state_machine_as_test(SyncMachine, settings=settings(
        max_examples=30, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]))
    # Shown with -s: evidence that the runs were not vacuous.
    steps, ops, made = (sum(x) for x in zip(*SyncMachine.seen))
    print(f"\n{len(SyncMachine.seen)} examples, {steps} steps, {ops} hub operations, {made} conflicts")

"""Sync benchmark (not collected by pytest): run with  .venv/bin/python -m tests.sync.bench_sync

Against a throwaway loopback PostgreSQL, each figure next to a baseline measured in the same run:
- sync of 1,000 local changes (push and pull)  vs  a plain bulk insert of the same rows;
- a device pulling those 1,000 changes          vs  a plain SELECT of the same rows;
- a nothing-to-do sync                          vs  connect + SELECT 1 (the floor of any round trip).
Targets (DESIGN.md): 1,000 changes ≤ 2 s; nothing-to-do ≤ 300 ms.
"""
from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

import psycopg
from psycopg.types.json import Jsonb
from sqlalchemy import select

from app.services import accounts
from app.sync import hub as hubmod
from app.sync.client import SyncClient
from app.sync.join import join_center
from models.entities import Contact, Outbox
from models.types import ContactKind, Role
from tests.conftest import FAST_KDF, PASSWORD, as_staff
from tests.sync import pg
from tests.workflow_helpers import intake_case

N = 1000


def timed(fn, repeat: int = 1) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    cluster = pg.start_cluster()
    work = Path(tempfile.mkdtemp(prefix="syncbench-"))
    try:
        with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        admin_dsn = cluster.dsn("bench")
        hubmod.setup_hub(admin_dsn)
        admin = accounts.create_database(work / "office.db", accounts.NewCenter(name="벤치 복지관", dongs=("천연동",)),
                                         admin_username="admin", admin_name="관리자", admin_password=PASSWORD,
                                         kdf=FAST_KDF)
        kim_id = accounts.add_staff(admin, username="kim", display_name="김사례", role=Role.CASE_MANAGER,
                                    team="1팀", password=PASSWORD, kdf=FAST_KDF)
        hubmod.create_staff_login(admin_dsn, staff_id=admin.actor.staff_id, username="admin", password=PASSWORD,
                                  hub_admin=True)
        hubmod.create_staff_login(admin_dsn, staff_id=kim_id, username="kim", password=PASSWORD)
        kim = as_staff(admin, kim_id)
        kim.clock = lambda: datetime(2026, 11, 23, 10)
        case_id, _ = intake_case(kim)
        dsn = cluster.dsn("bench", user="staff_admin", password=PASSWORD)
        SyncClient(admin, dsn).sync()
        SyncClient(kim, cluster.dsn("bench", user="staff_kim", password=PASSWORD)).sync()   # her case, as herself

        # 1,000 changes: 700 new contact notes and 300 edits of them, as a day of catching up.
        with admin.session() as s:
            contacts = [Contact(case_id=case_id, staff_id=kim_id, occurred_at=datetime(2026, 11, 20, 9),
                                kind=ContactKind.VISIT, note=f"가정방문 기록 {i}: 생활 상태와 건강 확인") for i in range(700)]
            s.add_all(contacts)
        with admin.session() as s:
            for c in s.scalars(select(Contact).limit(300)):
                c.is_monitoring = False
        with admin.session() as s:
            rows = [(o.entity, o.entity_id, o.changes) for o in s.scalars(
                select(Outbox).where(Outbox.pushed_at.is_(None)))]
        assert len(rows) == N, len(rows)

        sync_s, report = timed(lambda: SyncClient(admin, dsn).sync())
        assert report.pushed == N

        def bulk_insert():
            with psycopg.connect(admin_dsn) as conn:
                conn.execute("CREATE TEMP TABLE plain (entity text, id text, fields jsonb)")
                with conn.cursor() as cur:
                    cur.executemany("INSERT INTO plain VALUES (%s, %s, %s)",
                                    [(e, i, Jsonb(c)) for e, i, c in rows])
                conn.commit()
        base_s, _ = timed(bulk_insert)

        # A second device (the case manager's laptop) receives those changes.
        laptop = join_center(work / "laptop.db", username="kim", password=PASSWORD,
                             dsn=cluster.dsn("bench", user="staff_kim", password=PASSWORD), kdf=FAST_KDF)
        with psycopg.connect(admin_dsn) as conn:
            conn.execute("UPDATE hub.record SET seq = nextval('hub.change_seq') WHERE entity = 'contact'")
            conn.commit()
        kim_dsn = cluster.dsn("bench", user="staff_kim", password=PASSWORD)
        pull_s, pulled = timed(lambda: SyncClient(laptop, kim_dsn).sync())

        def plain_select():
            with psycopg.connect(admin_dsn) as conn:
                return conn.execute("SELECT entity, id, fields FROM hub.record WHERE entity = 'contact'").fetchall()
        select_s, _ = timed(plain_select)

        idle_s, _ = timed(lambda: SyncClient(admin, dsn).sync(), repeat=7)

        def floor():
            with psycopg.connect(hubmod.with_tls(dsn)) as conn:
                conn.execute("SELECT 1").fetchone()
        floor_s, _ = timed(floor, repeat=7)

        print(f"sync of {N:,} changes (push + pull): {sync_s * 1000:7.0f} ms   "
              f"baseline bulk insert of the same rows: {base_s * 1000:5.0f} ms   target ≤ 2000 ms")
        print(f"laptop pulls those changes ({pulled.pulled} rows):   {pull_s * 1000:7.0f} ms   "
              f"baseline SELECT of the same rows:      {select_s * 1000:5.0f} ms")
        print(f"nothing-to-do sync (median of 7):      {idle_s * 1000:7.1f} ms   "
              f"baseline connect + SELECT 1:            {floor_s * 1000:5.1f} ms   target ≤ 300 ms")
        admin.store.close()
        laptop.store.close()
    finally:
        cluster.stop()
        import shutil
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

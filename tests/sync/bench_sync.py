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


def bench_small(cluster, work: Path, out: list) -> None:
    """The 1,000-change day and the nothing-to-do sync, on a small center."""
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

    line(out, f"sync of {N:,} changes (push + pull)", sync_s, "bulk INSERT of the same rows", base_s, "≤ 400 ms",
         sync_s <= 0.4)
    line(out, f"laptop pulls those changes ({pulled.pulled} rows)", pull_s, "SELECT of the same rows", select_s)
    line(out, "nothing-to-do sync (median of 7)", idle_s, "connect + SELECT 1", floor_s, "≤ 100 ms", idle_s <= 0.1)
    admin.store.close()
    laptop.store.close()


def line(out: list, name: str, mine: float, base_label: str, base: float | None, target: str = "",
         ok: bool | None = None, note: str = "") -> None:
    def fmt(v):
        return f"{v * 1000:8.0f} ms" if v < 10 else f"{v:8.1f} s "
    text = f"{name:<52} {fmt(mine)}   {base_label}: {fmt(base) if base is not None else '—'}"
    if base:
        text += f" (×{mine / base:.1f})"
    if target:
        text += f"   [target {target}]" + ("" if ok is None else (" OK" if ok else " SLOW"))
    if note:
        text += "   " + note
    out.append(text)
    print(text, flush=True)


def _district_store(work: Path):
    """A working copy of the benchmark's district store (built once and cached by app.devtools.bench),
    signed in as its administrator: the office PC where all of it was entered."""
    import shutil
    from app.devtools import bench as appbench
    from app.devtools.demo import DEMO_PASSWORD
    import os
    if os.environ.get("SYNC_BENCH_DISTRICT"):    # a copy kept aside (the cache key follows the migrations)
        cached = Path(os.environ["SYNC_BENCH_DISTRICT"])
    else:
        cached, _ = appbench.ensure_dataset(appbench.default_cache_dir(), 100_000, 2016)
    db = work / "district.db"
    shutil.copyfile(cached, db)
    shutil.copyfile(str(cached) + ".keys", str(db) + ".keys")
    return appbench._sign_in(db, "admin", DEMO_PASSWORD, work)


def _plain_select(admin_dsn: str) -> tuple[float, int]:
    def run():
        with psycopg.connect(admin_dsn) as conn:
            return len(conn.execute("SELECT entity, id, version, deleted, fields, scope, seq FROM hub.record ORDER BY seq").fetchall())
    return timed(run)


def _join_timed(cluster, db_name: str, path: Path) -> tuple[float, int]:
    dsn = cluster.dsn(db_name, user="staff_admin", password=PASSWORD)
    started = time.perf_counter()
    ctx = join_center(path, username="admin", password=PASSWORD, dsn=dsn, kdf=FAST_KDF)
    seconds = time.perf_counter() - started
    ctx.store.close()
    return seconds, 0


def bench_district(cluster, work: Path, out: list, cases: int) -> None:
    """An office PC that entered `cases` cases pushes them (58,000 ops measured in one go), and new
    laptops of the administrator join at three sizes of the hub (the last: the whole caseload)."""
    from app.sync.engine import SyncEngine, SyncReport
    from app.sync.hub import HubConnection
    from tests.sync import bench_district as bd
    ctx = _district_store(work)
    records = bd.district_records(ctx.store.engine, cases)
    admin_id = ctx.actor.staff_id
    added = bd.add_outbox(ctx.store.engine, records, admin_id)
    print(f"  district office PC: {added:,} operations for {cases:,} cases in its outbox", flush=True)
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE grow")
    admin_dsn = cluster.dsn("grow")
    hubmod.setup_hub(admin_dsn)
    hubmod.create_staff_login(admin_dsn, staff_id=admin_id, username="admin", password=PASSWORD, hub_admin=True)
    dsn = cluster.dsn("grow", user="staff_admin", password=PASSWORD)
    device = ctx.device_id or "district-office-pc"
    steps = [1000, 7000, 28000, 86000, added]
    sizes = {7000, 28000, added}
    done = 0
    per_row = []
    with HubConnection(dsn) as hub:
        eng = SyncEngine(ctx.store.engine, device, admin_id, hub, batch_size=BATCH)
        eng.handshake()
        for upto in steps:
            n = min(upto, added) - done
            if n <= 0:
                continue
            eng.batch_size = BATCH
            report = SyncReport()
            with ctx.store.engine.begin() as conn:   # hold back what this step does not send
                conn.exec_driver_sql("UPDATE outbox SET pushed_at = '2000-01-01' WHERE pushed_at IS NULL "
                                     "AND seq > (SELECT min(seq) FROM outbox WHERE pushed_at IS NULL) + ?", (n - 1,))
            t, _ = timed(lambda: eng.push(report))
            with ctx.store.engine.begin() as conn:
                conn.exec_driver_sql("UPDATE outbox SET pushed_at = NULL WHERE pushed_at = '2000-01-01'")
            assert report.pushed == n and report.conflicts == 0, (report.pushed, n, report.conflicts)
            done += n
            if n in (1000, 58000):
                copy_s = _copy_baseline(admin_dsn, records[done - n:done])
                line(out, f"push of {n:,} ops", t, "COPY of the same rows", copy_s,
                     "≤ 12 s (≥ 5,000 ops/s)" if n > 1000 else "", (n / t >= 5000) if n > 1000 else None,
                     f"{t / n * 1e6:.0f} µs/op")
            if done in sizes or done == added:
                base, rows = _plain_select(admin_dsn)
                path = work / f"join-{done}.db"
                t_pull, _ = _join_timed(cluster, "grow", path)
                per_row.append((rows, t_pull, base))
                big = done == added
                line(out, f"first pull of {rows:,} hub rows" + (f" ({cases:,}-case caseload)" if big else ""),
                     t_pull, "plain SELECT of the same rows", base,
                     "≤ 8 s and ≤ 5× SELECT" if big else "", (t_pull <= 8 and t_pull <= 5 * base) if big else None,
                     f"{t_pull / rows * 1e6:.0f} µs/row (SELECT {base / rows * 1e6:.0f})")
                from models.store import remove_store_files
                remove_store_files(path)
    if len(per_row) >= 2:
        costs = [t / r for r, t, _ in per_row]
        growth = max(costs) / min(costs)
        out.append(f"{'per-row pull cost at ' + ', '.join(f'{r:,}' for r, _, _ in per_row) + ' rows':<52} "
                   + ", ".join(f"{c * 1e6:.0f}" for c in costs) + f" µs/row  growth ×{growth:.2f}  [target ≤ 1.5]"
                   + (" OK" if growth <= 1.5 else " SLOW"))
        print(out[-1], flush=True)
    ctx.store.close()


def _copy_baseline(admin_dsn: str, records: list) -> float:
    import json as _json

    def run():
        with psycopg.connect(admin_dsn) as conn:
            conn.execute("CREATE TEMP TABLE plain (entity text, id text, fields jsonb)")
            with conn.cursor() as cur, cur.copy("COPY plain FROM STDIN") as copy:
                for e, f in records:
                    copy.write_row((e, f["id"], _json.dumps(f, ensure_ascii=False)))
            conn.commit()
    return timed(run)[0]


def bench_whole_district(cluster, work: Path, out: list) -> None:
    """The administrator's office PC joins the whole district (seeded into the hub directly): time
    and the joining process's peak memory (a child process)."""
    import subprocess
    from tests.sync import bench_district as bd
    ctx = _district_store(work)
    records = bd.district_records(ctx.store.engine, None)
    admin_id = ctx.actor.staff_id
    ctx.store.close()
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE district")
    admin_dsn = cluster.dsn("district")
    hubmod.setup_hub(admin_dsn)
    hubmod.create_staff_login(admin_dsn, staff_id=admin_id, username="admin", password=PASSWORD, hub_admin=True)
    bd.seed_hub(admin_dsn, records, admin_id)
    del records
    base, rows = _plain_select(admin_dsn)
    dsn = cluster.dsn("district", user="staff_admin", password=PASSWORD)
    child = subprocess.run([sys.executable, "-m", "tests.sync.bench_sync", "--_join", dsn, str(work / "whole.db")],
                           capture_output=True, text=True, timeout=1800)
    fields = dict(part.split("=", 1) for part in child.stdout.split() if "=" in part)
    if child.returncode != 0 or "seconds" not in fields:
        out.append(f"whole-district first pull FAILED: {child.stderr[-500:]}")
        print(out[-1], flush=True)
        return
    t, mb = float(fields["seconds"]), float(fields["peak_mb"])
    line(out, f"whole-district first pull ({rows:,} rows), office PC", t, "plain SELECT of the same rows", base,
         "≤ 180 s, ≤ 300 MB", t <= 180 and mb <= 300,
         f"{t / rows * 1e6:.0f} µs/row; peak memory {mb:.0f} MB; {fields.get('pulled')} applied")


def _join_child(dsn: str, path: str) -> int:
    started = time.perf_counter()
    ctx = join_center(Path(path), username="admin", password=PASSWORD, dsn=dsn, kdf=FAST_KDF)
    seconds = time.perf_counter() - started
    with open("/proc/self/status") as f:
        kib = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:"))
    from models.entities import Outbox as _O  # noqa: F401
    ctx.store.close()
    print(f"seconds={seconds:.3f} peak_mb={kib / 1024:.1f} pulled=?", flush=True)
    return 0


BATCH = 500


def main(argv: list[str] | None = None) -> int:
    import argparse
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--_join"]:
        return _join_child(argv[1], argv[2])
    p = argparse.ArgumentParser(prog="python -m tests.sync.bench_sync")
    p.add_argument("--cases", type=int, default=2000, help="cases the district office PC pushes (default 2,000)")
    p.add_argument("--district", action="store_true", help="also the whole district's first join (minutes)")
    p.add_argument("--skip-district", action="store_true", help="only the small center's figures")
    args = p.parse_args(argv)
    cluster = pg.start_cluster()
    work = Path(tempfile.mkdtemp(prefix="syncbench-"))
    out: list[str] = []
    try:
        bench_small(cluster, work, out)
        if not args.skip_district:
            bench_district(cluster, work, out, args.cases)
        if args.district:
            bench_whole_district(cluster, work, out)
    finally:
        cluster.stop()
        import shutil
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(["", "summary:"] + out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

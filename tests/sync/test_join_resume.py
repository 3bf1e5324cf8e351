"""A first join cut off half-way continues from where it stopped (issue 18), against the real
throwaway PostgreSQL: the network is cut by terminating the laptop's server session between pages,
so the next call fails as a lost connection would."""
from __future__ import annotations

from datetime import datetime

import psycopg
import pytest

from app.services.errors import ValidationError
from app.sync import hub as hubmod
from app.sync.engine import PULLED_KEY
from app.sync.join import (PENDING_KEY, JoinInterrupted, TimeLeft, join_center, marker_path, partial_join,
                           progress_line)
from models.entities import Contact, Meta
from models.types import ContactKind

from ..conftest import FAST_KDF, PASSWORD
from .conftest import join
from .helpers import hub_view, kims_case, local_view

NOTES = 3000
PAGE = 200


def cut_network(hub, username: str):
    """Terminates every server session of `username`'s login: the laptop's connection is gone."""
    with psycopg.connect(hub.admin_dsn, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s",
                     (hubmod.login_role_name(username),))


class Pages:
    """Counts the pull pages the hub answered; `cut_after` pages in, the network goes."""

    def __init__(self, hub=None, cut_after: int | None = None):
        self.hub, self.cut_after, self.count = hub, cut_after, 0

    def __call__(self, point: str) -> None:
        if point == "pull.after_hub_commit":
            self.count += 1
            if self.count == self.cut_after:
                cut_network(self.hub, "kim")


def add_notes(hub, tmp_path, count: int) -> str:
    """김사례's case with `count` contact notes on the hub, from her old computer."""
    old = join(hub, tmp_path, "kim")
    case_id, _, _ = kims_case(old.ctx)
    with old.ctx.session() as s:
        s.add_all(Contact(case_id=case_id, staff_id=old.ctx.actor.staff_id, occurred_at=datetime(2026, 11, 20, 9),
                          kind=ContactKind.VISIT, note=f"가정방문 기록 {i}") for i in range(count))
    old.sync()
    old.ctx.store.close()
    return case_id


@pytest.fixture
def kims_notes(hub, center, tmp_path):
    return add_notes(hub, tmp_path, NOTES)


def new_laptop(hub, tmp_path, name: str, **kw):
    return join_center(tmp_path / name, username="kim", password=PASSWORD, dsn=hub.dsn_for("kim"), kdf=FAST_KDF,
                       page_size=PAGE, **kw)


def test_a_cut_join_resumes_from_its_cursor_and_ends_like_an_uncut_one(hub, kims_notes, tmp_path):
    whole_pages = Pages()
    whole = new_laptop(hub, tmp_path, "whole.db", hook=whole_pages)
    expected = local_view(whole)
    assert expected == hub_view(hub, whole.actor.staff_id)
    assert len(expected) > NOTES and whole_pages.count > 10
    with whole.session() as s:
        whole_pulled = int(s.get(Meta, f"{PULLED_KEY}:{whole.actor.staff_id}").value)
    whole.store.close()
    [(devices_before,)] = hub.query("SELECT count(*) FROM hub.device")

    path = tmp_path / "laptop.db"
    cut_at = whole_pages.count // 2
    with pytest.raises(JoinInterrupted) as cut:
        new_laptop(hub, tmp_path, "laptop.db", hook=Pages(hub, cut_after=cut_at))
    assert cut.value.pulled >= (cut_at - 1) * PAGE     # the pages before the cut are kept
    assert "이어서 받기" in str(cut.value) and f"{cut.value.pulled:,}건" in str(cut.value)
    assert path.exists() and marker_path(path).exists()
    assert partial_join(path).database == hub.dbname and partial_join(path).username == "kim"

    lines = []

    def progress(stage, done, total):
        if stage == "pull":
            lines.append((done, total))
    resume_pages = Pages()
    resumed = new_laptop(hub, tmp_path, "laptop.db", hook=resume_pages, progress=progress)
    assert local_view(resumed) == expected                     # nothing missing, nothing twice
    assert 0 < resume_pages.count < whole_pages.count          # from the cursor, not from zero
    assert resume_pages.count <= whole_pages.count - cut_at + 2
    # Counted on from what was there: the first figure is beyond the part already received.
    assert lines[0][0] > cut.value.pulled
    assert all(total is not None and total >= done for done, total in lines)   # estimated from last_seq
    assert lines[-1][0] == lines[-1][1] == whole_pulled       # the same count as the uncut join's
    with resumed.session() as s:
        assert s.get(Meta, PENDING_KEY) is None
    assert not marker_path(path).exists() and partial_join(path) is None
    [(devices_after,)] = hub.query("SELECT count(*) FROM hub.device")
    assert devices_after == devices_before + 1                 # the same registration, not a second one
    resumed.store.close()


def test_a_resume_with_a_wrong_password_or_another_hub_is_refused_and_keeps_the_data(hub, kims_notes, tmp_path):
    path = tmp_path / "laptop.db"
    with pytest.raises(JoinInterrupted) as cut:
        new_laptop(hub, tmp_path, "laptop.db", hook=Pages(hub, cut_after=3))
    size = path.stat().st_size

    with pytest.raises(ValidationError, match="새 비밀번호") as wrong:
        join_center(path, username="kim", password="다른 비밀번호 12", dsn=hub.dsn_for("kim"), kdf=FAST_KDF)
    assert "그대로 두었습니다" in str(wrong.value)
    other = hub.cluster.dsn("postgres", user=hubmod.login_role_name("kim"), password=PASSWORD)
    with pytest.raises(ValidationError, match="다른 센터 서버"):
        join_center(path, username="kim", password=PASSWORD, dsn=other, kdf=FAST_KDF)
    assert path.exists() and path.stat().st_size == size and partial_join(path) is not None

    # Still resumable: the data of the first try is all there and the join finishes.
    resumed = new_laptop(hub, tmp_path, "laptop.db")
    assert local_view(resumed) == hub_view(hub, resumed.actor.staff_id)
    assert cut.value.pulled > 0
    resumed.store.close()


def test_a_finished_store_is_never_joined_over(hub, kims_notes, tmp_path):
    done = new_laptop(hub, tmp_path, "laptop.db")
    done.store.close()
    with pytest.raises(ValidationError, match="덮어쓰지 않습니다"):
        new_laptop(hub, tmp_path, "laptop.db")


def test_a_cut_before_any_page_leaves_nothing(hub, kims_notes, tmp_path):
    """Nothing received yet: no half-made laptop is kept (nothing to continue)."""
    from app.sync.errors import NoNetworkError

    def cut_on_hello(point):
        if point == "hello.after_hub_commit":
            cut_network(hub, "kim")
    with pytest.raises(NoNetworkError) as exc:
        new_laptop(hub, tmp_path, "laptop.db", hook=cut_on_hello)
    assert not isinstance(exc.value, JoinInterrupted)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("laptop")) == []


def test_progress_line_reads_rows_and_time_left():
    assert progress_line(12000, 100000, 62) == "12,000 / 100,000건 · 약 1분 남음"
    assert progress_line(500, None, None) == "500건"
    assert progress_line(900, 1000, 20) == "900 / 1,000건 · 1분 이내 남음"
    assert progress_line(1000, 90000, 2 * 3600 + 5 * 60) == "1,000 / 90,000건 · 약 2시간 5분 남음"
    now = iter([0.0, 10.0])
    clock = TimeLeft(lambda: next(now))
    assert clock.update(1000, 10000) is None                 # no pace yet
    assert clock.update(2000, 10000) == pytest.approx(80.0)  # 1,000 rows per 10 s, 8,000 to go


def test_the_join_command_continues_a_cut_join(hub, kims_notes, tmp_path, capsys, monkeypatch):
    """`python -m app join` run again after the cut: continues, with rows of the total shown."""
    from app.__main__ import main
    path = tmp_path / "laptop.db"
    with pytest.raises(JoinInterrupted):
        new_laptop(hub, tmp_path, "laptop.db", hook=Pages(hub, cut_after=4))
    monkeypatch.setenv("HUB_PW", PASSWORD)
    monkeypatch.setenv("LAPTOP_PW", PASSWORD)
    args = ["join", "--db", str(path), "--host", "127.0.0.1", "--port", str(hub.cluster.port),
            "--database", hub.dbname, "--user", "kim", "--ca-file", str(hub.cluster.ca_file),
            "--hub-password-env", "HUB_PW"]
    monkeypatch.setenv("WRONG_PW", "다른 비밀번호 12")
    assert main(args + ["--password-env", "WRONG_PW"]) == 2
    assert "새 비밀번호" in capsys.readouterr().err and partial_join(path) is not None

    assert main(args + ["--password-env", "LAPTOP_PW"]) == 0
    out = capsys.readouterr().out
    assert "끊긴 연결을 이어서 받습니다" in out and "센터에 연결했습니다" in out
    last = out.split("\r")[-1]
    assert "건" in last and " / " in out
    assert partial_join(path) is None
    # --start-over removes only an unfinished join: a finished store is refused, kept as it is.
    assert main(args + ["--password-env", "LAPTOP_PW", "--start-over"]) == 2
    assert "이어서 받을 자료가 없습니다" in capsys.readouterr().err and path.exists()
    from app.services import accounts
    ctx = accounts.sign_in(path, "kim", PASSWORD)
    try:
        assert local_view(ctx) == hub_view(hub, ctx.actor.staff_id)
    finally:
        ctx.store.close()


@pytest.mark.skipif(not __import__("os").environ.get("JOIN_RESUME_BENCH"),
                    reason="measurement: JOIN_RESUME_BENCH=1 pytest -s -k measure")
def test_measure_resume_against_a_full_join(hub, center, tmp_path):
    """A join of ~20,000 rows (10,000 notes: a contact and its note version each) cut at half: the
    resume's time against a whole join's, same run; and how near the first estimate of the total is."""
    import time
    add_notes(hub, tmp_path, 10000)
    page = 2000
    whole_pages, started = Pages(), time.perf_counter()
    whole = join_center(tmp_path / "whole.db", username="kim", password=PASSWORD, dsn=hub.dsn_for("kim"),
                        kdf=FAST_KDF, page_size=page, hook=whole_pages)
    full_s = time.perf_counter() - started
    expected = local_view(whole)
    rows = len(expected)
    whole.store.close()
    started = time.perf_counter()
    with pytest.raises(JoinInterrupted) as cut:
        join_center(tmp_path / "cut.db", username="kim", password=PASSWORD, dsn=hub.dsn_for("kim"), kdf=FAST_KDF,
                    page_size=page, hook=Pages(hub, cut_after=whole_pages.count // 2))
    cut_s = time.perf_counter() - started
    estimates = []
    resume_pages, started = Pages(), time.perf_counter()
    resumed = join_center(tmp_path / "cut.db", username="kim", password=PASSWORD, dsn=hub.dsn_for("kim"),
                          kdf=FAST_KDF, page_size=page, hook=resume_pages,
                          progress=lambda stage, done, total: estimates.append((done, total)) if stage == "pull" else None)
    resume_s = time.perf_counter() - started
    assert local_view(resumed) == expected
    resumed.store.close()
    print(f"\nfull join: {rows:,} rows, {whole_pages.count} pages, {full_s:.2f} s | cut after "
          f"{cut.value.pulled:,} rows in {cut_s:.2f} s | resume: {resume_pages.count} pages, {resume_s:.2f} s "
          f"({resume_s / full_s:.0%} of the full join) | first estimate on resume: "
          f"{estimates[0][0]:,} / {estimates[0][1]:,}, final {estimates[-1][0]:,} / {estimates[-1][1]:,}")


def test_a_resume_against_another_center_at_the_same_address_is_refused(hub, kims_notes, tmp_path):
    """The hub database was replaced by another center's (same host, name and login name): the
    login belongs to someone else there, so the partial data is not mixed with it, and is kept."""
    path = tmp_path / "laptop.db"
    with pytest.raises(JoinInterrupted):
        new_laptop(hub, tmp_path, "laptop.db", hook=Pages(hub, cut_after=3))
    before = path.stat().st_size
    with psycopg.connect(hub.cluster.dsn(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE "{hub.dbname}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{hub.dbname}"')
    hubmod.setup_hub(hub.admin_dsn)
    hubmod.create_staff_login(hub.admin_dsn, staff_id="another-centers-staff", username="kim", password=PASSWORD)
    with pytest.raises(ValidationError, match="다른 센터 서버"):
        new_laptop(hub, tmp_path, "laptop.db")
    assert path.stat().st_size == before and partial_join(path) is not None

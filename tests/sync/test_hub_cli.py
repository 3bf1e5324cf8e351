"""`python -m app hub …` and `python -m app join`, run in-process against a real PostgreSQL hub:
an administrator sets the hub up and hands out logins, a laptop joins, a lost laptop is revoked."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import select

from app.__main__ import main
from app.sync import hub as hubmod
from app.sync import settings as hubsettings
from app.sync.client import SyncClient
from app.sync.errors import DeviceRevokedError
from app.services import accounts
from models.entities import Case
from models.keyslots import open_with_password

from ..conftest import PASSWORD
from ..workflow_helpers import intake_case
from . import pg
from .conftest import new_hub_db

HUB_PASSWORD = "hub-password-77"


@pytest.fixture
def server(pg_cluster, monkeypatch):
    """An empty database on the throwaway cluster, and the administrator's DSN without a password
    (it comes from PGPASSWORD, as the README tells administrators)."""
    dbname = new_hub_db(pg_cluster)
    monkeypatch.setenv("PGPASSWORD", pg.SUPERUSER_PASSWORD)
    monkeypatch.setenv("ADMIN_PW", PASSWORD)
    monkeypatch.setenv("HUB_PW", HUB_PASSWORD)
    dsn = f"host=127.0.0.1 port={pg_cluster.port} dbname={dbname} user={pg.SUPERUSER}"
    return pg_cluster, dbname, dsn


def hub_args(dsn, cluster, *more):
    return ["--dsn", dsn, "--ca-file", str(cluster.ca_file), *more]


def test_an_administrator_sets_up_the_hub_and_a_laptop_joins(server, admin_ctx, staff_ids, db_path, tmp_path, capsys,
                                                             monkeypatch):
    cluster, dbname, dsn = server
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0
    assert f"버전 {hubmod.hub_schema_version()}" in capsys.readouterr().out
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0          # running it again is harmless

    for user, extra in (("admin", ["--hub-admin"]), ("kim", [])):
        assert main(["hub", "add-staff", *hub_args(dsn, cluster, "--db", str(db_path), "--user", user,
                                                   "--password-env", "ADMIN_PW", "--hub-password-env", "HUB_PW",
                                                   *extra)]) == 0
    assert "기관 암호화 키 포함" in capsys.readouterr().out

    # The administrator's office PC sends the center; 김사례 gets a case from the office.
    settings = hubsettings.HubSettings("127.0.0.1", cluster.port, dbname, "admin", str(cluster.ca_file))
    SyncClient(admin_ctx, settings.dsn(HUB_PASSWORD)).sync()
    kim_office = accounts.sign_in(db_path, "kim", PASSWORD)     # the office PC is shared: kim syncs as kim
    case_id, _ = intake_case(kim_office)
    SyncClient(kim_office, hubsettings.HubSettings("127.0.0.1", cluster.port, dbname, "kim",
                                                   str(cluster.ca_file)).dsn(HUB_PASSWORD)).sync()
    accounts.sign_out(kim_office)

    laptop = tmp_path / "laptop" / "kim.db"
    monkeypatch.setenv("LAPTOP_PW", "laptop-password-1")
    assert main(["join", "--db", str(laptop), "--host", "127.0.0.1", "--port", str(cluster.port),
                 "--database", dbname, "--user", "kim", "--ca-file", str(cluster.ca_file),
                 "--hub-password-env", "HUB_PW", "--password-env", "LAPTOP_PW"]) == 0
    assert "센터에 연결했습니다" in capsys.readouterr().out

    ctx = accounts.sign_in(laptop, "kim", "laptop-password-1")
    try:
        with ctx.session() as s:
            assert s.scalars(select(Case.id)).all() == [case_id]
        assert ctx.store.center_key() == admin_ctx.store.center_key()
        assert hubsettings.load(ctx) == settings.__class__("127.0.0.1", cluster.port, dbname, "kim",
                                                           str(cluster.ca_file))
        device = ctx.device_id
    finally:
        accounts.sign_out(ctx)

    # The laptop is lost: the administrator finds it and stops it.
    assert main(["hub", "devices", *hub_args(dsn, cluster)]) == 0
    listing = capsys.readouterr().out
    assert device in listing and "staff_kim" in listing
    assert main(["hub", "revoke-device", *hub_args(dsn, cluster, "--device", device)]) == 0
    ctx = accounts.sign_in(laptop, "kim", "laptop-password-1")
    try:
        with pytest.raises(DeviceRevokedError):
            SyncClient(ctx, hubsettings.load(ctx).dsn(HUB_PASSWORD)).sync()
    finally:
        accounts.sign_out(ctx)


def test_bad_input_gets_a_korean_message_and_changes_nothing(server, admin_ctx, staff_ids, db_path, tmp_path,
                                                             capsys, monkeypatch):
    cluster, dbname, dsn = server
    assert main(["hub", "add-staff", *hub_args(dsn, cluster, "--db", str(db_path), "--user", "kim",
                                               "--password-env", "ADMIN_PW", "--hub-password-env", "HUB_PW")]) == 2
    assert "먼저 'python -m app hub setup'" in capsys.readouterr().err
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0
    capsys.readouterr()

    cases = [
        (["--user", "nobody"], "직원"),                                # no such staff member
        (["--user", "kim", "--admin", "kim"], "관리자만"),             # a case manager may not
    ]
    for extra, message in cases:
        code = main(["hub", "add-staff", *hub_args(dsn, cluster, "--db", str(db_path), "--password-env", "ADMIN_PW",
                                                   "--hub-password-env", "HUB_PW", *extra)])
        assert code == 2 and message in capsys.readouterr().err
    monkeypatch.setenv("HUB_PW", "short")
    assert main(["hub", "add-staff", *hub_args(dsn, cluster, "--db", str(db_path), "--user", "kim",
                                               "--password-env", "ADMIN_PW", "--hub-password-env", "HUB_PW")]) == 2
    assert "비밀번호는 10자 이상" in capsys.readouterr().err
    assert hub_logins(cluster, dbname) == []

    assert main(["hub", "revoke-device", *hub_args(dsn, cluster, "--device", "no-such-device")]) == 2
    assert "기기" in capsys.readouterr().err

    # A wrong hub password at join: a clear message and no file left behind.
    laptop = tmp_path / "laptop.db"
    monkeypatch.setenv("LAPTOP_PW", "laptop-password-1")
    monkeypatch.setenv("HUB_PW", "wrong-password-1")
    code = main(["join", "--db", str(laptop), "--host", "127.0.0.1", "--port", str(cluster.port), "--database",
                 dbname, "--user", "kim", "--ca-file", str(cluster.ca_file), "--hub-password-env", "HUB_PW",
                 "--password-env", "LAPTOP_PW"])
    assert code == 2 and "계정" in capsys.readouterr().err
    assert list(tmp_path.glob("laptop.db*")) == []

    # A server that is not there.
    code = main(["hub", "setup", "--dsn", f"host=127.0.0.1 port={pg._free_port()} dbname=x user=y"])
    assert code == 2 and "연결할 수 없습니다" in capsys.readouterr().err


def hub_logins(cluster, dbname):
    with psycopg.connect(cluster.dsn(dbname), autocommit=True) as conn:
        return conn.execute("SELECT role_name FROM hub.account").fetchall()


def test_reset_password_rewraps_the_key(server, admin_ctx, staff_ids, db_path, monkeypatch):
    cluster, dbname, dsn = server
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0
    args = hub_args(dsn, cluster, "--db", str(db_path), "--user", "kim", "--password-env", "ADMIN_PW",
                    "--hub-password-env", "HUB_PW")
    assert main(["hub", "add-staff", *args]) == 0
    monkeypatch.setenv("HUB_PW", "new-hub-password-2")
    assert main(["hub", "add-staff", *args]) == 0
    with psycopg.connect(cluster.dsn(dbname), autocommit=True) as conn:
        slot = conn.execute("SELECT slot FROM hub.key_slot WHERE role_name = 'staff_kim'").fetchone()[0]
    assert open_with_password(slot, "new-hub-password-2", hubmod.CENTER_KEY_PURPOSE) == admin_ctx.store.center_key()


def test_add_staff_never_hands_out_a_second_center_key(server, admin_ctx, staff_ids, db_path, tmp_path, capsys):
    """Review finding: an administrator's store without the center key (joined before any copy was
    handed out) made a new key of its own, and the center ended up with two."""
    cluster, dbname, dsn = server
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0
    args = hub_args(dsn, cluster, "--db", str(db_path), "--password-env", "ADMIN_PW", "--hub-password-env", "HUB_PW")
    assert main(["hub", "add-staff", *args, "--user", "kim"]) == 0
    other = tmp_path / "second-admin-pc.db"
    second = accounts.create_database(other, accounts.NewCenter(name="다른 관리자 PC"), admin_username="admin",
                                      admin_name="관리자", admin_password=PASSWORD)   # its own, different key
    second.store.close()
    capsys.readouterr()
    code = main(["hub", "add-staff", *hub_args(dsn, cluster, "--db", str(other), "--password-env", "ADMIN_PW",
                                               "--hub-password-env", "HUB_PW", "--user", "admin")])
    assert code == 2 and "기관 암호화 키" in capsys.readouterr().err
    assert hub_logins(cluster, dbname) == [("staff_kim",)]

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


def test_hub_backup_and_restore_from_the_command_line(server, admin_ctx, staff_ids, db_path, tmp_path, capsys,
                                                     monkeypatch):
    """The administrator backs the hub up, later restores it; the password only ever in PGPASSWORD."""
    cluster, dbname, dsn = server
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0
    assert main(["hub", "add-staff", *hub_args(dsn, cluster, "--db", str(db_path), "--user", "admin", "--hub-admin",
                                               "--password-env", "ADMIN_PW", "--hub-password-env", "HUB_PW")]) == 0
    settings = hubsettings.HubSettings("127.0.0.1", cluster.port, dbname, "admin", str(cluster.ca_file))
    SyncClient(admin_ctx, settings.dsn(HUB_PASSWORD)).sync()
    capsys.readouterr()

    out = tmp_path / "hub-backup.dump"
    assert main(["hub", "backup", *hub_args(dsn, cluster, "--out", str(out))]) == 0
    printed = capsys.readouterr().out
    assert "서버 백업을 만들었습니다" in printed and "add-staff" in printed
    assert out.is_file() and out.stat().st_mode & 0o077 == 0
    assert main(["hub", "backup", *hub_args(dsn, cluster, "--out", str(out))]) == 2     # never overwritten
    assert "이미 있습니다" in capsys.readouterr().err

    office = accounts.sign_in(db_path, "admin", PASSWORD)
    intake_case(office)                                       # pushed after the backup
    SyncClient(office, settings.dsn(HUB_PASSWORD)).sync()
    accounts.sign_out(office)
    [(cases_now,)] = hub_count(cluster, dbname)

    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:   # a center that lets only staff connect
        conn.execute(f'REVOKE CONNECT ON DATABASE "{dbname}" FROM PUBLIC')
        conn.execute(f'GRANT CONNECT ON DATABASE "{dbname}" TO hub_staff')
        acl_before = database_acl(conn, dbname)
    assert main(["hub", "restore", *hub_args(dsn, cluster, "--from", str(out))]) == 0
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        assert database_acl(conn, dbname) == acl_before
    printed = capsys.readouterr().out
    assert "세대 2" in printed and "_before_restore_" in printed and "관리자 PC를 먼저" in printed
    assert hub_count(cluster, dbname) == [(cases_now - 1,)]
    report = SyncClient(admin_ctx, settings.dsn(HUB_PASSWORD)).sync()
    assert report.hub_restored and hub_count(cluster, dbname) == [(cases_now,)]


def database_acl(conn, dbname):
    owner, acl = conn.execute("SELECT datdba, datacl::text[] FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    return owner, sorted(acl)


def hub_count(cluster, dbname):
    with psycopg.connect(cluster.dsn(dbname), autocommit=True) as conn:
        return conn.execute("SELECT count(*) FROM hub.record WHERE entity = 'case_file'").fetchall()


def test_hub_backup_and_restore_refuse_bad_input_in_korean(server, tmp_path, capsys, monkeypatch):
    cluster, dbname, dsn = server
    out = tmp_path / "hub.dump"
    # no hub there yet
    assert main(["hub", "backup", *hub_args(dsn, cluster, "--out", str(out))]) == 2
    assert "먼저 'python -m app hub setup'" in capsys.readouterr().err and not out.exists()
    assert main(["hub", "setup", *hub_args(dsn, cluster)]) == 0
    assert main(["hub", "backup", *hub_args(dsn, cluster, "--out", str(tmp_path / "nowhere" / "x.dump"))]) == 2
    assert "폴더가 없습니다" in capsys.readouterr().err
    assert main(["hub", "backup", *hub_args(dsn, cluster, "--out", str(out))]) == 0
    capsys.readouterr()
    databases = sorted(cluster_databases(cluster))

    cases = [
        (tmp_path / "missing.dump", "백업 파일이 없습니다"),
        (garbled(tmp_path), "읽을 수 없습니다"),
        (other_dump(cluster, tmp_path), "읽을 수 없습니다"),          # a real dump, of something else
    ]
    for path, message in cases:
        assert main(["hub", "restore", *hub_args(dsn, cluster, "--from", str(path))]) == 2
        assert message in capsys.readouterr().err
    # a DSN that names a database with other data in it
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "not_a_hub"')
    with psycopg.connect(cluster.dsn("not_a_hub"), autocommit=True) as conn:
        conn.execute("CREATE TABLE payroll (id int)")
    wrong = dsn.replace(f"dbname={dbname}", "dbname=not_a_hub")
    assert main(["hub", "restore", *hub_args(wrong, cluster, "--from", str(out))]) == 2
    assert "다른 자료가 있어 복원하지 않았습니다" in capsys.readouterr().err
    maintenance = dsn.replace(f"dbname={dbname}", "dbname=postgres")
    assert main(["hub", "restore", *hub_args(maintenance, cluster, "--from", str(out))]) == 2
    assert "관리용 데이터베이스(postgres)" in capsys.readouterr().err
    # a database that is not there (a new server: made first), a server that is not there, a wrong password
    missing = dsn.replace(f"dbname={dbname}", "dbname=sarye_hub_new")
    assert main(["hub", "restore", *hub_args(missing, cluster, "--from", str(out))]) == 2
    assert "데이터베이스 sarye_hub_new가 없습니다" in capsys.readouterr().err
    code = main(["hub", "restore", "--dsn", f"host=127.0.0.1 port={pg._free_port()} dbname=x user=y",
                 "--from", str(out)])
    assert code == 2 and "연결할 수 없습니다" in capsys.readouterr().err
    monkeypatch.setenv("PGPASSWORD", "wrong-password")
    assert main(["hub", "restore", *hub_args(dsn, cluster, "--from", str(out))]) == 2
    assert "계정" in capsys.readouterr().err
    monkeypatch.setenv("PGPASSWORD", pg.SUPERUSER_PASSWORD)
    assert sorted(cluster_databases(cluster)) == sorted(databases + ["not_a_hub"])   # nothing made, nothing swapped
    with psycopg.connect(cluster.dsn(dbname), autocommit=True) as conn:
        assert conn.execute("SELECT number FROM hub.generation").fetchall() == [(1,)]

    # no pg_dump anywhere
    from app.sync import hub_backup
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.setattr(hub_backup, "TOOL_DIRS", str(tmp_path / "empty"))
    assert main(["hub", "backup", *hub_args(dsn, cluster, "--out", str(tmp_path / "y.dump"))]) == 2
    err = capsys.readouterr().err
    assert "PostgreSQL 도구(pg_dump)를 찾을 수 없습니다" in err and "postgresql-client" in err


def cluster_databases(cluster) -> list[str]:
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        return [name for (name,) in conn.execute("SELECT datname FROM pg_database WHERE NOT datistemplate")]


def garbled(tmp_path):
    path = tmp_path / "garbled.dump"
    path.write_bytes(b"PGDMP" + bytes(range(256)) * 40)
    return path


def other_dump(cluster, tmp_path):
    """A custom-format dump of a database that is not a hub."""
    import os
    import subprocess
    from app.sync.hub_backup import find_tool
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute('CREATE DATABASE "some_app"')
    with psycopg.connect(cluster.dsn("some_app"), autocommit=True) as conn:
        conn.execute("CREATE TABLE record (id int)")
    path = tmp_path / "some_app.dump"
    subprocess.run([str(find_tool("pg_dump")), "-Fc", "-f", str(path),
                    f"--dbname=host=127.0.0.1 port={cluster.port} dbname=some_app user={pg.SUPERUSER}"],
                   check=True, env={**os.environ, "PGPASSWORD": pg.SUPERUSER_PASSWORD})
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute('DROP DATABASE "some_app"')
    return path

"""Backup and restore of the hub database, around PostgreSQL's own pg_dump and pg_restore.

    backup_hub(dsn_admin, out)       pg_dump of schema `hub`, custom format, checked before it is
                                     given its name (a file that is there is a whole backup)
    restore_hub(dsn_admin, source)   pg_restore into a new database in one transaction, upgraded by
                                     setup_hub and given a new hub generation; then swapped in
                                     for the old one under its name, which is kept renamed

What a dump does not hold: roles are the cluster's, not the database's. The staff login roles
(their passwords), hub_owner and hub_staff, and who belongs to hub_staff live outside it. On the
same server they are still there; on a new server (or for anyone given a login or a new password
after the backup) the administrator runs `hub add-staff` again, which makes the login and its
sealed copy of the center's key; restore_hub lists the hub accounts that have no login.

Passwords never reach a command line: a password in the DSN is handed to the tools in PGPASSWORD,
otherwise they read PGPASSWORD or ~/.pgpass themselves as libpq does.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import psycopg
from psycopg import sql

from app.services.errors import ValidationError
from app.services.particles import particle

from . import hub as hubmod

log = logging.getLogger(__name__)

TOOL_DIRS = "/usr/lib/postgresql"
_PRIVILEGE = ("이 관리자 계정에는 데이터베이스를 만들 권한이 없습니다. CREATEDB와 CREATEROLE 권한이 있는 계정"
              "(예: postgres)으로 실행하세요.")
_DAMAGED = ("백업 파일을 읽을 수 없습니다. 파일이 손상되었거나 잘렸거나, 'python -m app hub backup'으로 만든 "
            "파일이 아닙니다. 서버는 바뀌지 않았습니다.")


@dataclass(frozen=True)
class HubBackup:
    path: Path
    size: int
    schema: int               # the hub's schema version when it was dumped
    generation: int | None    # its generation number (None: a hub before schema 9)


@dataclass(frozen=True)
class HubRestore:
    database: str             # the hub's database, now holding the backup
    kept_as: str | None       # the database as it was before, renamed (None: it held no hub)
    schema: int               # after the upgrade setup_hub made
    generation: int
    restored_from: datetime | None   # the newest change in the backup
    missing_logins: list[str]        # hub accounts with no login role on this server: `hub add-staff`


def find_tool(name: str) -> Path:
    """pg_dump or pg_restore: on PATH, else the newest /usr/lib/postgresql/<version>/bin."""
    found = shutil.which(name)
    if found:
        return Path(found)
    versions = sorted((p for p in Path(TOOL_DIRS).glob(f"*/bin/{name}") if p.parent.parent.name.isdigit()),
                      key=lambda p: int(p.parent.parent.name))
    if versions:
        return versions[-1]
    raise ValidationError(f"PostgreSQL 도구({name})를 찾을 수 없습니다. postgresql-client 패키지를 설치하거나 "
                          "PATH에 추가하세요.")


def _tool_major(tool: Path) -> int:
    out = subprocess.run([str(tool), "--version"], capture_output=True, text=True, timeout=30).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(match.group(1)) if match else 0


def _for_tool(dsn: str, tls: hubmod.HubTls | None, dbname: str | None = None) -> tuple[str, dict[str, str]]:
    """The connection string for a libpq tool (this client's TLS rules; no password) and its
    environment (PGPASSWORD when the DSN carried one)."""
    params = psycopg.conninfo.conninfo_to_dict(hubmod.with_tls(dsn, tls))
    # require_auth is libpq 16's; the tools may link an older libpq. channel_binding=require (kept)
    # already means SCRAM bound to this TLS channel.
    params.pop("require_auth", None)
    password = params.pop("password", None)
    if dbname is not None:
        params["dbname"] = dbname
    env = dict(os.environ)
    if password:
        env["PGPASSWORD"] = str(password)
    return psycopg.conninfo.make_conninfo(**params), env


def _connect(dsn: str, tls: hubmod.HubTls | None, dbname: str | None = None) -> psycopg.Connection:
    if dbname is not None:
        params = psycopg.conninfo.conninfo_to_dict(dsn)
        params["dbname"] = dbname
        dsn = psycopg.conninfo.make_conninfo(**params)
    return psycopg.connect(hubmod.with_tls(dsn, tls), autocommit=True)


def _run(args: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    result = subprocess.run(args, env=env, capture_output=True, text=True, timeout=6 * 3600)
    if result.returncode != 0:
        # The tool's text may quote data or server details: only its exit status is logged.
        log.error("%s failed with exit status %d", what, result.returncode)
    return result


# --- backup --------------------------------------------------------------------------------------


def backup_hub(dsn_admin: str, out: Path, *, tls: hubmod.HubTls | None = None) -> HubBackup:
    pg_dump, pg_restore = find_tool("pg_dump"), find_tool("pg_restore")
    out = Path(out).expanduser()
    if out.exists():
        raise ValidationError(f"같은 이름의 파일이 이미 있습니다: {out}. 다른 파일 이름을 지정하세요.")
    if not out.parent.is_dir():
        raise ValidationError(f"백업을 저장할 폴더가 없습니다: {out.parent}")
    with _connect(dsn_admin, tls) as conn:
        schema = conn.execute("SELECT max(version) FROM hub.schema_version").fetchone()[0]
        server_major = conn.info.server_version // 10000
        generation = None
        if schema >= 9:
            generation = conn.execute("SELECT number FROM hub.generation").fetchone()[0]
    if _tool_major(pg_dump) < server_major:
        raise ValidationError(f"pg_dump 버전이 서버(PostgreSQL {server_major})보다 낮습니다. 서버와 같거나 새 버전의 "
                              "postgresql-client를 설치하세요.")
    conninfo, env = _for_tool(dsn_admin, tls)
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    # Made first, readable by its owner only: the dump holds the center's records.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        dumped = _run([str(pg_dump), "--format=custom", "--schema=hub", "--no-password", f"--file={partial}",
                       f"--dbname={conninfo}"], env, "pg_dump")
        if dumped.returncode != 0:
            raise ValidationError("서버 백업을 만들지 못했습니다. 접속 문자열과 권한, 디스크 공간을 확인하세요. "
                                  "백업 파일은 만들어지지 않았습니다.")
        if not _is_hub_dump(pg_restore, partial):
            raise ValidationError("만든 백업 파일을 확인하지 못했습니다. 백업 파일은 만들어지지 않았습니다.")
        os.replace(partial, out)
    finally:
        partial.unlink(missing_ok=True)
    return HubBackup(out, out.stat().st_size, schema, generation)


def _is_hub_dump(pg_restore: Path, path: Path) -> bool:
    """A whole custom-format dump of a hub: its table of contents reads, and holds the hub's tables."""
    listing = _run([str(pg_restore), "--list", str(path)], dict(os.environ), "pg_restore --list")
    if listing.returncode != 0:
        return False
    entries = {tuple(line.split()[3:7]) for line in listing.stdout.splitlines()
               if line and not line.startswith(";") and len(line.split()) >= 7}
    return {("TABLE", "DATA", "hub", "record"), ("TABLE", "DATA", "hub", "schema_version")} <= entries


# --- restore -------------------------------------------------------------------------------------


def restore_hub(dsn_admin: str, source: Path, *, tls: hubmod.HubTls | None = None) -> HubRestore:
    """The hub's database replaced by the backup, or (any failure) left exactly as it was."""
    pg_restore = find_tool("pg_restore")
    source = Path(source).expanduser()
    if not source.is_file():
        raise ValidationError(f"백업 파일이 없습니다: {source}")
    if not _is_hub_dump(pg_restore, source):
        raise ValidationError(_DAMAGED)

    try:
        conn = _connect(dsn_admin, tls)
    except psycopg.OperationalError as e:
        text = str(e)   # a connection refused this way carries no SQLSTATE: the server's words (lc_messages C)
        if getattr(e, "sqlstate", None) == "3D000" or ("database" in text and "does not exist" in text):
            # a new server: the database is made first
            name = psycopg.conninfo.conninfo_to_dict(dsn_admin).get("dbname") or "?"
            raise ValidationError(f"서버에 데이터베이스 {particle(str(name), '이/가')} 없습니다. 먼저 만든 뒤"
                                  f"(예: createdb {name}) 다시 실행하세요.") from None
        raise
    with conn:
        target = conn.execute("SELECT current_database()").fetchone()[0]
        has_hub = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'hub'").fetchone() is not None
        # Tables outside the hub's schema would not come back with the dump: not this program's to move.
        other = conn.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                             "WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema', "
                             "'hub') AND n.nspname NOT LIKE 'pg_toast%'").fetchone()[0]
    if target in ("postgres", "template0", "template1"):
        raise ValidationError(f"관리용 데이터베이스({target})에는 복원하지 않습니다. 접속 문자열의 dbname에 동기화 서버의 "
                              "데이터베이스를 지정하세요.")
    if other:
        raise ValidationError(f"데이터베이스 {target}에는 동기화 서버가 아닌 다른 자료가 있어 복원하지 않았습니다. "
                              "접속 문자열의 dbname을 확인하세요.")
    stamp = datetime.now().strftime("%Y%m%d%H%M%S")
    staging = f"{target[:40]}_restoring_{stamp}"
    kept = f"{target[:36]}_before_restore_{stamp}"

    maintenance = _maintenance(dsn_admin, tls)
    try:
        try:
            maintenance.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(staging)))
        except psycopg.errors.InsufficientPrivilege:
            raise ValidationError(_PRIVILEGE) from None
        try:
            result = _restore_into(dsn_admin, tls, pg_restore, source, staging, maintenance)
            _swap(maintenance, target, staging, kept)
        except BaseException:
            maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(staging)))
            raise
        if not has_hub:   # it was empty: nothing to keep
            maintenance.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(kept)))
            kept = None
    finally:
        maintenance.close()
    return HubRestore(target, kept, *result)


def _maintenance(dsn_admin: str, tls: hubmod.HubTls | None) -> psycopg.Connection:
    """A connection to the server's maintenance database, from which databases are made and renamed."""
    for name in ("postgres", "template1"):
        try:
            return _connect(dsn_admin, tls, name)
        except psycopg.OperationalError as e:
            error = e
    raise error


def _restore_into(dsn_admin, tls, pg_restore: Path, source: Path, staging: str, maintenance) -> tuple:
    # Roles are the cluster's: the dump names hub_owner (owner) and hub_staff (grants).
    hubmod.ensure_roles(maintenance)
    conninfo, env = _for_tool(dsn_admin, tls, staging)
    restored = _run([str(pg_restore), "--single-transaction", "--exit-on-error", "--no-password",
                     f"--dbname={conninfo}", str(source)], env, "pg_restore")
    if restored.returncode != 0:
        raise ValidationError("백업을 복원하지 못했습니다(파일 손상, 권한 또는 디스크 공간). 서버는 바뀌지 않았습니다.")
    params = psycopg.conninfo.conninfo_to_dict(dsn_admin)
    params["dbname"] = staging
    staging_dsn = psycopg.conninfo.make_conninfo(**params)
    with _connect(staging_dsn, tls) as conn:
        version = conn.execute("SELECT max(version) FROM hub.schema_version").fetchone()[0]
    if version > hubmod.hub_schema_version():
        raise ValidationError("이 백업은 이 프로그램보다 새 버전의 서버에서 만들었습니다. 프로그램을 업데이트한 뒤 "
                              "복원하세요. 서버는 바뀌지 않았습니다.")
    schema = hubmod.setup_hub(staging_dsn, tls=tls)   # an older backup is upgraded; functions as today's
    with _connect(staging_dsn, tls) as conn:
        with conn.transaction():
            conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(hubmod.OWNER_ROLE)))
            generation = conn.execute("SELECT hub.new_generation()").fetchone()[0]
        missing = [r for (r,) in conn.execute(
            "SELECT a.role_name FROM hub.account a WHERE a.active AND NOT EXISTS ("
            "SELECT 1 FROM pg_roles r WHERE r.rolname = a.role_name AND r.rolcanlogin "
            "AND pg_has_role(r.oid, 'hub_staff', 'MEMBER')) ORDER BY 1")]
    since = generation.get("restored_from")
    return (schema, int(generation["generation_number"]),
            datetime.fromtimestamp(float(since), timezone.utc) if since is not None else None, missing)


_DATABASE_PRIVILEGES = (("C", "CREATE"), ("T", "TEMPORARY"), ("c", "CONNECT"))


def _copy_owner_and_grants(maintenance: psycopg.Connection, target: str, staging: str) -> None:
    """The database's owner and its grants (who may connect: pg_hba's +hub_staff often goes with a
    REVOKE CONNECT FROM PUBLIC) are the server's, not in the dump: the restored one takes the old ones."""
    owner, acl = maintenance.execute("SELECT pg_get_userbyid(datdba)::text, datacl::text[] FROM pg_database "
                                     "WHERE datname = %s", (target,)).fetchone()
    s = sql.Identifier(staging)
    maintenance.execute(sql.SQL("ALTER DATABASE {} OWNER TO {}").format(s, sql.Identifier(owner)))
    if acl is None:   # the defaults
        return
    maintenance.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM PUBLIC").format(s))
    for item in acl:   # "grantee=privileges/grantor"; an empty grantee is PUBLIC
        grantee, rest = item.split("=", 1)
        granted = [name for letter, name in _DATABASE_PRIVILEGES if letter in rest.split("/", 1)[0]]
        if granted:
            who = sql.SQL("PUBLIC") if not grantee else sql.Identifier(grantee.strip('"'))
            maintenance.execute(sql.SQL("GRANT {} ON DATABASE {} TO {}").format(
                sql.SQL(", ").join(map(sql.SQL, granted)), s, who))


def _swap(maintenance: psycopg.Connection, target: str, staging: str, kept: str) -> None:
    """The restored database takes the hub's name in one transaction; devices connected to the old
    one are disconnected first (their sync stops, and is simply run again)."""
    t, s, k = sql.Identifier(target), sql.Identifier(staging), sql.Identifier(kept)
    _copy_owner_and_grants(maintenance, target, staging)
    maintenance.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS false").format(t))
    try:
        for attempt in range(20):
            maintenance.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                "WHERE datname = %s AND pid <> pg_backend_pid()", (target,))
            try:
                with maintenance.transaction():
                    maintenance.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(t, k))
                    maintenance.execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(s, t))
                return
            except psycopg.errors.ObjectInUse:
                time.sleep(0.25)   # a terminated session takes a moment to end
        raise ValidationError("서버에 연결된 세션이 끝나지 않아 복원을 마치지 못했습니다. 잠시 후 다시 실행하세요. "
                              "서버는 바뀌지 않았습니다.")
    except BaseException:
        maintenance.execute(sql.SQL("ALTER DATABASE {} ALLOW_CONNECTIONS true").format(t))
        raise

"""The PostgreSQL hub: schema set-up and upgrades, staff logins, and the calls a device makes.

Tables change by numbered migrations (resources/hub/migrations/NNN_name.sql), applied in order once
each and recorded in hub.schema_version; the functions and grants live in their current form in
resources/hub/functions/, applied again by every setup. Objects belong to the NOLOGIN role
hub_owner; staff log in with their own LOGIN roles, members of hub_staff, which may only EXECUTE
the SECURITY DEFINER entry points (hello, register_device, push_changes, pull_changes,
field_key_slot, claim_case_code).

Every connection uses TLS (HubTls, with_tls): verify-full against the center's CA when its file
is configured, at least require otherwise; clear text only for the loopback tests, by name.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Callable, Iterator

import psycopg
from psycopg import sql
from psycopg.types.json import Jsonb

from app.paths import resources_dir
from models.keyslots import KdfParams, seal_with_password
from models.store import key_id

from .errors import (DeviceOwnerError, DeviceRevokedError, HubCertificateError, InsecureConnectionError,
                     NoNetworkError, SyncError, UpdateRequiredError, WrongCredentialsError)

OWNER_ROLE = "hub_owner"
STAFF_GROUP = "hub_staff"
_SETUP_LOCK = 7382000
_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


def hub_sql_dir() -> Path:
    return resources_dir() / "hub"


# Applied in this order after the migrations, on every setup: the hub's functions are these files.
FUNCTION_FILES = ("access.sql", "records.sql", "keys.sql", "conflicts.sql", "push.sql", "pull.sql",
                  "destroy.sql", "generation.sql", "devices.sql", "grants.sql")


def migration_files() -> list[tuple[int, Path]]:
    files = []
    for path in sorted((hub_sql_dir() / "migrations").glob("[0-9][0-9][0-9]_*.sql")):
        files.append((int(path.name[:3]), path))
    return files


def function_files() -> list[Path]:
    folder = hub_sql_dir() / "functions"
    unlisted = {p.name for p in folder.glob("*.sql")} - set(FUNCTION_FILES)
    if unlisted:   # it would never be applied, and its functions dropped at every setup
        raise RuntimeError(f"hub function files missing from FUNCTION_FILES: {sorted(unlisted)}")
    return [folder / name for name in FUNCTION_FILES]


def hub_schema_version() -> int:
    """The hub schema version this client was written against (its newest migration)."""
    return max(v for v, _ in migration_files())


SECURE_MODES = ("require", "verify-ca", "verify-full")
INSECURE_MODES = ("disable", "allow", "prefer")   # may fall back to (or start with) clear text


@dataclass(frozen=True)
class HubTls:
    """How a connection to the hub is protected; overrides sslmode/sslrootcert given in the DSN.

    sslrootcert: the center's CA certificate file (resources/hub/README.md, "TLS"); with it the
    default mode is verify-full (the hub's certificate must be signed by that CA and name the host
    connected to). Without it the default is require: always encrypted, the server unverified.
    disable/allow/prefer are refused unless insecure_lan_test, which only the loopback tests set.
    """
    sslmode: str | None = None
    sslrootcert: str | None = None
    insecure_lan_test: bool = False


def tls_problem(sslmode: str | None, sslrootcert: str | None, insecure_lan_test: bool = False) -> str | None:
    """Why these settings are not acceptable (a Korean sentence for the settings form), or None."""
    if sslmode and sslmode not in SECURE_MODES + INSECURE_MODES:
        return "암호화 방식(sslmode)은 verify-full, verify-ca, require 중 하나여야 합니다."
    if sslmode in INSECURE_MODES and not insecure_lan_test:
        return InsecureConnectionError.default
    if sslrootcert and sslrootcert != "system" and not Path(sslrootcert).is_file():
        return "서버 인증서(CA) 파일을 찾을 수 없습니다. 파일 위치를 확인하세요."
    return None


def with_tls(dsn: str, tls: HubTls | None = None) -> str:
    """The DSN with this client's connection rules: TLS always (see HubTls), a timeout, a name."""
    tls = tls or HubTls()
    params = psycopg.conninfo.conninfo_to_dict(dsn)
    if tls.sslrootcert:
        params["sslrootcert"] = tls.sslrootcert
    if tls.sslmode:
        params["sslmode"] = tls.sslmode
    params.setdefault("sslmode", "verify-full" if params.get("sslrootcert") else "require")
    problem = tls_problem(params["sslmode"], params.get("sslrootcert"), tls.insecure_lan_test)
    if problem is not None:
        raise InsecureConnectionError() if params["sslmode"] in INSECURE_MODES else SyncError(problem)
    # The password only ever as a SCRAM proof bound to this TLS channel: a server (or something
    # posing as one) that asks for it in clear, or relays the exchange, gets nothing. The hub
    # password also opens the login's copy of the center's field key (006_key_slots).
    params["require_auth"] = "scram-sha-256"
    if params["sslmode"] not in INSECURE_MODES:   # no channel to bind to in the loopback-only clear-text test
        params["channel_binding"] = "require"
    params.setdefault("connect_timeout", "10")
    params.setdefault("application_name", "saryegwanri-sync")
    return psycopg.conninfo.make_conninfo(**params)


def dsn_password(dsn: str) -> str | None:
    """The password a DSN carries (it also opens the login's copy of the center's field key)."""
    return psycopg.conninfo.conninfo_to_dict(dsn).get("password") or None


# --- administration (run with an administrator's DSN, never by a device) ----------------------


def setup_hub(dsn_admin: str, *, tls: HubTls | None = None) -> int:
    """Create or upgrade the hub schema. Idempotent and safe to run concurrently; returns the version.

    The pending migrations and then every function file run in one transaction: a file that fails
    leaves the hub as it was, at its previous version."""
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_SETUP_LOCK,))
        try:
            with conn.transaction():
                _bootstrap(conn)
            with conn.transaction():
                conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER_ROLE)))
                applied = {row[0] for row in conn.execute("SELECT version FROM hub.schema_version")}
                for version, path in migration_files():
                    if version in applied:
                        continue
                    conn.execute(path.read_text("utf-8"))
                    conn.execute("INSERT INTO hub.schema_version (version, name) VALUES (%s, %s)",
                                 (version, path.stem))
                _replace_functions(conn)
            return conn.execute("SELECT max(version) FROM hub.schema_version").fetchone()[0]
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_SETUP_LOCK,))


def _replace_functions(conn: psycopg.Connection) -> None:
    """Every function of the hub schema dropped and made again from the function files, so that a
    fresh and an upgraded hub end with the same functions and grants, and one taken out of the files
    goes. No table, index or default may use a hub function: the drop would fail (never CASCADE)."""
    routines = [row[0] for row in conn.execute(
        "SELECT p.oid::regprocedure::text FROM pg_proc p "
        "WHERE p.pronamespace = 'hub'::regnamespace AND p.prokind IN ('f', 'p') ORDER BY p.oid")]
    if routines:   # regprocedure's text names the same function again under this search_path
        conn.execute(sql.SQL("DROP ROUTINE {}").format(sql.SQL(", ").join(map(sql.SQL, routines))))
    for path in function_files():
        conn.execute(path.read_text("utf-8"))


def ensure_roles(conn: psycopg.Connection) -> None:
    """The hub's two NOLOGIN roles (the cluster's, not the database's: a restored dump needs them),
    and the administrator in hub_owner."""
    for role in (OWNER_ROLE, STAFF_GROUP):
        exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    me = conn.execute("SELECT current_user").fetchone()[0]
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(OWNER_ROLE), sql.Identifier(me)))


def _bootstrap(conn: psycopg.Connection) -> None:
    """Roles and the empty schema: the part that cannot live in a file run as hub_owner."""
    ensure_roles(conn)
    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS hub AUTHORIZATION {}").format(sql.Identifier(OWNER_ROLE)))
    conn.execute("REVOKE ALL ON SCHEMA hub FROM PUBLIC")
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA hub TO {}").format(sql.Identifier(STAFF_GROUP)))
    conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER_ROLE)))
    conn.execute("CREATE TABLE IF NOT EXISTS hub.schema_version (version integer PRIMARY KEY, name text NOT NULL, "
                 "applied_at timestamptz NOT NULL DEFAULT now())")
    conn.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA hub REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    conn.execute("RESET ROLE")


def login_role_name(username: str) -> str:
    name = "staff_" + username.lower().replace(".", "_").replace("-", "_")
    if not _ROLE_NAME.match(name):
        raise ValueError("hub login names use letters, digits, '.', '_' and '-' only")
    return name


CENTER_KEY_PURPOSE = b"center-field-key"   # bound into the sealed copy: it opens for nothing else


def create_staff_login(dsn_admin: str, *, staff_id: str, username: str, password: str,
                       hub_admin: bool = False, tls: HubTls | None = None, center_key: bytes | None = None,
                       kdf: KdfParams | None = None) -> str:
    """A LOGIN role for one staff member, in hub_staff, mapped to their staff id. Returns the role name.

    The password is turned into a SCRAM verifier on this side (libpq), so the clear text never
    reaches the server or its statement log. Running it again changes the password.
    With `center_key` (the center's field key, from the administrator's store), the login also
    gets its own sealed copy of it, under an Argon2id key from the same password (006_key_slots).
    """
    role = login_role_name(username)
    slot = seal_with_password(center_key, password, CENTER_KEY_PURPOSE, kdf) if center_key else None
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        verifier = conn.pgconn.encrypt_password(password.encode("utf-8"), role.encode("ascii"),
                                                b"scram-sha-256").decode("ascii")
        with conn.transaction():
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
            verb = "ALTER" if exists else "CREATE"
            conn.execute(sql.SQL(verb + " ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD {}")
                         .format(sql.Identifier(role), sql.Literal(verifier)))
            conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(STAFF_GROUP), sql.Identifier(role)))
            conn.execute("INSERT INTO hub.account (role_name, staff_id, is_admin) VALUES (%s, %s, %s) "
                         "ON CONFLICT (role_name) DO UPDATE SET staff_id = excluded.staff_id, "
                         "is_admin = excluded.is_admin, active = true", (role, staff_id, hub_admin))
            if slot is not None:
                conn.execute("INSERT INTO hub.key_slot (role_name, slot, key_id) VALUES (%s, %s, %s) "
                             "ON CONFLICT (role_name) DO UPDATE SET slot = excluded.slot, key_id = excluded.key_id, "
                             "created_at = now()", (role, Jsonb(slot), key_id(center_key)))
    return role


def center_key_ids(dsn_admin: str, tls: HubTls | None = None) -> set[str]:
    """The public ids of the center keys the hub's logins hold copies of (one, when all is well)."""
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        return {row[0] for row in conn.execute("SELECT DISTINCT key_id FROM hub.key_slot")}


def disable_staff_login(dsn_admin: str, username: str, tls: HubTls | None = None) -> None:
    """The login can no longer connect, and leaves every device it used: those devices stop
    holding what only this person could see."""
    role = login_role_name(username)
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        with conn.transaction():
            conn.execute("UPDATE hub.account SET active = false WHERE role_name = %s", (role,))
            conn.execute("DELETE FROM hub.device_user u USING hub.account a "
                         "WHERE a.role_name = %s AND u.staff_id = a.staff_id "
                         "AND NOT EXISTS (SELECT 1 FROM hub.account b WHERE b.staff_id = a.staff_id AND b.active)",
                         (role,))
            conn.execute(sql.SQL("ALTER ROLE {} NOLOGIN").format(sql.Identifier(role)))


def revoke_device(dsn_admin: str, device_id: str, tls: HubTls | None = None) -> bool:
    """A lost or retired laptop: it can no longer push or pull. False when no such device exists."""
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        conn.execute("UPDATE hub.device SET revoked_at = coalesce(revoked_at, now()) WHERE device_id = %s",
                     (device_id,))
        return conn.execute("SELECT 1 FROM hub.device WHERE device_id = %s", (device_id,)).fetchone() is not None


@dataclass(frozen=True)
class DeviceRow:
    device_id: str
    login: str | None       # the hub logins of the staff members who sync it, the first first
    name: str               # the computer's name
    registered_at: datetime
    last_seen: datetime | None
    revoked_at: datetime | None


def list_devices(dsn_admin: str, tls: HubTls | None = None) -> list[DeviceRow]:
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        rows = conn.execute("SELECT d.device_id, (SELECT string_agg(a.role_name, ', ' ORDER BY a.staff_id <> d.staff_id, "
                            "a.role_name) FROM hub.device_user u JOIN hub.account a ON a.staff_id = u.staff_id "
                            "WHERE u.device_id = d.device_id), "
                            "d.name, d.registered_at, d.last_seen, d.revoked_at FROM hub.device d "
                            "ORDER BY d.revoked_at IS NOT NULL, d.last_seen DESC NULLS LAST").fetchall()
    return [DeviceRow(*row) for row in rows]


def set_setting(dsn_admin: str, key: str, value: Any, tls: HubTls | None = None) -> None:
    with psycopg.connect(with_tls(dsn_admin, tls), autocommit=True) as conn:
        conn.execute("UPDATE hub.setting SET value = %s WHERE key = %s", (Jsonb(value), key))


# --- the device side ---------------------------------------------------------------------------

_SQLSTATE_ERRORS = {"SY410": DeviceRevokedError, "SY403": DeviceOwnerError, "SY426": UpdateRequiredError,
                    "SY401": WrongCredentialsError}


def _auth_failure(error: psycopg.OperationalError) -> bool:
    text = str(error)
    return (getattr(error, "sqlstate", None) in ("28P01", "28000")
            or "password authentication failed" in text or "no pg_hba.conf entry" in text
            or ("role" in text and "does not exist" in text))


def _certificate_failure(error: psycopg.OperationalError) -> bool:
    text = str(error)
    return ("certificate" in text or "root certificate file" in text or "does not match host name" in text
            or "SSL error" in text)


def translate(error: psycopg.Error) -> SyncError:
    """Map a driver error to the sync error a person can act on. No server text leaks into it."""
    cls = _SQLSTATE_ERRORS.get(getattr(error, "sqlstate", None) or "")
    if cls is not None:
        return cls()
    if isinstance(error, psycopg.OperationalError) and _certificate_failure(error):
        return HubCertificateError()
    if isinstance(error, psycopg.OperationalError):
        return WrongCredentialsError() if _auth_failure(error) else NoNetworkError()
    return SyncError()


class HubConnection:
    """One connection to the hub for one sync round. Calls are the four granted functions only.

    `hook(point)` is called at named points; tests make it raise to cut a sync anywhere.
    """

    def __init__(self, dsn: str, hook: Callable[[str], None] | None = None, *, tls: HubTls | None = None):
        self._hook = hook or (lambda point: None)
        conninfo = with_tls(dsn, tls)   # raises before any connection when the settings are unsafe
        try:
            self.conn = psycopg.connect(conninfo, autocommit=True)
        except psycopg.Error as e:
            raise translate(e) from None

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "HubConnection":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except psycopg.Error as e:
            raise translate(e) from None

    def _call(self, function: str, args: tuple, point: str) -> Any:
        with self._errors():
            # The hook runs inside the transaction: raising there rolls the hub call back.
            with self.conn.transaction():
                placeholders = sql.SQL(", ").join(sql.Placeholder() * len(args))
                row = self.conn.execute(sql.SQL("SELECT hub.{}({})").format(sql.Identifier(function), placeholders),
                                        args).fetchone()
                self._hook(f"{point}.before_hub_commit")
            self._hook(f"{point}.after_hub_commit")
            return row[0]

    def hello(self, device_id: str, protocol: int, schema: str) -> dict:
        return self._call("hello", (device_id, protocol, schema), "hello")

    def register_device(self, device_id: str, name: str, protocol: int, secret: str | None) -> dict:
        """Register this device, or join it as another of its users, with the device's secret
        (hub schema 7; None: the older call, for an older hub)."""
        args = (device_id, name, protocol) if secret is None else (device_id, name, protocol, secret)
        return self._call("register_device", args, "register")

    def push(self, device_id: str, protocol: int, ops: list[dict]) -> dict:
        return self._call("push_changes", (device_id, protocol, Jsonb(ops)), "push")

    def field_key_slot(self, device_id: str, protocol: int) -> dict | None:
        """This login's sealed copy of the center's field key (hub schema 6), or None."""
        return self._call("field_key_slot", (device_id, protocol), "key")

    def claim_case_code(self, device_id: str, protocol: int, code: str) -> str | None:
        """This device's case-number code (hub schema 8): `code` if free, the one it holds, or None."""
        return self._call("claim_case_code", (device_id, protocol, code), "code")

    def pull(self, device_id: str, protocol: int, cursor: int, limit: int, ack_removed: list[str]) -> dict:
        return self._call("pull_changes", (device_id, protocol, cursor, limit, ack_removed), "pull")

"""Old hubs for the upgrade tests, built from the hub files as released (schema8.tar.gz: resources/hub
at commit e24979d, the last release with one file per version holding whole functions).

Today's setup_hub applies every current function file, so it cannot stop at an old version; these
hubs are made the way the released setup_hub made them, and today's setup_hub upgrades them."""
from __future__ import annotations

import re
import tarfile
from functools import cache
from pathlib import Path

import psycopg
from psycopg import sql

from app.sync.hub import OWNER_ROLE, STAFF_GROUP

ARCHIVE = Path(__file__).with_name("schema8.tar.gz")
_FILE = re.compile(r"^resources/hub/(\d{3})_(\w+)\.sql$")


@cache
def released_files() -> tuple[tuple[int, str, str], ...]:
    """(version, name, SQL text) of every released file, in order."""
    files = []
    with tarfile.open(ARCHIVE) as archive:
        for member in archive.getmembers():
            match = _FILE.match(member.name)
            if match:
                text = archive.extractfile(member).read().decode("utf-8")
                files.append((int(match.group(1)), f"{match.group(1)}_{match.group(2)}", text))
    return tuple(sorted(files))


def build_released_hub(dsn_admin: str, upto: int | None = None) -> int:
    """The released setup_hub: roles and schema, then files 001..upto in order, each once, as
    hub_owner, recorded in hub.schema_version. Returns the version reached."""
    with psycopg.connect(dsn_admin, autocommit=True) as conn:
        with conn.transaction():
            _released_bootstrap(conn)
        applied = {row[0] for row in conn.execute("SELECT version FROM hub.schema_version")}
        for version, name, text in released_files():
            if version in applied or (upto is not None and version > upto):
                continue
            with conn.transaction():
                conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER_ROLE)))
                conn.execute(text)
                conn.execute("INSERT INTO hub.schema_version (version, name) VALUES (%s, %s)", (version, name))
        return conn.execute("SELECT max(version) FROM hub.schema_version").fetchone()[0]


def _released_bootstrap(conn: psycopg.Connection) -> None:
    """The released _bootstrap, frozen here so that a later change to it does not reach old hubs."""
    for role in (OWNER_ROLE, STAFF_GROUP):
        if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
            conn.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    me = conn.execute("SELECT current_user").fetchone()[0]
    conn.execute(sql.SQL("GRANT {} TO {}").format(sql.Identifier(OWNER_ROLE), sql.Identifier(me)))
    conn.execute(sql.SQL("CREATE SCHEMA IF NOT EXISTS hub AUTHORIZATION {}").format(sql.Identifier(OWNER_ROLE)))
    conn.execute("REVOKE ALL ON SCHEMA hub FROM PUBLIC")
    conn.execute(sql.SQL("GRANT USAGE ON SCHEMA hub TO {}").format(sql.Identifier(STAFF_GROUP)))
    conn.execute(sql.SQL("SET LOCAL ROLE {}").format(sql.Identifier(OWNER_ROLE)))
    conn.execute("CREATE TABLE IF NOT EXISTS hub.schema_version (version integer PRIMARY KEY, name text NOT NULL, "
                 "applied_at timestamptz NOT NULL DEFAULT now())")
    conn.execute("ALTER DEFAULT PRIVILEGES IN SCHEMA hub REVOKE EXECUTE ON FUNCTIONS FROM PUBLIC")
    conn.execute("RESET ROLE")

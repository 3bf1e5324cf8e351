"""Alembic migrations, run in-process on the already-keyed connection.

Alembic itself is imported only when a database actually needs upgrading: on the usual open the
current revision is read with one SELECT and compared with HEAD (a test keeps HEAD equal to the
newest script), which keeps ~0.1 s of imports off every sign-in.
"""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, inspect, text

from models.errors import NewerStoreError

MIGRATIONS_DIR = Path(__file__).resolve().parent
HEAD = "0012"


def alembic_config(connection: Connection | None = None):
    from alembic.config import Config
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    """The newest migration script, read from the scripts (slow: tests and upgrades only)."""
    from alembic.script import ScriptDirectory
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade_to_head(connection: Connection, target: str = "head") -> None:
    """Bring an older database up to date on open (a no-op when it is current)."""
    if target == "head" and current_revision(connection) == HEAD:
        return
    from alembic import command
    from alembic.util.exc import CommandError
    try:
        command.upgrade(alembic_config(connection), target)
    except CommandError as e:
        # A revision this build does not know: a newer version of the app upgraded the file.
        raise NewerStoreError() from e

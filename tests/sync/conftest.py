"""Fixtures for the sync tests: a throwaway PostgreSQL cluster per session, a fresh hub database per
test, and devices (encrypted local stores) signed in as the center's staff."""
from __future__ import annotations

import itertools
from dataclasses import dataclass

import psycopg
import pytest

from app.sync import hub as hubmod
from app.sync.client import SyncClient
from app.sync.join import join_center
from app.services.context import ServiceContext

from ..conftest import FAST_KDF, PASSWORD
from . import pg

_db_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster():
    if pg.find_pg_bin() is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) not found: install postgresql or set PG_BIN")
    cluster = pg.start_cluster()
    yield cluster
    cluster.stop()


def new_hub_db(cluster) -> str:
    name = f"hub_{next(_db_numbers)}"
    with psycopg.connect(cluster.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return name


@dataclass
class Hub:
    cluster: pg.Cluster
    dbname: str

    @property
    def admin_dsn(self) -> str:
        return self.cluster.dsn(self.dbname)

    def dsn_for(self, username: str, password: str = PASSWORD) -> str:
        return self.cluster.dsn(self.dbname, user=hubmod.login_role_name(username), password=password)

    def query(self, sql: str, *args):
        with psycopg.connect(self.admin_dsn, autocommit=True) as conn:
            return conn.execute(sql, args).fetchall()


@pytest.fixture
def hub(pg_cluster) -> Hub:
    h = Hub(pg_cluster, new_hub_db(pg_cluster))
    hubmod.setup_hub(h.admin_dsn)
    return h


@dataclass
class Device:
    ctx: ServiceContext
    dsn: str

    def client(self, **kw) -> SyncClient:
        return SyncClient(self.ctx, self.dsn, **kw)

    def sync(self, **kw):
        return self.client(**kw).sync()


@pytest.fixture
def center(hub, admin_ctx, staff_ids) -> dict[str, Device]:
    """The admin's office PC with the center pushed to the hub, and a login for every staff member,
    each with its sealed copy of the center's field key (as `python -m app hub add-staff` does)."""
    key = admin_ctx.store.ensure_center_key()
    hubmod.create_staff_login(hub.admin_dsn, staff_id=admin_ctx.actor.staff_id, username="admin",
                              password=PASSWORD, hub_admin=True, center_key=key, kdf=FAST_KDF)
    for username, staff_id in staff_ids.items():
        hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_id, username=username, password=PASSWORD,
                                  center_key=key, kdf=FAST_KDF)
    devices = {"admin": Device(admin_ctx, hub.dsn_for("admin"))}
    devices["admin"].sync()
    return devices


def join(hub: Hub, tmp_path, username: str) -> Device:
    dsn = hub.dsn_for(username)
    ctx = join_center(tmp_path / f"{username}-laptop.db", username=username, password=PASSWORD, dsn=dsn, kdf=FAST_KDF)
    return Device(ctx, dsn)


def old_hub(pg_cluster, admin_ctx, staff_ids, upto: int, monkeypatch) -> tuple[Hub, Device]:
    """A hub stopped at schema `upto`, built from the released hub files, with a login for every staff
    member, and the admin's office PC synced to it by a client of that time (MIN_HUB_SCHEMA lowered;
    the upgrade tests start here)."""
    from app.sync import engine as engine_mod
    from .released_hub import build_released_hub
    hub = Hub(pg_cluster, new_hub_db(pg_cluster))
    assert build_released_hub(hub.admin_dsn, upto=upto) == upto
    monkeypatch.setattr(engine_mod, "MIN_HUB_SCHEMA", upto)
    hubmod.create_staff_login(hub.admin_dsn, staff_id=admin_ctx.actor.staff_id, username="admin",
                              password=PASSWORD, hub_admin=True)
    for username, staff_id in staff_ids.items():
        hubmod.create_staff_login(hub.admin_dsn, staff_id=staff_id, username=username, password=PASSWORD)
    admin = Device(admin_ctx, hub.dsn_for("admin"))
    admin.sync()
    return hub, admin

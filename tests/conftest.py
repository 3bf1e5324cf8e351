"""Shared fixtures: a fresh encrypted database per test, with a small center and staff."""
from __future__ import annotations

import os
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from app.services import accounts  # noqa: E402
from app.services.context import ServiceContext, actor_for  # noqa: E402
from models.entities import Staff  # noqa: E402
from models.keyslots import KdfParams  # noqa: E402
from models.types import Role  # noqa: E402

FAST_KDF = KdfParams.fast_for_tests()
TODAY = datetime(2026, 11, 23, 10, 0)
PASSWORD = "correct-horse-42"


@pytest.fixture(autouse=True)
def isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep tests out of the real user's data folders and OS keyring."""
    import keyring
    from keyring.backends.fail import Keyring as NoKeyring
    home = tmp_path_factory.mktemp("home")
    for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeyring())
    yield
    keyring.set_keyring(previous)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "center.db"


@pytest.fixture
def admin_ctx(db_path: Path) -> ServiceContext:
    ctx = accounts.create_database(
        db_path, accounts.NewCenter(name="서대문구 희망복지지원단", district="서대문구",
                                    dongs=("천연동", "연희동", "북가좌1동")),
        admin_username="admin", admin_name="관리자", admin_password=PASSWORD, kdf=FAST_KDF)
    ctx.clock = lambda: TODAY
    yield ctx
    ctx.store.close()


def as_staff(admin_ctx: ServiceContext, staff_id: str) -> ServiceContext:
    with admin_ctx.session() as s:
        actor = actor_for(s.get(Staff, staff_id))
    return replace(admin_ctx, actor=actor)


@pytest.fixture
def staff_ids(admin_ctx) -> dict[str, str]:
    ids = {}
    for username, name, role, team in [("kim", "김사례", Role.CASE_MANAGER, "1팀"),
                                       ("lee", "이사례", Role.CASE_MANAGER, "2팀"),
                                       ("park", "박팀장", Role.SUPERVISOR, "1팀"),
                                       ("choi", "최열람", Role.READ_ONLY, "1팀")]:
        ids[username] = accounts.add_staff(admin_ctx, username=username, display_name=name, role=role,
                                           team=team, password=PASSWORD, kdf=FAST_KDF)
    return ids


@pytest.fixture
def ctx(admin_ctx, staff_ids) -> ServiceContext:
    """Signed in as case manager 김사례 (1팀)."""
    return as_staff(admin_ctx, staff_ids["kim"])


def dong_id(ctx, name="천연동") -> str:
    from sqlalchemy import select
    from models.entities import Dong
    with ctx.session() as s:
        return s.scalars(select(Dong.id).where(Dong.name == name)).one()


__all__ = ["TODAY", "PASSWORD", "FAST_KDF", "as_staff", "dong_id", "date"]

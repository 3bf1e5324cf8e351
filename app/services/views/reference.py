"""Reference lists every form draws on: 동, staff, resources, the center, its case types, and
the administrator's staff accounts."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from models.entities import Dong, Resource, Staff
from models.types import Role

from .. import rules
from ..context import ServiceContext

# --- reference lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DongRow:
    dong_id: str
    name: str


@dataclass(frozen=True)
class StaffRow:
    staff_id: str
    display_name: str
    role: Role
    team: str
    agency: str


@dataclass(frozen=True)
class ResourceRow:
    resource_id: str
    provider: str
    service: str
    domain: str
    formal: bool
    phone: str


def dongs(ctx: ServiceContext) -> list[DongRow]:
    with ctx.session() as s:
        return [DongRow(*r) for r in s.execute(select(Dong.id, Dong.name)
                                                .where(Dong.center_id == ctx.actor.center_id)
                                                .order_by(Dong.name))]


def staff_list(ctx: ServiceContext) -> list[StaffRow]:
    with ctx.session() as s:
        return [StaffRow(*r) for r in s.execute(
            select(Staff.id, Staff.display_name, Staff.role, Staff.team, Staff.agency)
            .where(Staff.center_id == ctx.actor.center_id, Staff.active.is_(True))
            .order_by(Staff.display_name))]


@dataclass(frozen=True)
class StaffAccountRow:
    """A staff account as the administrator's 직원 관리 screen lists it (inactive ones too)."""
    staff_id: str
    username: str
    display_name: str
    role: Role
    team: str
    agency: str
    dong: str
    active: bool


def staff_accounts(ctx: ServiceContext) -> list[StaffAccountRow]:
    ctx.require_role(Role.ADMIN)
    with ctx.session() as s:
        dong_names = dict(s.execute(select(Dong.id, Dong.name)).all())
        rows = s.execute(select(Staff.id, Staff.username, Staff.display_name, Staff.role, Staff.team, Staff.agency,
                                Staff.dong_id, Staff.active)
                         .where(Staff.center_id == ctx.actor.center_id)
                         .order_by(Staff.active.desc(), Staff.display_name)).all()
        return [StaffAccountRow(i, u, n, r, t, a, dong_names.get(d, "") if d else "", bool(act))
                for i, u, n, r, t, a, d, act in rows]


def resource_list(ctx: ServiceContext) -> list[ResourceRow]:
    with ctx.session() as s:
        return [ResourceRow(*r) for r in s.execute(
            select(Resource.id, Resource.provider, Resource.service, Resource.domain, Resource.formal,
                   Resource.phone)
            .where(Resource.center_id == ctx.actor.center_id).order_by(Resource.provider, Resource.service))]


def center_name(ctx: ServiceContext) -> str:
    from models.entities import Center
    with ctx.session() as s:
        center = s.get(Center, ctx.actor.center_id)
        return center.name if center else ""


def center_settings(ctx: ServiceContext) -> dict:
    """The actor's center settings (rule defaults overlaid with the center's choices)."""
    with ctx.session() as s:
        return dict(ctx.center_settings(s))


def case_types(ctx: ServiceContext) -> list[str]:
    """The center's case type names (단순/집중/위기 or 일반/고난도), in rule order."""
    return [t["name"] for t in rules.case_type_set(center_settings(ctx)["case_type_set"])]

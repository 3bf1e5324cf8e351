"""Who may see and change a case: the rule, stated once.

The rule is the table GRANTS below: which roles reach which cases. Both forms the client needs
are derived from it, so they cannot drift apart:

- `can_read` / `can_write`, the check a case screen makes (ServiceContext.can_read_case);
- `readable`, the same rule as a SQL condition on `case_file`, for lists, search and the home
  screen (queries.visible_cases).

The hub applies the rule in PL/pgSQL to decide what each device receives and accepts
(hub._sees_case, hub.can_see, hub.visible_scopes, hub._may_write in resources/hub);
tests/sync/test_access_contract.py checks, case by case, that the hub and this table agree.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING, Callable

from sqlalchemy import ColumnElement, or_, select, true
from sqlalchemy.orm import Session

from models.entities import Case, CaseShare
from models.types import Role

if TYPE_CHECKING:  # context imports this module
    from .context import Actor


class Reach(Enum):
    """A kind of case a grant opens."""
    EVERY_CASE = "every case"
    MANAGED = "the cases they manage"
    TEAM = "their team's cases"
    SHARED = "the cases shared with them (CaseShare)"


@dataclass(frozen=True)
class Grant:
    roles: frozenset[Role]
    reach: Reach
    why: str


ANY_ROLE = frozenset(Role)

GRANTS: tuple[Grant, ...] = (
    Grant(frozenset({Role.ADMIN}), Reach.EVERY_CASE, "the administrator answers for the whole center"),
    # Any role: a case stays open to its manager whatever their role has become since.
    Grant(ANY_ROLE, Reach.MANAGED, "the case manager works the case"),
    Grant(frozenset({Role.SUPERVISOR, Role.READ_ONLY}), Reach.TEAM,
          "team leads supervise their team; read-only staff may look at it"),
    # Last on purpose: the only grant that needs a query, so the Python check tries it last.
    Grant(ANY_ROLE, Reach.SHARED, "a colleague the case was shared with helps on it"),
)

# Roles that may change what they may read. Read-only staff never write, even their own or
# shared cases (sharing.share_case also refuses them as a share's recipient).
WRITERS = ANY_ROLE - {Role.READ_ONLY}


def reaches(role: Role) -> tuple[Reach, ...]:
    """What this role's grants open, in GRANTS order."""
    return tuple(dict.fromkeys(g.reach for g in GRANTS if role in g.roles))


# --- the two forms of each reach: Python on a loaded case, SQL on case_file ---

_IN_PYTHON: dict[Reach, Callable[[Session, "Actor", Case], bool]] = {
    Reach.EVERY_CASE: lambda s, a, case: True,
    Reach.MANAGED: lambda s, a, case: case.manager_id == a.staff_id,
    Reach.TEAM: lambda s, a, case: case.team == a.team,
    Reach.SHARED: lambda s, a, case: s.scalar(select(CaseShare.id).where(
        CaseShare.case_id == case.id, CaseShare.staff_id == a.staff_id)) is not None,
}

_IN_SQL: dict[Reach, Callable[["Actor"], ColumnElement[bool]]] = {
    Reach.EVERY_CASE: lambda a: true(),
    Reach.MANAGED: lambda a: Case.manager_id == a.staff_id,
    Reach.TEAM: lambda a: Case.team == a.team,
    Reach.SHARED: lambda a: Case.id.in_(select(CaseShare.case_id).where(CaseShare.staff_id == a.staff_id)),
}

# A reach added to the table without both forms would open nothing on one side.
if not set(_IN_PYTHON) == set(_IN_SQL) == set(Reach):
    raise RuntimeError("access: every Reach needs a Python and a SQL form")


def can_read(session: Session, actor: "Actor", case: Case) -> bool:
    return any(_IN_PYTHON[reach](session, actor, case) for reach in reaches(actor.role))


def can_write(session: Session, actor: "Actor", case: Case) -> bool:
    return actor.role in WRITERS and can_read(session, actor, case)


def readable(actor: "Actor") -> ColumnElement[bool]:
    """SQL condition on `case_file` (Case) for the cases `actor` may read. For the administrator
    it folds to true (or_ drops the other terms)."""
    return or_(*(_IN_SQL[reach](actor) for reach in reaches(actor.role)))

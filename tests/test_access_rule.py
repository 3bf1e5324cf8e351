"""app.services.access: the Python check and the SQL condition derived from GRANTS agree on any
table of staff, cases and shares, and the table says what README says."""
from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, insert, select
from sqlalchemy.orm import Session

from app.services import access
from app.services.context import Actor
from models.base import Base
from models.entities import Case, CaseShare
from models.types import Role, Stage

STAFF = [f"s{i}" for i in range(5)]
TEAMS = ["1팀", "2팀", ""]

actors = st.builds(lambda staff, role, team: Actor(staff, staff, staff, role, team, "c"),
                   st.sampled_from(STAFF), st.sampled_from(list(Role)), st.sampled_from(TEAMS))
case_rows = st.lists(st.tuples(st.sampled_from(STAFF), st.sampled_from(TEAMS)), min_size=1, max_size=8)


@st.composite
def worlds(draw):
    rows = draw(case_rows)
    shares = draw(st.sets(st.tuples(st.integers(0, len(rows) - 1), st.sampled_from(STAFF)), max_size=6))
    return rows, shares, draw(actors)


def _store(rows, shares):
    """A plain in-memory SQLite with just the two tables the rule reads (Core inserts: no outbox)."""
    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine, tables=[Case.__table__, CaseShare.__table__])
    with engine.begin() as conn:
        for i, (manager, team) in enumerate(rows):
            conn.execute(insert(Case.__table__).values(
                id=f"c{i}", version=1, case_no=f"2026-T-{i:04d}", household_id="h", primary_member_id="m",
                manager_id=manager, team=team, stage=Stage.INTAKE, opened_on=date(2026, 1, 1)))
        for n, (i, staff) in enumerate(shares):
            conn.execute(insert(CaseShare.__table__).values(id=f"sh{n}", version=1, case_id=f"c{i}", staff_id=staff))
    return engine


@settings(max_examples=150, deadline=None)
@given(worlds())
def test_the_python_check_and_the_sql_condition_agree(world):
    rows, shares, actor = world
    engine = _store(rows, shares)
    with Session(engine) as s:
        listed = set(s.scalars(select(Case.id).where(access.readable(actor))))
        readable = {c.id for c in s.scalars(select(Case)) if access.can_read(s, actor, c)}
        writable = {c.id for c in s.scalars(select(Case)) if access.can_write(s, actor, c)}
    assert listed == readable
    assert writable == (set() if actor.role == Role.READ_ONLY else readable)
    # And both say what README says.
    shared = {f"c{i}" for i, staff in shares if staff == actor.staff_id}
    expected = {f"c{i}" for i, (manager, team) in enumerate(rows)
                if actor.role == Role.ADMIN or manager == actor.staff_id
                or (actor.role in (Role.SUPERVISOR, Role.READ_ONLY) and team == actor.team)} | shared
    assert readable == expected


def test_every_reach_has_both_forms_and_every_role_a_grant():
    assert {g.reach for g in access.GRANTS} == set(access.Reach)
    assert all(access.reaches(role) for role in Role)
    assert Role.READ_ONLY not in access.WRITERS and access.WRITERS | {Role.READ_ONLY} == set(Role)

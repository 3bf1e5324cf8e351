"""One table of who may see which case, checked cell by cell on every side that applies the rule:

- the client's check (ServiceContext.can_read_case, from app.services.access) and its SQL list
  (queries.visible_cases), both asked on the office PC, which holds every case;
- the hub: hub.can_see(staff, case) and membership in hub.visible_scopes(staff);
- what the person's own laptop holds after a pull.

The same for writing (can_write_case against hub._may_write of a case_file update) and for
households (ServiceContext.load_household against the hub's `hh:` scope).

EXPECTED is the rule as README states it, written out per case; every side must match it.
"""
from __future__ import annotations

from datetime import date

from sqlalchemy import select

from app.services import accounts, cases, households, retention, sharing
from app.services.errors import AccessDenied, NotFound
from app.services.queries import visible_cases
from app.sync import hub as hubmod
from models.entities import Case, Household
from models.types import Role, Stage

from ..conftest import FAST_KDF, PASSWORD, as_staff, dong_id
from ..test_security import closed_case
from ..workflow_helpers import in_service_case, intake_case
from .conftest import join
from .helpers import local_ids

# Actors beyond the fixture's kim (case manager, 1팀), lee (case manager, 2팀), park (supervisor,
# 1팀) and choi (read-only, 1팀): every role in both teams, and a second case manager in each.
EXTRA_STAFF = [("yoon", "윤사례", Role.CASE_MANAGER, "1팀"), ("han", "한사례", Role.CASE_MANAGER, "2팀"),
               ("jung", "정팀장", Role.SUPERVISOR, "2팀"), ("kang", "강열람", Role.READ_ONLY, "2팀")]
ACTORS = ("admin", "kim", "yoon", "lee", "han", "park", "choi", "jung", "kang")
READ_ONLY = {"choi", "kang"}

TEAM1 = {"admin", "park", "choi"}   # who sees any 1팀 case besides its manager
TEAM2 = {"admin", "jung", "kang"}
# case -> who may read it (README: the administrator every case; the case manager theirs; a
# supervisor and read-only staff their team's; anyone the case is shared with).
EXPECTED = {
    "kim intake": TEAM1 | {"kim"},
    "kim in service": TEAM1 | {"kim"},
    "yoon's (kim's team-mate)": TEAM1 | {"yoon"},
    "lee's (other team)": TEAM2 | {"lee"},
    "kim's, shared with lee": TEAM1 | {"kim", "lee"},
    "kim's, reassigned to han": TEAM2 | {"han"},   # the previous manager and team lose it
    "kim closed": TEAM1 | {"kim"},
    "kim follow-up": TEAM1 | {"kim"},
    "kim finished": TEAM1 | {"kim"},
    "kim destroyed": set(),
}
CASELESS = "household kim registered, no case yet"


Cell = dict[str, "bool | None"]   # side -> its yes/no; None: that side has no answer here


def agree(cell: Cell) -> bool:
    return len({v for v in cell.values() if v is not None}) == 1


def table_diff(title: str, cells: dict[tuple[str, str], Cell]) -> str:
    """The disagreeing cells as a small table, one line per (actor, case)."""
    bad = {k: v for k, v in cells.items() if not agree(v)}
    if not bad:
        return ""
    names = list(next(iter(bad.values())))
    w = max(len(what) for _, what in bad)
    lines = [f"{title}: {len(bad)} of {len(cells)} cells disagree",
             f"{'actor':6} {'case':{w}}" + "".join(f"  {n}" for n in names)]
    for (actor, what), cell in bad.items():
        lines.append(f"{actor:6} {what:{w}}" + "".join(
            f"  {'-' if v is None else ('yes' if v else 'no'):>{len(n)}}" for n, v in cell.items()))
    return "\n".join(lines)


def _python_reads(ctx, case_id: str) -> bool:
    with ctx.session() as s:
        case = s.get(Case, case_id)
        return case is not None and ctx.can_read_case(s, case)


def _python_writes(ctx, case_id: str) -> bool:
    with ctx.session() as s:
        case = s.get(Case, case_id)
        return case is not None and ctx.can_write_case(s, case)


def _python_household(ctx, household_id: str) -> bool:
    try:
        with ctx.session() as s:
            ctx.load_household(s, household_id, write=False)
        return True
    except (AccessDenied, NotFound):
        return False


def test_every_side_agrees_on_who_sees_each_case(hub, center, admin_ctx, staff_ids, tmp_path):
    office = center["admin"]
    key = admin_ctx.store.ensure_center_key()
    ids = dict(staff_ids, admin=admin_ctx.actor.staff_id)
    for username, name, role, team in EXTRA_STAFF:
        ids[username] = accounts.add_staff(admin_ctx, username=username, display_name=name, role=role, team=team,
                                           password=PASSWORD, kdf=FAST_KDF)
        hubmod.create_staff_login(hub.admin_dsn, staff_id=ids[username], username=username, password=PASSWORD,
                                  center_key=key, kdf=FAST_KDF)
    office.sync()

    kim, yoon, lee = (join(hub, tmp_path, u) for u in ("kim", "yoon", "lee"))
    case = {"kim intake": intake_case(kim.ctx)[0],
            "kim in service": in_service_case(kim.ctx)[0],
            "kim's, shared with lee": intake_case(kim.ctx)[0],
            "kim's, reassigned to han": intake_case(kim.ctx)[0],
            "kim closed": closed_case(kim.ctx, date(2026, 11, 21), "종결된사람"),
            "kim follow-up": closed_case(kim.ctx, date(2026, 11, 21), "사후관리사람"),
            "kim finished": closed_case(kim.ctx, date(2026, 11, 21), "끝난사람"),
            "kim destroyed": closed_case(kim.ctx, date(2020, 3, 1), "파기될사람"),   # past 5 years
            "yoon's (kim's team-mate)": intake_case(yoon.ctx)[0],
            "lee's (other team)": intake_case(lee.ctx, dong="연희동")[0]}
    cases.start_follow_up(kim.ctx, case["kim follow-up"], [(date(2026, 12, 1), "노인돌봄")])
    [visit] = cases.start_follow_up(kim.ctx, case["kim finished"], [(date(2026, 12, 1), "방문건강")])
    cases.complete_follow_up(kim.ctx, visit, date(2026, 12, 1), "생활 안정 확인")
    cases.end_follow_up(kim.ctx, case["kim finished"])
    sharing.share_case(kim.ctx, case["kim's, shared with lee"], ids["lee"])
    caseless = households.create_household(kim.ctx, dong_id=dong_id(kim.ctx), address="서울 서대문구 연희로 9",
                                           phone="02-330-9999", income_status="수급", household_types=("독거",),
                                           problem_types=("경제적 어려움",))
    for device in (kim, yoon, lee):
        device.sync()

    office.sync()
    sharing.reassign_case(admin_ctx, case["kim's, reassigned to han"], ids["han"])   # to 2팀
    office.sync()
    park = join(hub, tmp_path, "park")
    household_of, stage_of = {}, {}
    with office.ctx.session() as s:
        for what, case_id in case.items():
            household_of[what] = s.get(Case, case_id).household_id
            stage_of[what] = s.get(Case, case_id).stage
    assert [stage_of[w] for w in ("kim intake", "kim in service", "kim closed", "kim follow-up", "kim finished")] \
        == [Stage.INTAKE, Stage.IN_SERVICE, Stage.CLOSED, Stage.FOLLOW_UP, Stage.ENDED]
    household_of[CASELESS] = caseless
    retention.destroy(park.ctx, [case["kim destroyed"]], approval_note="보존기간 경과")
    park.sync()

    devices = {"admin": office, "kim": kim, "yoon": yoon, "lee": lee, "park": park}
    for username in ACTORS:
        if username not in devices:
            devices[username] = join(hub, tmp_path, username)
    for device in devices.values():   # everyone pulls the final state
        device.sync()

    # --- the hub's answers, one query each ---
    staff = [ids[a] for a in ACTORS]
    scopes = [*case.values(), *("hh:" + h for h in household_of.values())]
    hub_sees = {(s, c): v for s, c, v in hub.query(
        "SELECT s, c, hub.can_see(s, c) FROM unnest(%s::text[]) s, unnest(%s::text[]) c", staff, scopes)}
    hub_scopes: dict[str, set[str]] = {s: set() for s in staff}
    for s, scope in hub.query("SELECT s, hub.visible_scopes(s) FROM unnest(%s::text[]) s", staff):
        hub_scopes[s].add(scope)
    hub_writes = {(s, c): v for s, c, v in hub.query(
        "SELECT s, r.id, hub._may_write(s, 'case_file', r.id, r.scope, r.fields) FROM unnest(%s::text[]) s, "
        "hub.record r WHERE r.entity = 'case_file' AND r.id = ANY(%s) AND NOT r.deleted", staff, list(case.values()))}
    # The destroyed case's scopes are empty on the hub. hub.can_see still says yes to the
    # administrator for the empty `hh:` scope (its admin branch does not look for a record), which
    # sends nothing, so an empty scope's can_see is left out of the cells (None).
    held = {scope for (scope,) in hub.query("SELECT DISTINCT scope FROM hub.record WHERE scope = ANY(%s)", scopes)}
    gone = {case["kim destroyed"], "hh:" + household_of["kim destroyed"]}
    assert held == set(scopes) - gone

    def hub_can_see(sid: str, scope: str) -> bool | None:
        return hub_sees[sid, scope] if scope in held else None

    reads, writes, homes = {}, {}, {}
    for actor in ACTORS:
        sid = ids[actor]
        at_office = as_staff(office.ctx, sid)
        with at_office.session() as s:
            listed = set(s.scalars(select(Case.id).where(visible_cases(at_office))))
        on_laptop = local_ids(devices[actor].ctx, Case)
        on_own_laptop = as_staff(devices[actor].ctx, sid)
        with on_own_laptop.session() as s:   # what the laptop's own lists show its user
            listed_on_laptop = set(s.scalars(select(Case.id).where(visible_cases(on_own_laptop))))
        for what, case_id in case.items():
            expected = actor in EXPECTED[what]
            reads[actor, what] = {
                "expected": expected, "python": _python_reads(at_office, case_id), "sql": case_id in listed,
                "hub.can_see": hub_can_see(sid, case_id), "hub.visible_scopes": case_id in hub_scopes[sid],
                "laptop": case_id in on_laptop, "laptop list": case_id in listed_on_laptop}
            writes[actor, what] = {
                "expected": expected and actor not in READ_ONLY, "python": _python_writes(at_office, case_id),
                # a record the hub no longer holds is refused ('destroyed') before _may_write
                "hub._may_write": hub_writes.get((sid, case_id), False)}
        laptop_homes = local_ids(devices[actor].ctx, Household)
        for what, household_id in household_of.items():
            scope = "hh:" + household_id
            homes[actor, what] = {
                "expected": actor in EXPECTED[what] if what in EXPECTED else actor in ("admin", "kim"),
                "python": _python_household(at_office, household_id),
                "hub.can_see": hub_can_see(sid, scope), "hub.visible_scopes": scope in hub_scopes[sid],
                "laptop": household_id in laptop_homes}

    # Known disagreement, left to a decision: on the office PC a household with
    # no case yet is open to every staff member (ServiceContext.load_household), while the hub
    # sends it only to the person who registered it and the administrator.
    known = {(actor, CASELESS) for actor in ACTORS if actor not in ("admin", "kim")}
    for cell in known:
        answers = homes.pop(cell)
        assert answers == {"expected": False, "python": True, "hub.can_see": False, "hub.visible_scopes": False,
                           "laptop": False}, f"{cell}: the known disagreement changed; drop it from `known`"

    report = "\n\n".join(d for d in (table_diff("read", reads), table_diff("write", writes),
                                     table_diff("household", homes)) if d)
    assert not report, "\n" + report

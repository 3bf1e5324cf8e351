"""Expense caps, meeting attendance warnings, monitoring due dates, long-open cases and search."""
from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import select

from app.services import cases, expenses, meetings, queries
from app.services.errors import ValidationError, WorkflowError
from app.services.meetings import AttendeeInput, DecisionInput
from models.entities import DongBudget, Expense, Meeting
from models.types import ContactKind, ExpenseCategory, MeetingKind, SelectionOutcome

from .conftest import as_staff, dong_id
from .workflow_helpers import ATTENDEES, assessed_case, in_service_case, intake_case


# --- 사례사업비 ---

def test_household_cap_is_500000_won_per_year(ctx):
    case_id, _, _ = in_service_case(ctx)
    expenses.add_expense(ctx, case_id, category=ExpenseCategory.MEDICAL, amount=300_000, spent_on=date(2026, 11, 15))
    room = expenses.expense_room(ctx, case_id)
    assert (room.household_spent, room.household_remaining) == (300_000, 200_000)
    with pytest.raises(ValidationError, match="남은 한도는 200,000원"):
        expenses.add_expense(ctx, case_id, category=ExpenseCategory.LIVING, amount=200_001, spent_on=date(2026, 11, 16))
    expenses.add_expense(ctx, case_id, category=ExpenseCategory.LIVING, amount=200_000, spent_on=date(2026, 11, 16))
    assert expenses.expense_room(ctx, case_id).household_remaining == 0
    # A new budget year starts a new cap.
    assert expenses.expense_room(ctx, case_id, year=2027).household_remaining == 500_000


def test_dong_budget_limits_spending(ctx):
    case_id, _, _ = in_service_case(ctx)
    with ctx.session() as s:
        s.add(DongBudget(dong_id=dong_id(ctx), year=2026, line="사업비", amount=250_000))
    with pytest.raises(ValidationError, match="동 사례사업비 예산"):
        expenses.add_expense(ctx, case_id, category=ExpenseCategory.MEDICAL, amount=300_000, spent_on=date(2026, 11, 15))
    assert expenses.expense_room(ctx, case_id).dong_remaining == 250_000


@pytest.mark.parametrize("amount", [0, -5, 10.5, "1000"])
def test_bad_amounts_save_nothing(ctx, amount):
    case_id, _, _ = in_service_case(ctx)
    with pytest.raises(ValidationError, match="금액"):
        expenses.add_expense(ctx, case_id, category=ExpenseCategory.MEDICAL, amount=amount, spent_on=date(2026, 11, 15))
    with ctx.session() as s:
        assert s.scalars(select(Expense)).all() == []


def test_expense_needs_a_selected_case(ctx):
    case_id, _, _ = assessed_case(ctx)
    with pytest.raises(WorkflowError):
        expenses.add_expense(ctx, case_id, category=ExpenseCategory.MEDICAL, amount=1000, spent_on=date(2026, 11, 15))


# --- 회의 참석 기준 ---

def test_missing_required_attendees_are_warned_on_the_minutes(ctx):
    case_id, _, _ = assessed_case(ctx)
    result = meetings.record_meeting(
        ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 14),
        attendees=[AttendeeInput("김사례", "서대문구 희망복지지원단", "dong_cm")],
        decisions=[DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="집중",
                                 topics=["medical_aid_admission"])])
    assert len(result.warnings) == 2
    assert any("희망복지지원단" in w for w in result.warnings)
    assert any("의료급여관리사" in w for w in result.warnings)
    with ctx.session() as s:
        assert s.get(Meeting, result.meeting_id).warnings == result.warnings


def test_health_main_service_needs_health_center_or_mental_center(ctx):
    case_id, _, _ = assessed_case(ctx)
    result = meetings.record_meeting(
        ctx, kind=MeetingKind.INTERNAL, held_at=datetime(2026, 11, 10, 14), attendees=ATTENDEES,
        decisions=[DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="집중", topics=["health_main"])])
    assert result.warnings == ["보건·정신건강 서비스가 주된 서비스인 사례는 보건소 또는 정신건강복지센터 담당자가 참석해야 합니다."]


def test_internal_meeting_with_required_staff_has_no_warning(ctx):
    case_id, _, _ = assessed_case(ctx)
    result = meetings.record_meeting(ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 14),
                                     attendees=ATTENDEES,
                                     decisions=[DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="단순")])
    assert result.warnings == []


@pytest.mark.parametrize("bad", [dict(attendees=[]), dict(attendees=[AttendeeInput("", "", "hope_cm")]),
                                 dict(attendees=[AttendeeInput("김", "", "wizard")]),
                                 dict(held_at=datetime(2027, 1, 1, 9))])
def test_bad_meeting_input_saves_nothing(ctx, bad):
    case_id, _, _ = assessed_case(ctx)
    kwargs = dict(kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 10, 14), attendees=ATTENDEES,
                  decisions=[DecisionInput(case_id, SelectionOutcome.SELECTED, case_type="단순")])
    kwargs.update(bad)
    with pytest.raises(ValidationError):
        meetings.record_meeting(ctx, **kwargs)
    with ctx.session() as s:
        assert s.scalars(select(Meeting)).all() == []


# --- 모니터링, 장기 미종결 ---

def test_monitoring_intervals_by_case_type(ctx):
    intensive, _, _ = in_service_case(ctx, case_type="집중")
    simple, _, _ = in_service_case(ctx, case_type="단순")
    cases.record_contact(ctx, intensive, occurred_at=datetime(2026, 11, 14, 10), kind=ContactKind.PHONE, note="안부")
    cases.record_contact(ctx, simple, occurred_at=datetime(2026, 11, 14, 10), kind=ContactKind.PHONE, note="안부")
    due = {d.row.case_id: d for d in queries.monitoring_due(ctx)}
    assert set(due) == {intensive}  # 집중: weekly, last contact 9 days ago
    assert due[intensive].interval_days == 7 and due[intensive].due_on == date(2026, 11, 21)
    later = {d.row.case_id: d for d in queries.monitoring_due(ctx, within_days=30)}
    assert later[simple].due_on == date(2026, 12, 14) and later[simple].interval_days == 30


def test_long_open_cases(ctx):
    old, _ = intake_case(ctx)
    new, _ = intake_case(ctx)
    from models.entities import Case
    with ctx.session() as s:
        s.get(Case, old).opened_on = date(2013, 5, 1)  # seed 000: households open since 2011–2014
    assert [r.case_id for r in queries.long_open_cases(ctx)] == [old]
    assert {r.case_id for r in queries.long_open_cases(ctx, days=30)} == {old}  # new one opened 21 days ago
    assert {r.case_id for r in queries.long_open_cases(ctx, days=10)} == {old, new}


def test_supervisor_sees_team_cases_only(ctx, admin_ctx, staff_ids):
    mine, _ = intake_case(ctx)
    other_team = as_staff(admin_ctx, staff_ids["lee"])
    theirs, _ = intake_case(other_team)
    from models.entities import Case
    with ctx.session() as s:
        for cid in (mine, theirs):
            s.get(Case, cid).opened_on = date(2015, 1, 1)
    lead = as_staff(admin_ctx, staff_ids["park"])
    assert [r.case_id for r in queries.long_open_cases(lead)] == [mine]
    assert {r.case_id for r in queries.long_open_cases(admin_ctx)} == {mine, theirs}


# --- 검색 ---

@pytest.fixture
def people(ctx):
    from .workflow_helpers import household
    household(ctx, members=(("김민수", "900101-1234568", "본인"), ("김민지", "150303-4000007", "자녀")))
    household(ctx, members=(("이순자", "450202-2000003", "본인"),), dong="연희동")
    household(ctx, members=(("박100%_x", "", "본인"),))
    return ctx


@pytest.mark.parametrize("query,expected", [
    ("김민수", {"김민수"}), ("민", {"김민수", "김민지"}), ("ㄱㅁㅅ", {"김민수"}), ("ㄱㅁ", {"김민수", "김민지"}),
    ("ㅇ ㅅ ㅈ", {"이순자"}), ("900101", {"김민수"}), ("4502", {"이순자"}), ("연희동", {"이순자"}),
    ("연희로", {"김민수", "김민지", "이순자", "박100%_x"}), ("100%", {"박100%_x"}), ("%", {"박100%_x"}),
    ("'; DROP TABLE member; --", set()), ("", set()),
])
def test_search(people, query, expected):
    assert {h.name for h in queries.search_people(people, query)} == expected


def test_search_by_phone(people):
    hits = queries.search_people(people, "1234-5678")
    assert {h.name for h in hits} >= {"김민수", "이순자"}
    assert all(h.rrn_masked in ("", "900101-1******", "150303-4******", "450202-2******") for h in hits)


def test_search_shows_other_teams_clients_without_contact_details(people, admin_ctx, staff_ids):
    other = as_staff(admin_ctx, staff_ids["lee"])
    from .workflow_helpers import intake_case
    intake_case(people, members=(("최비밀", "800808-1000002", "본인"),))
    [mine] = queries.search_people(people, "최비밀")
    assert mine.phone and mine.address and mine.rrn_masked
    [theirs] = queries.search_people(other, "최비밀")
    assert (theirs.name, theirs.dong, theirs.phone, theirs.address, theirs.rrn_masked) == ("최비밀", "천연동", "", "", "")
    assert theirs.case_no == mine.case_no  # a duplicate registration is still noticed
    from models.entities import AuditLog
    with people.session() as s:
        searches = s.scalars(select(AuditLog).where(AuditLog.action == "search")).all()
        assert searches and all("최비밀" not in r.purpose for r in searches)


def test_case_lists_show_exactly_the_cases_each_role_may_open(admin_ctx, staff_ids):
    """The SQL visibility used by lists and the home screen (queries.visible_cases) agrees with the
    check a case screen makes (can_read_case), for every role, shares across teams included."""
    from app.services.queries import visible_cases
    from models.entities import Case, CaseShare
    from .workflow_helpers import intake_case
    kims = intake_case(as_staff(admin_ctx, staff_ids["kim"]))[0]             # 1팀
    lees = intake_case(as_staff(admin_ctx, staff_ids["lee"]), dong="연희동")[0]   # 2팀
    with admin_ctx.session() as s:
        for reader in ("park", "choi"):                                       # 1팀 supervisor, read-only
            s.add(CaseShare(case_id=lees, staff_id=staff_ids[reader]))
    for staff_id in [*staff_ids.values(), admin_ctx.actor.staff_id]:
        ctx = as_staff(admin_ctx, staff_id)
        with ctx.session() as s:
            listed = set(s.scalars(select(Case.id).where(visible_cases(ctx))))
            openable = {c.id for c in s.scalars(select(Case)) if ctx.can_read_case(s, c)}
        assert listed == openable, ctx.actor.username
    park = as_staff(admin_ctx, staff_ids["park"])
    with park.session() as s:
        assert set(s.scalars(select(Case.id).where(visible_cases(park)))) == {kims, lees}

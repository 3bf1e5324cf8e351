"""사례사업비: at most 500,000 won per household (seed 000: "1가구당 최대 지원액 50만원", counted per
budget year) and within the 동's yearly 사업비 budget when one is set."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from models.entities import Case, DongBudget, Expense, Household
from models.types import ExpenseCategory, Stage

from .case_facts import require_stage
from .context import ServiceContext, audit
from .errors import ValidationError
from .hangul import clean_text

BUDGET_LINE = "사업비"


@dataclass(frozen=True)
class ExpenseRoom:
    household_spent: int
    household_remaining: int
    dong_budget: int | None  # None: no budget set for that year
    dong_remaining: int | None


def _year_bounds(year: int) -> tuple[date, date]:
    return date(year, 1, 1), date(year + 1, 1, 1)


def _room(s, cap: int, household_id: str, dong_id: str, year: int) -> ExpenseRoom:
    start, end = _year_bounds(year)
    hh_spent = s.scalar(select(func.coalesce(func.sum(Expense.amount), 0)).where(
        Expense.household_id == household_id, Expense.spent_on >= start, Expense.spent_on < end))
    budget = s.scalar(select(DongBudget.amount).where(DongBudget.dong_id == dong_id, DongBudget.year == year,
                                                      DongBudget.line == BUDGET_LINE))
    dong_remaining = None
    if budget is not None:
        dong_spent = s.scalar(select(func.coalesce(func.sum(Expense.amount), 0)).where(
            Expense.dong_id == dong_id, Expense.spent_on >= start, Expense.spent_on < end))
        dong_remaining = budget - dong_spent
    return ExpenseRoom(hh_spent, cap - hh_spent, budget, dong_remaining)


def expense_room(ctx: ServiceContext, case_id: str, year: int | None = None) -> ExpenseRoom:
    with ctx.session() as s:
        case = ctx.load_case(s, case_id, write=False)
        hh = s.get(Household, case.household_id)
        return expense_room_in(s, ctx, hh.id, hh.dong_id, year or ctx.today().year)


def expense_room_in(s, ctx: ServiceContext, household_id: str, dong_id: str, year: int) -> ExpenseRoom:
    """Inside an open session whose caller has checked access (the case file)."""
    return _room(s, ctx.center_settings(s)["expense_cap_per_household"], household_id, dong_id, year)


def add_expense(ctx: ServiceContext, case_id: str, *, category: ExpenseCategory, amount: int,
                spent_on: date, note: str = "") -> str:
    if not isinstance(amount, int) or amount <= 0:
        raise ValidationError("금액은 1원 이상의 정수로 입력하세요.", "금액")
    note = clean_text(note, field="내용", max_len=1000, multiline=True)
    with ctx.session() as s:
        case: Case = ctx.load_case(s, case_id)
        require_stage(case, (Stage.SELECTED, Stage.IN_SERVICE), "사례사업비 지출")
        hh = s.get(Household, case.household_id)
        cap = ctx.center_settings(s)["expense_cap_per_household"]
        room = _room(s, cap, hh.id, hh.dong_id, spent_on.year)
        if amount > room.household_remaining:
            raise ValidationError(f"가구당 한도 {cap:,}원을 넘습니다. 올해 남은 한도는 "
                                  f"{max(room.household_remaining, 0):,}원입니다.", "금액")
        if room.dong_remaining is not None and amount > room.dong_remaining:
            raise ValidationError(f"동 사례사업비 예산을 넘습니다. 남은 예산은 {max(room.dong_remaining, 0):,}원입니다.",
                                  "금액")
        exp = Expense(case_id=case.id, household_id=hh.id, dong_id=hh.dong_id, category=category,
                      amount=amount, spent_on=spent_on, note=note)
        s.add(exp)
        s.flush()
        audit(s, ctx, "create", "expense", case.id)
        return exp.id

"""개요: where the family stands, and every event of the case as one timeline, newest first."""
from __future__ import annotations

from datetime import datetime

from app.services import cases, expenses, queries
from app.services.views import case_file, case_overview
from models.types import ContactKind, ExpenseCategory

from ..workflow_helpers import in_service_case
from .conftest import settle


def test_the_overview_says_where_the_family_stands_and_the_timeline_holds_every_event(qtbot, window, ctx):
    from ui.forms import set_combo
    case_id, member, _ = in_service_case(ctx, flags={"김민수": ["알코올문제"]})
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10), kind=ContactKind.PHONE,
                         note="안부 전화\n둘째 줄")
    expenses.add_expense(ctx, case_id, category=ExpenseCategory.LIVING, amount=150_000,
                         spent_on=datetime(2026, 11, 21).date())
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    summary = view.summary.text()
    assert "가구원: 김민수(본인, 36세, 알코올문제)" in summary
    assert "개인정보 수집·이용: 동의함(2026-11-03)" in summary and "정신건강서비스 이용: 기록 없음" in summary
    assert "다음 점검: 2026-11-27" in summary          # 집중: a week after the last monitoring contact
    [home] = [d for d in queries.monitoring_due(ctx, within_days=30) if d.row.case_id == case_id]
    assert home.due_on == view.detail.monitoring_due   # the same date as the home screen's 점검 예정
    assert "가구 사용 150,000원 · 남은 한도 350,000원" in summary
    kinds = [e.kind for e in view.timeline.table.row_model.rows()]
    assert {"intake", "consent", "assessment", "meeting", "plan", "contact", "expense"} <= set(kinds)
    whens = [e.when for e in view.timeline.table.row_model.rows()]
    assert whens == sorted(whens, reverse=True)
    assert view.timeline.table.row_model.rows()[1].text == "전화 · 김사례 — 안부 전화"
    set_combo(view.timeline_filter, "meeting")
    assert {e.kind for e in view.timeline.table.row_model.rows()} == {"meeting"}


def test_the_timeline_is_a_pure_function_of_the_case_file(ctx):
    case_id, _, _ = in_service_case(ctx)
    detail = case_file.case_detail(ctx, case_id)
    events = case_overview.timeline(detail)
    assert len(events) == 1 + len(detail.consents) + len(detail.assessments) + len(detail.decisions) + 2 + len(
        detail.contacts)

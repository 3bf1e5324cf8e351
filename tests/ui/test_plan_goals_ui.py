"""A reassessment sets the plan's goals beside each need's urgency at the last assessment and now."""
from __future__ import annotations

from datetime import date

from app.services import cases
from app.services.cases import PlanGoal, PlanItemInput
from ui.forms import set_combo

from ..workflow_helpers import selected_case
from .conftest import settle


def test_reassessment_compares_the_goals_with_the_urgency_then_and_now(qtbot, window, ctx):
    case_id, _ = selected_case(ctx)          # assessed with economy 3, health 2
    plan = cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 11), goals="생활 안정",
                                   items=[PlanItemInput("economy", "긴급 생계지원"), PlanItemInput("health", "방문건강관리")],
                                   need_goals=[PlanGoal("economy", "월세 체납", "주거 안정", "체납 해소"),
                                               PlanGoal("health", "당뇨", "건강 회복", "정기 진료")])
    cases.agree_plan(ctx, plan, date(2026, 11, 12))
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    dialog = view.open_form("assessment")
    labels = {code: label for code, (label, _name, _before) in dialog.progress.items()}
    assert set(labels) == {"economy", "health"}
    set_combo(dialog.domains["economy"][0], 1)
    set_combo(dialog.domains["health"][0], 2)
    assert labels["economy"].text() == "긴급도 3 → 1 (나아짐)"
    assert labels["health"].text() == "긴급도 2 → 2 (그대로)"
    dialog._dirty = False
    dialog.reject()

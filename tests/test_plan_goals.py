"""서비스 제공계획서: 장기·단기목표 per need, each item tied to its need's goals; the form and the
service refuse a need with two goal rows, an item whose need has no goals, and goals with no item."""
from __future__ import annotations

from datetime import date

import pytest

from app.services import cases
from app.services.cases import PlanGoal, PlanItemInput
from app.services.errors import ValidationError
from app.services.views import case_file

from .workflow_helpers import selected_case

GOALS = [PlanGoal("economy", "월세 4개월 체납", "주거 안정 유지", "3개월 내 체납 해소"),
         PlanGoal("health", "당뇨 관리 안 됨", "건강 회복", "월 1회 정기 진료")]


def test_items_take_their_needs_goals(ctx):
    case_id, _ = selected_case(ctx)
    items = [PlanItemInput("economy", "긴급 생계지원"), PlanItemInput("economy", "주거급여 신청"),
             PlanItemInput("health", "방문건강관리")]
    cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 11), goals="생활 안정", items=items,
                            need_goals=GOALS)
    plan = case_file.case_detail(ctx, case_id).current_plan
    got = [(i.service, i.need, i.long_goal, i.goal) for i in plan.items]
    assert got == [("긴급 생계지원", "월세 4개월 체납", "주거 안정 유지", "3개월 내 체납 해소"),
                   ("주거급여 신청", "월세 4개월 체납", "주거 안정 유지", "3개월 내 체납 해소"),
                   ("방문건강관리", "당뇨 관리 안 됨", "건강 회복", "월 1회 정기 진료")]


@pytest.mark.parametrize("goals, items, words", [
    (GOALS + [PlanGoal("economy", short_goal="또")], [PlanItemInput("economy", "a"), PlanItemInput("health", "b")],
     "경제 영역의 목표가 두 줄"),
    (GOALS[:1], [PlanItemInput("economy", "a"), PlanItemInput("health", "b")], r"2번째 항목\(건강\)의 목표가 없습니다"),
    (GOALS, [PlanItemInput("economy", "a")], "건강 목표에 맞는 서비스 항목"),
])
def test_goals_and_items_that_do_not_meet_are_refused_and_nothing_saved(ctx, goals, items, words):
    case_id, _ = selected_case(ctx)
    with pytest.raises(ValidationError, match=words):
        cases.save_service_plan(ctx, case_id, made_on=date(2026, 11, 11), goals="생활 안정", items=items,
                                need_goals=goals)
    assert case_file.case_detail(ctx, case_id).current_plan is None

"""종결 안내: recorded with the closure or later, checked (method from the list, not in the
future, not long before the closure), shown on the case timeline; 목표 달성도 on the 서식's scale."""
from __future__ import annotations

from datetime import date, datetime

import pytest

from app.services import cases, meetings
from app.services.errors import ValidationError, WorkflowError
from app.services.meetings import DecisionInput
from app.services.views import case_file, case_overview
from models.types import ClosureReason, MeetingKind, SelectionOutcome

from .workflow_helpers import ATTENDEES, in_service_case


def _decided(ctx):
    case_id, _, _ = in_service_case(ctx)
    meetings.record_meeting(ctx, kind=MeetingKind.CLOSURE, held_at=datetime(2026, 11, 20, 10), attendees=ATTENDEES,
                            decisions=[DecisionInput(case_id, SelectionOutcome.CLOSE)])
    return case_id


def _close(ctx, case_id, **kw):
    return cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="주거 안정",
                            closed_on=date(2026, 11, 21), **kw)


def test_notice_given_at_closure_is_kept_and_on_the_timeline(ctx):
    case_id = _decided(ctx)
    _close(ctx, case_id, informed_on=date(2026, 11, 21), informed_how="방문")
    detail = case_file.case_detail(ctx, case_id)
    assert (detail.closure.informed_on, detail.closure.informed_how) == (date(2026, 11, 21), "방문")
    events = [e.text for e in case_overview.timeline(detail)]
    assert "종결 안내 (방문)" in events


@pytest.mark.parametrize("informed_on, how, words", [
    (date(2026, 11, 21), "문자", "안내 방법을 목록에서"),
    (date(2026, 12, 30), "전화", "오늘 이후"),
    (date(2026, 8, 1), "전화", "두 달 넘게"),
])
def test_a_wrong_notice_refuses_the_closure_and_changes_nothing(ctx, informed_on, how, words):
    case_id = _decided(ctx)
    with pytest.raises(ValidationError, match=words):
        _close(ctx, case_id, informed_on=informed_on, informed_how=how)
    assert case_file.case_detail(ctx, case_id).closure is None


def test_notice_recorded_later_needs_a_closure(ctx):
    case_id = _decided(ctx)
    with pytest.raises(WorkflowError, match="종결을 먼저"):
        cases.record_closure_notice(ctx, case_id, date(2026, 11, 22), "전화")
    _close(ctx, case_id)
    assert case_file.case_detail(ctx, case_id).closure.informed_on is None
    cases.record_closure_notice(ctx, case_id, date(2026, 11, 22), "서면 안내문 발송")
    closure = case_file.case_detail(ctx, case_id).closure
    assert (closure.informed_on, closure.informed_how) == (date(2026, 11, 22), "서면 안내문 발송")


@pytest.mark.parametrize("pct, label", [(None, ""), (0, "미달성"), (30, "일부 달성"), (50, "절반 달성"),
                                        (90, "대부분 달성"), (100, "달성")])
def test_attainment_falls_on_the_scale(pct, label):
    assert cases.attainment_label(pct) == label

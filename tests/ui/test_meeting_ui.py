"""사례회의록 as the 서식 has it: outside partners by their role (아동보호전문기관, 교육청, 경찰 …),
an outside expert's field, several cases in one meeting, and the 차기 회의 일정 that then shows
among the meetings to come; a next date before the meeting is said while it is typed."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from app.services import cases
from app.services.views import home
from models.entities import Meeting, MeetingAttendee
from models.types import ConsentKind, MeetingKind, SelectionOutcome
from ui.forms import set_combo

from ..workflow_helpers import registered_case
from .conftest import settle


def _assessed(ctx, name, rrn):
    case_id, _member = registered_case(ctx, members=((name, rrn, "본인"),))   # with third-party consent
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"family": cases.DomainInput(urgency=2)})
    return case_id


def test_a_regional_meeting_with_partners_an_expert_two_cases_and_the_next_date(qtbot, window, ctx, shown):
    first, second = _assessed(ctx, "김아동", "900101-1234568"), _assessed(ctx, "이학생", "450505-1000006")
    view = window.open_case(first)
    settle(qtbot, window.session.runner)
    dialog = view.open_form("meeting")
    set_combo(dialog.kind, MeetingKind.EXTENDED)
    dialog.attendees.add_row(["최교수", "○○대학교 사회복지학과", "expert", "아동"])
    dialog.attendees.add_row(["정상담", "서울서부교육지원청", "education_office"])
    dialog.attendees.add_row(["한보호", "서울시아동보호전문기관", "child_protection"])
    dialog.add_case(second)
    settle(qtbot, window.session.runner)
    assert [d.detail.case_id for d in dialog.decisions] == [first, second]
    for d in dialog.decisions:
        set_combo(d.outcome, SelectionOutcome.SELECTED)
        set_combo(d.case_type, "집중")
    dialog.minutes.setPlainText("학교·아동보호전문기관과 역할 분담")

    # The next meeting before this one: said as soon as it is typed, and the save waits.
    dialog.has_next.setChecked(True)
    held = dialog.held_at.dateTime()
    dialog.next_at.setDateTime(held.addDays(-1))
    assert "차기 회의 일정은 이번 회의 일시보다 뒤여야" in dialog.problem_label.text()
    assert not dialog.save_button.isEnabled()
    dialog.next_at.setDateTime(held.addDays(7))
    assert "차기 회의" not in dialog.problem_label.text() and dialog.save_button.isEnabled()
    dialog.save()
    settle(qtbot, window.session.runner)

    with ctx.session() as s:
        meeting = s.query(Meeting).one()
        fields = {a.name: (a.role, a.field) for a in s.query(MeetingAttendee).filter_by(meeting_id=meeting.id)}
    assert fields["최교수"] == ("expert", "아동")
    assert fields["정상담"] == ("education_office", None)
    assert fields["한보호"] == ("child_protection", None)
    planned = meeting.held_at + timedelta(days=7)
    assert meeting.next_meeting_at == planned
    # The 차기 회의 is among the meetings to come on the home screen, and on each case's timeline.
    rows = [r for r in home.upcoming_meeting_rows(ctx, days=14) if r.held_at == planned]
    assert rows and rows[0].meeting_id == meeting.id and rows[0].place.startswith("차기 회의")
    assert all(c.stage.value == "selected" for c in (cases_of(ctx, first), cases_of(ctx, second)))


def cases_of(ctx, case_id):
    from models.entities import Case
    with ctx.session() as s:
        return s.get(Case, case_id)


def test_a_next_meeting_too_far_off_or_before_is_refused_by_the_service_and_nothing_saved(ctx):
    import pytest

    from app.services import meetings
    from app.services.errors import ValidationError
    from app.services.meetings import AttendeeInput
    held = datetime(2026, 11, 20, 14)
    for bad in (held, held - timedelta(hours=1), held + timedelta(days=400)):
        with pytest.raises(ValidationError, match="차기 회의"):
            meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=held,
                                    attendees=[AttendeeInput("김사례", "", "dong_cm")], next_meeting_at=bad)
    with pytest.raises(ValidationError, match="전문 분야"):
        meetings.record_meeting(ctx, kind=MeetingKind.INTERNAL, held_at=held,
                                attendees=[AttendeeInput("최교수", "", "expert", field="가" * 41)])
    with ctx.session() as s:
        assert s.query(Meeting).count() == 0

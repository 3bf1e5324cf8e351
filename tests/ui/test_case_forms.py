"""The case screen's form registry (ui/case_forms.py) and screens that refresh themselves after a
write (ui/changes.py)."""
from __future__ import annotations

from datetime import datetime

from app.services import cases, meetings
from app.services.meetings import DecisionInput
from models.types import ContactKind, MeetingKind, SelectionOutcome, Stage
from ui import case_forms
from ui.case_view import CaseView
from ui.dialogs.contact import ContactDialog
from ui.forms import FormDialog

from ..workflow_helpers import ATTENDEES, assessed_case, in_service_case
from .conftest import settle


def open_case(qtbot, window, case_id) -> CaseView:
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    return view


def test_every_registration_names_a_dialog_or_service_and_tabs_that_exist(qtbot, window, ctx):
    case_id, _, _ = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    for form in case_forms.FORMS:
        if form.service:
            assert callable(form.service_function()) and form.confirm, form.key
        else:
            module, _, name = form.dialog.partition(":")
            assert issubclass(getattr(__import__(module, fromlist=[name]), name), FormDialog), form.key
        assert form.place in (case_forms.TOOLBAR, case_forms.CASE) or hasattr(view, form.place), form.key
        assert not form.tab or hasattr(view, form.tab), form.key
        assert form.key in view.form_controls
    assert len({f.key for f in case_forms.FORMS}) == len(case_forms.FORMS)


def test_an_in_service_case_offers_the_steps_of_its_stage(qtbot, window, ctx):
    case_id, _, _ = in_service_case(ctx)   # plan agreed, no follow-up yet
    view = open_case(qtbot, window, case_id)
    enabled = {key for key, action in view.actions_by_key.items() if action.isEnabled()}
    assert enabled == {"consent", "assessment", "meeting", "plan", "contact", "referral", "expense", "closure"}
    assert view.form_controls["add_member"].isEnabled() and view.form_controls["reply"].isEnabled()


def test_a_new_form_is_one_registration(qtbot, window, ctx, monkeypatch):
    # A hypothetical form reusing an existing dialog: registering it is all the case screen needs.
    extra = case_forms.CaseForm("visit_note", "방문 메모", case_forms.TOOLBAR, (Stage.IN_SERVICE,),
                                "ui.dialogs.contact:ContactDialog", tab="contacts")
    monkeypatch.setattr(case_forms, "FORMS", case_forms.FORMS + [extra])
    case_id, _, _ = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    action = view.form_controls["visit_note"]
    assert action.text() == "방문 메모" and action.isEnabled() and action in view.toolbar.actions()
    dialog = view.open_form("visit_note")
    assert isinstance(dialog, ContactDialog)
    dialog.note.setPlainText("가정 방문, 집 안 정리 상태 양호")
    dialog.save()
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: len(view.detail.contacts) == 1)
    assert view.tabs.currentWidget() is view.contacts   # saved: its tab comes forward


def test_a_disabled_form_does_not_open(qtbot, window, ctx):
    case_id, _, _ = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    assert not view.form_controls["follow_up"].isEnabled()
    assert view.open_form("follow_up") is None


def test_the_case_screen_refreshes_after_a_write_made_elsewhere(qtbot, window, ctx):
    case_id, _, _ = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    assert view.contacts.table.row_model.total() == 0
    cases.record_contact(ctx, case_id, occurred_at=datetime(2026, 11, 20, 10), kind=ContactKind.PHONE,
                         note="안부 전화")   # as another screen or window would
    qtbot.waitUntil(lambda: view.contacts.table.row_model.total() == 1)


def test_a_meeting_saved_on_the_worker_refreshes_every_screen_that_shows_it(qtbot, window, ctx, shown):
    first, _, _ = assessed_case(ctx)
    second, _, _ = in_service_case(ctx, members=(("이영희", "850505-2345678", "본인"),))
    first_view, second_view = open_case(qtbot, window, first), open_case(qtbot, window, second)
    meeting_list = window.show_meetings()
    settle(qtbot, window.session.runner)
    before = meeting_list.meetings.table.row_model.total()
    loads = []
    second_view.loaded.connect(loads.append)
    window.session.runner.submit(
        meetings.record_meeting, ctx, kind=MeetingKind.INTEGRATED, held_at=datetime(2026, 11, 13, 14),
        attendees=ATTENDEES, decisions=[DecisionInput(first, SelectionOutcome.SELECTED, case_type="집중",
                                                      lead_agency="서대문구 희망복지지원단")])
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: first_view.detail.stage == Stage.SELECTED)
    qtbot.waitUntil(lambda: meeting_list.meetings.table.row_model.total() == before + 1)
    settle(qtbot, window.session.runner)
    assert loads == [] and shown.items == []   # a case the meeting did not decide is not reloaded

"""Form behaviour shared by every dialog: unsaved input is never lost silently, drafts of long
forms live in the encrypted store and come back, service errors are shown in place."""
from __future__ import annotations

from app.services.views import case_file, drafts
from ui import messages
from ui.forms import DRAFT_DELAY_MS

from ..workflow_helpers import in_service_case, intake_case
from .conftest import settle


def open_case(qtbot, window, case_id):
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    return view


def test_closing_a_changed_form_asks_and_can_go_back(qtbot, window, ctx, shown):
    case_id, _, _ = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    dialog = view.open_form("contact")
    dialog.note.setPlainText("방문 내용")
    shown.unsaved_choice = messages.CANCEL
    dialog.reject()
    assert dialog.isVisible() and ("unsaved", "", "") in shown.items
    shown.unsaved_choice = messages.DISCARD
    dialog.reject()
    assert not dialog.isVisible()


def test_untouched_form_closes_without_a_question(qtbot, window, ctx, shown):
    case_id, _, _ = in_service_case(ctx)
    dialog = open_case(qtbot, window, case_id).open_form("contact")
    dialog.reject()
    assert not dialog.isVisible() and shown.items == []


def test_long_form_draft_is_kept_encrypted_and_offered_again(qtbot, window, ctx, shown):
    case_id, _, _ = in_service_case(ctx)
    view = open_case(qtbot, window, case_id)
    dialog = view.open_form("contact")
    dialog.note.setPlainText("작성 중인 상담 내용")
    qtbot.wait(DRAFT_DELAY_MS + 200)
    settle(qtbot, window.session.runner)
    assert drafts.load_draft(ctx, f"contact:{case_id}")["note"] == "작성 중인 상담 내용"
    shown.unsaved_choice = messages.KEEP
    dialog.reject()
    settle(qtbot, window.session.runner)

    again = view.open_form("contact")
    settle(qtbot, window.session.runner)
    assert again.draft_bar.isVisible()
    again.restore_button.click()
    assert again.note.toPlainText() == "작성 중인 상담 내용"
    assert again.dirty
    again.save()
    settle(qtbot, window.session.runner)
    assert drafts.load_draft(ctx, f"contact:{case_id}") is None  # saved: the draft is gone
    assert view.detail.contacts[0].note == "작성 중인 상담 내용"


def test_drafts_are_per_staff_member(ctx, admin_ctx):
    drafts.save_draft(ctx, "contact:x", {"note": "김사례의 메모"})
    assert drafts.load_draft(admin_ctx, "contact:x") is None
    assert drafts.load_draft(ctx, "contact:x") == {"note": "김사례의 메모"}


def test_service_refusal_is_shown_in_the_form(qtbot, window, ctx, shown):
    case_id, _ = intake_case(ctx)
    view = open_case(qtbot, window, case_id)
    consent = view.open_form("consent")
    consent.recipients.setPlainText("가" * 101)
    assert "100자 이내" in consent.problem_label.text() and not consent.save_button.isEnabled()
    consent.recipients.setPlainText("")
    # A refusal only the service can know about (here: access to a case of another team).
    from tests.conftest import as_staff
    other = as_staff(window.session.ctx, window.session.ctx.actor.staff_id)
    consent.ctx = other
    consent.case_id = "no-such-case"
    consent.save()
    settle(qtbot, window.session.runner)
    assert consent.isVisible()
    assert "사례를 찾을 수 없습니다." in consent.problem_label.text()


def test_main_window_close_asks_when_a_form_has_unsaved_input(qtbot, window, ctx, shown):
    case_id, _, _ = in_service_case(ctx)
    dialog = open_case(qtbot, window, case_id).open_form("contact")
    dialog.note.setPlainText("쓰는 중")
    shown.answer = False
    window.close()
    assert window.isVisible()
    assert any(kind == "ask" for kind, _t, _x in shown.items)
    dialog._dirty = False


def test_referral_reply_from_the_case(qtbot, window, ctx, shown):
    from app.services import referrals
    from models.types import ReferralStatus
    case_id, member, _ = in_service_case(ctx, flags={"김민수": ["조건부수급"]})
    referrals.refer(ctx, case_id, member, "self_support", ctx.today())
    view = open_case(qtbot, window, case_id)
    view.referrals.table.selectRow(0)
    reply = view.open_form("reply")
    assert "회신 내용을 입력하세요." in reply.problem_label.text()
    reply.reply.setPlainText("자활근로 참여 결정")
    reply.save()
    settle(qtbot, window.session.runner)
    assert view.detail.referrals[0].status == ReferralStatus.ACCEPTED


def test_read_only_account_sees_but_cannot_record(qtbot, qapp, admin_ctx, staff_ids, ctx, shown, runner):
    from tests.conftest import as_staff
    from ui.mainwindow import MainWindow
    from ui.session import UiSession
    case_id, _, _ = in_service_case(ctx)
    reader = as_staff(admin_ctx, staff_ids["choi"])
    win = MainWindow(UiSession(reader, runner))
    qtbot.addWidget(win)
    settle(qtbot, runner)
    view = open_case(qtbot, win, case_id)
    assert view.detail is not None
    assert not any(a.isEnabled() for a in view.actions_by_key.values())
    assert "열람 전용" in view.subheader.text()


def test_one_meeting_decides_several_cases(qtbot, window, ctx, shown):
    from models.types import MeetingKind, SelectionOutcome, Stage
    from ui.forms import set_combo
    from ..workflow_helpers import assessed_case
    first, _, _ = assessed_case(ctx)
    second, _, _ = assessed_case(ctx, members=(("이영희", "450305-2345671", "본인"),))
    window.home.refresh()
    settle(qtbot, window.session.runner)
    meeting = window.new_general_meeting()
    set_combo(meeting.kind, MeetingKind.DONG_SHARING)
    for case_id in (first, second):
        set_combo(meeting.case_picker, case_id)
        meeting.add_case_button.click()
        settle(qtbot, window.session.runner)
    assert len(meeting.decisions) == 2
    set_combo(meeting.decisions[0].outcome, SelectionOutcome.SELECTED)
    assert "사례 유형" in meeting.problem_label.text()
    set_combo(meeting.decisions[0].case_type, "단순")
    set_combo(meeting.decisions[1].outcome, SelectionOutcome.NOT_SELECTED)
    meeting.save()
    settle(qtbot, window.session.runner)
    from app.services.views import case_file, drafts
    assert case_file.case_detail(ctx, first).stage == Stage.SELECTED
    assert case_file.case_detail(ctx, second).stage == Stage.NOT_SELECTED

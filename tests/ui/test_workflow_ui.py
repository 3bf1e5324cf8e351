"""The whole case workflow driven through the widgets, on a fresh encrypted database:
새 가구 → 초기상담 → 동의 → 접수 → 욕구·위기도 조사 → 사례회의(선정) → 계획·동의 → 상담 → 사업비
→ 의뢰 확인 → 종결회의 → 종결 → 사후관리 → 완료."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt

from models.types import ConsentKind, ContactKind, MeetingKind, SelectionOutcome, Stage
from ui.forms import set_combo

from .conftest import settle


def type_into(qtbot, widget, text: str) -> None:
    """Type text as an input method would (QTest cannot send Hangul key events)."""
    widget.setFocus()
    if hasattr(widget, "insertPlainText"):
        widget.insertPlainText(text)
    else:
        widget.insert(text)


def save(qtbot, runner, dialog) -> None:
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert not (shiboken6.isValid(dialog) and dialog.isVisible()), dialog.problem_label.text()


def test_whole_workflow_through_the_widgets(qtbot, window, session, shown):
    runner = session.runner

    # 새 가구: the form says what is missing while it is empty, and saving is impossible.
    hh = window.new_household()
    assert not hh.save_button.isEnabled()
    assert "주소를 입력하세요." in hh.problem_label.text()
    type_into(qtbot, hh.address, "서울 서대문구 연희로 1")
    type_into(qtbot, hh.member.name, "김민수")
    type_into(qtbot, hh.member.rrn, "900101-1234560")   # wrong check digit: a warning, not an error
    assert hh.note_label.isVisibleTo(hh) and "검증번호" in hh.note_label.text()
    hh.types.box("독거").setChecked(True)
    hh.problems_box.box("경제적 어려움").setChecked(True)
    save(qtbot, runner, hh)
    assert "검증번호" in shown.texts("warnings")

    # 초기상담 opens by itself for the new household.
    intake = window.last_dialog
    assert intake.windowTitle().startswith("초기상담")
    type_into(qtbot, intake.problem_text, "월세 체납, 건강 악화")
    set_combo(intake.source, "이웃")
    save(qtbot, runner, intake)
    [view] = window.case_views()
    settle(qtbot, runner)
    assert view.detail.stage == Stage.INTAKE
    assert window.tabs.currentWidget() is view
    assert view.detail.household.members[0].rrn_masked == "900101-1******"

    # 접수 needs collection consent: the decision form says so before anything is sent.
    decision = view.open_form("intake_decision")
    assert "수집·이용 동의" in decision.problem_label.text()
    decision.close()
    for kind in (ConsentKind.COLLECTION_USE, ConsentKind.THIRD_PARTY):
        consent = view.open_form("consent")
        set_combo(consent.kind, kind)
        save(qtbot, runner, consent)
    assert len(view.detail.consents) == 2
    save(qtbot, runner, view.open_form("intake_decision"))
    assert view.detail.stage == Stage.REGISTERED

    # 욕구 및 위기도 조사: the expected crisis level follows the urgencies as they are set.
    assessment = view.open_form("assessment")
    urgency, words, *_ = assessment.domains["economy"]
    set_combo(urgency, 3)
    assert assessment.level.text().startswith("3")
    type_into(qtbot, words, "월세가 밀렸어요")
    save(qtbot, runner, assessment)
    assert "제안 사례유형: 위기" in shown.texts("info")
    assert view.detail.stage == Stage.ASSESSED

    # 사례회의: selection with a case type; a missing required attendee comes back as a warning.
    meeting = view.open_form("meeting")
    assert meeting.kind.currentData() == MeetingKind.INTEGRATED
    [decision] = meeting.decisions
    set_combo(decision.outcome, SelectionOutcome.SELECTED)
    set_combo(decision.case_type, "집중")
    type_into(qtbot, decision.lead, "서대문구 희망복지지원단")
    type_into(qtbot, decision.role_split, "주민센터: 긴급지원 신청")
    save(qtbot, runner, meeting)
    assert "희망복지지원단" in shown.texts("warnings")
    assert view.detail.stage == Stage.SELECTED and view.detail.case_type == "집중"

    # 서비스 제공계획 (the urgent domain is already a row), then the client's agreement.
    # 서비스 제공계획: the assessment's urgent need comes with what the client said; its 단기목표 is
    # asked for before the plan can be saved, and the item is tied to it.
    plan = view.open_form("plan")
    type_into(qtbot, plan.goals, "주거 안정")
    assert plan.need_goals.rows()[0][:2] == ["economy", "월세가 밀렸어요"]
    plan.items.set_cell(0, 1, "긴급 생계지원")
    plan.items.set_cell(0, 7, "300000")
    assert "경제 영역의 단기목표를 입력하세요." in plan.problem_label.text()
    plan.need_goals.set_cell(0, 2, "주거 안정 유지")
    plan.need_goals.set_cell(0, 3, "3개월 내 월세 체납 해소")
    save(qtbot, runner, plan)
    item = view.detail.current_plan.items[0]
    assert (item.need, item.long_goal, item.goal) == ("월세가 밀렸어요", "주거 안정 유지", "3개월 내 월세 체납 해소")
    assert view.actions_by_key["agree_plan"].isEnabled()
    save(qtbot, runner, view.open_form("agree_plan"))
    assert view.detail.stage == Stage.IN_SERVICE

    # 상담 기록 with a companion.
    contact = view.open_form("contact")
    set_combo(contact.kind, ContactKind.VISIT)
    type_into(qtbot, contact.note, "가정방문, 생활 상태 확인")
    contact.companions.add_row(["이동료", "colleague"])
    save(qtbot, runner, contact)
    assert view.detail.contacts[0].companions.startswith("이동료")

    # 사례사업비 within the household cap; over the cap is refused while typing.
    expense = view.open_form("expense")
    settle(qtbot, runner)
    expense.amount.setValue(600000)
    assert "가구당 한도" in expense.problem_label.text()
    expense.amount.setValue(200000)
    save(qtbot, runner, expense)
    assert view.detail.expenses[0].amount == 200000

    # 타 사업 의뢰: each criterion is shown; a program whose criteria fail cannot be sent.
    referral = view.open_form("referral")
    set_combo(referral.program, "elderly_care")
    settle(qtbot, runner)
    assert referral.criteria_model.rowCount() == 4
    assert not referral.save_button.isEnabled()
    assert "만 65세 이상" in referral.problem_label.text()
    referral.reject()

    # 종결회의 then 종결 with evaluation, attainment on the 서식's scale and the 종결 안내 left for later.
    closing = view.open_form("meeting")
    assert closing.kind.currentData() == MeetingKind.CLOSURE
    assert closing.decisions[0].outcome.currentData() == SelectionOutcome.CLOSE
    closing.attendees.add_row(["박팀장", "서대문구 희망복지지원단", "hope_cm"])
    save(qtbot, runner, closing)
    closure = view.open_form("closure")
    type_into(qtbot, closure.evaluation, "월세 문제 해결, 주거 안정")
    set_combo(next(iter(closure.attainment.values())), 75)   # 대부분 달성
    save(qtbot, runner, closure)
    assert view.detail.stage == Stage.CLOSED
    assert view.detail.current_plan.items[0].attainment == 75
    # The notice is given a few days later, by letter: recorded from the case, once.
    notice = view.open_form("closure_notice")
    set_combo(notice.how, "서면 안내문 발송")
    save(qtbot, runner, notice)
    assert (view.detail.closure.informed_on, view.detail.closure.informed_how) == (session.ctx.today(), "서면 안내문 발송")
    assert not view.actions_by_key["closure_notice"].isEnabled()

    # 사후관리: plan a visit, record it, end the follow-up.
    save(qtbot, runner, view.open_form("follow_up"))
    assert view.detail.stage == Stage.FOLLOW_UP
    done = view.open_form("follow_up_done")
    type_into(qtbot, done.note, "안정적으로 생활 중")
    save(qtbot, runner, done)
    view.open_form("end_follow_up")
    settle(qtbot, runner)
    assert view.detail.stage == Stage.ENDED
    assert not any(a.isEnabled() for a in view.actions_by_key.values() if a is not view.actions_by_key["consent"])
    assert shown.texts("error") == ""

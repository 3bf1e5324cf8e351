"""Rules a form can know before anything is typed: 타 사업 의뢰 shows the fact each criterion was
judged on and opens the form that enters what is missing; a meeting with outsiders says at once
that a case needs third-party consent, and its minutes are kept."""
from __future__ import annotations

from datetime import date

from app.services import cases
from models.types import ConsentKind
from ui.dialogs.intake import ConsentDialog
from ui.forms import set_combo

from ..workflow_helpers import registered_case
from .conftest import settle


def test_a_missing_consent_is_entered_from_the_referral(qtbot, window, ctx, shown):
    case_id, member = registered_case(ctx, problems=("알코올 및 정신질환",))
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"health": cases.DomainInput(urgency=2)},
                          screenings=[cases.ScreeningInput("AUDIT-K", 14)])
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    referral = view.open_form("referral")
    set_combo(referral.program, "addiction")
    settle(qtbot, window.session.runner)
    model = referral.criteria_model
    grounds = [model.data(model.index(row, 2)) for row in range(model.rowCount())]
    assert grounds == ["가구 문제 유형 '알코올 및 정신질환', AUDIT-K 14점(위험음주)", "AUDIT-K 14점(위험음주)",
                       "입력 필요: 정신건강서비스 이용 동의"]
    assert referral.needs.text() == "먼저 입력할 내용: 정신건강서비스 이용 동의"
    button = referral.need_buttons["consent"]
    assert button.isVisibleTo(referral) and not referral.need_buttons["assessment"].isVisibleTo(referral)
    assert not referral.save_button.isEnabled()

    button.click()
    consent = view.last_dialog
    assert isinstance(consent, ConsentDialog) and consent.parent() is referral
    assert consent.kind.currentData() == ConsentKind.MENTAL_HEALTH and consent.member.currentData() == member
    consent.save()
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: referral.check is not None and referral.check.eligible)
    assert referral.save_button.isEnabled() and not referral.needs.isVisibleTo(referral)
    assert shown.items == []


def test_a_form_the_stage_does_not_allow_is_refused_with_a_reason(qtbot, window, ctx, shown):
    from ..workflow_helpers import intake_case
    case_id, _ = intake_case(ctx)   # 초기상담: no assessment may be entered yet
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    referral = view.open_form("referral")
    set_combo(referral.program, "dream_start")
    settle(qtbot, window.session.runner)
    assert referral.need_buttons["assessment"].isVisibleTo(referral)
    referral.need_buttons["assessment"].click()
    assert shown.items and "지금 단계에서는" in shown.items[-1][2]


def test_an_extended_meeting_with_an_outside_professor_says_what_it_needs_at_once_and_keeps_the_minutes(
        qtbot, window, ctx, shown):
    from app.services import cases
    from app.services.views import drafts
    from models.types import IntakeDecision, MeetingKind
    from ui import messages

    from ..workflow_helpers import consent, intake_case
    case_id, member = intake_case(ctx)
    consent(ctx, case_id, member)                    # collection only: no third-party consent yet
    cases.decide_intake(ctx, case_id, IntakeDecision.CASE_MANAGEMENT)
    cases.save_assessment(ctx, case_id, held_on=date(2026, 11, 5), domains={"economy": cases.DomainInput(urgency=2)})
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    dialog = view.open_form("meeting")
    set_combo(dialog.kind, MeetingKind.EXTENDED)
    # Before a word of the minutes is typed, the form says the case needs third-party consent.
    assert "제3자 제공 동의" in dialog.problem_label.text() and not dialog.save_button.isEnabled()
    dialog.attendees.add_row(["최교수", "○○대학교 사회복지학과", "expert"])
    dialog.minutes.setPlainText("외부 전문가 자문: 주거 지원 우선, 월 1회 점검")
    shown.unsaved_choice = messages.KEEP             # 취소 → "임시 저장하고 닫기"
    dialog.reject()
    settle(qtbot, window.session.runner)
    assert drafts.load_draft(ctx, f"meeting:{case_id}")["minutes"] == "외부 전문가 자문: 주거 지원 우선, 월 1회 점검"

    consent(ctx, case_id, member, ConsentKind.THIRD_PARTY)
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: ConsentKind.THIRD_PARTY in view.detail.valid_consents)
    again = view.open_form("meeting")
    settle(qtbot, window.session.runner)
    again.restore_button.click()
    assert again.minutes.toPlainText() == "외부 전문가 자문: 주거 지원 우선, 월 1회 점검"
    assert "최교수" in [row[0] for row in again.attendees.rows()]
    assert "제3자 제공 동의" not in again.problem_label.text()


def test_a_mental_health_referral_asks_the_tier_and_an_emergency_says_112_119_first(qtbot, window, ctx, shown):
    from models.entities import Referral

    from ..workflow_helpers import consent
    case_id, member = registered_case(ctx, problems=("알코올 및 정신질환",))
    consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH)
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    referral = view.open_form("referral")
    set_combo(referral.program, "mental_health")
    settle(qtbot, window.session.runner)
    assert referral.tier.isVisibleTo(referral) and "1577-0199" in referral.crisis_line.text()
    assert "중 어떤 사례인지 고르세요" in referral.problem_label.text() and not referral.save_button.isEnabled()
    set_combo(referral.tier, "emergency")
    assert "112" in referral.tier_do.text() and "119" in referral.tier_do.text()
    assert referral.save_button.isEnabled(), referral.problem_label.text()
    referral.save()
    settle(qtbot, window.session.runner)
    with ctx.session() as s:
        assert [r.tier for r in s.query(Referral).filter_by(case_id=case_id)] == ["emergency"]
    # Another program has no tiers: the choice is gone.
    again = view.open_form("referral")
    set_combo(again.program, "self_support")
    settle(qtbot, window.session.runner)
    assert not again.tier.isVisibleTo(again) and not again.crisis_line.isVisibleTo(again)

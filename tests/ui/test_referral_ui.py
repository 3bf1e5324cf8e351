"""타 사업 의뢰 in the client: each criterion shows the fact it was judged on, what is still to be
entered is said, and the form that enters it opens from the referral, which checks again after."""
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

"""Consent lifecycle through the widgets: withdrawing a consent from the case's 동의 tab, the
under-14 rule in the consent form, and the home screen's 동의 갱신 예정."""
from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex

from app.services import referrals
from models.types import ConsentKind
from ui.dialogs.intake import ConsentDialog, ConsentWithdrawDialog
from ui.forms import set_combo

from ..workflow_helpers import consent, registered_case
from .conftest import settle


def open_case(qtbot, window, case_id):
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    return view


def test_withdrawal_from_the_consents_tab(qtbot, window, ctx, shown):
    case_id, member = registered_case(ctx, flags={"김민수": ["조건부수급"]})
    referrals.refer(ctx, case_id, member, "self_support", date(2026, 11, 10))
    view = open_case(qtbot, window, case_id)
    button = view.form_controls["withdraw_consent"]
    assert button.isEnabled() and button.text() == "선택한 동의의 철회 기록"

    # No row chosen: the case screen says which row the form is about, and opens nothing.
    view.consents.table.setCurrentIndex(QModelIndex())
    assert view.open_form("withdraw_consent") is None
    assert "철회할 동의" in shown.texts()

    assert view.consents.table.select_where(lambda c: c.kind == ConsentKind.THIRD_PARTY)
    dialog = view.open_form("withdraw_consent")
    assert isinstance(dialog, ConsentWithdrawDialog)
    assert "철회 방법을 고르세요." in dialog.problem_label.text() and not dialog.save_button.isEnabled()
    set_combo(dialog.how, "전화")
    dialog.withdrawn_on.setDate(QDate(2026, 11, 2))   # before the consent (2026-11-03)
    assert "철회일이 동의일보다 앞섭니다." in dialog.problem_label.text() and not dialog.save_button.isEnabled()
    dialog.withdrawn_on.setDate(QDate(2026, 11, 20))
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    dialog.save()
    settle(qtbot, window.session.runner)

    row = next(c for c in view.detail.consents if c.kind == ConsentKind.THIRD_PARTY)
    assert (row.withdrawn_on, row.withdrawn_how) == (date(2026, 11, 20), "전화")
    assert len(view.detail.referrals) == 1   # what was recorded under it stays
    assert ConsentKind.THIRD_PARTY not in view.detail.valid_consents
    # The referral form names the withdrawn consent before anything is sent.
    referral = view.open_form("referral")
    set_combo(referral.program, "self_support")
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: referral.check is not None and referral.check.program == "self_support")
    referral.revalidate()
    assert "개인정보 제3자 제공 동의(2026-11-20 철회)가 유효하지 않아" in referral.problem_label.text()
    assert not referral.save_button.isEnabled()
    referral._dirty = False
    referral.reject()
    # The withdrawn row no longer fits the form: it says so instead of opening.
    assert view.consents.table.select_where(lambda c: c.kind == ConsentKind.THIRD_PARTY)
    assert view.open_form("withdraw_consent") is None


def test_the_consent_form_asks_for_the_legal_representative_of_a_child(qtbot, window, ctx, shown):
    case_id, _ = registered_case(ctx, members=(("한엄마", "880808-2000008", "본인"), ("한아이", "180101-4000001", "자녀")),
                                 types=("모자",), income="차상위")
    view = open_case(qtbot, window, case_id)
    child = next(m.member_id for m in view.detail.household.members if m.name == "한아이")
    dialog = view.open_form("consent")
    assert isinstance(dialog, ConsentDialog)
    assert dialog.save_button.isEnabled()   # the mother herself: no representative needed
    dialog.recipients.setPlainText("서대문구 드림스타트")
    set_combo(dialog.kind, ConsentKind.THIRD_PARTY)
    set_combo(dialog.member, child)          # as soon as the child is chosen, the form says so
    assert "한아이님은 동의일에 만 14세 미만이라 법정대리인의 동의가 필요합니다" in dialog.problem_label.text()
    assert not dialog.save_button.isEnabled()
    assert dialog.recipients.toPlainText() == "서대문구 드림스타트"   # what was typed is kept
    dialog.own_period.setChecked(True)
    dialog.valid_until.setDate(QDate(2027, 11, 23))
    dialog.purposes.setPlainText("드림스타트 서비스 연계")
    dialog.representative.setText("한엄마")
    assert dialog.save_button.isEnabled(), dialog.problem_label.text()
    dialog.save()
    settle(qtbot, window.session.runner)
    row = next(c for c in view.detail.consents if c.member_id == child)
    assert (row.kind, row.legal_representative, row.valid_until, row.purposes, row.recipients) == (
        ConsentKind.THIRD_PARTY, "한엄마", date(2027, 11, 23), ("드림스타트 서비스 연계",), ("서대문구 드림스타트",))


def test_home_lists_consents_to_renew(qtbot, window, ctx):
    case_id, member = registered_case(ctx)
    consent(ctx, case_id, member, ConsentKind.MENTAL_HEALTH, valid_until=date(2026, 12, 10))
    window.home.refresh()
    settle(qtbot, window.session.runner)
    table = window.home.renewals.table
    assert table.row_model.total() == 1
    row = table.row_model.row_at(0)
    assert (row.kind, row.ends_on, row.days_left) == (ConsentKind.MENTAL_HEALTH, date(2026, 12, 10), 17)
    assert table.row_model.index(0, 4).data() == "17일"
    with qtbot.waitSignal(window.home.open_case, timeout=2000) as opened:
        table.activated_row.emit(row)
    assert opened.args == [case_id]


def test_an_expired_collection_consent_is_said_when_the_intake_decision_opens(qtbot, window, ctx, shown):
    """Known before anything is chosen: a 수집·이용 동의 past its own period does not allow 접수."""
    from models.types import IntakeDecision

    from ..workflow_helpers import intake_case
    case_id, member = intake_case(ctx)
    consent(ctx, case_id, member, recorded_on=date(2026, 1, 5), valid_until=date(2026, 6, 30))
    view = open_case(qtbot, window, case_id)
    dialog = view.open_form("intake_decision")
    set_combo(dialog.decision, IntakeDecision.CASE_MANAGEMENT)
    assert "수집·이용 동의" in dialog.problem_label.text() and not dialog.save_button.isEnabled()
    dialog._dirty = False
    dialog.reject()

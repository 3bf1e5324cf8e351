"""Team-lead and administrator screens (접속기록 점검, 개인정보 파기, 직원 관리, 비밀번호 변경),
menus by role, case sharing and reassignment, household editing."""
from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QLabel
from sqlalchemy import select, update

from app.services import accounts, cases

from app.services.views import case_file, reference
from app.services.access_log import monthly_review
from models.entities import AuditLog, Case
from models.types import ClosureReason, Role
from ui import models
from ui.forms import set_combo
from ui.mainwindow import MainWindow
from ui.models import RowTableModel
from ui.session import UiSession

from ..conftest import FAST_KDF, PASSWORD, as_staff
from ..workflow_helpers import closure_meeting, in_service_case
from .conftest import settle
from .test_workflow_ui import save, type_into


@pytest.fixture
def window_as(qtbot, runner, admin_ctx, staff_ids, shown):
    """A main window signed in as someone else than 김사례 ("admin" or a username)."""
    made = []

    def make(username: str) -> MainWindow:
        ctx = admin_ctx if username == "admin" else as_staff(admin_ctx, staff_ids[username])
        win = MainWindow(UiSession(ctx, runner))
        qtbot.addWidget(win)
        win.show()
        settle(qtbot, runner)
        made.append(win)
        return win
    yield make
    for win in made:
        win._leaving = True
        win.idle.stop()
    settle(qtbot, runner)


def menu_titles(win) -> list[str]:
    return [a.text() for a in win.menuBar().actions()]


def menu_items(win, title: str) -> list[str]:
    menu = next(a.menu() for a in win.menuBar().actions() if a.text() == title)
    return [a.text() for a in menu.actions() if a.text()]


def test_menus_follow_the_role(window, window_as):
    assert "관리(&A)" not in menu_titles(window)
    assert menu_items(window_as("park"), "관리(&A)") == ["통계…", "접속기록 점검…", "개인정보 파기…"]
    assert menu_items(window_as("admin"), "관리(&A)")[-1] == "직원 관리…"
    assert "화면 잠금" in menu_items(window, "파일(&F)")


def test_access_review_shows_the_chain_result_first(qtbot, window_as, admin_ctx, ctx, qtmodeltester):
    in_service_case(ctx)
    lead = window_as("park")
    page = lead.show_access_review()
    page.year.setValue(date.today().year)  # audit rows carry the real time of writing
    page.month.setValue(date.today().month)
    page.refresh()
    settle(qtbot, lead.session.runner)
    assert "무결성 확인" in page.chain.text()
    names = [r.name for r in page.activity.table.row_model.rows()]
    assert "김사례" in names
    qtmodeltester.check(page.activity.table.row_model, force_py=True)

    with admin_ctx.session() as s:  # someone edits a row behind the app's back
        first = s.scalars(select(AuditLog.seq).order_by(AuditLog.seq)).first()
        s.execute(update(AuditLog).where(AuditLog.seq == first).values(purpose="고친 기록"))
    page.refresh()
    settle(qtbot, lead.session.runner)
    assert "위·변조 의심" in page.chain.text() and str(first) in page.chain.text()


def test_review_model_with_refusals(qtmodeltester, admin_ctx, ctx):
    in_service_case(ctx)
    today = date.today()
    review = monthly_review(admin_ctx, today.year, today.month)
    model = RowTableModel(models.review_columns())
    model.set_rows(review.activity)
    qtmodeltester.check(model, force_py=True)
    assert model.index(0, 5).data()  # 작업별 breakdown in Korean labels


def test_destruction_needs_a_selection_and_a_reason(qtbot, window_as, ctx, shown, qtmodeltester):
    case_id, _m, _p = in_service_case(ctx)
    closure_meeting(ctx, case_id)
    cases.close_case(ctx, case_id, reason=ClosureReason.GOAL_ACHIEVED, evaluation="달성", closed_on=date(2026, 11, 21))
    with ctx.session() as s:
        s.get(Case, case_id).closed_on = date(2019, 5, 1)
    lead = window_as("park")
    page = lead.show_destruction()
    settle(qtbot, lead.session.runner)
    qtmodeltester.check(page.candidates.table.row_model, force_py=True)
    assert page.destroy_selected() is None and "고르세요" in shown.texts("info")
    page.candidates.table.selectRow(0)
    dialog = page.destroy_selected()
    assert not dialog.save_button.isEnabled() and "되돌릴 수 없습니다" in dialog.warning.text()
    type_into(qtbot, dialog.reason, "2019년 종결분 보존기간 경과")
    save(qtbot, lead.session.runner, dialog)
    assert "파기했습니다" in page.result.text()
    assert page.candidates.table.row_model.total() == 0
    with ctx.session() as s:
        assert s.get(Case, case_id) is None


def test_staff_management_lists_adds_and_explains_no_reset(qtbot, window_as, db_path, qtmodeltester):
    admin = window_as("admin")
    page = admin.show_staff()
    page.kdf = FAST_KDF
    settle(qtbot, admin.session.runner)
    assert [r.username for r in page.staff.table.row_model.rows()][:1]
    qtmodeltester.check(page.staff.table.row_model, force_py=True)
    assert "재설정할 수 없습니다" in page.findChild(QLabel, "noReset").text()
    dialog = page.add_staff()
    dialog.username.setText("jung")
    type_into(qtbot, dialog.display_name, "정신입")
    dialog.password.setText("short")
    assert "10자 이상" in dialog.problem_label.text()  # the rule is shown while typing
    dialog.password.setText("new-staff-pass-1")
    dialog.password2.setText("new-staff-pass-1")
    set_combo(dialog.role, Role.CASE_MANAGER)
    save(qtbot, admin.session.runner, dialog)
    settle(qtbot, admin.session.runner)
    assert "jung" in [r.username for r in page.staff.table.row_model.rows()]
    accounts.sign_in(db_path, "jung", "new-staff-pass-1").store.close()


def test_change_own_password(qtbot, window, db_path, shown):
    dialog = window.change_password()
    dialog.kdf = FAST_KDF
    dialog.old.setText("not-my-password")
    dialog.new.setText("another-horse-77")
    dialog.new2.setText("another-horse-77")
    dialog.save()
    settle(qtbot, window.session.runner)
    assert "올바르지 않습니다" in dialog.problem_label.text()
    dialog.old.setText(PASSWORD)
    save(qtbot, window.session.runner, dialog)
    assert "비밀번호를 바꿨습니다" in shown.texts("info")
    accounts.sign_in(db_path, "kim", "another-horse-77").store.close()


def test_share_and_reassign_from_the_case_view(qtbot, window, window_as, ctx, staff_ids):
    runner = window.session.runner
    case_id, _m, _p = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, runner)
    assert view.share_action.isEnabled() and not view.reassign_action.isEnabled()
    dialog = view.open_form("share")
    settle(qtbot, runner)
    set_combo(dialog.staff, staff_ids["lee"])
    save(qtbot, runner, dialog)
    assert [r.display_name for r in case_file.case_shares(ctx, case_id)] == ["이사례"]
    dialog = view.open_form("share")
    settle(qtbot, runner)
    dialog.shared.table.selectRow(0)
    dialog.unshare_selected()
    settle(qtbot, runner)
    assert case_file.case_shares(ctx, case_id) == [] and dialog.shared.table.row_model.total() == 0
    dialog.reject()

    lead = window_as("park")
    lead_view = lead.open_case(case_id)
    settle(qtbot, runner)
    assert lead_view.reassign_action.isEnabled()
    dialog = lead_view.open_form("reassign")
    assert [dialog.staff.itemData(i) for i in range(dialog.staff.count())] == [staff_ids["lee"]]
    save(qtbot, runner, dialog)
    with ctx.session() as s:
        assert s.get(Case, case_id).manager_id == staff_ids["lee"]


def test_household_edit_from_the_case_view(qtbot, window, ctx):
    runner = window.session.runner
    case_id, _m, _p = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, runner)
    dialog = view.open_form("edit_household")
    assert dialog.fields.address.text() and not dialog.dirty  # filled from the household, not an edit
    dialog.fields.address.setText("서울 서대문구 연희로 99")
    dialog.fields.types.box("한부모").setChecked(True)
    save(qtbot, runner, dialog)
    assert view.detail.household.address == "서울 서대문구 연희로 99"
    assert "한부모" in view.detail.household.household_types


def test_share_and_staff_models(qtmodeltester, admin_ctx, ctx, staff_ids):
    from app.services import sharing
    case_id, _m, _p = in_service_case(ctx)
    sharing.share_case(ctx, case_id, staff_ids["lee"])
    for columns, rows in ((models.share_columns(), case_file.case_shares(ctx, case_id)),
                          (models.staff_account_columns(), reference.staff_accounts(admin_ctx))):
        model = RowTableModel(columns)
        model.set_rows(rows)
        qtmodeltester.check(model, force_py=True)

"""Every form fits an office laptop (1366×768 at 125%: about 1093×574 logical pixels): it can shrink
that far (scrolling where its content is long) and never opens larger than the screen it is on."""
from __future__ import annotations

from PySide6.QtCore import QSize

from app.services.views import case_file
from ui import case_forms
from ui.forms import LAPTOP_AVAILABLE, fit_within

from ..workflow_helpers import in_service_case
from .conftest import settle


def fits(size: QSize, room: QSize) -> bool:
    return size.width() <= room.width() and size.height() <= room.height()


def test_fit_within_keeps_what_fits_and_shrinks_what_does_not():
    assert fit_within(QSize(900, 780), LAPTOP_AVAILABLE) == QSize(900, 574)
    assert fit_within(QSize(1200, 500), LAPTOP_AVAILABLE) == QSize(1093, 500)


def test_every_form_fits_the_laptop_and_opens_within_the_screen(qtbot, window, ctx):
    case_id, _, _ = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    dialogs = {}
    for form in case_forms.FORMS:
        if form.service or form.key == "reply":   # reply needs a referral awaiting one (test_forms opens it)
            continue
        row = None
        if form.row_check:   # a row of the form's own tab (가구원, 동의 …) that fits it
            table = getattr(view, form.place).table
            assert table.select_where(form.row_check), form.key
            row = table.current_row()
        dialogs[form.key] = form.make(case_forms.Opening(window.session.runner, ctx, view.detail,
                                                         window.session.reference, row=row, parent=view))
    dialogs["new_household"] = window.new_household()
    dialogs["general_meeting"] = window.new_general_meeting()
    dialogs["change_password"] = window.change_password()
    dialogs["intake"] = window._open_intake(case_file.household_detail(ctx, view.detail.household.household_id))
    screen = window.screen().availableGeometry().size()
    for name, dialog in dialogs.items():
        assert fits(dialog.minimumSizeHint(), LAPTOP_AVAILABLE), (name, dialog.minimumSizeHint())
        dialog.show()
        assert fits(dialog.frameGeometry().size(), screen), (name, dialog.frameGeometry().size(), screen)
        dialog._dirty = False
        dialog.reject()


def test_ctrl_s_saves_the_open_form_and_the_help_menu_lists_the_shortcuts(qtbot, window, ctx):
    import shiboken6
    from PySide6.QtCore import Qt
    case_id, _, _ = in_service_case(ctx)
    view = window.open_case(case_id)
    settle(qtbot, window.session.runner)
    dialog = view.open_form("contact")
    dialog.note.setPlainText("전화 상담: 안부 확인")
    dialog.activateWindow()
    dialog.note.setFocus()
    qtbot.waitUntil(dialog.note.hasFocus)
    qtbot.keyClick(dialog.note, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, window.session.runner)
    qtbot.waitUntil(lambda: len(view.detail.contacts) == 1)
    assert not shiboken6.isValid(dialog)   # saved and closed
    listed = window.shortcut_list()
    for keys, what in (("Ctrl+N", "새 가구 등록"), ("Ctrl+F", "사례 검색"), ("Ctrl+Shift+S", "지금 동기화"),
                       ("Ctrl+S 또는 Ctrl+Enter", "저장하고 닫기")):
        assert f"{keys}\t{what}" in listed


def test_the_main_window_fits_the_laptop_on_the_home_screen_and_on_a_case(qtbot, window, ctx):
    """The home screen's lists scroll as one page, so the main window is never taller than a
    1366×768 laptop at 125% leaves, on the home screen or with a case open."""
    assert fits(window.minimumSizeHint(), LAPTOP_AVAILABLE), window.minimumSizeHint()
    case_id, _, _ = in_service_case(ctx)
    window.open_case(case_id)
    settle(qtbot, window.session.runner)
    assert fits(window.minimumSizeHint(), LAPTOP_AVAILABLE), window.minimumSizeHint()

"""새 가구 등록 looks for the same person as the name and RRN are typed: the candidates show with
why, the existing case opens from there and the form keeps what was typed, or the worker goes on."""
from __future__ import annotations

from ..workflow_helpers import registered_case
from .conftest import settle


def test_registering_someone_already_held_shows_them_and_opens_their_case(qtbot, window, ctx):
    case_id, _ = registered_case(ctx)             # 김민수 900101-1234568, 연희로 1
    dialog = window.new_household()
    dialog.address.setText("서울 서대문구 연희로 1")
    dialog.member.name.setText("김민수")
    dialog.member.rrn.setText("900101-1234568")
    qtbot.waitUntil(lambda: dialog.duplicates.isVisible(), timeout=5000)
    settle(qtbot, window.session.runner)
    [line] = [dialog.duplicates.list.item(i).text() for i in range(dialog.duplicates.list.count())]
    assert line.startswith("김민수 · 주민등록번호 같음 · 이름·생년월일 같음") and "연희로 1" in line
    assert dialog.duplicates.open_button.isEnabled()
    dialog.duplicates.open_button.click()
    settle(qtbot, window.session.runner)
    assert window.tabs.currentWidget().case_id == case_id
    assert dialog.isVisible() and dialog.member.name.text() == "김민수"     # nothing typed is lost
    dialog.duplicates.continue_button.click()
    assert not dialog.duplicates.isVisible()
    dialog.member.phone.setText("010-9999-0000")                         # typing again looks again
    qtbot.waitUntil(lambda: dialog.duplicates.isVisible(), timeout=5000)
    dialog._dirty = False
    dialog.reject()


def test_someone_new_shows_nothing(qtbot, window, ctx):
    registered_case(ctx)
    dialog = window.new_household()
    dialog.member.name.setText("이새롬")
    dialog.member.rrn.setText("450505-1000006")
    qtbot.wait(600)
    settle(qtbot, window.session.runner)
    assert not dialog.duplicates.isVisible() and dialog.duplicates.candidates == []
    dialog._dirty = False
    dialog.reject()

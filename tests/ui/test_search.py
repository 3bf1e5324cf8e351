"""Search as you type: debounced, off the GUI thread, the newest query wins."""
from __future__ import annotations

import time

from ..workflow_helpers import household, intake_case
from .conftest import settle


def test_results_follow_typing_with_initials_phone_and_address(qtbot, window, ctx):
    intake_case(ctx)
    household(ctx, members=(("이영희", "450305-2345671", "본인"),), dong="연희동")
    page = window.search
    window.show_search()
    with qtbot.waitSignal(page.results_shown, timeout=5000) as blocker:
        page.box.setText("ㄱㅁㅅ")
    assert blocker.args == [1]
    assert page.table.row_model.row_at(0).name == "김민수"
    settle(qtbot, window.session.runner)
    with qtbot.waitSignal(page.results_shown, timeout=5000) as blocker:
        page.box.setText("연희")
    assert blocker.args == [2]  # both live on 연희로
    with qtbot.waitSignal(page.results_shown, timeout=5000):
        page.box.setText("5678")
    assert page.table.row_model.total() == 2


def test_typing_fast_sends_one_query_after_the_pause(qtbot, window, ctx, monkeypatch):
    intake_case(ctx)
    from ui import search
    calls = []
    real = search.run_search
    monkeypatch.setattr(search, "run_search", lambda c, text: calls.append(text) or real(c, text))
    page = window.search
    for text in ("김", "김민", "김민수"):
        page.box.setText(text)
        qtbot.wait(50)
    start = time.perf_counter()
    with qtbot.waitSignal(page.results_shown, timeout=5000):
        pass
    assert calls == ["김민수"]
    assert time.perf_counter() - start < 2


def test_activating_a_result_opens_the_case(qtbot, window, ctx):
    case_id, _ = intake_case(ctx)
    page = window.search
    with qtbot.waitSignal(page.results_shown, timeout=5000):
        page.box.setText("김민수")
    with qtbot.waitSignal(page.open_case) as blocker:
        page.table.activated_row.emit(page.table.row_model.row_at(0))
    assert blocker.args == [case_id]
    settle(qtbot, window.session.runner)
    assert window.tabs.currentWidget().case_id == case_id

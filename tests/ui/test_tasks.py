"""The background task runner: results, Korean errors, progress, cancel, and logs without values."""
from __future__ import annotations

import logging
import threading

from app.services.errors import ValidationError
from ui.tasks import GENERIC_ERROR, TaskRunner

from .conftest import settle


def test_result_arrives_on_the_gui_thread(qtbot, runner):
    seen = []
    gui = threading.get_ident()
    runner.submit(lambda: threading.get_ident(), on_done=lambda worker: seen.append((worker, threading.get_ident())))
    settle(qtbot, runner)
    [(worker, callback)] = seen
    assert worker != gui and callback == gui


def test_service_errors_reach_the_user_as_their_korean_sentence(qtbot, runner):
    errors = []

    def bad():
        raise ValidationError("주소를 입력하세요.", "주소")
    runner.submit(bad, on_error=errors.append)
    settle(qtbot, runner)
    assert errors == ["주소를 입력하세요."]


def test_unexpected_errors_are_generic_and_logged_without_their_message(qtbot, runner, caplog):
    errors = []

    def crash():
        raise KeyError("김민수 900101-1234568")
    with caplog.at_level(logging.ERROR):
        runner.submit(crash, on_error=errors.append)
        settle(qtbot, runner)
    assert errors == [GENERIC_ERROR]
    assert "KeyError" in caplog.text
    assert "김민수" not in caplog.text and "900101" not in caplog.text


def test_errors_without_a_handler_go_to_the_runner_signal(qtbot, runner):
    with qtbot.waitSignal(runner.error) as blocker:
        runner.submit(lambda: 1 / 0)
    assert blocker.args == [GENERIC_ERROR]


def test_progress_and_cancel(qtbot, runner):
    gate = threading.Event()
    progress, done = [], []

    def long_list(control):
        for i in range(1000):
            control.progress(i, 1000, "목록")
            if i == 3:
                gate.wait(5)
        return "끝"
    handle = runner.submit(long_list, on_done=done.append, on_progress=lambda d, t, text: progress.append(d))
    qtbot.waitUntil(lambda: len(progress) >= 3)
    handle.cancel()
    gate.set()
    settle(qtbot, runner)
    assert done == [] and progress[-1] < 999


def test_queued_task_cancelled_before_it_starts_never_runs(qtbot, runner):
    gate, ran = threading.Event(), []
    runner.submit(gate.wait, 5)
    handle = runner.submit(lambda: ran.append(1))
    handle.cancel()
    gate.set()
    settle(qtbot, runner)
    assert ran == []


def test_callbacks_of_a_closed_widget_are_dropped(qtbot, runner):
    from PySide6.QtWidgets import QLabel
    label = QLabel()
    gate = threading.Event()
    runner.submit(gate.wait, 5, on_done=lambda _r: label.setText("x"), owner=label)
    label.deleteLater()
    qtbot.wait(10)
    gate.set()
    settle(qtbot, runner)  # no RuntimeError from a deleted C++ object


def test_busy_signal(qtbot):
    runner = TaskRunner()
    states = []
    runner.busy_changed.connect(states.append)
    runner.submit(lambda: None)
    settle(qtbot, runner)
    assert states == [True, False]

"""UI test fixtures: a task runner, a signed-in window on the fresh database of tests/conftest.py,
and message boxes answered without a modal loop (every message shown is recorded)."""
from __future__ import annotations

import pytest

from ui import messages
from ui.session import UiSession
from ui.tasks import TaskRunner


class Shown:
    """Messages the UI showed during a test: (kind, title, text)."""

    def __init__(self):
        self.items: list[tuple[str, str, str]] = []
        self.answer = True
        self.unsaved_choice = messages.DISCARD

    def texts(self, kind: str | None = None) -> str:
        return "\n".join(t for k, _title, t in self.items if kind is None or k == kind)


@pytest.fixture
def shown(monkeypatch) -> Shown:
    record = Shown()
    monkeypatch.setattr(messages, "error", lambda parent, text, title=None: record.items.append(("error", title or "", text)))
    monkeypatch.setattr(messages, "info", lambda parent, title, text: record.items.append(("info", title, text)))
    monkeypatch.setattr(messages, "warnings", lambda parent, title, lines, intro="": record.items.append(
        ("warnings", title, "\n".join(lines))) if lines else None)

    def ask(parent, title, text):
        record.items.append(("ask", title, text))
        return record.answer

    def unsaved(parent, has_drafts):
        record.items.append(("unsaved", "", ""))
        return record.unsaved_choice
    monkeypatch.setattr(messages, "ask", ask)
    monkeypatch.setattr(messages, "unsaved_changes", unsaved)
    return record


@pytest.fixture
def runner(qapp):
    r = TaskRunner()
    yield r
    r.wait_idle(10000)


def settle(qtbot, runner: TaskRunner, timeout: int = 10000) -> None:
    """Wait until the database worker is idle and every result has reached its widget."""
    qtbot.waitUntil(lambda: runner.pending == 0, timeout=timeout)
    qtbot.wait(1)


@pytest.fixture
def session(ctx, runner) -> UiSession:
    return UiSession(ctx, runner)


@pytest.fixture
def window(qtbot, session, shown):
    from ui.mainwindow import MainWindow
    win = MainWindow(session)
    qtbot.addWidget(win)
    win.show()
    settle(qtbot, session.runner)
    yield win
    win._leaving = True  # no unsaved-changes question at teardown
    settle(qtbot, session.runner)

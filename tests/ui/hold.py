"""Holding a sync or a join mid-way, so that a test or a screenshot sees it in progress."""
from __future__ import annotations

import threading


class HoldAt:
    """Wraps a task's progress control: the task (on its worker thread) waits when it reports
    `stage`, until `release()` or `timeout` seconds."""

    def __init__(self, stage: str, timeout: float = 15):
        self.stage, self.timeout, self.gate = stage, timeout, threading.Event()

    def wrap(self, control) -> "_Held":
        return _Held(control, self)

    def release(self) -> None:
        self.gate.set()


class _Held:
    def __init__(self, control, hold: HoldAt):
        self.control, self.hold = control, hold

    def progress(self, done, total, stage):
        self.control.progress(done, total, stage)
        if stage == self.hold.stage:
            self.hold.gate.wait(self.hold.timeout)

"""Background work for the GUI: one serialized database worker, results back on the GUI thread.

All service calls go through `TaskRunner.submit`. The database runner has a single thread, so
reads and writes on the encrypted store are serialized (SQLCipher connections are not shared
across threads at the same time, and a write never races a read of the same screen). Results,
progress and errors are delivered through queued signals to slots of the runner, which lives on
the GUI thread, then handed to the caller's callbacks there.
"""
from __future__ import annotations

import itertools
import logging
import threading
from dataclasses import dataclass, field
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

GENERIC_ERROR = "작업 중 예기치 않은 오류가 발생했습니다. 다시 시도하고, 계속되면 관리자에게 문의하세요."


class Cancelled(Exception):
    """Raised inside a task by `TaskControl.check()` once the user cancelled it."""


def user_message(exc: BaseException) -> str:
    """The Korean sentence to show for an error. Services and the store raise errors whose text is
    written for people; anything else is a bug, shown generically and logged by type only."""
    from app.services.errors import ServiceError
    from app.sync.errors import SyncError
    from models.errors import StoreError
    if isinstance(exc, (ServiceError, StoreError, SyncError)):  # sync errors carry no server text either
        return str(exc)
    log_exception(exc)
    return GENERIC_ERROR


def log_exception(exc: BaseException) -> None:
    """Log the type and where it happened, never the message: messages may quote personal data."""
    import traceback
    frames = traceback.extract_tb(exc.__traceback__)[-6:]
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno}:{f.name}" for f in reversed(frames))
    log.error("unexpected %s at %s", type(exc).__name__, where or "?")


class TaskControl:
    """Handed to tasks that report progress or can stop early."""

    def __init__(self, runner: "TaskRunner", job_id: int):
        self._runner = runner
        self._job_id = job_id
        self._cancel = threading.Event()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled()

    def progress(self, done: int, total: int, text: str = "") -> None:
        self.check()
        self._runner._signals.progress.emit(self._job_id, done, total, text)


class _Signals(QObject):
    done = Signal(int, object)
    failed = Signal(int, object)
    progress = Signal(int, int, int, str)


class _Job(QRunnable):
    def __init__(self, runner: "TaskRunner", job_id: int, fn: Callable, args: tuple, kwargs: dict,
                 control: TaskControl | None):
        super().__init__()
        self.setAutoDelete(False)  # the runner keeps the Python object until the result is delivered
        self._runner, self._id, self._fn, self._args, self._kwargs = runner, job_id, fn, args, kwargs
        self._control = control

    def run(self) -> None:
        signals = self._runner._signals
        try:
            if self._control is not None:
                self._control.check()
                result = self._fn(*self._args, control=self._control, **self._kwargs)
            else:
                result = self._fn(*self._args, **self._kwargs)
        except BaseException as exc:  # noqa: BLE001 - every error goes back to the GUI thread
            signals.failed.emit(self._id, exc)
        else:
            signals.done.emit(self._id, result)


@dataclass
class _Pending:
    job: _Job
    on_done: Callable[[Any], None] | None
    on_error: Callable[[str], None] | None
    on_progress: Callable[[int, int, str], None] | None
    owner: QObject | None
    control: TaskControl | None
    cancelled: bool = field(default=False)


class TaskHandle:
    def __init__(self, runner: "TaskRunner", job_id: int):
        self._runner, self.job_id = runner, job_id

    def cancel(self) -> None:
        self._runner.cancel(self.job_id)

    @property
    def running(self) -> bool:
        return self.job_id in self._runner._pending


class TaskRunner(QObject):
    """Runs callables off the GUI thread; `busy_changed` drives a busy indicator."""

    busy_changed = Signal(bool)
    error = Signal(str)  # errors of tasks submitted without on_error

    def __init__(self, parent: QObject | None = None, threads: int = 1):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(threads)
        self._signals = _Signals()
        queued = Qt.ConnectionType.QueuedConnection
        self._signals.done.connect(self._on_done, queued)
        self._signals.failed.connect(self._on_failed, queued)
        self._signals.progress.connect(self._on_progress, queued)
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}

    # --- submitting ---
    def submit(self, fn: Callable, *args, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[str], None] | None = None,
               on_progress: Callable[[int, int, str], None] | None = None,
               owner: QObject | None = None, with_control: bool = False, **kwargs) -> TaskHandle:
        """Run fn(*args, **kwargs) on the worker. Callbacks run on the GUI thread, and only while
        `owner` (a widget that asked) still exists. With `with_control`, fn also gets `control=`."""
        job_id = next(self._ids)
        control = TaskControl(self, job_id) if with_control or on_progress else None
        job = _Job(self, job_id, fn, args, kwargs, control)
        was_idle = not self._pending
        self._pending[job_id] = _Pending(job, on_done, on_error, on_progress, owner, control)
        self._pool.start(job)
        if was_idle:
            self.busy_changed.emit(True)
        return TaskHandle(self, job_id)

    def cancel(self, job_id: int) -> None:
        p = self._pending.get(job_id)
        if p is None:
            return
        p.cancelled = True
        if p.control is not None:
            p.control._cancel.set()
        if self._pool.tryTake(p.job):  # not started yet: it never will
            self._finish(job_id)

    @property
    def pending(self) -> int:
        return len(self._pending)

    def wait_idle(self, timeout_ms: int = 30000) -> bool:
        """Block until the worker is idle (shutdown, tests). Queued results still need the event loop."""
        return self._pool.waitForDone(timeout_ms)

    # --- delivery on the GUI thread ---
    def _take(self, job_id: int) -> _Pending | None:
        p = self._finish(job_id)
        if p is None or p.cancelled:
            return None
        if p.owner is not None and not shiboken6.isValid(p.owner):
            return None  # the widget that asked is gone
        return p

    def _finish(self, job_id: int) -> _Pending | None:
        p = self._pending.pop(job_id, None)
        if p is not None and not self._pending:
            self.busy_changed.emit(False)
        return p

    @Slot(int, object)
    def _on_done(self, job_id: int, result: object) -> None:
        p = self._take(job_id)
        if p is not None and p.on_done is not None:
            p.on_done(result)

    @Slot(int, object)
    def _on_failed(self, job_id: int, exc: object) -> None:
        p = self._take(job_id)
        if p is None or isinstance(exc, Cancelled):
            return
        message = user_message(exc)  # type: ignore[arg-type]
        if p.on_error is not None:
            p.on_error(message)
        else:
            self.error.emit(message)

    @Slot(int, int, int, str)
    def _on_progress(self, job_id: int, done: int, total: int, text: str) -> None:
        p = self._pending.get(job_id)
        if p is None or p.cancelled or p.on_progress is None:
            return
        if p.owner is not None and not shiboken6.isValid(p.owner):
            return
        p.on_progress(done, total, text)

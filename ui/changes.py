"""Screens refresh themselves after a write: the store's change notices (models.changes), handed to
the GUI thread as a Qt signal.

A save runs on the database worker; when its unit of work commits, the store tells
`ChangeNotices`, whose signal reaches the GUI thread queued. Each screen says which changes
concern it (`follow`): the case file its case, household and meetings; 홈 the lists it shows; the
meeting list its meetings. Several notices close together give one refresh.
"""
from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from models.changes import Changes


class ChangeNotices(QObject):
    changed = Signal(object)   # Changes, delivered on the GUI thread

    def __init__(self, parent=None):
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None

    def attach(self, store) -> None:
        """Listen to this store (again after an unlock, which opens the store anew)."""
        self.detach()
        self._unsubscribe = store.subscribe(self.changed.emit)  # emitted on the worker, queued to the GUI

    def detach(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def publish(self, changes: Changes) -> None:
        """For writes made around the ORM (a sync pull, a sync file), which the store cannot see."""
        self.changed.emit(changes)


class _Follower(QObject):
    """The receiving end in the GUI thread: a QObject slot, so a notice emitted on the worker is queued
    here (a plain function slot gives no such guarantee), and Qt drops the connection with the screen."""

    def __init__(self, screen: QObject, concerns: Callable[[Changes], bool], refresh: Callable[[], None]):
        super().__init__(screen)
        self._concerns = concerns
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(refresh)

    @Slot(object)
    def heard(self, changes: Changes) -> None:
        if self._concerns(changes):
            self._timer.start()


def follow(screen: QObject, notices: ChangeNotices, concerns: Callable[[Changes], bool],
           refresh: Callable[[], None]) -> None:
    """Refresh `screen` after the changes that concern it; notices arriving together refresh it once."""
    notices.changed.connect(_Follower(screen, concerns, refresh).heard)

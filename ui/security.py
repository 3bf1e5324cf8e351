"""Guards of an unattended office PC: idle lock, the OS screen lock, and a clipboard that forgets.

Idle time is measured by the wall clock (`time.time`), not by counting timer ticks: a laptop that
slept past the limit must lock the moment it wakes, and timers do not run during sleep. The clock
is injectable so a test can move it forward.
"""
from __future__ import annotations

import logging
import sys
import time
from typing import Callable

from PySide6.QtCore import QAbstractNativeEventFilter, QCoreApplication, QEvent, QObject, QTimer, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget

log = logging.getLogger(__name__)

IDLE_LOCK_MINUTES = 10
TICK_MS = 15_000
CLIPBOARD_CLEAR_MS = 30_000

_ACTIVITY = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.Wheel,
             QEvent.Type.TouchBegin}


class IdleWatcher(QObject):
    """Emits `idle` once the last key or mouse event anywhere in the app is `minutes` old."""

    idle = Signal()

    def __init__(self, minutes: float = IDLE_LOCK_MINUTES, clock: Callable[[], float] = time.time,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.limit_s = minutes * 60
        self.clock = clock
        self.last_activity = clock()
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.check)
        self._running = False

    def start(self) -> None:
        self.last_activity = self.clock()
        if not self._running:
            QApplication.instance().installEventFilter(self)
            self._running = True
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        if self._running and QApplication.instance() is not None:
            QApplication.instance().removeEventFilter(self)
        self._running = False

    def set_minutes(self, minutes: float) -> None:
        self.limit_s = max(1.0, float(minutes)) * 60

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in _ACTIVITY:
            self.last_activity = self.clock()
        return False

    def check(self) -> None:
        if self._running and self.clock() - self.last_activity >= self.limit_s:
            self.stop()
            self.idle.emit()


# --- the operating system's own screen lock -------------------------------------------------------


class _WindowsSessionFilter(QAbstractNativeEventFilter):
    """WM_WTSSESSION_CHANGE with WTS_SESSION_LOCK, after WTSRegisterSessionNotification."""

    WM_WTSSESSION_CHANGE = 0x02B1
    WTS_SESSION_LOCK = 0x7

    def __init__(self, on_lock: Callable[[], None]):
        super().__init__()
        self.on_lock = on_lock

    def nativeEventFilter(self, event_type, message):  # noqa: N802 - Qt's name
        if bytes(event_type) == b"windows_generic_MSG":
            from ctypes import wintypes
            msg = wintypes.MSG.from_address(int(message))
            if msg.message == self.WM_WTSSESSION_CHANGE and msg.wParam == self.WTS_SESSION_LOCK:
                self.on_lock()
        return False, 0


class ScreenLockMonitor(QObject):
    """Emits `locked` when the OS locks the screen: Windows session notifications, or the
    freedesktop/GNOME ScreenSaver D-Bus signal on Linux. Where neither exists it stays silent."""

    locked = Signal()

    def __init__(self, window: QWidget):
        super().__init__(window)
        self._window = window
        self._filter: _WindowsSessionFilter | None = None
        self.source = ""
        try:
            if sys.platform == "win32":
                self._watch_windows()
            elif sys.platform.startswith("linux"):
                self._watch_dbus()
        except Exception as exc:  # noqa: BLE001 - a missing facility only means no OS-lock trigger
            log.info("screen lock detection unavailable: %s", type(exc).__name__)

    def _watch_windows(self) -> None:
        import ctypes
        hwnd = int(self._window.winId())
        if not ctypes.windll.wtsapi32.WTSRegisterSessionNotification(hwnd, 0):  # NOTIFY_FOR_THIS_SESSION
            return
        self._hwnd = hwnd
        self._filter = _WindowsSessionFilter(self.locked.emit)
        QCoreApplication.instance().installNativeEventFilter(self._filter)
        self.source = "wts"

    def _watch_dbus(self) -> None:
        from PySide6.QtCore import SLOT
        from PySide6.QtDBus import QDBusConnection
        bus = QDBusConnection.sessionBus()
        if not bus.isConnected():
            return
        for name in ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver"):
            path = "/" + name.replace(".", "/")
            if bus.connect("", path, name, "ActiveChanged", self, SLOT("_active_changed(bool)")):
                self.source = "dbus"

    @Slot(bool)
    def _active_changed(self, active: bool) -> None:
        if active:
            self.locked.emit()

    def stop(self) -> None:
        if self._filter is not None:
            import ctypes
            QCoreApplication.instance().removeNativeEventFilter(self._filter)
            ctypes.windll.wtsapi32.WTSUnRegisterSessionNotification(self._hwnd)
            self._filter = None


# --- clipboard ------------------------------------------------------------------------------------


class ClipboardGuard(QObject):
    """Copies a phone number or RRN and takes it back: after 30 s, and on quit or lock, the
    clipboard is cleared if it still holds exactly what we put there (never someone else's copy)."""

    def __init__(self, parent: QObject | None = None, delay_ms: int = CLIPBOARD_CLEAR_MS):
        super().__init__(parent)
        self._value: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.clear)

    def copy(self, text: str) -> None:
        QApplication.clipboard().setText(text)
        self._value = text
        self.timer.start()

    def clear(self) -> None:
        clipboard = QApplication.clipboard()
        if self._value is not None and clipboard.text() == self._value:
            clipboard.clear()
        self._value = None
        self.timer.stop()


_guard: ClipboardGuard | None = None


def clipboard_guard() -> ClipboardGuard:
    """One guard per application, cleared on quit."""
    global _guard
    app = QApplication.instance()
    if _guard is None or _guard.parent() is not app:
        _guard = ClipboardGuard(app)
        app.aboutToQuit.connect(_guard.clear)
    return _guard

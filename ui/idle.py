"""Idle lock: notice when nobody has touched the keyboard or mouse for a while.

An event filter on the QApplication sees every input event of every window, so a dialog in
front of the desk counts as activity too. It only stamps the time; a coarse timer compares
that stamp with the limit, so the filter stays cheap however many events pass.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence

DEFAULT_IDLE_MINUTES = 10

_ACTIVITY = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.InputMethod,
    }
)


class IdleWatcher(QObject):
    """Emits ``idle`` once after ``timeout_ms`` without keyboard or mouse input.

    After ``idle`` the watcher is stopped; call :meth:`start` again (e.g. after unlocking).
    A ``timeout_ms`` of 0 disables the timer.

    It also sees the lock keys (:attr:`lock_keys`, e.g. Ctrl+L) pressed in *any* window of
    the application: a window-modal dialog in front of the desk blocks the desk's own
    shortcuts, but the officer must still be able to lock before leaving.

    Signals:
        idle: nobody has used the keyboard or mouse for ``timeout_ms``.
        lock_pressed: one of the lock keys was pressed while a dialog had the keyboard.
    """

    idle = Signal()
    lock_pressed = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timeout_ms = max(0, timeout_ms)
        self._last = time.monotonic()
        self._timer = QTimer(self)
        # Checking ten times per period keeps the lock within 10 % of the limit (at most 5 s).
        self._timer.setInterval(max(20, min(5_000, self.timeout_ms // 10)))
        self._timer.timeout.connect(self._on_timer_timeout)
        self._installed = False
        self.lock_keys: tuple[QKeySequence, ...] = ()

    @property
    def active(self) -> bool:
        return self._timer.isActive()

    def start(self) -> None:
        """Count from now."""
        app = QCoreApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._last = time.monotonic()
        if self.timeout_ms > 0:
            self._timer.start()

    def stop(self) -> None:
        self._timer.stop()
        app = QCoreApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self.lock_keys: tuple[QKeySequence, ...] = ()

    def touch(self) -> None:
        """Count as activity (also what the event filter does)."""
        self._last = time.monotonic()

    def idle_ms(self) -> int:
        return int((time.monotonic() - self._last) * 1000)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
        kind = event.type()
        if kind in _ACTIVITY:
            self._last = time.monotonic()
            if (
                kind == QEvent.Type.KeyPress
                and self.lock_keys
                and isinstance(event, QKeyEvent)
                and QKeySequence(event.keyCombination()) in self.lock_keys
            ):
                self.lock_pressed.emit()
                return True  # the lock takes the key
        return False  # anything else passes untouched

    def _on_timer_timeout(self) -> None:
        if self.idle_ms() >= self.timeout_ms:
            self.stop()
            self.idle.emit()

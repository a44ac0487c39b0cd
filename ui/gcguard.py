"""Python's cyclic garbage collector, run on the GUI thread only.

The collector runs in whichever thread happens to allocate past its threshold. When that is a
pool thread (a Task reading the store), it may finalise Qt objects that belong to the GUI
thread — a dialog closed a moment ago — and Qt crashes (seen as a segfault in the test suite).
So automatic collection is switched off and a timer on the GUI thread collects instead, one
generation at a time, as the thresholds would have.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class GuiThreadGarbageCollector(QObject):
    INTERVAL_MS = 500

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setObjectName("gc_timer")
        self.timer.timeout.connect(self.collect_if_due)
        self.timer.start(self.INTERVAL_MS)

    def collect_if_due(self) -> int:
        counts = gc.get_count()
        thresholds = gc.get_threshold()
        found = 0
        if counts[0] > thresholds[0]:
            generation = 2 if counts[2] > thresholds[2] else 1 if counts[1] > thresholds[1] else 0
            found = gc.collect(generation)
        return found

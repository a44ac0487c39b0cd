"""Helpers for pytest-qt tests: typing Vietnamese text safely.

``qtbot.keyClicks(w, "Trần Văn Đức")`` aborts the whole process (``ASSERT: "false" in file
…/qasciikey.cpp``). dev-environment.md says QTest maps Latin-1 characters to keys, but in
PySide6 6.12 accented Latin-1 letters ("á", "ê", "ô") abort too: only ASCII is typed as real
keys here. Use :func:`type_text`.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QWidget

ASCII_LIMIT = 0x80


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` as key events, whatever the characters.

    Runs of ASCII characters go through ``QTest.keyClicks`` (real keys); any other character
    is sent as a key event with ``Qt.Key_unknown`` carrying the character as its text, which
    widgets insert like typed text.
    """
    run: list[str] = []

    def flush() -> None:
        if run:
            QTest.keyClicks(widget, "".join(run))
            run.clear()

    for ch in text:
        if ord(ch) < ASCII_LIMIT:
            run.append(ch)
            continue
        flush()
        QTest.sendKeyEvent(
            QTest.KeyAction.Click,
            widget,
            Qt.Key.Key_unknown,
            ch,
            Qt.KeyboardModifier.NoModifier,
        )
    flush()

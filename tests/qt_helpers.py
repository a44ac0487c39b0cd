"""Helpers for pytest-qt tests: the task runner and context of a desk, the focused widget,
typing Vietnamese text safely.

A test module gets the ``runner`` fixture by importing ``runner_fixture``.

``qtbot.keyClicks(w, "Trần Văn Đức")`` aborts the whole process (``ASSERT: "false" in file
…/qasciikey.cpp``). dev-environment.md says QTest maps Latin-1 characters to keys, but in
PySide6 6.12 accented Latin-1 letters ("á", "ê", "ô") abort too: only ASCII is typed as real
keys here. Use :func:`type_text`.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from app.accounts import UserInfo
from app.clock import Clock
from app.settings import get_agency
from db.engine import Store
from tests.conftest import fixed_clock
from ui.context import AppContext
from ui.tasks import TaskRunner

ASCII_LIMIT = 0x80
SHUTDOWN_MS = 20_000


@pytest.fixture(name="runner")
def runner_fixture(store: Store) -> Iterator[TaskRunner]:
    """The desk's pools. Depends on ``store``: shut down (every queued write finished) before
    the store is disposed."""
    r = TaskRunner()
    yield r
    assert r.shutdown(SHUTDOWN_MS)


def desk_context(
    store: Store, runner: TaskRunner, user: UserInfo, *, clock: Clock = fixed_clock
) -> AppContext:
    """What a window or dialog gets: the store, the runner, the commune, who is working."""
    with store.read() as session:
        agency = get_agency(session)
    return AppContext(store, runner, agency, user=user, clock=clock)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def press(key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    """One key on the focused widget, as on a real keyboard (shortcuts included)."""
    QTest.keyClick(focused(), key, modifier)


def type_in(text: str) -> None:
    """Type ``text`` into the focused widget (see :func:`type_text`)."""
    type_text(focused(), text)


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

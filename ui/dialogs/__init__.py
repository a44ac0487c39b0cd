"""Dialogs of the desk shell (first run, login, catalogue) and a non-blocking message box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from ui.i18n import vi_buttons


def show_message(
    parent: QWidget | None,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
    detail: str = "",
) -> QMessageBox:
    """Open (never exec) a message box with Vietnamese buttons; it deletes itself on close."""
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("message_box")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if detail:
        box.setDetailedText(detail)
    vi_buttons(box)
    box.open()
    return box

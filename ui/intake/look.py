"""Colours of the intake dialog, set through palettes.

No style sheet on the dialog: a dialog-wide style sheet doubles the time to build it (F2 must
open in well under 50 ms on an old PC). Only a field marked invalid gets a small style sheet of
its own.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

LEVEL_COLOURS = {
    "error": "#b71c1c",
    "warning": "#8a4b00",
    "ok": "#1b5e20",
    "hint": "#555555",
}
INVALID_STYLE = "border: 2px solid #c62828; background: #fff3f3;"
REUSE_BACKGROUND = "#fff8d6"
SUMMARY_BACKGROUND = "#eef4fb"
APPOINTMENT_COLOUR = "#0d3c78"
SHEET_BACKGROUND = "#ffffff"


def set_colour(widget: QWidget, role: QPalette.ColorRole, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(role, QColor(colour))
    widget.setPalette(palette)

"""Colours of notices and banners by level (the dossier view, the scan dialog, sync banners).

One palette for the whole desk: a red error looks the same in the dossier view, the scan
dialog and the conflict banner.
"""

from __future__ import annotations

from PySide6.QtWidgets import QFrame, QLabel, QWidget

# (background, border, text) of each level.
LEVEL_STYLE = {
    "overdue": ("#fde7e9", "#c62828", "#7f0000"),
    "due_soon": ("#fff4d6", "#e0a100", "#5c4000"),
    "error": ("#fde7e9", "#c62828", "#7f0000"),
    "warning": ("#fff4d6", "#e0a100", "#5c4000"),
    "info": ("#e8f1fb", "#4a7fb5", "#123a63"),
    "ok": ("#e3f4e4", "#2e7d32", "#1b4d1e"),
    "closed": ("#eeeeee", "#777777", "#333333"),
}


def styled(widget: QWidget, level: str, *, bold: bool = False) -> None:
    """Colour a notice label or a banner frame (not the frame's buttons) by ``level``; the
    level is kept in the widget's ``level`` property."""
    bg, border, fg = LEVEL_STYLE[level]
    weight = "font-weight: bold;" if bold else ""
    box = f"background: {bg}; color: {fg}; border: 1px solid {border}; border-radius: 4px;"
    if isinstance(widget, QFrame) and not isinstance(widget, QLabel):
        # A banner: ".QFrame" matches the frame itself, not its QLabel children.
        widget.setStyleSheet(
            f".QFrame {{ {box} }} QLabel {{ color: {fg}; {weight} padding: 4px; }}"
        )
    else:
        widget.setStyleSheet(f"{box} padding: 6px; {weight}")
    widget.setProperty("level", level)

"""Receiving a dossier at the desk: the keyboard-only intake dialog (F2 in the main window)."""

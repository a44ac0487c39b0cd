"""The desk side of sync: the background worker's controller, its status bar, details,
enrolment, the clock warning and the dossier's conflict banner (sync-protocol.md §3.8–§3.10).

Everything here reaches sync through ``app.sync_service`` (import contract "ui reaches data only
through app").
"""

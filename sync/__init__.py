"""Sync engine (Qt-free). The engine itself arrives with the sync issue; the outbox is in db/."""

"""The upstream ("district") server of Xã-sync v1: FastAPI + SQLAlchemy 2 (no Qt, no ui/)."""

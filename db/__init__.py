"""Local store: models, engine, migrations (SQLite)."""

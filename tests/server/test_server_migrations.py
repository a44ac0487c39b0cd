"""The server's Alembic migrations on both backends: head builds the model's tables, base drops them."""

from __future__ import annotations

from alembic import command
from alembic.config import Config
from sqlalchemy import inspect

from server.db import MIGRATIONS, make_engine, migrate
from server.models import Base


def test_upgrade_matches_the_models_and_downgrade_clears(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        with engine.begin() as conn:  # PostgreSQL: start from an empty schema
            for table in reversed(Base.metadata.sorted_tables):
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table.name}")
            conn.exec_driver_sql("DROP TABLE IF EXISTS alembic_version")
        migrate(engine)
        migrate(engine)  # idempotent
        names = set(inspect(engine).get_table_names())
        assert set(Base.metadata.tables) <= names
        for table in Base.metadata.sorted_tables:
            columns = {c["name"] for c in inspect(engine).get_columns(table.name)}
            assert columns == set(table.columns.keys()), table.name
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "base")
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    finally:
        engine.dispose()

"""Alembic environment of the server: runs on the connection handed over by server.db.migrate."""

from alembic import context

from server.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # command-line use (e.g. autogenerate against a scratch database)
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///server-autogen.sqlite3"
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()

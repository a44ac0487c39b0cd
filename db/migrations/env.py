"""Alembic environment: runs on the connection handed over by db.migrate (batch mode)."""

from alembic import context

from db.models import Base

connection = context.config.attributes.get("connection")
if connection is None:  # offline/autogenerate use from the command line
    from sqlalchemy import create_engine

    url = context.config.get_main_option("sqlalchemy.url") or "sqlite:///autogen.sqlite3"
    with create_engine(url).begin() as conn:
        context.configure(connection=conn, target_metadata=Base.metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()
else:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()

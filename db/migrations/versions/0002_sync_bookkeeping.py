"""Sync bookkeeping: cursor, conflict and log tables; outbox backoff column.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-24

The outbox is rebuilt by batch mode (SQLite cannot add a column with every constraint kept);
``sqlite_autoincrement`` is passed again so device_seq stays AUTOINCREMENT and is never reused,
and its sqlite_sequence entry is carried over by hand: the rebuild copies the rows into a new
table whose counter restarts at max(device_seq), which would hand out again the number of a
mutation that was pushed and pruned.
"""

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _outbox_seq() -> int:
    row = (
        op.get_bind()
        .exec_driver_sql("SELECT seq FROM sqlite_sequence WHERE name = 'outbox'")
        .first()
    )
    return int(row[0]) if row else 0


def _restore_outbox_seq(seq: int) -> None:
    bind = op.get_bind()
    if bind.exec_driver_sql("SELECT 1 FROM sqlite_sequence WHERE name = 'outbox'").first():
        bind.exec_driver_sql(
            "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'outbox'", (seq,)
        )
    elif seq:
        bind.exec_driver_sql("INSERT INTO sqlite_sequence(name, seq) VALUES ('outbox', ?)", (seq,))


def upgrade() -> None:
    seq = _outbox_seq()
    with op.batch_alter_table(
        "outbox", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.add_column(
            sa.Column("next_attempt_at", db.types.UtcDateTime(length=26), nullable=True)
        )
    _restore_outbox_seq(seq)
    op.create_table(
        "sync_cursor",
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("cursor", sa.String(length=200), nullable=False),
        sa.Column("server_epoch", sa.String(length=60), nullable=False),
        sa.PrimaryKeyConstraint("scope", name=op.f("pk_sync_cursor")),
    )
    op.create_table(
        "conflict",
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("server_state", db.types.JsonText(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("created_at", db.types.UtcDateTime(length=26), nullable=False),
        sa.Column("resolved_by", sa.String(length=100), nullable=True),
        sa.ForeignKeyConstraint(
            ["mutation_id"], ["outbox.mutation_id"], name=op.f("fk_conflict_mutation_id_outbox")
        ),
        sa.PrimaryKeyConstraint("mutation_id", name=op.f("pk_conflict")),
    )
    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", db.types.UtcDateTime(length=26), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("bytes_up", sa.Integer(), nullable=False),
        sa.Column("bytes_down", sa.Integer(), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_log")),
    )
    with op.batch_alter_table("sync_log") as batch:
        batch.create_index(batch.f("ix_sync_log_at"), ["at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("sync_log") as batch:
        batch.drop_index(batch.f("ix_sync_log_at"))
    op.drop_table("sync_log")
    op.drop_table("conflict")
    op.drop_table("sync_cursor")
    seq = _outbox_seq()
    with op.batch_alter_table(
        "outbox", recreate="always", table_kwargs={"sqlite_autoincrement": True}
    ) as batch:
        batch.drop_column("next_attempt_at")
    _restore_outbox_seq(seq)

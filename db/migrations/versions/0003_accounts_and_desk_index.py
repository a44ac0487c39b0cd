"""Local officer accounts, idle-lock setting, and the index behind the desk's lists.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "user_account",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("username", sa.String(length=40), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("created_at", db.types.UtcDateTime(length=26), nullable=False),
        sa.Column("last_login_at", db.types.UtcDateTime(length=26), nullable=True),
        sa.CheckConstraint("role IN ('officer','head','admin')", name=op.f("ck_user_account_role")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("username", name=op.f("uq_user_account_username")),
    )
    # A plain ADD COLUMN with a default keeps every row and needs no table rebuild.
    op.add_column(
        "agency_settings",
        sa.Column("idle_lock_minutes", sa.Integer(), nullable=False, server_default="10"),
    )
    op.create_index("ix_dossier_state_due_at", "dossier", ["state", "due_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_dossier_state_due_at", table_name="dossier")
    with op.batch_alter_table("agency_settings") as batch:
        batch.drop_column("idle_lock_minutes")
    op.drop_table("user_account")

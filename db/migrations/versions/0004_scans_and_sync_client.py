"""Scans (content-addressed blobs, attachments) and the sync client's own tables.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-24

Only new tables and two plain ADD COLUMNs on ``dossier``: no table is rebuilt, so the outbox
and its AUTOINCREMENT counter are not touched.
"""

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("mime", sa.String(length=60), nullable=False),
        sa.Column("path", sa.String(length=200), nullable=False),
        sa.Column("created_at", db.types.UtcDateTime(length=26), nullable=False),
        sa.Column("up_state", sa.String(length=10), nullable=False),
        sa.Column("up_offset", sa.Integer(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "up_state IN ('queued','partial','done','failed')", name=op.f("ck_blob_up_state")
        ),
        sa.PrimaryKeyConstraint("sha256", name=op.f("pk_blob")),
    )
    with op.batch_alter_table("blob", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_blob_up_state"), ["up_state"], unique=False)

    op.create_table(
        "device_identity",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("upstream_url", sa.String(length=300), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_no", sa.Integer(), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("private_key", sa.Text(), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("enrolled_at", db.types.UtcDateTime(length=26), nullable=False),
        sa.Column("token", sa.Text(), nullable=False),
        sa.Column("token_expires_at", db.types.UtcDateTime(length=26), nullable=True),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("clock_offset_ms", sa.Integer(), nullable=True),
        sa.Column("clock_measured_at", db.types.UtcDateTime(length=26), nullable=True),
        sa.Column("clock_ack_at", db.types.UtcDateTime(length=26), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_device_identity")),
    )
    op.create_table(
        "sync_shadow",
        sa.Column("entity_type", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=60), nullable=False),
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("data", db.types.JsonText(), nullable=False),
        sa.Column("received_at", db.types.UtcDateTime(length=26), nullable=False),
        sa.PrimaryKeyConstraint("entity_type", "entity_id", name=op.f("pk_sync_shadow")),
    )
    op.create_table(
        "sync_status",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("at", db.types.UtcDateTime(length=26), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_sync_status")),
    )
    op.create_table(
        "attachment",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=True),
        sa.Column("role", sa.String(length=10), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=200), nullable=False),
        sa.Column("pages", sa.Integer(), nullable=False),
        sa.Column("profile", sa.String(length=10), nullable=False),
        sa.Column("reused_from", sa.String(length=36), nullable=True),
        sa.Column("superseded_by", sa.String(length=36), nullable=True),
        sa.Column("ocr_state", sa.String(length=10), nullable=False),
        sa.Column("created_at", db.types.UtcDateTime(length=26), nullable=False),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.CheckConstraint(
            "ocr_state IN ('none','pending','done','failed')", name=op.f("ck_attachment_ocr_state")
        ),
        sa.CheckConstraint("role IN ('component','result')", name=op.f("ck_attachment_role")),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["dossier_document.id"],
            name=op.f("fk_attachment_document_id_dossier_document"),
        ),
        sa.ForeignKeyConstraint(
            ["dossier_id"], ["dossier.id"], name=op.f("fk_attachment_dossier_id_dossier")
        ),
        sa.ForeignKeyConstraint(
            ["sha256"], ["blob.sha256"], name=op.f("fk_attachment_sha256_blob")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachment")),
    )
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachment_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_attachment_dossier_id"), ["dossier_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_attachment_sha256"), ["sha256"], unique=False)

    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.add_column(sa.Column("server_version", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("recompute_flag", sa.Boolean(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_column("recompute_flag")
        batch_op.drop_column("server_version")

    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachment_sha256"))
        batch_op.drop_index(batch_op.f("ix_attachment_dossier_id"))
        batch_op.drop_index(batch_op.f("ix_attachment_document_id"))

    op.drop_table("attachment")
    op.drop_table("sync_status")
    op.drop_table("sync_shadow")
    op.drop_table("device_identity")
    with op.batch_alter_table("blob", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_blob_up_state"))

    op.drop_table("blob")

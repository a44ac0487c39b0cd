"""initial server schema

Revision ID: 0001
Revises:
Create Date: 2026-11-24 21:55:15.544383
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "agency",
        sa.Column("code", sa.String(length=40), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "blob",
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("sha256"),
    )
    op.create_table(
        "change_log",
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("entity_type", sa.String(length=30), nullable=False),
        sa.Column("entity_id", sa.String(length=80), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("op", sa.String(length=10), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "seq"),
    )
    op.create_table(
        "scope_counter",
        sa.Column("scope", sa.String(length=60), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("min_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("scope"),
    )
    op.create_table(
        "server_meta",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("epoch", sa.String(length=40), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "device",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("device_no", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("hostname", sa.String(length=200), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("revoked", sa.Boolean(), nullable=False),
        sa.Column("reset_token", sa.String(length=40), nullable=True),
        sa.Column("reset_scopes", sa.JSON(), nullable=False),
        sa.Column("pulled_seq", sa.BigInteger(), nullable=False),
        sa.Column("enrolled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=True),
        sa.Column("app_version", sa.String(length=40), nullable=False),
        sa.Column("clock_offset_ms", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["agency"],
            ["agency.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_device_agency"), ["agency"], unique=False)
        batch_op.create_index(
            "uq_device_agency_no_active",
            ["agency", "device_no"],
            unique=True,
            postgresql_where=sa.text("NOT revoked"),
            sqlite_where=sa.text("NOT revoked"),
        )

    op.create_table(
        "dossier",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("code", sa.String(length=80), nullable=False),
        sa.Column("state", sa.String(length=30), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("doc", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"],
            ["agency.code"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code"),
    )
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dossier_agency"), ["agency"], unique=False)
        batch_op.create_index(batch_op.f("ix_dossier_state"), ["state"], unique=False)

    op.create_table(
        "enrolment",
        sa.Column("code_hash", sa.String(length=64), nullable=False),
        sa.Column("agency", sa.String(length=40), nullable=False),
        sa.Column("label", sa.String(length=100), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("device_id", sa.String(length=36), nullable=True),
        sa.Column("created_by", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["agency"],
            ["agency.code"],
        ),
        sa.PrimaryKeyConstraint("code_hash"),
    )
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enrolment_agency"), ["agency"], unique=False)

    op.create_table(
        "applied_mutation",
        sa.Column("mutation_id", sa.String(length=36), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("device_seq", sa.BigInteger(), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("op", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("result_json", sa.Text(), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["device.id"],
        ),
        sa.PrimaryKeyConstraint("mutation_id"),
    )
    with op.batch_alter_table("applied_mutation", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_applied_mutation_entity_id"), ["entity_id"], unique=False
        )
        batch_op.create_index("uq_applied_device_seq", ["device_id", "device_seq"], unique=True)

    op.create_table(
        "expected_blob",
        sa.Column("dossier_id", sa.String(length=36), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dossier_id"],
            ["dossier.id"],
        ),
        sa.PrimaryKeyConstraint("dossier_id", "sha256"),
    )
    with op.batch_alter_table("expected_blob", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_expected_blob_sha256"), ["sha256"], unique=False)

    op.create_table(
        "nonce",
        sa.Column("value", sa.String(length=64), nullable=False),
        sa.Column("device_id", sa.String(length=36), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["device_id"],
            ["device.id"],
        ),
        sa.PrimaryKeyConstraint("value"),
    )
    with op.batch_alter_table("nonce", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_nonce_device_id"), ["device_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("nonce", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_nonce_device_id"))

    op.drop_table("nonce")
    with op.batch_alter_table("expected_blob", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_expected_blob_sha256"))

    op.drop_table("expected_blob")
    with op.batch_alter_table("applied_mutation", schema=None) as batch_op:
        batch_op.drop_index("uq_applied_device_seq")
        batch_op.drop_index(batch_op.f("ix_applied_mutation_entity_id"))

    op.drop_table("applied_mutation")
    with op.batch_alter_table("enrolment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enrolment_agency"))

    op.drop_table("enrolment")
    with op.batch_alter_table("dossier", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dossier_state"))
        batch_op.drop_index(batch_op.f("ix_dossier_agency"))

    op.drop_table("dossier")
    with op.batch_alter_table("device", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_device_agency_no_active",
            postgresql_where=sa.text("NOT revoked"),
            sqlite_where=sa.text("NOT revoked"),
        )
        batch_op.drop_index(batch_op.f("ix_device_agency"))

    op.drop_table("device")
    op.drop_table("server_meta")
    op.drop_table("scope_counter")
    op.drop_table("change_log")
    op.drop_table("blob")
    op.drop_table("agency")

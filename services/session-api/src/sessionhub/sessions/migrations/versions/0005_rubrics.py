"""Custom rubrics: immutable versions, and the version each session is graded against.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rubric_versions",
        sa.Column("rubric_id", UUID(as_uuid=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("owner_id", sa.Text, nullable=False),
        sa.Column("body", JSONB, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("rubric_id", "version"),
    )
    op.create_index("ix_rubric_versions_owner_id", "rubric_versions", ["owner_id"])
    op.create_table(
        "session_rubrics",
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("training_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rubric_id", UUID(as_uuid=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["rubric_id", "version"], ["rubric_versions.rubric_id", "rubric_versions.version"]
        ),
    )


def downgrade() -> None:
    op.drop_table("session_rubrics")
    op.drop_index("ix_rubric_versions_owner_id", table_name="rubric_versions")
    op.drop_table("rubric_versions")

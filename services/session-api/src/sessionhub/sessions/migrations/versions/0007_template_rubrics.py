"""The rubric version a group template's groups are graded against.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "template_rubrics",
        sa.Column(
            "template_id",
            sa.Integer,
            sa.ForeignKey("group_templates.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("rubric_id", UUID(as_uuid=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.ForeignKeyConstraint(
            ["rubric_id", "version"], ["rubric_versions.rubric_id", "rubric_versions.version"]
        ),
    )


def downgrade() -> None:
    op.drop_table("template_rubrics")

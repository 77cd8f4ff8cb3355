"""Outbox, inbox and idempotency tables; grading results.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB, UUID

from sessionhub.common.events.outbox import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.create_table(
        "grading_results",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("session_id", sa.Integer, nullable=False),
        sa.Column("rubric_version", sa.Text, nullable=False),
        sa.Column("request_key", sa.Text, nullable=False),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("group_id", UUID(as_uuid=True)),
        sa.Column("source_event_id", UUID(as_uuid=True), nullable=False),
        sa.Column("outcome", sa.Text, nullable=False),
        sa.Column("grader", sa.Text),
        sa.Column("model", sa.Text),
        sa.Column("fallback_reason", sa.Text),
        sa.Column("failure_reason", sa.Text),
        sa.Column("overall_score", sa.Integer),
        sa.Column("result", JSONB),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "session_id", "rubric_version", "request_key", name="uq_grading_results_request"
        ),
        sa.CheckConstraint("outcome IN ('graded', 'failed')", name="ck_grading_results_outcome"),
    )


def downgrade() -> None:
    raise NotImplementedError("the first revision is not reversible")

"""Training sessions, append-only transcript lines, groups, templates, legacy id map.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _ts(name: str, *, default: bool = False) -> sa.Column:
    return sa.Column(
        name,
        sa.DateTime(timezone=True),
        server_default=sa.func.now() if default else None,
        nullable=not default,
    )


def upgrade() -> None:
    op.create_table(
        "session_groups",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created_by", sa.Text, nullable=False),
        sa.Column("group_feedback", JSONB),
        _ts("feedback_at"),
        _ts("created_at", default=True),
        _ts("updated_at", default=True),
    )
    op.create_index("ix_session_groups_creator", "session_groups", ["created_by", "created_at"])

    op.create_table(
        "training_sessions",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("scenario", sa.Text, nullable=False),
        sa.Column("persona", sa.Text, nullable=False),
        sa.Column("agent_name", sa.Text, nullable=False),
        sa.Column("agent_id", sa.Text),
        sa.Column(
            "group_id", UUID(as_uuid=True), sa.ForeignKey("session_groups.id", ondelete="CASCADE")
        ),
        sa.Column("status", sa.Text, nullable=False, server_default="active"),
        _ts("started_at", default=True),
        _ts("ended_at"),
        sa.Column("duration_seconds", sa.Integer),
        sa.Column("line_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("grading_status", sa.Text),
        sa.Column("rapport_score", sa.Integer),
        sa.Column("discovery_score", sa.Integer),
        sa.Column("objection_handling_score", sa.Integer),
        sa.Column("closing_score", sa.Integer),
        sa.Column("overall_score", sa.Integer),
        sa.Column("feedback_strengths", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("feedback_improvements", ARRAY(sa.Text), nullable=False, server_default="{}"),
        sa.Column("virtual_earnings", sa.Float),
        sa.Column("grader", sa.Text),
        _ts("graded_at"),
        sa.Column("grading_error", sa.Text),
        _ts("created_at", default=True),
        sa.CheckConstraint("status IN ('active', 'completed', 'failed')", name="ck_status"),
        sa.CheckConstraint(
            "grading_status IS NULL OR grading_status IN ('pending', 'graded', 'failed')",
            name="ck_grading_status",
        ),
    )
    op.create_index("ix_training_sessions_user", "training_sessions", ["user_id", "id"])
    op.create_index(
        "ix_training_sessions_group",
        "training_sessions",
        ["group_id", "id"],
        postgresql_where=sa.text("group_id IS NOT NULL"),
    )

    op.create_table(
        "transcript_lines",
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("training_sessions.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("seq", sa.Integer, primary_key=True),
        sa.Column("speaker", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        _ts("client_ts"),
        sa.CheckConstraint("speaker IN ('trainee', 'persona')", name="ck_speaker"),
    )

    op.create_table(
        "group_templates",
        sa.Column("id", sa.Integer, sa.Identity(), primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("sessions", JSONB, nullable=False),
        _ts("created_at", default=True),
    )
    op.create_index("ix_group_templates_user", "group_templates", ["user_id", "id"])

    op.create_table(
        "legacy_session_links",
        sa.Column("legacy_id", UUID(as_uuid=True), primary_key=True),
        sa.Column(
            "session_id",
            sa.Integer,
            sa.ForeignKey("training_sessions.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        _ts("imported_at", default=True),
    )


def downgrade() -> None:
    for table in (
        "legacy_session_links",
        "group_templates",
        "transcript_lines",
        "training_sessions",
        "session_groups",
    ):
        op.drop_table(table)

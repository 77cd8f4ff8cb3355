"""The grade's report (checks, coverage, confidence, language, fallback reason).

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import JSONB

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("training_sessions", sa.Column("grade_report", JSONB))


def downgrade() -> None:
    op.drop_column("training_sessions", "grade_report")

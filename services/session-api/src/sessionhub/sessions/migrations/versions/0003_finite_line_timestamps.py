"""Transcript timestamps are finite: ``0001-01-01Z`` used to be stored as ``-infinity``.

asyncpg reads ±infinity back as a naive datetime.min/max, which then broke completion;
those stamps carry no information, so they become NULL and the column refuses them.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("UPDATE transcript_lines SET client_ts = NULL WHERE NOT isfinite(client_ts)")
    op.create_check_constraint(
        "ck_client_ts_finite", "transcript_lines", "client_ts IS NULL OR isfinite(client_ts)"
    )


def downgrade() -> None:
    op.drop_constraint("ck_client_ts_finite", "transcript_lines", type_="check")

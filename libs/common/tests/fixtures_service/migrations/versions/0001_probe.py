"""Messaging tables and the probe's effects table.

Revision ID: 0001
Revises:
"""

from alembic import op

from sessionhub.common.events.outbox import create_messaging_tables

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    create_messaging_tables()
    op.execute("CREATE TABLE effects (id bigserial PRIMARY KEY, event_id uuid, note text)")


def downgrade() -> None:
    op.execute("DROP TABLE effects")

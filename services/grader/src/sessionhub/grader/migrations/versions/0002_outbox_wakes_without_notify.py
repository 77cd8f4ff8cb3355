"""Commits that write the outbox no longer send NOTIFY from a trigger (why:
``outbox.wake_relays``).

Revision ID: 0002
Revises: 0001
"""

from sessionhub.common.events.outbox import drop_notify_trigger, restore_notify_trigger

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    drop_notify_trigger()


def downgrade() -> None:
    restore_notify_trigger()

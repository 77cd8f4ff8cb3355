"""Commits that write the outbox no longer send NOTIFY from a trigger.

PostgreSQL holds a cluster-wide lock from queueing a transaction's notifications until
its commit is flushed, so every transaction that wrote an outbox row waited for the one
before it: creates topped out at about 1,300 a second. The writer's process now wakes
its own relay after the commit (``outbox.wake_relays``).

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

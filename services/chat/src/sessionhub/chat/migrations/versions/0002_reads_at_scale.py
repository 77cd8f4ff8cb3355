"""Reads at scale: search narrowed by owner and term together, list filters on indexes.

Revision ID: 0002
Revises: 0001

``chat_messages`` gets its owner (``user_id``, copied from the session; sessions never
change owner) so an index can narrow a search by owner and term together: a composite
GIN on ``(user_id, search_vector)`` through ``btree_gin`` (contrib, a trusted extension,
created in ``public`` so no tenant schema owns it), plus a newest-first btree per owner
that pages through a common word's matches without fetching them all. The session list's
filters get indexes of their own, led by the owner. A PostgreSQL without ``btree_gin``
(the embedded wheel) keeps term-only GIN indexes: correct, just not tenant-narrowed.
"""

from alembic import op
from sqlalchemy import text

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    available = bind.execute(
        text("SELECT EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'btree_gin')")
    ).scalar()
    if available:
        # Tenants migrating at once race on the catalogue: losing the race is fine.
        op.execute(
            """
            DO $$ BEGIN
                CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public;
            EXCEPTION WHEN unique_violation OR duplicate_object THEN NULL;
            END $$
            """
        )
    composite = bind.execute(
        text("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'btree_gin')")
    ).scalar()

    op.execute("ALTER TABLE chat_messages ADD COLUMN user_id text")
    op.execute(
        "UPDATE chat_messages m SET user_id = s.user_id FROM chat_sessions s "
        "WHERE s.id = m.session_id"
    )
    op.execute("ALTER TABLE chat_messages ALTER COLUMN user_id SET NOT NULL")
    # Search pages newest first: one owner's messages in that order.
    op.execute(
        "CREATE INDEX ix_chat_messages_owner_recent "
        "ON chat_messages (user_id, created_at DESC, id DESC)"
    )
    if composite:
        op.execute("DROP INDEX ix_chat_messages_search")
        op.execute(
            "CREATE INDEX ix_chat_messages_search ON chat_messages "
            "USING gin (user_id, search_vector)"
        )
        op.execute("DROP INDEX ix_chat_sessions_search")
        op.execute(
            "CREATE INDEX ix_chat_sessions_search ON chat_sessions "
            "USING gin (user_id, search_vector)"
        )
        op.execute("CREATE INDEX ix_chat_sessions_tags ON chat_sessions USING gin (user_id, tags)")
    else:
        op.execute("CREATE INDEX ix_chat_sessions_tags ON chat_sessions USING gin (tags)")
    for column in ("archived", "pinned"):
        op.execute(
            f"CREATE INDEX ix_chat_sessions_{column} "
            f"ON chat_sessions (user_id, {column}, last_activity_at DESC, id DESC)"
        )
    for column in ("helper", "project_id"):
        op.execute(
            f"CREATE INDEX ix_chat_sessions_{column} "
            f"ON chat_sessions (user_id, {column}, last_activity_at DESC, id DESC) "
            f"WHERE {column} IS NOT NULL"
        )


def downgrade() -> None:
    raise NotImplementedError("forward only, like 0001")

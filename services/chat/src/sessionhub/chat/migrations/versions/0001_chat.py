"""Messaging tables, chat sessions and messages with full-text search.

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
    op.execute(
        """
        CREATE TABLE chat_sessions (
            id uuid PRIMARY KEY,
            user_id text NOT NULL,
            persona text NOT NULL,
            title text,
            helper text,
            project_id text,
            metadata jsonb NOT NULL DEFAULT '{}',
            pinned boolean NOT NULL DEFAULT false,
            archived boolean NOT NULL DEFAULT false,
            tags text[] NOT NULL DEFAULT '{}',
            message_count integer NOT NULL DEFAULT 0,
            last_message_preview text,
            last_seq bigint NOT NULL DEFAULT 0,
            preview_seq bigint NOT NULL DEFAULT 0,
            cleared_seq bigint NOT NULL DEFAULT 0,
            last_activity_at timestamptz NOT NULL,
            created_at timestamptz NOT NULL,
            updated_at timestamptz NOT NULL,
            expires_at timestamptz,
            search_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, ''))) STORED
        )
        """
    )
    # The session list: one user's sessions by last activity, newest first.
    op.execute(
        "CREATE INDEX ix_chat_sessions_activity "
        "ON chat_sessions (user_id, last_activity_at DESC, id DESC)"
    )
    op.execute(
        "CREATE INDEX ix_chat_sessions_expiry ON chat_sessions (expires_at) "
        "WHERE expires_at IS NOT NULL"
    )
    op.execute("CREATE INDEX ix_chat_sessions_search ON chat_sessions USING gin (search_vector)")
    op.execute(
        """
        CREATE TABLE chat_messages (
            id uuid PRIMARY KEY,
            session_id uuid NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
            seq bigint NOT NULL,
            role text NOT NULL,
            content text NOT NULL DEFAULT '',
            tool_calls jsonb NOT NULL DEFAULT '[]',
            tool_call_id text,
            parent_id uuid,
            metadata jsonb NOT NULL DEFAULT '{}',
            created_at timestamptz NOT NULL,
            search_vector tsvector
                GENERATED ALWAYS AS (to_tsvector('english', content)) STORED
        )
        """
    )
    # Not unique: after a Redis loss a reseeded counter could, in theory, repeat a seq;
    # (seq, id) still orders every page deterministically.
    op.execute("CREATE INDEX ix_chat_messages_history ON chat_messages (session_id, seq, id)")
    op.execute("CREATE INDEX ix_chat_messages_search ON chat_messages USING gin (search_vector)")


def downgrade() -> None:
    raise NotImplementedError("the first revision is not reversible")

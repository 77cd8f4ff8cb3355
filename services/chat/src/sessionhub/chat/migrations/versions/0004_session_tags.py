"""Session tags in a table of their own, paged through a btree led by owner and tag.

Revision ID: 0004
Revises: 0003

0002's GIN over ``(user_id, tags)`` finds a tag's sessions but cannot give them newest
first, so the list walked the owner's newest sessions and fell back to the GIN, whose
matches were then all fetched and sorted: the cost followed the tag's matches (or the
walk's window), not the page. ``chat_session_tags`` holds one row per session and tag
with the session's owner and ``last_activity_at``; a btree on ``(user_id, tag,
last_activity_at DESC, session_id DESC)`` answers a tagged page, and its keyset cursor,
by reading that page's entries only, for a common tag, a rare one or an absent one. It
is plain btree, so the embedded PostgreSQL (no ``btree_gin``) gets the same plan.

Triggers keep the rows level in the transaction that changes a session (created,
retagged, new activity from the message write path; a deletion cascades), so no writer
can forget them. ``chat_session_tags_rebuild()`` recounts them from ``chat_sessions``
(after a bulk load with triggers off); the migration fills the table with it.
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# One row per distinct tag of a session, carrying what the page is ordered by.
SESSION_ROWS = (
    "SELECT DISTINCT {row}.id, t.tag, {row}.user_id, {row}.last_activity_at "
    "FROM unnest({row}.tags) AS t(tag)"
)


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE chat_session_tags (
            session_id uuid NOT NULL REFERENCES chat_sessions (id) ON DELETE CASCADE,
            tag text NOT NULL,
            user_id text NOT NULL,
            last_activity_at timestamptz NOT NULL,
            PRIMARY KEY (session_id, tag)
        )
        """
    )
    op.execute(
        "CREATE INDEX ix_chat_session_tags_page "
        "ON chat_session_tags (user_id, tag, last_activity_at DESC, session_id DESC)"
    )
    # SET search_path FROM CURRENT: the functions find this schema's tables whoever calls.
    op.execute(
        "CREATE FUNCTION chat_session_tags_track() RETURNS trigger LANGUAGE plpgsql "
        "SET search_path FROM CURRENT AS $$ BEGIN "
        "DELETE FROM chat_session_tags WHERE session_id = NEW.id AND tag <> ALL (NEW.tags); "
        "INSERT INTO chat_session_tags (session_id, tag, user_id, last_activity_at) "
        f"{SESSION_ROWS.format(row='NEW')} "
        "ON CONFLICT (session_id, tag) DO UPDATE SET last_activity_at = EXCLUDED.last_activity_at "
        "WHERE chat_session_tags.last_activity_at IS DISTINCT FROM EXCLUDED.last_activity_at; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER chat_session_tags_insert AFTER INSERT ON chat_sessions "
        "FOR EACH ROW WHEN (NEW.tags <> '{}') EXECUTE FUNCTION chat_session_tags_track()"
    )
    # Untagged sessions (most) never reach the function, whatever the message path writes.
    op.execute(
        "CREATE TRIGGER chat_session_tags_update AFTER UPDATE OF tags, last_activity_at "
        "ON chat_sessions FOR EACH ROW WHEN ("
        "(OLD.tags <> '{}' OR NEW.tags <> '{}') AND (OLD.tags IS DISTINCT FROM NEW.tags "
        "OR OLD.last_activity_at IS DISTINCT FROM NEW.last_activity_at)"
        ") EXECUTE FUNCTION chat_session_tags_track()"
    )
    op.execute(
        "CREATE FUNCTION chat_session_tags_rebuild() RETURNS bigint LANGUAGE plpgsql "
        "SET search_path FROM CURRENT AS $$ DECLARE tagged bigint; BEGIN "
        # Writers wait until the recount commits, so no change falls between the two.
        "LOCK TABLE chat_sessions IN SHARE MODE; "
        "DELETE FROM chat_session_tags; "
        "INSERT INTO chat_session_tags (session_id, tag, user_id, last_activity_at) "
        f"SELECT r.* FROM chat_sessions s CROSS JOIN LATERAL ({SESSION_ROWS.format(row='s')}) r "
        "WHERE s.tags <> '{}'; "
        "GET DIAGNOSTICS tagged = ROW_COUNT; RETURN tagged; END $$"
    )
    op.execute("SELECT chat_session_tags_rebuild()")
    op.execute("DROP INDEX ix_chat_sessions_tags")


def downgrade() -> None:
    raise NotImplementedError("forward only, like 0001")

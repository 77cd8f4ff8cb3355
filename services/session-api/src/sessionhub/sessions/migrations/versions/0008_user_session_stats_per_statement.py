"""Insert and delete keep ``user_session_stats`` once per statement, not once per row.

Row triggers (0004) upserted a user's statistics for every inserted or deleted session:
a COPY of 100,000 sessions did 100,000 upserts, a group of 200 sessions 200. Statement
triggers read the statement's rows from its transition table and upsert each user once,
in user order (so two bulk statements lock users' rows in the same order). Updates keep
the row trigger: it fires only when a counted column changes, which is rare and single.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

CATEGORIES = ("rapport", "discovery", "objection_handling", "closing", "overall")
COUNTS = ("active", "completed", "failed", "graded")
NAMES = ("user_id", *COUNTS, *(f"{c}_{p}" for c in CATEGORIES for p in ("sum", "n")))


def _per_user(source: str, sign: str) -> str:
    """Each user's share of ``source``'s sessions, times ``sign``, added to their row."""
    graded = "coalesce(grading_status = 'graded' AND overall_score IS NOT NULL, false)"
    parts = ["user_id"]
    parts += [f"{sign} * count(*) FILTER (WHERE status = '{s}')" for s in COUNTS[:3]]
    parts.append(f"{sign} * count(*) FILTER (WHERE {graded})")
    for c in CATEGORIES:
        counted = f"{graded} AND {c}_score IS NOT NULL"
        parts.append(f"{sign} * coalesce(sum({c}_score) FILTER (WHERE {counted}), 0)")
        parts.append(f"{sign} * count(*) FILTER (WHERE {counted})")
    updates = ", ".join(f"{n} = s.{n} + EXCLUDED.{n}" for n in NAMES[1:])
    return (
        f"INSERT INTO user_session_stats AS s ({', '.join(NAMES)}) "
        f"SELECT {', '.join(parts)} FROM {source} GROUP BY user_id ORDER BY user_id "
        f"ON CONFLICT (user_id) DO UPDATE SET {updates};"
    )


def _function(name: str, source: str, sign: str) -> str:
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
        f"SET search_path FROM CURRENT AS $$ BEGIN {_per_user(source, sign)} "
        "RETURN NULL; END $$"
    )


def upgrade() -> None:
    op.execute("DROP TRIGGER user_session_stats_insert_delete ON training_sessions")
    op.execute(_function("user_session_stats_inserted", "added", "1"))
    op.execute(_function("user_session_stats_deleted", "removed", "-1"))
    op.execute(
        "CREATE TRIGGER user_session_stats_insert AFTER INSERT ON training_sessions "
        "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
        "EXECUTE FUNCTION user_session_stats_inserted()"
    )
    op.execute(
        "CREATE TRIGGER user_session_stats_delete AFTER DELETE ON training_sessions "
        "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
        "EXECUTE FUNCTION user_session_stats_deleted()"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER user_session_stats_delete ON training_sessions")
    op.execute("DROP TRIGGER user_session_stats_insert ON training_sessions")
    op.execute("DROP FUNCTION user_session_stats_deleted()")
    op.execute("DROP FUNCTION user_session_stats_inserted()")
    op.execute(
        "CREATE TRIGGER user_session_stats_insert_delete AFTER INSERT OR DELETE "
        "ON training_sessions FOR EACH ROW EXECUTE FUNCTION user_session_stats_track()"
    )

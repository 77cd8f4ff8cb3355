"""Per-user session statistics kept by triggers, and indexes for a user's graded picks.

``GET /api/analytics/me`` used to load every session of the user into Python. The
counts and per-category sums now live in ``user_session_stats``, changed by triggers
in the same transaction as the session row (creation, completion, a grade, a failed
grading, a regrade, a delete, a group's cascade, the legacy import: no path can forget
it). ``first``, ``best``, ``latest`` and the trend are read through two partial indexes
over graded sessions, so a read costs the same at 100 and 100,000 graded sessions.
``user_session_stats_rebuild()`` recounts everything (``sessionhub sessions
analytics-rebuild``); the migration fills the table with it.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

CATEGORIES = ("rapport", "discovery", "objection_handling", "closing", "overall")
GRADED = "grading_status = 'graded' AND overall_score IS NOT NULL"


def _columns() -> str:
    sums = ",\n".join(
        f"    {c}_sum bigint NOT NULL DEFAULT 0,\n    {c}_n integer NOT NULL DEFAULT 0"
        for c in CATEGORIES
    )
    return (
        "    user_id text PRIMARY KEY,\n"
        "    active integer NOT NULL DEFAULT 0,\n"
        "    completed integer NOT NULL DEFAULT 0,\n"
        "    failed integer NOT NULL DEFAULT 0,\n"
        "    graded integer NOT NULL DEFAULT 0,\n" + sums
    )


def _names() -> str:
    sums = ", ".join(f"{c}_sum, {c}_n" for c in CATEGORIES)
    return f"user_id, active, completed, failed, graded, {sums}"


def _contribution(row: str, sign: str) -> str:
    """One session's share of its user's statistics (``sign`` 1 to add, -1 to remove)."""
    # coalesce: a NULL grading_status must count as "not graded", not poison the sums.
    graded = f"coalesce({row}.grading_status = 'graded' AND {row}.overall_score IS NOT NULL, false)"
    parts = [f"{row}.user_id"]
    parts += [f"{sign} * ({row}.status = '{s}')::int" for s in ("active", "completed", "failed")]
    parts.append(f"{sign} * {graded}::int")
    for c in CATEGORIES:
        score = f"{row}.{c}_score"
        counted = f"({graded} AND {score} IS NOT NULL)"
        parts.append(f"{sign} * CASE WHEN {counted} THEN {score} ELSE 0 END")
        parts.append(f"{sign} * {counted}::int")
    return ", ".join(parts)


def _upsert(row: str, sign: str) -> str:
    updates = ", ".join(
        f"{n} = s.{n} + EXCLUDED.{n}" for n in _names().split(", ") if n != "user_id"
    )
    return (
        f"INSERT INTO user_session_stats AS s ({_names()}) "
        f"VALUES ({_contribution(row, sign)}) "
        f"ON CONFLICT (user_id) DO UPDATE SET {updates};"
    )


def _recount() -> str:
    graded = f"({GRADED})"
    parts = ["user_id"]
    parts += [f"count(*) FILTER (WHERE status = '{s}')" for s in ("active", "completed", "failed")]
    parts.append(f"count(*) FILTER (WHERE {graded})")
    for c in CATEGORIES:
        counted = f"{graded} AND {c}_score IS NOT NULL"
        parts.append(f"coalesce(sum({c}_score) FILTER (WHERE {counted}), 0)")
        parts.append(f"count(*) FILTER (WHERE {counted})")
    return (
        f"INSERT INTO user_session_stats ({_names()}) "
        f"SELECT {', '.join(parts)} FROM training_sessions GROUP BY user_id;"
    )


WATCHED = ("user_id", "status", "grading_status", *(f"{c}_score" for c in CATEGORIES))


def upgrade() -> None:
    op.execute(f"CREATE TABLE user_session_stats (\n{_columns()}\n)")
    # SET search_path FROM CURRENT: the functions find this schema's tables whoever calls.
    op.execute(
        "CREATE FUNCTION user_session_stats_track() RETURNS trigger LANGUAGE plpgsql "
        "SET search_path FROM CURRENT AS $$ BEGIN "
        f"IF TG_OP <> 'INSERT' THEN {_upsert('OLD', '-1')} END IF; "
        f"IF TG_OP <> 'DELETE' THEN {_upsert('NEW', '1')} END IF; "
        "RETURN NULL; END $$"
    )
    op.execute(
        "CREATE TRIGGER user_session_stats_insert_delete AFTER INSERT OR DELETE "
        "ON training_sessions FOR EACH ROW EXECUTE FUNCTION user_session_stats_track()"
    )
    changed = " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in WATCHED)
    op.execute(
        f"CREATE TRIGGER user_session_stats_update AFTER UPDATE OF {', '.join(WATCHED)} "
        f"ON training_sessions FOR EACH ROW WHEN ({changed}) "
        "EXECUTE FUNCTION user_session_stats_track()"
    )
    op.execute(
        "CREATE FUNCTION user_session_stats_rebuild() RETURNS bigint LANGUAGE plpgsql "
        "SET search_path FROM CURRENT AS $$ DECLARE users bigint; BEGIN "
        # Writers wait until the recount commits, so no change falls between the two.
        "LOCK TABLE training_sessions IN SHARE MODE; "
        "DELETE FROM user_session_stats; "
        f"{_recount()} "
        "GET DIAGNOSTICS users = ROW_COUNT; RETURN users; END $$"
    )
    op.execute("SELECT user_session_stats_rebuild()")
    # Unknown grading times sort first (as the oldest), the order of /api/analytics/me.
    op.execute(
        "CREATE INDEX ix_training_sessions_user_graded ON training_sessions "
        f"(user_id, graded_at NULLS FIRST, id) WHERE {GRADED}"
    )
    op.execute(
        "CREATE INDEX ix_training_sessions_user_best ON training_sessions "
        f"(user_id, overall_score DESC, graded_at NULLS FIRST, id) WHERE {GRADED}"
    )


def downgrade() -> None:
    op.execute("DROP INDEX ix_training_sessions_user_best")
    op.execute("DROP INDEX ix_training_sessions_user_graded")
    op.execute("DROP TRIGGER user_session_stats_update ON training_sessions")
    op.execute("DROP TRIGGER user_session_stats_insert_delete ON training_sessions")
    op.execute("DROP FUNCTION user_session_stats_rebuild()")
    op.execute("DROP FUNCTION user_session_stats_track()")
    op.execute("DROP TABLE user_session_stats")

"""Inserting active, ungraded sessions (every create) counts them with a one-column upsert.

The insert trigger of 0008 ran the full per-user recount of the statement's rows: 13
filtered aggregates and 13 updated columns, which PostgreSQL builds an executor for on
every statement (a perf profile of the create statement alone: the trigger was 28 % of
the backend's CPU, half of it starting that executor). When every inserted row is an
active session without a grade, as every create's is, all the counts but ``active`` and
all the sums are zero: the function checks that and adds to ``active`` alone; any other
insert (a bulk import of graded sessions) takes the full recount as before. The same
numbers either way.

The function also names its table with its schema instead of ``SET search_path FROM
CURRENT``, which the same value captured when it was created: a function with a SET
clause is called through a wrapper that sets and restores the setting on every call.

Revision ID: 0010
Revises: 0009
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CATEGORIES = ("rapport", "discovery", "objection_handling", "closing", "overall")
COUNTS = ("active", "completed", "failed", "graded")
NAMES = ("user_id", *COUNTS, *(f"{c}_{p}" for c in CATEGORIES for p in ("sum", "n")))


def _recount(table: str) -> str:
    """0008's upsert of each user's share of the statement's inserted rows."""
    graded = "coalesce(grading_status = 'graded' AND overall_score IS NOT NULL, false)"
    parts = ["user_id"]
    parts += [f"count(*) FILTER (WHERE status = '{s}')" for s in COUNTS[:3]]
    parts.append(f"count(*) FILTER (WHERE {graded})")
    for c in CATEGORIES:
        counted = f"{graded} AND {c}_score IS NOT NULL"
        parts.append(f"coalesce(sum({c}_score) FILTER (WHERE {counted}), 0)")
        parts.append(f"count(*) FILTER (WHERE {counted})")
    updates = ", ".join(f"{n} = s.{n} + EXCLUDED.{n}" for n in NAMES[1:])
    return (
        f"INSERT INTO {table} AS s ({', '.join(NAMES)}) "
        f"SELECT {', '.join(parts)} FROM added GROUP BY user_id ORDER BY user_id "
        f"ON CONFLICT (user_id) DO UPDATE SET {updates};"
    )


def upgrade() -> None:
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    table = '"{}".user_session_stats'.format(schema.replace('"', '""'))
    active_only = (
        f"INSERT INTO {table} AS s (user_id, active) "
        "SELECT user_id, count(*) FROM added GROUP BY user_id ORDER BY user_id "
        "ON CONFLICT (user_id) DO UPDATE SET active = s.active + EXCLUDED.active;"
    )
    # Replacing the function drops its SET clause; the trigger stays as it is.
    op.execute(
        "CREATE OR REPLACE FUNCTION user_session_stats_inserted() RETURNS trigger "
        "LANGUAGE plpgsql AS $$ BEGIN IF EXISTS (SELECT FROM added "
        "WHERE status <> 'active' OR grading_status = 'graded') "
        f"THEN {_recount(table)} ELSE {active_only} END IF; RETURN NULL; END $$"
    )


def downgrade() -> None:
    op.execute(
        "CREATE OR REPLACE FUNCTION user_session_stats_inserted() RETURNS trigger "
        "LANGUAGE plpgsql SET search_path FROM CURRENT AS $$ BEGIN "
        f"{_recount('user_session_stats')} RETURN NULL; END $$"
    )

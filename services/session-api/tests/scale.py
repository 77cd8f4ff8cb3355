"""A tenant with enough rows for PostgreSQL's planner to care, and plan inspection.

The caller's sessions are written first and 3,000 other users' after them, so the
others' sessions are the newest: the shape that sent the training list down the
primary key. Rows are generated in SQL (INSERT ... SELECT generate_series), so the
triggers that keep the analytics statistics run for every one of them.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import asyncpg as pg_asyncpg
from sqlalchemy.sql import Executable

from sessionhub.common.db import Database, asyncpg_dsn

CALLER = "scale-caller"
CALLER_SESSIONS = 20_000
OTHER_USERS = 3_000
OTHER_SESSIONS = 60_000

# status by g % 10: 0 active, 1 failed, else completed; grading of completed ones:
# 2 pending, 3 failed, else graded. Some graded rows miss a category or a grading time,
# and grading times disagree with ids, so every rule of the summary is exercised.
_INSERT = """
INSERT INTO training_sessions (
    user_id, title, scenario, persona, agent_name, status, started_at, created_at,
    line_count, grading_status, rapport_score, discovery_score, objection_handling_score,
    closing_score, overall_score, graded_at)
SELECT {user}, 'Scale ' || g, 'A scenario.', 'A persona', 'Agent',
    CASE g % 10 WHEN 0 THEN 'active' WHEN 1 THEN 'failed' ELSE 'completed' END,
    now() - interval '2 days', now() - interval '2 days', 0,
    CASE WHEN g % 10 IN (0, 1) THEN NULL WHEN g % 10 = 2 THEN 'pending'
         WHEN g % 10 = 3 THEN 'failed' ELSE 'graded' END,
    (g * 7) % 101,
    CASE WHEN g % 13 = 0 THEN NULL ELSE (g * 11) % 101 END,
    (g * 13) % 101, (g * 17) % 101, (g * 19) % 101,
    CASE WHEN g % 10 < 4 OR g % 97 = 0 THEN NULL
         ELSE now() - ((g * 7919) % 100000) * interval '1 second' END
FROM generate_series(1, :n) AS g
"""


async def load(database: Database) -> None:
    async with database.session() as db:
        await db.execute(
            text(_INSERT.format(user=":caller")), {"caller": CALLER, "n": CALLER_SESSIONS}
        )
        await db.execute(
            text(_INSERT.format(user=f"'other-' || (g % {OTHER_USERS})")), {"n": OTHER_SESSIONS}
        )
    async with database.engine.connect() as conn:
        await conn.execute(text("ANALYZE training_sessions"))
        await conn.execute(text("ANALYZE user_session_stats"))
        await conn.commit()


def plan_nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def _literal(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise TypeError(f"no literal for {value!r}")
    return str(value) if isinstance(value, int) else "'" + value.replace("'", "''") + "'"


async def plans(database: Database, stmt: Executable) -> dict[str, list[dict[str, Any]]]:
    """The plan nodes of ``stmt`` as the repository issues it: planned for its values
    (a custom plan) and for any values (the generic plan a cached statement may use)."""
    custom = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    compiled = stmt.compile(dialect=pg_asyncpg.dialect())
    params = ", ".join(_literal(compiled.params[name]) for name in compiled.positiontup or ())
    conn = await asyncpg.connect(
        asyncpg_dsn(database.url), server_settings={"search_path": f'"{database.schema}",public'}
    )
    try:
        custom_plan = await conn.fetchval(f"EXPLAIN (FORMAT JSON) {custom}")
        await conn.execute("SET plan_cache_mode = force_generic_plan")
        await conn.execute(f"PREPARE repository_statement AS {compiled}")
        generic_plan = await conn.fetchval(
            f"EXPLAIN (FORMAT JSON) EXECUTE repository_statement({params})"
        )
    finally:
        await conn.close()
    return {
        kind: list(plan_nodes(json.loads(raw)[0]["Plan"]))
        for kind, raw in (("custom", custom_plan), ("generic", generic_plan))
    }


def index_names(nodes: list[dict[str, Any]]) -> set[str]:
    return {n["Index Name"] for n in nodes if "Index Name" in n}


def assert_stays_on_indexes(nodes: list[dict[str, Any]], kind: str) -> None:
    """No sequential scan, and no filter that reads other users' rows to drop them."""
    types = [n["Node Type"] for n in nodes]
    assert "Seq Scan" not in types, (kind, types)
    filters = [n["Filter"] for n in nodes if "user_id" in n.get("Filter", "")]
    assert not filters, (kind, filters)

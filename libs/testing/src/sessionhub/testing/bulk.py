"""Realistic volumes for plan tests and benchmarks: a vocabulary and one COPY loader."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import asyncpg

# Everyday words for generated titles and messages; callers add their own to widen it.
WORDS = [
    "account",
    "billing",
    "invoice",
    "password",
    "login",
    "error",
    "screen",
    "update",
    "install",
    "network",
    "printer",
    "meeting",
    "schedule",
    "report",
    "customer",
    "order",
    "delivery",
    "refund",
    "payment",
    "course",
    "lesson",
    "exam",
    "practice",
    "nurse",
    "patient",
    "shift",
    "medication",
    "doctor",
    "story",
    "chapter",
    "poem",
    "draft",
    "review",
    "budget",
    "forecast",
    "project",
    "deadline",
    "team",
    "manager",
    "call",
    "email",
    "phone",
]

# The indexes a table's constraints do not own: dropped for the COPY and built again
# after it (the same definitions, read back from the catalogue), which is many times
# faster than maintaining GIN indexes row by row.
_SECONDARY_INDEXES = """
    SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
    FROM pg_index i
    WHERE i.indrelid = $1::regclass
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
"""


async def copy_rows(
    conn: asyncpg.Connection,
    schema: str,
    table: str,
    columns: Sequence[str],
    records: Iterable[tuple[Any, ...]],
) -> None:
    """COPY ``records`` into ``schema.table`` as fast as the server allows, then
    VACUUM ANALYZE it so the planner sees the real volume.

    Row triggers (per-user statistics and the like) are off for the load, as a restore
    does; whoever needs what they maintain recounts it afterwards.
    """
    qualified = f'"{schema}".{table}'
    await conn.execute("SET maintenance_work_mem = '256MB'")
    indexes = await conn.fetch(_SECONDARY_INDEXES, qualified)
    for index in indexes:
        await conn.execute(f"DROP INDEX {index['name']}")
    await conn.execute("SET session_replication_role = replica")
    try:
        await conn.copy_records_to_table(
            table, schema_name=schema, columns=list(columns), records=records
        )
    finally:
        await conn.execute("SET session_replication_role = DEFAULT")
    for index in indexes:
        await conn.execute(index["definition"])
    await conn.execute(f"VACUUM ANALYZE {qualified}")

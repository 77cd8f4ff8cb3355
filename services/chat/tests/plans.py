"""Plan tests' tools: tenants of realistic size loaded with COPY, and the plan of the
exact statement a repository function issues."""

from __future__ import annotations

import random
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.config import Settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.testing.bulk import WORDS, copy_rows

COMMON = ["help", "please", "thanks", "today", "work", "issue", "question", "time"]
RARE = "zygomorphic"


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(6, 18))]
    # About a third of the messages ask for help: a common word in every sense.
    if rng.random() < 0.35:
        words.insert(rng.randrange(len(words)), "help")
    words.insert(rng.randrange(len(words)), rng.choice(COMMON[1:]))
    return " ".join(words).capitalize() + "."


SESSION_COLUMNS = [
    "id",
    "user_id",
    "persona",
    "title",
    "helper",
    "project_id",
    "metadata",
    "pinned",
    "archived",
    "tags",
    "last_activity_at",
    "created_at",
    "updated_at",
]
MESSAGE_COLUMNS = ["id", "session_id", "user_id", "seq", "role", "content", "created_at"]


@dataclass(frozen=True)
class Tenants:
    users: list[str]
    sessions_per_user: int
    messages_per_user: int


def _sessions(user: str, n: int, rng: random.Random, start: datetime) -> Iterator[tuple[Any, ...]]:
    for i in range(n):
        at = start + timedelta(seconds=i * 7)
        tags = ["personal"] if rng.random() < 0.3 else []
        if rng.random() < 0.005:
            tags.append("rare-tag")
        yield (
            uuid.uuid4(),
            user,
            "default",
            f"{rng.choice(WORDS).capitalize()} {rng.choice(WORDS)}",
            "nurse-helper" if rng.random() < 0.02 else None,
            f"p-{rng.randrange(200)}" if rng.random() < 0.5 else None,
            "{}",
            False,
            rng.random() < 0.03,
            tags,
            at,
            at,
            at,
        )


async def load_tenants(settings: Settings, tenants: Tenants, seed: int = 13) -> None:
    """COPY ``tenants`` into the chat schema of ``settings`` (analyzed after)."""
    rng = random.Random(seed)
    schema = f"{settings.db_schema_prefix}chat"
    assert settings.database_url
    start = datetime(2026, 1, 1, tzinfo=UTC)
    sessions: list[tuple[Any, ...]] = []
    messages: list[tuple[Any, ...]] = []
    for user in tenants.users:
        mine = list(_sessions(user, tenants.sessions_per_user, rng, start))
        ids = [r[0] for r in mine]
        sessions += mine
        messages += (
            (
                uuid.uuid4(),
                ids[i % len(ids)],
                user,
                i + 1,
                "user" if i % 2 == 0 else "assistant",
                sentence(rng) + (f" {RARE}" if i % 5000 == 17 else ""),
                start + timedelta(seconds=i * 3),
            )
            for i in range(tenants.messages_per_user)
        )
    conn = await asyncpg.connect(asyncpg_dsn(settings.database_url))
    try:
        # Messages reference their sessions: those go first.
        await copy_rows(conn, schema, "chat_sessions", SESSION_COLUMNS, sessions)
        # The tag rows' triggers were off for the COPY: recount them, as a restore would.
        await conn.execute(f'SELECT "{schema}".chat_session_tags_rebuild()')
        await conn.execute(f'ANALYZE "{schema}".chat_session_tags')
        await copy_rows(conn, schema, "chat_messages", MESSAGE_COLUMNS, messages)
    finally:
        await conn.close()


async def plans_of(
    db: AsyncSession, call: Callable[[AsyncSession], Awaitable[object]], *, analyze: bool = False
) -> list[dict[str, Any]]:
    """``EXPLAIN (FORMAT JSON)`` of every query ``call`` sends, as it sent them: the
    statements are replayed in order, settings (``set_config``) as they were, queries
    explained; with ``analyze`` they run too, so nodes that never ran say so (no
    timings used)."""
    conn = await db.connection()
    sent: list[tuple[str, Any]] = []

    def capture(_c: Any, _cur: Any, statement: str, parameters: Any, *_: Any) -> None:
        sent.append((statement, parameters))

    event.listen(conn.sync_connection, "before_cursor_execute", capture)
    try:
        await call(db)
    finally:
        event.remove(conn.sync_connection, "before_cursor_execute", capture)
    options = "ANALYZE, TIMING OFF, FORMAT JSON" if analyze else "FORMAT JSON"
    plans = []
    for statement, parameters in sent:
        if "set_config(" in statement:
            await conn.exec_driver_sql(statement, parameters)
            continue
        result = await conn.exec_driver_sql(f"EXPLAIN ({options}) {statement}", parameters)
        plans.append(result.scalar_one()[0]["Plan"])
    return plans


async def plan_of(
    db: AsyncSession, call: Callable[[AsyncSession], Awaitable[object]], *, analyze: bool = False
) -> dict[str, Any]:
    """The plan of the last query ``call`` sends (see ``plans_of``)."""
    return (await plans_of(db, call, analyze=analyze))[-1]


def nodes(plan: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield plan
    for child in plan.get("Plans", ()):
        yield from nodes(child)


def check_tenant_narrowed(plan: dict[str, Any]) -> set[str]:
    """The indexes the plan uses; fails on a sequential scan, or on a scan of our
    tables whose index condition does not name the owner (it would read other
    tenants' rows and filter them away). Primary-key lookups of ids an owner-led scan
    chose are the exception."""
    used: set[str] = set()
    for node in nodes(plan):
        kind = node["Node Type"]
        assert kind != "Seq Scan", f"sequential scan of {node.get('Relation Name')}"
        by_id = node.get("Index Name", "").endswith("_pkey")
        if "Index Name" in node:
            used.add(node["Index Name"])
        # A lookup by primary key fetches rows already chosen by an owner-led index;
        # any other scan must name the owner in its index condition, never filter on it.
        if "Index Name" in node and not by_id:
            assert "user_id" in node.get("Index Cond", ""), node  # also md5(user_id)
        # The owner-and-term index (0003) names the owner as a lexeme (md5 of the id);
        # the exact check on the rows it fetched is then a filter, on those rows only.
        owner_terms = "md5(user_id)" in node.get("Recheck Cond", "")
        if not by_id and not owner_terms:
            assert "user_id" not in node.get("Filter", ""), node
    return used


def executed_indexes(plan: dict[str, Any]) -> set[str]:
    """The indexes an ``analyze`` plan really scanned (gated-off branches never run)."""
    return {
        node["Index Name"]
        for node in nodes(plan)
        if "Index Name" in node and node.get("Actual Loops", 0) > 0
    }

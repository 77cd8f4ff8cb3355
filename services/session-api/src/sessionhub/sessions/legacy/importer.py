"""Import of the legacy ``live_sessions`` table (uuid ids) into training sessions.

Each legacy row becomes one completed session with its transcript as lines, and one
entry in the uuid → id map; rows already in the map are skipped, so the import can run
again (even concurrently) without duplicating anything.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import asyncpg
import structlog

from sessionhub.common.db import Database, asyncpg_dsn
from sessionhub.sessions.legacy.repository import LegacyRepository
from sessionhub.sessions.training.schemas import SPEAKER_SYNONYMS
from sessionhub.sessions.training.service import elapsed_seconds

log = structlog.get_logger()

_TABLE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)?$")
_TRAINEE_ALIASES = {"human", "customer_rep", "rep", "salesperson"}


@dataclass
class ImportReport:
    imported: int = 0
    already_imported: int = 0
    skipped_without_transcript: int = 0


class _AlreadyLinked(Exception):
    pass


def _quoted(table: str) -> str:
    if not _TABLE.match(table):
        raise ValueError(f"not a table name: {table!r}")
    return ".".join(f'"{part}"' for part in table.split("."))


def _timestamp(value: Any) -> datetime | None:
    if isinstance(value, int | float):
        # Epoch seconds or, as browsers send them, milliseconds.
        return datetime.fromtimestamp(value / 1000 if value > 1e11 else value, UTC)
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def transcript_lines(raw: Any) -> list[dict[str, Any]]:
    """The legacy JSON array as (speaker, text, client_ts) rows; unusable entries dropped."""
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return []
    if not isinstance(raw, list):
        return []
    lines = []
    for entry in raw:
        if not isinstance(entry, dict):
            continue
        text = entry.get("text") or entry.get("message") or entry.get("content")
        if not isinstance(text, str) or not text.strip():
            continue
        who = str(entry.get("speaker") or entry.get("role") or entry.get("source") or "").lower()
        speaker = SPEAKER_SYNONYMS.get(who) or ("trainee" if who in _TRAINEE_ALIASES else "persona")
        stamp = entry.get("timestamp") or entry.get("time") or entry.get("ts")
        lines.append({"speaker": speaker, "text": text, "client_ts": _timestamp(stamp)})
    return lines


def _session_values(row: asyncpg.Record, line_count: int) -> dict[str, Any]:
    started = row["started_at"] or row["ended_at"] or datetime.now(UTC)
    ended = row["ended_at"]
    agent = row["agent_name"] or "Legacy agent"
    overall = row["overall_score"]
    return {
        "user_id": str(row["user_id"]),
        "title": f"Session with {agent}",
        "scenario": "Imported from the legacy live sessions.",
        "persona": agent,
        "agent_name": agent,
        "status": "completed",
        "started_at": started,
        "ended_at": ended,
        "duration_seconds": elapsed_seconds(started, ended) if ended else None,
        "line_count": line_count,
        "grading_status": "graded" if overall is not None else None,
        "rapport_score": row["rapport_score"],
        "overall_score": overall,
        "virtual_earnings": float(row["virtual_earnings"])
        if row["virtual_earnings"] is not None
        else None,
        "graded_at": ended if overall is not None else None,
        "created_at": started,
    }


async def _import_row(
    database: Database, row: asyncpg.Record, lines: Sequence[dict[str, Any]]
) -> None:
    legacy_id = uuid.UUID(str(row["id"]))
    async with database.session() as db:
        repo = LegacyRepository(db)
        if await repo.session_for(legacy_id) is not None:
            raise _AlreadyLinked
        session_id = await repo.insert_session(_session_values(row, len(lines)), lines)
        if not await repo.link(legacy_id, session_id):
            raise _AlreadyLinked  # a concurrent import won: roll this copy back


async def import_legacy(
    database: Database, source_dsn: str, *, table: str = "live_sessions"
) -> ImportReport:
    """Copy every legacy session with a transcript that is not imported yet."""
    report = ImportReport()
    source = await asyncpg.connect(asyncpg_dsn(source_dsn))
    try:
        query = (
            "SELECT id, user_id, agent_name, started_at, ended_at, full_transcript, "
            f"rapport_score, overall_score, virtual_earnings FROM {_quoted(table)} "
            "ORDER BY started_at NULLS LAST, id"
        )
        async with source.transaction():
            async for row in source.cursor(query, prefetch=200):
                lines = transcript_lines(row["full_transcript"])
                if not lines:
                    report.skipped_without_transcript += 1
                    continue
                try:
                    await _import_row(database, row, lines)
                except _AlreadyLinked:
                    report.already_imported += 1
                    continue
                report.imported += 1
    finally:
        await source.close()
    log.info("legacy_import_done", **report.__dict__)
    return report

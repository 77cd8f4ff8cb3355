"""``sessions import-legacy`` and the legacy redirect."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest
from typer.testing import CliRunner

from sessionhub.common.db import asyncpg_dsn
from sessionhub.sessions.cli import build_cli
from sessionhub.sessions.legacy.importer import import_legacy
from sessionhub.sessions.service_spec import spec
from sessionhub.testing.plugin import DATABASE_URL, RunningApp, cleanup, isolated_settings

from ..support import BASE, SERVICE, Actor, assert_problem


@pytest.fixture
async def legacy_table() -> AsyncIterator[str]:
    """A legacy ``live_sessions`` table in a throwaway schema of the test database."""
    schema = f"legacy_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    await conn.execute(f"CREATE SCHEMA {schema}")
    await conn.execute(
        f"""CREATE TABLE {schema}.live_sessions (
            id uuid PRIMARY KEY, user_id uuid NOT NULL, agent_name text,
            started_at timestamptz, ended_at timestamptz, full_transcript jsonb,
            rapport_score integer, overall_score integer, virtual_earnings numeric)"""
    )
    try:
        yield f"{schema}.live_sessions"
    finally:
        await conn.execute(f"DROP SCHEMA {schema} CASCADE")
        await conn.close()


async def insert_legacy(table: str, user_id: uuid.UUID, transcript: object) -> uuid.UUID:
    legacy_id = uuid.uuid4()
    conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
    try:
        await conn.execute(
            f"""INSERT INTO {table} VALUES ($1, $2, 'Jordan', '2024-05-01T10:00:00Z',
                '2024-05-01T10:05:00Z', $3::jsonb, 70, 72, 12.5)""",
            legacy_id,
            user_id,
            None if transcript is None else json.dumps(transcript),
        )
    finally:
        await conn.close()
    return legacy_id


class TestImportLegacy:
    async def test_imports_once_and_redirects(self, app: RunningApp, legacy_table: str) -> None:
        owner = uuid.uuid4()
        alice = Actor(app, user_id=str(owner))
        kept = await insert_legacy(
            legacy_table,
            owner,
            [
                {"speaker": "agent", "text": "Hi, what do you need?", "timestamp": 1714557600000},
                {"role": "user", "message": "A better price."},
                {"speaker": "user", "text": ""},
            ],
        )
        await insert_legacy(legacy_table, owner, None)
        await insert_legacy(legacy_table, owner, [])
        db = app.runtime.services[SERVICE].db
        report = await import_legacy(db, DATABASE_URL, table=legacy_table)
        assert (report.imported, report.skipped_without_transcript) == (1, 2)
        again = await import_legacy(db, DATABASE_URL, table=legacy_table)
        assert (again.imported, again.already_imported) == (0, 1)

        redirect = await alice.get(f"{BASE}/legacy/{kept}")
        assert redirect.status_code == 308
        location = redirect.headers["location"]
        session = (await alice.get(location)).json()
        assert session["status"] == "completed"
        assert session["duration_seconds"] == 300
        assert session["overall_score"] == 72
        assert session["rapport_score"] == 70
        assert session["virtual_earnings"] == 12.5
        assert [(x["speaker"], x["text"]) for x in session["transcript"]] == [
            ("persona", "Hi, what do you need?"),
            ("trainee", "A better price."),
        ]
        assert session["transcript"][0]["timestamp"] == "2024-05-01T10:00:00.000000Z"

    async def test_redirect_hides_other_users_and_unknown_ids(
        self, app: RunningApp, legacy_table: str, bob: Actor
    ) -> None:
        kept = await insert_legacy(legacy_table, uuid.uuid4(), [{"speaker": "user", "text": "x"}])
        await import_legacy(app.runtime.services[SERVICE].db, DATABASE_URL, table=legacy_table)
        assert_problem(await bob.get(f"{BASE}/legacy/{kept}"), 404)
        assert_problem(await bob.get(f"{BASE}/legacy/{uuid.uuid4()}"), 404)
        assert_problem(await bob.get(f"{BASE}/legacy/not-a-uuid"), 422)

    async def test_rejects_a_suspicious_table_name(self, app: RunningApp) -> None:
        with pytest.raises(ValueError, match="not a table name"):
            await import_legacy(
                app.runtime.services[SERVICE].db, DATABASE_URL, table="x; DROP TABLE y"
            )


class TestImportCommand:
    async def test_cli_migrates_and_imports(self, legacy_table: str) -> None:
        settings = isolated_settings(rabbit=False)
        await insert_legacy(legacy_table, uuid.uuid4(), [{"speaker": "ai", "text": "Hello"}])
        env = {
            "DATABASE_URL": DATABASE_URL,
            "SESSIONHUB_DB_SCHEMA_PREFIX": settings.db_schema_prefix,
        }
        args = ["import-legacy", "--source-dsn", DATABASE_URL, "--table", legacy_table]
        try:
            # The command runs its own event loop, so it gets a thread of its own.
            result = await asyncio.to_thread(CliRunner().invoke, build_cli(), args, env=env)
            assert result.exit_code == 0, result.output
            assert "imported 1, already imported 0, skipped without transcript 0" in result.output
            conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
            try:
                schema = settings.db_schema_prefix + spec.schema
                count = await conn.fetchval(f'SELECT count(*) FROM "{schema}".legacy_session_links')
            finally:
                await conn.close()
            assert count == 1
        finally:
            await cleanup(settings, [spec])

"""``sessionhub sessions ...``: maintenance commands of session-api (one per domain job)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Annotated

import typer

from sessionhub.common.config import Settings
from sessionhub.common.db import Database
from sessionhub.common.embedded import with_database
from sessionhub.sessions.analytics.repository import AnalyticsRepository
from sessionhub.sessions.legacy.importer import ImportReport, import_legacy


@asynccontextmanager
async def migrated_database(settings: Settings) -> AsyncIterator[Database]:
    """session-api's schema, migrated to the newest revision."""
    from sessionhub.sessions.service_spec import spec

    if not settings.database_url:
        raise typer.BadParameter("DATABASE_URL is not set")
    database = Database(
        settings.database_url, settings.db_schema_prefix + spec.schema, source=spec.name
    )
    try:
        await database.migrate(spec.migrations)
        yield database
    finally:
        await database.dispose()


async def run_import(settings: Settings, source_dsn: str, table: str) -> ImportReport:
    async with migrated_database(settings) as database:
        return await import_legacy(database, source_dsn, table=table)


async def rebuild_analytics(settings: Settings) -> int:
    """Recount every user's statistics; writers of sessions wait until it commits."""
    async with migrated_database(settings) as database, database.session() as db:
        return await AnalyticsRepository(db).rebuild_user_stats()


def build_cli() -> typer.Typer:
    app = typer.Typer(help="Training sessions: maintenance.", no_args_is_help=True)

    @app.callback()
    def sessions() -> None:
        """Training sessions: maintenance."""

    @app.command("import-legacy")
    def import_legacy_cmd(
        source_dsn: Annotated[
            str, typer.Option("--source-dsn", help="PostgreSQL DSN of the legacy database.")
        ],
        table: Annotated[str, typer.Option(help="Legacy table, optionally schema.table.")] = (
            "live_sessions"
        ),
    ) -> None:
        """Import legacy live_sessions (uuid ids) as training sessions; safe to re-run."""
        # Without DATABASE_URL: the embedded PostgreSQL `sessionhub run` uses.
        with with_database(Settings()) as settings:
            report = asyncio.run(run_import(settings, source_dsn, table))
        typer.echo(
            f"imported {report.imported}, already imported {report.already_imported}, "
            f"skipped without transcript {report.skipped_without_transcript}"
        )

    @app.command("analytics-rebuild")
    def analytics_rebuild_cmd() -> None:
        """Recount the per-user statistics behind /api/analytics/me from the sessions."""
        # Without DATABASE_URL: the embedded PostgreSQL `sessionhub run` uses.
        with with_database(Settings()) as settings:
            users = asyncio.run(rebuild_analytics(settings))
        typer.echo(f"recounted the statistics of {users} users")

    return app

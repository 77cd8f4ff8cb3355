"""``sessionhub sessions ...``: maintenance commands of session-api (one per domain job)."""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer

from sessionhub.common.config import Settings
from sessionhub.common.db import Database
from sessionhub.common.embedded import with_database
from sessionhub.sessions.legacy.importer import ImportReport, import_legacy


async def run_import(settings: Settings, source_dsn: str, table: str) -> ImportReport:
    from sessionhub.sessions.service_spec import spec

    if not settings.database_url:
        raise typer.BadParameter("DATABASE_URL is not set")
    database = Database(
        settings.database_url, settings.db_schema_prefix + spec.schema, source=spec.name
    )
    try:
        await database.migrate(spec.migrations)
        return await import_legacy(database, source_dsn, table=table)
    finally:
        await database.dispose()


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

    return app

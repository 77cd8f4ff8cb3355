"""``sessionhub``: one command line for every topology and operation."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated

import typer
import uvicorn

from sessionhub.common import asyncapi
from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings, get_settings
from sessionhub.common.logging import configure_logging
from sessionhub.common.service import load_specs

app = typer.Typer(help="SessionHub: AI practice and conversation backend.", no_args_is_help=True)
dlq_app = typer.Typer(help="Inspect and recover dead-lettered events.", no_args_is_help=True)
app.add_typer(dlq_app, name="dlq")


def _settings() -> Settings:
    settings = get_settings()
    configure_logging(settings)
    return settings


@app.command()
def run(
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    host: Annotated[str, typer.Option(help="Bind address.")] = "127.0.0.1",
) -> None:
    """The embedded topology: every service and worker in one process."""
    from sessionhub.common.app import create_app
    from sessionhub.common.embedded import EmbeddedServers

    settings = _settings()
    servers = EmbeddedServers(settings.data_dir)
    try:
        updates: dict[str, object] = {}
        if not settings.database_url:
            updates["database_url"] = servers.postgres_url()
        if not settings.redis_url:
            updates["redis_url"] = servers.redis_url()
        settings = settings.model_copy(update=updates)
        application = create_app(settings, load_specs(), consumers=True)
        uvicorn.run(
            application, host=host, port=port, log_config=None, timeout_graceful_shutdown=30
        )
    finally:
        servers.close()


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help="session-api, grader, builder or chat.")],
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    host: Annotated[str, typer.Option(help="Bind address.")] = "0.0.0.0",  # noqa: S104
) -> None:
    """One service's HTTP API (distributed topology); its outbox relay runs alongside."""
    from sessionhub.common.app import create_app

    settings = _settings()
    application = create_app(settings, load_specs([service]), consumers=False)
    uvicorn.run(application, host=host, port=port, log_config=None, timeout_graceful_shutdown=30)


@app.command()
def worker(
    service: Annotated[str, typer.Argument(help="The service whose consumers to run.")],
    metrics_port: Annotated[int | None, typer.Option(help="Prometheus port (0: none).")] = None,
) -> None:
    """One service's event consumers and background jobs, until SIGTERM."""
    from sessionhub.common.worker import run_worker

    settings = _settings()
    port = settings.metrics_port if metrics_port is None else metrics_port
    asyncio.run(run_worker(settings, load_specs([service]), metrics_port=port))


@app.command()
def token(
    user: Annotated[str, typer.Option(help="User id (the JWT sub).")],
    role: Annotated[Role, typer.Option(help="trainee, manager or admin.")] = Role.trainee,
    ttl: Annotated[int, typer.Option(help="Lifetime in seconds.")] = 3600,
) -> None:
    """Print a bearer token signed with the configured (or dev) secret."""
    typer.echo(TokenVerifier(get_settings()).issue(user, role, ttl))


@app.command()
def migrate(
    services: Annotated[list[str] | None, typer.Argument(help="Services (default: all).")] = None,
) -> None:
    """Apply pending database migrations and declare every event queue."""
    from sessionhub.common.db import Database
    from sessionhub.common.runtime import declare_queues

    settings = _settings()
    if not settings.database_url:
        raise typer.BadParameter("DATABASE_URL is not set")
    url = settings.database_url

    async def go() -> None:
        for spec in load_specs(services):
            db = Database(url, settings.db_schema_prefix + spec.schema, source=spec.name)
            try:
                await db.migrate(spec.migrations)
                typer.echo(f"{spec.name}: schema {db.schema} is up to date")
            finally:
                await db.dispose()
        # Every installed service's queues, whichever services were migrated: a producer
        # that starts before a consumer's first start must not publish into the void.
        for queue in await declare_queues(settings, load_specs()):
            typer.echo(f"queue {queue} is declared")

    asyncio.run(go())


@app.command(name="asyncapi")
def asyncapi_cmd(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
) -> None:
    """Print (or write) the AsyncAPI 3 document of every event."""
    text = asyncapi.render_yaml(get_settings().events_exchange)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)


def _with_bus(action: str, queue: str, limit: int = 100) -> None:
    from sessionhub.common.runtime import create_bus

    settings = _settings()

    async def go() -> None:
        bus = create_bus(settings)
        await bus.start()
        try:
            if action == "list":
                letters = await bus.dlq_list(queue, limit)
                for letter in letters:
                    typer.echo(
                        f"{letter.ref}\t{letter.event_type}\tattempts={letter.attempts}\t"
                        f"failed_at={letter.failed_at}\t{letter.error}"
                    )
                typer.echo(f"{len(letters)} dead-lettered event(s) in {queue}")
            elif action == "replay":
                typer.echo(f"replayed {await bus.dlq_replay(queue)} event(s) to {queue}")
            else:
                typer.echo(f"purged {await bus.dlq_purge(queue)} event(s) from {queue}")
        finally:
            await bus.close()

    asyncio.run(go())


QueueArg = Annotated[str, typer.Argument(help="Queue name, e.g. grader.grading")]


@dlq_app.command("list")
def dlq_list(queue: QueueArg, limit: int = 100) -> None:
    """List dead-lettered events with their errors (leaves them in place)."""
    _with_bus("list", queue, limit)


@dlq_app.command("replay")
def dlq_replay(queue: QueueArg) -> None:
    """Send every dead-lettered event back to its queue for another try."""
    _with_bus("replay", queue)


@dlq_app.command("purge")
def dlq_purge(queue: QueueArg) -> None:
    """Delete every dead-lettered event of a queue."""
    _with_bus("purge", queue)


def _mount_service_commands() -> None:
    try:
        specs = load_specs()
    except Exception:  # a broken service must not take the whole CLI down
        return
    for spec in specs:
        if spec.cli is not None:
            app.add_typer(spec.cli(), name=spec.cli_name or spec.name)


def main() -> None:
    _mount_service_commands()
    app()

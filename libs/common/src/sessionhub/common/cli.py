"""``sessionhub``: one command line for every topology and operation.

Imports are deferred to the command that needs them: loading every service (FastAPI,
SQLAlchemy, Alembic, OpenAI...) costs seconds, and ``token``, ``dlq`` or ``asyncapi``
need none of it.
"""

from __future__ import annotations

import asyncio
import gc
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from sessionhub.common.config import Settings, get_settings
from sessionhub.common.tokens import MAX_TOKEN_LIFETIME_S, Role

if TYPE_CHECKING:
    from sessionhub.common.service import ServiceSpec

app = typer.Typer(help="SessionHub: AI practice and conversation backend.", no_args_is_help=True)
dlq_app = typer.Typer(help="Inspect and recover dead-lettered events.", no_args_is_help=True)
app.add_typer(dlq_app, name="dlq")


def _settings() -> Settings:
    from sessionhub.common.logging import configure_logging

    settings = get_settings()
    configure_logging(settings)
    return settings


def _specs(names: list[str] | None = None) -> list[ServiceSpec]:
    from sessionhub.common.service import load_specs

    return load_specs(names)


@app.command()
def run(
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    host: Annotated[str, typer.Option(help="Bind address.")] = "127.0.0.1",
    stop_with_parent: Annotated[
        bool, typer.Option(help="Shut down when the launching process dies (`make run`).")
    ] = False,
) -> None:
    """The embedded topology: every service and worker in one process."""
    import uvicorn

    from sessionhub.common.app import create_app
    from sessionhub.common.embedded import EmbeddedServers

    settings = _settings()
    if stop_with_parent:
        _stop_with_parent()
    servers = EmbeddedServers(settings.data_dir)
    # uvicorn re-raises the SIGTERM it handled once it has shut down; with the default
    # disposition that kills the process before the finally below stops PostgreSQL and
    # Redis. As SystemExit it unwinds through it, like Ctrl-C's KeyboardInterrupt does.
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        updates: dict[str, object] = {}
        if not settings.database_url:
            updates["database_url"] = servers.postgres_url()
        if not settings.redis_url:
            updates["redis_url"] = servers.redis_url()
        settings = settings.model_copy(update=updates)
        application = create_app(settings, _specs(), consumers=True)
        _quiet_collector()
        uvicorn.run(
            application,
            host=host,
            port=port,
            log_config=None,
            access_log=False,  # RequestContextMiddleware writes the access line
            timeout_graceful_shutdown=30,
        )
    finally:
        servers.close()


#: Net container allocations between young collections (CPython's default is 700).
YOUNG_COLLECTION_THRESHOLD = 50_000


def _quiet_collector() -> None:
    """Keep the cyclic collector off the request path.

    What start-up built (modules, models, routes) lives as long as the server: frozen,
    out of the collector's sight, which re-scanned it on every collection (a tenth of a
    request's CPU in py-spy). Request garbage is acyclic and goes with its last
    reference; but a 50-section autosave allocates a few hundred containers, so at the
    default threshold 32 saves in flight set off a young collection every other
    request, each re-scanning their live documents and promoting them to older
    generations to be scanned again: about a sixth of the server's CPU under load,
    for 67 objects found in 2,930 collections. Past 50,000 net allocations the
    collector still runs, should something leak cycles.
    """
    gc.collect()
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, older, oldest)


def _exit_on_sigterm(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def _stop_with_parent() -> None:
    """Get SIGTERM when the parent dies (Linux): make, killed with SIGTERM, does not pass
    it on, and an orphaned app would keep the embedded servers running."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGTERM)


@app.command()
def stop() -> None:
    """Stop embedded PostgreSQL/Redis left running by a killed `sessionhub run`."""
    from sessionhub.common.embedded import stop_leftovers

    settings = get_settings()
    stopped = stop_leftovers(settings.data_dir)
    for what in stopped:
        typer.echo(f"stopped {what}")
    if not stopped:
        typer.echo(f"nothing running under {settings.data_dir}")


@app.command()
def serve(
    service: Annotated[str, typer.Argument(help="session-api, grader, builder or chat.")],
    port: Annotated[int, typer.Option(help="HTTP port.")] = 8000,
    host: Annotated[str, typer.Option(help="Bind address.")] = "0.0.0.0",  # noqa: S104
) -> None:
    """One service's HTTP API (distributed topology); its outbox relay runs alongside."""
    import uvicorn

    from sessionhub.common.app import create_app

    settings = _settings()
    application = create_app(settings, _specs([service]), consumers=False)
    _quiet_collector()
    uvicorn.run(
        application,
        host=host,
        port=port,
        log_config=None,
        access_log=False,
        timeout_graceful_shutdown=30,
    )


@app.command()
def worker(
    service: Annotated[str, typer.Argument(help="The service whose consumers to run.")],
    metrics_port: Annotated[int | None, typer.Option(help="Prometheus port (0: none).")] = None,
) -> None:
    """One service's event consumers and background jobs, until SIGTERM."""
    from sessionhub.common.worker import run_worker

    settings = _settings()
    port = settings.metrics_port if metrics_port is None else metrics_port
    asyncio.run(run_worker(settings, _specs([service]), metrics_port=port))


@app.command()
def token(
    user: Annotated[str, typer.Option(help="User id (the JWT sub).")],
    role: Annotated[Role, typer.Option(help="trainee, manager or admin.")] = Role.trainee,
    # A token born expired, or living past what the verifier accepts, would only 401 later.
    ttl: Annotated[
        int, typer.Option(help="Lifetime in seconds.", min=1, max=MAX_TOKEN_LIFETIME_S)
    ] = 3600,
) -> None:
    """Print a bearer token signed with the configured (or dev) secret."""
    from sessionhub.common.tokens import hs256_secret, issue_token

    if not user.strip():
        raise typer.BadParameter("the user id is empty", param_hint="--user")
    settings = get_settings()
    if settings.jwt_algorithm != "HS256":
        raise typer.BadParameter("tokens can only be minted with an HS256 secret")
    typer.echo(issue_token(settings, hs256_secret(settings), user, role, ttl))


@app.command()
def migrate(
    services: Annotated[list[str] | None, typer.Argument(help="Services (default: all).")] = None,
) -> None:
    """Apply pending database migrations and declare every event queue."""
    from sessionhub.common.db import Database
    from sessionhub.common.embedded import with_database
    from sessionhub.common.runtime import declare_queues

    async def go(settings: Settings) -> None:
        assert settings.database_url
        url = settings.database_url
        for spec in _specs(services):
            db = Database(url, settings.db_schema_prefix + spec.schema, source=spec.name)
            try:
                await db.migrate(spec.migrations)
                typer.echo(f"{spec.name}: schema {db.schema} is up to date")
            finally:
                await db.dispose()
        # Every installed service's queues, whichever services were migrated: a producer
        # that starts before a consumer's first start must not publish into the void.
        for queue in await declare_queues(settings, _specs()):
            typer.echo(f"queue {queue} is declared")

    with with_database(_settings()) as settings:
        asyncio.run(go(settings))


@app.command(name="asyncapi")
def asyncapi_cmd(
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
) -> None:
    """Print (or write) the AsyncAPI 3 document of every event."""
    from sessionhub.common import asyncapi

    text = asyncapi.render_yaml(get_settings().events_exchange)
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text)


def _with_bus(action: str, queue: str, limit: int = 100) -> None:
    from sessionhub.common.events.bus import create_bus

    async def go(settings: Settings) -> None:
        bus = create_bus(settings)
        await bus.start()
        try:
            if not await bus.queue_exists(queue):
                known = ", ".join(_known_queues(settings)) or "none"
                typer.echo(f"queue {queue} does not exist (known queues: {known})", err=True)
                raise typer.Exit(1)
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

    settings = _settings()
    if settings.rabbitmq_url:
        asyncio.run(go(settings))
        return
    # The embedded bus lives in PostgreSQL: the app's own server when it runs.
    from sessionhub.common.embedded import with_database

    with with_database(settings) as with_db:
        asyncio.run(go(with_db))


def _known_queues(settings: Settings) -> list[str]:
    from sessionhub.common.service import queue_name

    return [
        queue_name(settings, spec.name, sub.purpose)
        for spec in _specs()
        for sub in spec.subscriptions
    ]


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
        specs = _specs()
    except Exception:  # a broken service must not take the whole CLI down
        return
    for spec in specs:
        if spec.cli is not None:
            app.add_typer(spec.cli(), name=spec.cli_name or spec.name)


def _builtin_command(argv: list[str]) -> bool:
    """Whether ``argv`` names one of this module's commands (then no service is loaded)."""
    from typer.main import get_command_name

    builtins = {g.name for g in app.registered_groups if g.name}
    for command in app.registered_commands:
        if command.name:
            builtins.add(command.name)
        elif command.callback is not None:
            builtins.add(get_command_name(command.callback.__name__))
    return bool(argv) and argv[0] in builtins


def main() -> None:
    # Service commands (``sessionhub sessions ...``) are known only by loading every
    # service; help and unknown commands need them, the built-in commands do not.
    if not _builtin_command(sys.argv[1:]):
        _mount_service_commands()
    app()

"""The `sessionhub` command line."""

from __future__ import annotations

import asyncio
import subprocess
import sys

import aio_pika
import aio_pika.exceptions
import asyncpg
import pytest
from typer.testing import CliRunner

from sessionhub.common import cli
from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings, get_settings
from sessionhub.common.db import asyncpg_dsn
from sessionhub.common.service import load_specs, queue_name
from sessionhub.testing.plugin import DATABASE_URL, cleanup, isolated_settings, tenant_env


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path) -> CliRunner:
    monkeypatch.setenv("SESSIONHUB_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("SESSIONHUB_JWT_SECRET", raising=False)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


class TestToken:
    async def test_token_is_accepted_by_the_verifier(self, runner: CliRunner, tmp_path) -> None:
        result = runner.invoke(cli.app, ["token", "--user", "alice", "--role", "manager"])
        assert result.exit_code == 0, result.output
        verifier = TokenVerifier(Settings(data_dir=tmp_path))
        user = await verifier.verify(result.output.strip())
        assert (user.id, user.role) == ("alice", Role.manager)

    def test_dev_secret_is_generated_once(self, runner: CliRunner, tmp_path) -> None:
        runner.invoke(cli.app, ["token", "--user", "a"])
        first = (tmp_path / "jwt-secret").read_text()
        runner.invoke(cli.app, ["token", "--user", "b"])
        assert (tmp_path / "jwt-secret").read_text() == first

    @pytest.mark.parametrize("ttl", ["0", "-5", str(11 * 365 * 86_400)])
    def test_a_lifetime_the_verifier_would_refuse_is_rejected(
        self, runner: CliRunner, ttl: str
    ) -> None:
        result = runner.invoke(cli.app, ["token", "--user", "a", "--ttl", ttl])
        assert result.exit_code != 0
        assert not result.stdout.strip().startswith("ey")

    def test_unknown_role_is_rejected(self, runner: CliRunner) -> None:
        result = runner.invoke(cli.app, ["token", "--user", "a", "--role", "emperor"])
        assert result.exit_code != 0


class TestAsyncAPICommand:
    def test_prints_the_document(self, runner: CliRunner) -> None:
        result = runner.invoke(cli.app, ["asyncapi"])
        assert result.exit_code == 0
        assert result.output.startswith("asyncapi: 3.")


class TestMigrate:
    async def test_migrates_schemas_and_declares_every_queue(
        self, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings = isolated_settings()
        for name, value in tenant_env(settings).items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        specs = load_specs()
        try:
            result = await asyncio.to_thread(runner.invoke, cli.app, ["migrate"])
            assert result.exit_code == 0, result.output
            grading = queue_name(settings, "grader", "grading")
            assert f"queue {grading} is declared" in result.output
            connection = await aio_pika.connect(str(settings.rabbitmq_url))
            try:
                channel = await connection.channel()
                # Passive: fails unless migrate created it.
                await channel.declare_queue(grading, passive=True)
            finally:
                await connection.close()
            # A trigger on the outbox runs in every writing commit: a NOTIFY there
            # serialised them all (outbox.wake_relays).
            conn = await asyncpg.connect(asyncpg_dsn(DATABASE_URL))
            try:
                triggers = await conn.fetch(
                    "SELECT n.nspname, t.tgname FROM pg_trigger t"
                    " JOIN pg_class c ON c.oid = t.tgrelid"
                    " JOIN pg_namespace n ON n.oid = c.relnamespace"
                    " WHERE c.relname = 'outbox' AND n.nspname LIKE $1 || '%'",
                    settings.db_schema_prefix,
                )
                outboxes = await conn.fetchval(
                    "SELECT count(*) FROM pg_tables WHERE tablename = 'outbox'"
                    " AND schemaname LIKE $1 || '%'",
                    settings.db_schema_prefix,
                )
            finally:
                await conn.close()
            assert outboxes == len(specs)
            assert [tuple(t) for t in triggers] == []
        finally:
            await cleanup(settings, specs)


HEAVY = ("fastapi", "sqlalchemy", "alembic", "openai", "uvicorn", "sessionhub.sessions")


def _modules_loaded_by(*argv: str) -> set[str]:
    """Run ``sessionhub ARGV`` in a fresh interpreter; which heavy modules did it import?"""
    code = (
        "import sys\n"
        "from sessionhub.common.cli import main\n"
        f"sys.argv = ['sessionhub', *{list(argv)!r}]\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    assert not exc.code, exc.code\n"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    last = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else ""
    return set(filter(None, last.split(",")))


class TestStartsWithoutTheServices:
    """`token`, `asyncapi` and `dlq --help` must not pay for loading every service."""

    @pytest.mark.parametrize(
        "argv",
        [("token", "--user", "alice"), ("asyncapi",), ("dlq", "--help"), ("dlq", "list", "--help")],
    )
    def test_imports_no_web_or_database_stack(
        self, argv: tuple[str, ...], tmp_path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("SESSIONHUB_DATA_DIR", str(tmp_path))
        assert _modules_loaded_by(*argv) == set()

    @pytest.mark.parametrize(
        ("settings", "unused"),
        [
            ("database_url='postgresql://u@127.0.0.1:9/x'", ()),
            # The broker's operator commands need no SQL toolkit at all.
            ("rabbitmq_url='amqp://u@127.0.0.1:9/'", ("sqlalchemy", "sessionhub.common.db")),
        ],
    )
    def test_dlq_loads_one_transport_only(self, settings: str, unused: tuple[str, ...]) -> None:
        heavy = (
            "openai",
            "alembic",
            "redis",
            "uvicorn",
            "fastapi",
            "sessionhub.sessions",
            "sessionhub.common.runtime",
            *unused,
        )
        code = (
            "import sys\n"
            "from sessionhub.common.config import Settings\n"
            "from sessionhub.common.events.bus import create_bus\n"
            f"create_bus(Settings({settings}))\n"
            f"print(','.join(m for m in {heavy!r} if m in sys.modules))\n"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
        )
        assert result.stdout.strip() == ""

    def test_help_still_lists_the_service_commands(self) -> None:
        result = subprocess.run(
            [sys.executable, "-c", "from sessionhub.common.cli import main; main()", "--help"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert "sessions" in result.stdout


class TestDlqOnRabbitMQ:
    async def test_unknown_queue_is_reported_and_not_created(
        self, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings = isolated_settings()
        for name, value in tenant_env(settings).items():
            monkeypatch.setenv(name, value)
        get_settings.cache_clear()
        missing = f"{settings.queue_prefix}grader.gradnig"
        try:
            result = await asyncio.to_thread(runner.invoke, cli.app, ["dlq", "list", missing])
            assert result.exit_code == 1
            assert f"queue {missing} does not exist" in result.output
            connection = await aio_pika.connect(str(settings.rabbitmq_url))
            try:
                channel = await connection.channel()
                with pytest.raises(aio_pika.exceptions.ChannelNotFoundEntity):
                    await channel.declare_queue(missing, passive=True)
            finally:
                await connection.close()
        finally:
            await cleanup(settings, load_specs())

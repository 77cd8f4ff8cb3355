"""The `sessionhub` command line."""

from __future__ import annotations

import asyncio

import aio_pika
import pytest
from typer.testing import CliRunner

from sessionhub.common import cli
from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings, get_settings
from sessionhub.common.service import load_specs, queue_name
from sessionhub.common.testing.plugin import cleanup, isolated_settings, tenant_env


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

    def test_unknown_role_is_rejected(self, runner: CliRunner) -> None:
        result = runner.invoke(cli.app, ["token", "--user", "a", "--role", "emperor"])
        assert result.exit_code != 0


class TestAsyncAPICommand:
    def test_prints_the_document(self, runner: CliRunner) -> None:
        result = runner.invoke(cli.app, ["asyncapi"])
        assert result.exit_code == 0
        assert result.output.startswith("asyncapi: 3.0.0")


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
        finally:
            await cleanup(settings, specs)

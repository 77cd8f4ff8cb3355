"""The `sessionhub` command line."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from sessionhub.common import cli
from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings, get_settings


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

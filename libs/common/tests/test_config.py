"""Settings come from the standard variable names and the SESSIONHUB_ prefix."""

from __future__ import annotations

import asyncio
import os

import pytest

from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings, checkout_root
from sessionhub.common.db import async_url
from sessionhub.testing.plugin import isolated_settings, tenant_env


class TestSettings:
    def test_standard_names_and_prefix(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("DATABASE_URL", "postgresql://u@h/db")
        monkeypatch.setenv("OPENAI_BASE_URL", "http://llm/v1")
        monkeypatch.setenv("SESSIONHUB_RETRY_DELAYS_MS", "10,20")
        settings = Settings()
        assert settings.database_url == "postgresql://u@h/db"
        assert settings.llm_configured
        assert settings.retry_delays_ms == [10, 20]

    def test_asyncpg_driver_is_chosen(self) -> None:
        assert async_url("postgresql://u:p@h:5432/db").startswith("postgresql+asyncpg://u:p@h")


class TestTenantEnv:
    def test_child_process_reads_exactly_the_tenants_settings(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        settings = isolated_settings(
            openai_base_url="http://127.0.0.1:9/v1", migrate_on_start=False
        )
        monkeypatch.setenv("SESSIONHUB_QUEUE_PREFIX", "someone-elses_")
        env = tenant_env(settings, SESSIONHUB_LOG_LEVEL="INFO")
        for name in list(os.environ):
            monkeypatch.delenv(name)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert Settings() == settings.model_copy(update={"log_level": "INFO"})


class TestDataDir:
    def test_checkout_keeps_one_data_dir_whatever_the_current_directory(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path
    ) -> None:
        monkeypatch.delenv("SESSIONHUB_DATA_DIR", raising=False)
        root = checkout_root()
        assert root is not None
        assert (root / "Makefile").is_file()
        monkeypatch.chdir(tmp_path)
        assert Settings().data_dir == root / ".sessionhub"

    def test_a_relative_setting_is_resolved_once(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path
    ) -> None:
        monkeypatch.chdir(tmp_path)
        monkeypatch.setenv("SESSIONHUB_DATA_DIR", "data")
        settings = Settings()
        monkeypatch.chdir("/")
        assert settings.data_dir == tmp_path.resolve() / "data"

    def test_token_minted_from_another_directory_is_accepted(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path
    ) -> None:
        monkeypatch.delenv("SESSIONHUB_DATA_DIR", raising=False)
        monkeypatch.delenv("SESSIONHUB_JWT_SECRET", raising=False)
        app_side = Settings()
        (tmp_path / "elsewhere").mkdir()
        monkeypatch.chdir(tmp_path / "elsewhere")
        token = TokenVerifier(Settings()).issue("alice", Role.manager)
        assert not (tmp_path / "elsewhere" / ".sessionhub").exists()
        user = asyncio.run(TokenVerifier(app_side).verify(token))
        assert user.id == "alice"

"""Process-wide settings, read once at start-up from the environment.

Every knob uses the ``SESSIONHUB_`` prefix, except the connection strings and
OpenAI variables whose standard names ops teams already use.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _alias(name: str) -> AliasChoices:
    return AliasChoices(name, f"SESSIONHUB_{name}")


def checkout_root() -> Path | None:
    """The workspace this code runs from, when it is a checkout (an editable install)."""
    root = Path(__file__).resolve().parents[5]
    if (root / "pyproject.toml").is_file() and (root / "libs" / "common").is_dir():
        return root
    return None


def default_data_dir() -> Path:
    """One place per installation, whatever the current directory.

    A checkout keeps its data in ``<checkout>/.sessionhub`` (what ``make run``, ``make
    token`` and ``scripts/run-distributed.sh`` share); an installed wheel uses the
    user's data directory. Never the current directory: a token minted elsewhere would
    be signed with a fresh secret the running app does not know.
    """
    root = checkout_root()
    if root is not None:
        return root / ".sessionhub"
    import platformdirs

    return platformdirs.user_data_path("sessionhub")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SESSIONHUB_", extra="ignore")

    env: Literal["dev", "production", "test"] = "dev"
    log_level: str = "INFO"
    log_format: Literal["auto", "json", "console"] = "auto"
    data_dir: Path = Field(default_factory=default_data_dir)

    database_url: str | None = Field(default=None, validation_alias=_alias("DATABASE_URL"))
    redis_url: str | None = Field(default=None, validation_alias=_alias("REDIS_URL"))
    rabbitmq_url: str | None = Field(default=None, validation_alias=_alias("RABBITMQ_URL"))
    openai_api_key: str | None = Field(default=None, validation_alias=_alias("OPENAI_API_KEY"))
    openai_base_url: str | None = Field(default=None, validation_alias=_alias("OPENAI_BASE_URL"))
    openai_model: str = "gpt-4o-mini"
    openai_timeout_s: float = 20.0
    llm_retry_attempts: int = 3
    llm_retry_total_s: float = 30.0

    # Prefixes isolate parallel tenants of one server (tests, preview stacks).
    db_schema_prefix: str = ""
    db_pool_size: int = 10
    # asyncpg's own pool, for the statements sent alone (db.execute_last: creates, appends,
    # autosaves), opened on demand. Sized for the request concurrency one replica takes,
    # because asyncpg's queue is not first come, first served: a statement arriving as a
    # connection is released takes it ahead of the waiter that release woke, which goes
    # to the back. With 10 connections for 32 concurrent appends that put append's p99 at
    # 60-72 ms against a median of 17-20; with 16 or more the waits move into PostgreSQL,
    # which serves them in order (p99 28-33 ms). A first-come gate in front of a small pool
    # fixed the tail too but cost creates 0.1 ms of CPU each (bench/HISTORY.md). A replica
    # holds at most db_pool_size + db_driver_pool_size: PostgreSQL's max_connections must
    # cover that times the replicas of session-api and the builder, the services using it.
    db_driver_pool_size: int = 32
    redis_prefix: str = "sessionhub:"
    events_exchange: str = "sessionhub.events"
    queue_prefix: str = ""
    migrate_on_start: bool = True

    jwt_secret: str | None = None
    jwt_algorithm: Literal["HS256", "RS256"] = "HS256"
    jwt_jwks_url: str | None = None
    jwt_audience: str | None = None
    jwt_issuer: str | None = None

    consumer_prefetch: int = 64
    retry_delays_ms: Annotated[list[int], NoDecode] = Field(
        default_factory=lambda: [1_000, 10_000, 60_000]
    )
    outbox_batch_size: int = 500
    outbox_poll_interval_s: float = 1.0
    outbox_retention_s: int = 24 * 3600
    inbox_retention_s: int = 7 * 24 * 3600
    shutdown_grace_s: float = 20.0
    # A claimed Idempotency-Key with no stored response (the process died mid-flow)
    # is taken over by a retry after this long; every key is deleted after retention.
    idempotency_pending_ttl_s: float = 300.0
    idempotency_retention_s: float = 24 * 3600
    idempotency_prune_interval_s: float = 600.0

    max_request_bytes: int = 1_048_576
    metrics_port: int = 9100
    # FastAPI's native OpenTelemetry spans and metrics. Off by default: Prometheus and
    # the structured logs are this product's telemetry, and with no provider configured
    # FastAPI still asks OpenTelemetry's global providers on every request (about 2% of a
    # create's CPU). On, it uses the global providers (e.g. ``opentelemetry-instrument``).
    otel: bool = False

    @field_validator("retry_delays_ms", mode="before")
    @classmethod
    def _split_csv(cls, value: object) -> object:
        # Ops set lists as "1000,5000" in env files; JSON arrays still work.
        if isinstance(value, str):
            if value.lstrip().startswith("["):
                return json.loads(value)
            return [int(part) for part in value.split(",") if part.strip()]
        return value

    @field_validator("data_dir", mode="after")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        # Resolved once, where the setting is read: later chdirs change nothing.
        return value.expanduser().resolve()

    @property
    def llm_configured(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)

    @property
    def json_logs(self) -> bool:
        if self.log_format == "auto":
            return self.env == "production"
        return self.log_format == "json"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

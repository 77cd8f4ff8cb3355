"""Chat settings (``SESSIONHUB_CHAT_*``), read once when the service starts."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ChatSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SESSIONHUB_CHAT_", extra="ignore")

    personas_file: Path | None = Field(
        None, description="A YAML file whose personas extend or override the shipped ones."
    )

    max_message_chars: int = Field(32_000, ge=1)
    max_request_bytes: int = Field(262_144, ge=1024)
    session_quota: int = Field(1_000, ge=1, description="Live sessions one user may keep.")
    session_create_limit: int = Field(30, ge=1)
    session_create_window_s: int = Field(60, ge=1)
    message_limit: int = Field(60, ge=1)
    message_window_s: int = Field(60, ge=1)

    # History window sent to the model, estimated at 4 characters per token.
    context_budget_tokens: int = Field(6_000, ge=256)

    tail_length: int = Field(200, ge=10, description="Recent messages kept in Redis per session.")
    tail_ttl_s: int = Field(3_600, ge=60)
    seq_ttl_s: int = Field(7 * 24 * 3600, ge=60)
    session_cache_ttl_s: int = Field(300, ge=1, description="Session headers cached in Redis.")
    # Added to PostgreSQL's highest seq when the Redis counter is lost, so messages that
    # were accepted but not persisted yet keep sorting before newer ones.
    seq_reseed_gap: int = Field(1_000, ge=0)

    sweep_interval_s: float = Field(30.0, gt=0)
    reply_grace_s: float = Field(30.0, ge=0, description="Shutdown wait for replies in flight.")
    title_max_chars: int = Field(60, ge=10)

"""session-api settings (env prefix ``SESSIONHUB_SESSIONS_``), read once at start-up."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class SessionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SESSIONHUB_SESSIONS_", extra="ignore")

    transcript_text_max_chars: int = Field(4_000, ge=1)
    transcript_batch_max_lines: int = Field(500, ge=1)
    group_max_sessions: int = Field(200, ge=1)
    # Groups generate opening lines concurrently; this bounds the parallel LLM calls.
    group_generation_concurrency: int = Field(8, ge=1)
    # Creation and replies are interactive: a short LLM budget, then the offline script.
    opening_llm_budget_s: float = Field(8.0, gt=0)
    reply_llm_budget_s: float = Field(20.0, gt=0)
    reply_context_lines: int = Field(40, ge=1)
    # Client line timestamps are accepted within this window around the server's clock:
    # far enough back for a week-long session, ahead only by a badly set client clock.
    line_timestamp_max_age_s: int = Field(7 * 24 * 3600, ge=60)
    line_timestamp_max_ahead_s: int = Field(24 * 3600, ge=0)
    creates_per_minute: int = Field(120, ge=1)
    sse_ping_s: float = Field(15.0, gt=0)
    analytics_trend_window: int = Field(10, ge=1, le=100)

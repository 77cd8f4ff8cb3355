"""Grader knobs (``SESSIONHUB_GRADER_*``), read once when the worker starts."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class GraderSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SESSIONHUB_GRADER_", extra="ignore")

    concurrency: int = Field(
        8,
        ge=1,
        description="Sessions one process grades at once (the broker prefetch); LLM calls "
        "mostly wait on I/O, so this is well above the CPU count.",
    )
    model: str | None = Field(
        None, description="Chat model for grading; defaults to SESSIONHUB_OPENAI_MODEL."
    )
    seed: int = Field(
        20261101, description="Sent with every grading request so reruns sample alike."
    )
    samples: int = Field(
        1,
        ge=1,
        le=9,
        description="LLM answers per grading; above 1 each check takes the majority verdict "
        "(odd numbers avoid ties).",
    )

"""Builder knobs (``SESSIONHUB_BUILDER_*``), read once when a process starts."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class BuilderSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SESSIONHUB_BUILDER_", extra="ignore")

    readiness_threshold: int = Field(
        80, ge=0, le=100, description="Minimum readiness score a draft needs to be published."
    )
    snapshots_kept: int = Field(50, ge=2, description="Autosave snapshots kept per draft.")
    generation_concurrency: int = Field(
        4, ge=1, description="Generations one worker process runs at once (the prefetch)."
    )
    persona_timeout_s: float = Field(
        45.0, gt=0, description="Budget of one persona's LLM call, retries included."
    )
    generation_stale_s: float = Field(
        300.0,
        gt=0,
        description="A generation still pending or running this long after its request is "
        "marked failed by the sweeper, so none stays pending forever.",
    )
    sweep_interval_s: float = Field(30.0, gt=0)
    retrieval_top_k: int = Field(8, ge=1, le=50)
    retrieval_attempts: int = Field(3, ge=1)
    embeddings_model: str | None = Field(
        None,
        description="Embeddings model; set it (with an OpenAI endpoint) to turn on hybrid "
        "retrieval where PostgreSQL has pgvector.",
    )
    embedding_dim: int = Field(256, ge=8, le=2000)
    embed_batch: int = Field(64, ge=1, le=2048)
    document_max_chars: int = Field(400_000, ge=1)
    chunk_max_chars: int = Field(1_200, ge=200)
    pdf_max_pages: int = Field(500, ge=1, description="Pages a PDF upload may have (413 beyond).")
    pdf_parse_s: float = Field(
        10.0, gt=0, description="Time a PDF's text extraction may take (413 beyond)."
    )
    sse_ping_s: float = Field(15.0, gt=0)

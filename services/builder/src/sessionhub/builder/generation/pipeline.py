"""What a builder worker does with one generation: retrieve once, run the personas
concurrently, enforce the outlines, fall back when all fail, and finish exactly once."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from typing import Any

import openai
import structlog

from sessionhub.builder.analytics.repository import InteractionRepository
from sessionhub.builder.drafts import readiness as rules
from sessionhub.builder.drafts.schemas import Outline, SessionMetadata
from sessionhub.builder.drafts.service import subject
from sessionhub.builder.generation import notify as live
from sessionhub.builder.generation import outline as rules_outline
from sessionhub.builder.generation.outline import Context, Proposed
from sessionhub.builder.generation.personas import render
from sessionhub.builder.generation.repository import ConfigRepository, GenerationRepository
from sessionhub.builder.generation.schemas import LLMOutline
from sessionhub.builder.knowledge.retrieval import keywords, rag_weight
from sessionhub.builder.knowledge.schemas import Hit
from sessionhub.builder.state import BuilderState
from sessionhub.common.db import after_commit
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.builder import (
    DraftVariantsGeneratedV1,
    DraftVariantsRequestedV1,
    GeneratedVariantV1,
)
from sessionhub.common.events.consumer import HandlerContext
from sessionhub.common.llm import LLMError, RetryPolicy, structured_completion

log = structlog.get_logger(__name__)

#: A generation is attempted at most this often: once, and once more after a lost worker.
MAX_ATTEMPTS = 2

SYSTEM = (
    "You design training-session outlines. Answer with JSON only, matching the schema: a "
    "summary and ordered sections (title, description, duration_minutes, kind, topic_refs, "
    "source_refs). Start with one 'opening' section and end with one 'wrap_up'. topic_refs "
    "may only name the listed topics; source_refs may only hold ids of the listed excerpts."
)


def retrieval_query(metadata: SessionMetadata) -> tuple[str, list[str]]:
    """The query (everything the session is about) and its key terms (what it covers)."""
    topics = " ".join(t.title for t in metadata.topics or [])
    focus = " ".join(filter(None, [metadata.title, metadata.specificTopics, topics]))
    query = " ".join(
        filter(
            None,
            [
                focus,
                metadata.desiredOutcome,
                metadata.currentProblem,
                metadata.category,
                metadata.audienceName,
            ],
        )
    )
    return query, keywords(focus)


def _source(hit: Hit) -> dict[str, Any]:
    return {
        "document_id": str(hit.document_id),
        "document_title": hit.document_title,
        "chunk_id": hit.chunk_id,
        "heading": hit.heading,
        "score": hit.score,
    }


def sources_of(outline: Outline, hits: Sequence[Hit]) -> list[dict[str, Any]]:
    cited = {r.chunk_id for s in outline.sections for r in s.source_refs}
    return [_source(h) for h in hits if h.chunk_id in cited]


class Generator:
    def __init__(self, st: BuilderState) -> None:
        self.st = st

    @property
    def ctx(self) -> Any:
        return self.st.ctx

    async def run(self, handler: HandlerContext, event: DraftVariantsRequestedV1) -> None:
        db = self.ctx.db
        async with db.session() as s:
            repo = GenerationRepository(s)
            claimed = await repo.claim(event.generation_id)
            if claimed is not None:
                if claimed.attempts > 1:
                    # A retry after a lost worker starts over: partial variants go.
                    await repo.clear_variants(event.generation_id)
                # In this unit, open anyway: a read of its own costs two more round trips
                # before the persona calls can start.
                configs = {c.persona: c for c in await ConfigRepository(s).all()}
                after_commit(s, partial(live.notify, self.ctx, event.draft_id))
        if claimed is None:
            log.info("builder.generation_already_finished", generation_id=str(event.generation_id))
            return
        if claimed.attempts > MAX_ATTEMPTS:
            await self._finish(
                handler,
                event,
                [],
                fallback=False,
                weight=0.0,
                mode="none",
                error=f"abandoned after {MAX_ATTEMPTS} attempts (workers lost mid-generation)",
            )
            return
        metadata = SessionMetadata.model_validate(event.metadata)
        window = rules.window_minutes(metadata) or 60
        hits, weight, reason, retrieval = await self._retrieve(event, metadata)
        async with db.session() as s:
            await GenerationRepository(s).set_retrieval(
                event.generation_id, weight, reason, retrieval
            )
        context = Context(
            metadata=metadata,
            window=window,
            hits=tuple(hits) if weight > 0 else (),
            rag_weight=weight,
            topics=rules_outline.topic_titles(metadata),
        )
        wanted = [configs[p] for p in event.personas if p in configs]
        # Persona failures are variants with status "failed"; anything raised here is a
        # fault of the worker (e.g. its database), and the whole generation is retried.
        variants = list(await asyncio.gather(*(self._persona(event, c, context) for c in wanted)))
        fallback = bool(variants) and all(v.status == "failed" for v in variants)
        if fallback or not variants:
            outline = rules_outline.fallback(context)
            variants.append(
                await self._store(
                    event,
                    "fallback",
                    len(wanted),
                    "Standard outline",
                    "A single outline made because the personas could not be generated.",
                    "fallback",
                    outline,
                    context,
                )
            )
        await self._finish(
            handler,
            event,
            variants,
            fallback=fallback or not wanted,
            weight=weight,
            mode=retrieval["mode"],
            error=None,
        )

    async def _retrieve(
        self, event: DraftVariantsRequestedV1, metadata: SessionMetadata
    ) -> tuple[list[Hit], float, str, dict[str, Any]]:
        """The RAG query, once per generation; a failure costs only the RAG share."""
        query, terms = retrieval_query(metadata)
        try:
            result = await self.st.retriever.search(
                event.owner_id, query, k=self.st.settings.retrieval_top_k, key_terms=terms
            )
        except Exception as exc:
            log.warning("builder.retrieval_failed", error=repr(exc))
            reason = f"retrieval failed ({type(exc).__name__}); generating without knowledge"
            return [], 0.0, reason, {"mode": "none", "error": reason, "hits": []}
        weight, reason = rag_weight(result.hits)
        if event.rag_weight is not None:
            weight, reason = event.rag_weight, f"quick tweak (the rule said: {reason})"
        retrieval = {
            "mode": result.mode,
            "mode_reason": result.mode_reason,
            "query": result.query,
            "hits": [{**_source(h), "coverage": h.coverage} for h in result.hits],
        }
        return list(result.hits), weight, reason, retrieval

    async def _persona(
        self, event: DraftVariantsRequestedV1, config: Any, context: Context
    ) -> GeneratedVariantV1:
        persona = config.persona
        client = self.st.llm
        provider = "llm" if client is not None else "offline"
        outline: Outline | None = None
        error: str | None = None
        if client is None:
            outline = rules_outline.offline(persona, context)
        else:
            try:
                outline = await self._llm_outline(client, persona, config.instruction, context)
            except (LLMError, openai.OpenAIError, TimeoutError) as exc:
                error = getattr(exc, "reason", type(exc).__name__)
                log.warning("builder.persona_failed", persona=persona, reason=error)
        return await self._store(
            event,
            persona,
            config.position,
            config.label,
            config.description,
            provider,
            outline,
            context,
            error=error,
        )

    async def _llm_outline(
        self, client: Any, persona: str, instruction: str, context: Context
    ) -> Outline:
        settings = self.st.settings
        common = self.ctx.settings
        excerpts = [
            {"id": h.chunk_id, "source": f"{h.document_title} › {h.heading}", "text": h.text[:800]}
            for h in context.hits
        ]
        brief = {
            "persona": persona,
            "instruction": render(instruction, context),
            "duration_minutes": context.window,
            "topics": list(context.topics),
            "metadata": context.metadata.model_dump(mode="json", exclude_none=True),
            "rag_weight": context.rag_weight,
            "excerpts": excerpts,
        }
        policy = RetryPolicy(
            attempts=common.llm_retry_attempts,
            total_timeout_s=min(settings.persona_timeout_s, common.llm_retry_total_s),
        )
        answer = await structured_completion(
            client,
            model=common.openai_model,
            messages=[
                {"role": "system", "content": SYSTEM},
                {"role": "user", "content": json.dumps(brief)},
            ],
            schema=LLMOutline,
            policy=policy,
            temperature=0.7,
            name=f"outline_{persona}",
        )
        proposed = [
            Proposed(
                s.title,
                s.description,
                s.duration_minutes,
                s.kind,
                tuple(s.topic_refs),
                tuple(s.source_refs),
            )
            for s in answer.sections
        ]
        return rules_outline.enforce(proposed, context, summary=answer.summary)

    async def _store(
        self,
        event: DraftVariantsRequestedV1,
        persona: str,
        position: int,
        label: str,
        description: str,
        provider: str,
        outline: Outline | None,
        context: Context,
        *,
        error: str | None = None,
    ) -> GeneratedVariantV1:
        """Commit one variant as soon as it lands, and wake the streams."""
        variant_id = uuid.uuid4()
        ok = outline is not None
        async with self.ctx.db.session() as s:
            await GenerationRepository(s).add_variant(
                event.generation_id,
                position,
                id=variant_id,
                persona=persona,
                label=label,
                description=description,
                status="ok" if ok else "failed",
                provider=provider,
                outline=outline.model_dump(mode="json") if outline else None,
                sources=sources_of(outline, context.hits) if outline else [],
                contribution=rules_outline.contribution(outline, context.rag_weight).model_dump()
                if outline
                else None,
                error=error,
            )
            after_commit(s, partial(live.notify, self.ctx, event.draft_id))
        return GeneratedVariantV1(
            variant_id=variant_id,
            persona=persona,
            label=label,
            status="ok" if ok else "failed",
            provider=provider,
            sections=len(outline.sections) if outline else 0,
        )

    async def _finish(
        self,
        handler: HandlerContext,
        event: DraftVariantsRequestedV1,
        variants: list[GeneratedVariantV1],
        *,
        fallback: bool,
        weight: float,
        mode: str,
        error: str | None,
    ) -> None:
        status = "done" if any(v.status == "ok" for v in variants) else "failed"
        async with handler.transaction() as s:
            row = await GenerationRepository(s).finish(
                event.generation_id, status=status, fallback=fallback, error=error
            )
            await InteractionRepository(s).record(
                owner=event.owner_id,
                draft_id=event.draft_id,
                kind="generation",
                generation_id=event.generation_id,
                rag_weight=weight,
                category=event.metadata.get("category"),
                data={"status": status, "fallback": fallback, "variants": len(variants)},
            )
            await outbox.add(
                s,
                generated_event(
                    event.generation_id,
                    event.draft_id,
                    event.owner_id,
                    variants,
                    status=status,
                    fallback=fallback,
                    weight=weight,
                    mode=mode,
                    error=error,
                    finished_at=row.finished_at if row else None,
                ),
                subject=subject(event.draft_id),
            )
        # ctx.transaction() has committed here (inbox row, status, event).
        await live.notify(self.ctx, event.draft_id)
        log.info(
            "builder.generation_finished",
            generation_id=str(event.generation_id),
            status=status,
            fallback=fallback,
            variants=len(variants),
        )


def generated_event(
    generation_id: uuid.UUID,
    draft_id: uuid.UUID,
    owner: str,
    variants: list[GeneratedVariantV1],
    *,
    status: str,
    fallback: bool,
    weight: float,
    mode: str,
    error: str | None,
    finished_at: datetime | None,
) -> DraftVariantsGeneratedV1:
    return DraftVariantsGeneratedV1(
        draft_id=draft_id,
        owner_id=owner,
        generation_id=generation_id,
        status=status,
        variants=variants,
        fallback=fallback,
        rag_weight=weight,
        retrieval_mode=mode,
        error=error,
        finished_at=finished_at or datetime.now(UTC),
    )

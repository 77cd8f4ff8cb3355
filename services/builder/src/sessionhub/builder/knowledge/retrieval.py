"""Retrieval: PostgreSQL full-text always; fused with pgvector neighbours when embeddings
are available (Reciprocal Rank Fusion); the rag-weight rule; retries around it all.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import structlog
import tenacity
from openai import AsyncOpenAI
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.knowledge.repository import KnowledgeRepository
from sessionhub.builder.knowledge.schemas import Hit, SearchResult
from sessionhub.common.llm import LLMError, RetryPolicy, call_with_retries

log = structlog.get_logger(__name__)

#: Reciprocal Rank Fusion constant (Cormack et al. 2009): damps the top ranks' weight.
RRF_K = 60
_STOP = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "that",
        "this",
        "from",
        "into",
        "your",
        "you",
        "are",
        "was",
        "were",
        "will",
        "how",
        "what",
        "why",
        "who",
        "when",
        "where",
        "which",
        "their",
        "them",
        "they",
        "our",
        "out",
        "not",
        "but",
        "can",
        "all",
        "any",
        "its",
        "via",
        "per",
        "about",
        "session",
        "sessions",
        "more",
        "less",
        "than",
        "then",
        "also",
    ]
)


def keywords(text: str, limit: int = 32) -> list[str]:
    """Distinct lower-case words of three letters or more, stop words removed."""
    seen: dict[str, None] = {}
    for word in re.findall(r"[a-z0-9]+", text.lower()):
        if len(word) >= 3 and word not in _STOP:
            seen.setdefault(word, None)
    return list(seen)[:limit]


def tsquery(words: Sequence[str]) -> str:
    """Any of the words (OR): ranking, not filtering, decides what is relevant."""
    return " | ".join(words)


def coverage(text: str, terms: Sequence[str]) -> float:
    """Share of ``terms`` the text contains; a term matches the words starting with its
    stem (all but two letters, at least four): price ~ pricing, objection ~ objections."""
    if not terms:
        return 0.0
    words = set(re.findall(r"[a-z0-9]+", text.lower()))
    found = 0
    for term in terms:
        stem = term[: max(4, len(term) - 2)]
        if term in words or any(w.startswith(stem) for w in words):
            found += 1
    return round(found / len(terms), 3)


def rrf(rankings: Sequence[Sequence[int]]) -> dict[int, float]:
    scores: dict[int, float] = {}
    for ranking in rankings:
        for rank, ident in enumerate(ranking, start=1):
            scores[ident] = scores.get(ident, 0.0) + 1.0 / (RRF_K + rank)
    return scores


#: Coverage of the key terms from which a hit counts as relevant, and as strong.
RELEVANT = 0.2
STRONG = 0.4
RAG_WEIGHTS = (0.0, 0.35, 0.7)


def rag_weight(hits: Sequence[Hit]) -> tuple[float, str]:
    """0.7 with at least two strong hits, 0.35 with at least one relevant hit, else 0.

    Relevance is measured on the session's key terms (title, specific topics, topic
    titles), independent of the retrieval mode, so lexical and hybrid agree.
    """
    strong = sum(1 for h in hits if h.coverage >= STRONG)
    relevant = sum(1 for h in hits if h.coverage >= RELEVANT)
    if strong >= 2:
        return 0.7, f"{strong} strong hits (coverage >= {STRONG})"
    if relevant >= 1:
        return 0.35, f"{relevant} relevant hit(s), fewer than two strong ones"
    return 0.0, "no relevant hits"


@dataclass(frozen=True)
class Embedder:
    client: AsyncOpenAI
    model: str
    dim: int
    batch: int
    policy: RetryPolicy

    async def embed(self, texts: Sequence[str]) -> list[list[float]]:
        """Vectors of ``texts``, ``batch`` inputs per request; raises ``LLMError``."""
        out: list[list[float]] = []
        for start in range(0, len(texts), self.batch):
            part = list(texts[start : start + self.batch])

            async def call(part: list[str] = part) -> Any:
                return await self.client.embeddings.create(
                    model=self.model, input=part, dimensions=self.dim
                )

            response = await call_with_retries(self.policy, call)
            vectors = [
                list(item.embedding) for item in sorted(response.data, key=lambda d: d.index)
            ]
            if len(vectors) != len(part) or any(len(v) != self.dim for v in vectors):
                raise LLMError("schema_mismatch", "embeddings of the wrong count or size")
            out += vectors
        return out


class Retriever:
    """What a query retrieves for a user; hybrid when ``embedder`` is set."""

    def __init__(
        self, embedder: Embedder | None, *, lexical_reason: str | None, attempts: int
    ) -> None:
        self.embedder = embedder
        self.lexical_reason = lexical_reason
        self.attempts = attempts

    @property
    def mode(self) -> str:
        return "hybrid" if self.embedder is not None else "lexical"

    async def search(
        self,
        db: AsyncSession,
        owner: str,
        query: str,
        *,
        k: int,
        key_terms: Sequence[str] | None = None,
    ) -> SearchResult:
        """One retrieval; database errors are retried (tenacity), then raised.

        The query is embedded while the full-text ranking runs, so a hybrid search
        costs the slower of the two, not their sum.
        """
        words = keywords(query)
        terms = list(key_terms) if key_terms is not None else words
        if not words:
            return SearchResult(
                query=query, mode="lexical", mode_reason=self.lexical_reason, hits=[]
            )
        embedding = asyncio.ensure_future(self._embed(query)) if self.embedder is not None else None
        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_exception_type((DBAPIError, OSError)),
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=tenacity.wait_exponential_jitter(multiplier=0.05, max=1.0),
            reraise=True,
        )
        try:
            async for attempt in retrying:
                with attempt:
                    # A savepoint per attempt: a failed statement aborts the transaction,
                    # and a retry inside it could only fail the same way.
                    async with db.begin_nested():
                        return await self._rank(db, owner, words, terms, embedding, k)
        finally:
            if embedding is not None and not embedding.done():
                embedding.cancel()
        raise AssertionError("tenacity re-raises the last error")

    async def _embed(self, query: str) -> tuple[list[float] | None, str | None]:
        """The query's vector, or None and why (an embeddings failure is not fatal)."""
        assert self.embedder is not None
        try:
            [vector] = await self.embedder.embed([query])
        except LLMError as exc:
            log.warning("builder.embeddings_failed", reason=exc.reason)
            return None, f"embeddings failed ({exc.reason}); lexical results only"
        return vector, None

    async def _rank(
        self,
        db: AsyncSession,
        owner: str,
        words: list[str],
        terms: list[str],
        embedding: asyncio.Future[tuple[list[float] | None, str | None]] | None,
        k: int,
    ) -> SearchResult:
        repo = KnowledgeRepository(db)
        # Each ranking looks deeper than k so fusion has overlap to work with.
        depth = k * 3 if embedding is not None else k
        lexical = await repo.lexical(owner, tsquery(words), depth)
        vector, reason = await embedding if embedding is not None else (None, self.lexical_reason)
        rows = {r.id: r for r in lexical}
        lexical_scores = {r.id: float(r.score) for r in lexical}
        vector_scores: dict[int, float] = {}
        if vector is None:
            order = [r.id for r in lexical][:k]
            fused = lexical_scores
            mode: Literal["lexical", "hybrid"] = "lexical"
        else:
            nearest = await repo.nearest(owner, vector, depth)
            rows.update({r.id: r for r in nearest if r.id not in rows})
            vector_scores = {r.id: float(r.score) for r in nearest}
            fused = rrf([[r.id for r in lexical], [r.id for r in nearest]])
            order = sorted(fused, key=lambda i: (-fused[i], i))[:k]
            mode = "hybrid"
        hits = [
            Hit(
                chunk_id=i,
                document_id=rows[i].document_id,
                document_title=rows[i].document_title,
                heading=rows[i].heading,
                text=rows[i].text,
                score=round(fused[i], 6),
                lexical_score=lexical_scores.get(i),
                vector_score=None if vector is None else vector_scores.get(i),
                coverage=coverage(f"{rows[i].heading} {rows[i].text}", terms),
            )
            for i in order
        ]
        return SearchResult(
            query=" ".join(words),
            mode=mode,
            mode_reason=reason if mode == "lexical" else None,
            hits=hits,
        )

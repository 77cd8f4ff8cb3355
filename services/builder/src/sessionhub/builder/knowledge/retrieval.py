"""Retrieval: PostgreSQL full-text always; fused with pgvector neighbours when embeddings
are available (Reciprocal Rank Fusion); the rag-weight rule; retries around it all.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

import structlog
import tenacity
from openai import AsyncOpenAI
from sqlalchemy import Row
from sqlalchemy.exc import DBAPIError

from sessionhub.builder.knowledge.repository import KnowledgeRepository
from sessionhub.builder.knowledge.schemas import Hit, SearchResult
from sessionhub.common.db import Database
from sessionhub.common.llm import LLMError, RetryPolicy, call_with_retries

log = structlog.get_logger(__name__)

_T = TypeVar("_T")

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
        self,
        db: Database,
        embedder: Embedder | None,
        *,
        lexical_reason: str | None,
        attempts: int,
    ) -> None:
        self.db = db
        self.embedder = embedder
        self.lexical_reason = lexical_reason
        self.attempts = attempts

    @property
    def mode(self) -> str:
        return "hybrid" if self.embedder is not None else "lexical"

    async def search(
        self, owner: str, query: str, *, k: int, key_terms: Sequence[str] | None = None
    ) -> SearchResult:
        """One retrieval; database errors are retried (tenacity), then raised.

        The two rankings run side by side on two connections: the full-text one at
        once, the vector one as soon as the query is embedded. A hybrid search costs
        the slower of "full text" and "embedding, then neighbours", not their sum.
        """
        words = keywords(query)
        terms = list(key_terms) if key_terms is not None else words
        if not words:
            return SearchResult(
                query=query, mode="lexical", mode_reason=self.lexical_reason, hits=[]
            )
        # Each ranking looks deeper than k so fusion has overlap to work with.
        depth = k * 3 if self.embedder is not None else k
        neighbours = (
            asyncio.ensure_future(self._neighbours(owner, query, depth))
            if self.embedder is not None
            else None
        )
        try:
            lexical = await self._read(lambda repo: repo.lexical(owner, tsquery(words), depth))
            nearest, reason = (
                await neighbours if neighbours is not None else (None, self.lexical_reason)
            )
        finally:
            if neighbours is not None and not neighbours.done():
                neighbours.cancel()
        return _fuse(words, terms, lexical, nearest, reason, k)

    async def _read(self, ranking: Callable[[KnowledgeRepository], Awaitable[_T]]) -> _T:
        """One ranking on a connection of its own, retried on database errors.

        Autocommit: a single SELECT needs no transaction, and BEGIN and ROLLBACK would
        be two more round trips on the path of every search.
        """
        retrying = tenacity.AsyncRetrying(
            retry=tenacity.retry_if_exception_type((DBAPIError, OSError)),
            stop=tenacity.stop_after_attempt(self.attempts),
            wait=tenacity.wait_exponential_jitter(multiplier=0.05, max=1.0),
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                async with self.db.read_session() as session:
                    await session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
                    return await ranking(KnowledgeRepository(session))
        raise AssertionError("tenacity re-raises the last error")

    async def _neighbours(
        self, owner: str, query: str, depth: int
    ) -> tuple[list[Row[Any]] | None, str | None]:
        """The query's nearest chunks, or None and why (an embeddings failure is not fatal)."""
        assert self.embedder is not None
        try:
            [vector] = await self.embedder.embed([query])
        except LLMError as exc:
            log.warning("builder.embeddings_failed", reason=exc.reason)
            return None, f"embeddings failed ({exc.reason}); lexical results only"
        return await self._read(lambda repo: repo.nearest(owner, vector, depth)), None


def _fuse(
    words: list[str],
    terms: list[str],
    lexical: list[Row[Any]],
    nearest: list[Row[Any]] | None,
    reason: str | None,
    k: int,
) -> SearchResult:
    """The top ``k``: the full-text ranking alone, or fused with the vector one (RRF)."""
    rows = {r.id: r for r in lexical}
    lexical_scores = {r.id: float(r.score) for r in lexical}
    vector_scores: dict[int, float] = {}
    if nearest is None:
        order = [r.id for r in lexical][:k]
        fused = lexical_scores
        mode: Literal["lexical", "hybrid"] = "lexical"
    else:
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
            vector_score=None if nearest is None else vector_scores.get(i),
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

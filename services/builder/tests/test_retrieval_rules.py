"""Chunking, fusion and the rag-weight rule as pure functions."""

from __future__ import annotations

import uuid

import pytest

from sessionhub.builder.knowledge.chunking import split
from sessionhub.builder.knowledge.retrieval import coverage, keywords, rag_weight, rrf, tsquery
from sessionhub.builder.knowledge.schemas import Hit

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers


def test_markdown_chunks_follow_headings_and_keep_their_path() -> None:
    text = (
        "Intro line.\n\n# Pricing\nFirst para.\n\nSecond para.\n"
        "## Discounts\nTrade, never give.\n# Closing\nAsk."
    )
    chunks = split(text, title="Guide", markdown=True, max_chars=1000)
    assert [(c.heading, c.text) for c in chunks] == [
        ("Guide", "Intro line."),
        ("Pricing", "First para.\n\nSecond para."),
        ("Pricing › Discounts", "Trade, never give."),
        ("Closing", "Ask."),
    ]


def test_long_paragraphs_split_at_sentences_and_plain_text_ignores_hashes() -> None:
    sentence = "Value beats price every time. "
    chunks = split(sentence * 40, title="T", markdown=False, max_chars=200)
    assert all(len(c.text) <= 200 for c in chunks)
    assert len(chunks) > 5
    assert all(c.text.endswith(".") for c in chunks)
    plain = split("# not a heading\ntext", title="Plain", markdown=False, max_chars=200)
    assert [c.heading for c in plain] == ["Plain"]


def test_rrf_rewards_agreement_between_rankings() -> None:
    scores = rrf([[1, 2, 3], [3, 1, 4]])
    assert max(scores, key=lambda k: scores[k]) == 1
    assert scores[3] > scores[2]
    assert scores[4] == 1 / 63


def test_keywords_coverage_and_query() -> None:
    assert keywords("Handling the PRICE objections, and pricing!") == [
        "handling",
        "price",
        "objections",
        "pricing",
    ]
    assert tsquery(["a1", "b2"]) == "a1 | b2"
    assert coverage("Our pricing of objections", ["price", "objections", "closing"]) == 0.667


def _hit(cov: float) -> Hit:
    return Hit(
        chunk_id=1,
        document_id=uuid.uuid4(),
        document_title="d",
        heading="h",
        text="t",
        score=0.1,
        coverage=cov,
    )


def test_rag_weight_rule() -> None:
    assert rag_weight([])[0] == 0.0
    assert rag_weight([_hit(0.1), _hit(0.19)])[0] == 0.0
    assert rag_weight([_hit(0.2)])[0] == 0.35
    assert rag_weight([_hit(0.5), _hit(0.3)])[0] == 0.35
    assert rag_weight([_hit(0.4), _hit(0.9), _hit(0.0)])[0] == 0.7

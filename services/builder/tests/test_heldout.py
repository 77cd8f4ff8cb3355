"""The retriever and the rag-weight rule on the held-out set (see heldout/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

from sessionhub.builder.drafts.schemas import SessionMetadata
from sessionhub.builder.generation.pipeline import retrieval_query
from sessionhub.builder.knowledge.retrieval import rag_weight

from .conftest import BuilderApi

HELDOUT = json.loads((Path(__file__).parent / "heldout" / "retrieval.json").read_text())
#: Floors set with the labels, before the first run.
MIN_HIT_AT_3 = 0.8
MIN_WEIGHT_AGREEMENT = 0.6


async def test_heldout_retrieval_quality(builder: BuilderApi) -> None:
    for doc in HELDOUT["documents"]:
        response = await builder.request("POST", "/knowledge", json=doc)
        assert response.status_code == 201, response.text
    st = builder.ctx.state["builder"]
    hits_found = hits_wanted = agree = 0
    for case in HELDOUT["sessions"]:
        metadata = SessionMetadata.model_validate(case["metadata"])
        query, terms = retrieval_query(metadata)
        result = await st.retriever.search(builder.user, query, k=8, key_terms=terms)
        top3 = {h.heading for h in result.hits[:3]}
        hits_wanted += len(case["relevant"])
        hits_found += len(top3 & set(case["relevant"]))
        weight, _ = rag_weight(result.hits)
        agree += weight == case["rag_weight"]
    hit_at_3 = hits_found / hits_wanted
    agreement = agree / len(HELDOUT["sessions"])
    print(f"held-out: hit@3 {hit_at_3:.2f}, rag-weight agreement {agreement:.2f}")
    assert hit_at_3 >= MIN_HIT_AT_3
    assert agreement >= MIN_WEIGHT_AGREEMENT

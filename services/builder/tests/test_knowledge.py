"""The knowledge base over HTTP: upload, share, isolation, and retrieval in both modes.

The system PostgreSQL has no pgvector, so there the builder runs lexical-only and says
so; pgserver's PostgreSQL ships pgvector, so hybrid retrieval is tested against one
started in a temporary directory.
"""

from __future__ import annotations

import tempfile
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from sessionhub.builder.service_spec import spec
from sessionhub.testing.llm_server import Fail, ScriptedLLMServer
from sessionhub.testing.plugin import isolated_settings, running_app

from .conftest import FULL_METADATA, BuilderApi
from .pdfs import blank_pdf, bomb_pdf, text_pdf
from .support import finished, generate, responder

PLAYBOOK = """# Value framing
When handling price objections, lead with value framing before any discount.

# Discount discipline
Discount discipline on price objections: trade concessions, never give them.

# Closing
Ask for the order once the buyer agrees on value.
"""
UNRELATED = "# Gardening\nWater tomatoes in the morning; mulch keeps the soil moist."


async def upload(api: BuilderApi, title: str, content: str, **extra: Any) -> dict[str, Any]:
    response = await api.request(
        "POST", "/knowledge", json={"title": title, "content": content, **extra}
    )
    assert response.status_code == 201, response.text
    return dict(response.json())


async def search(api: BuilderApi, q: str) -> dict[str, Any]:
    response = await api.request("GET", "/knowledge/search", params={"q": q})
    assert response.status_code == 200, response.text
    return dict(response.json())


async def test_upload_list_get_share_delete_and_isolation(builder: BuilderApi) -> None:
    doc = await upload(builder, "Pricing playbook", PLAYBOOK)
    assert doc["chunk_count"] == 3
    assert doc["shared"] is False
    assert doc["embedded"] is False
    detail = (await builder.request("GET", f"/knowledge/{doc['id']}")).json()
    assert [c["heading"] for c in detail["chunks"]] == [
        "Value framing",
        "Discount discipline",
        "Closing",
    ]
    bob = builder.as_user("bob")
    assert (await bob.request("GET", f"/knowledge/{doc['id']}")).status_code == 404
    assert (await bob.request("DELETE", f"/knowledge/{doc['id']}")).status_code == 404
    assert (await search(bob, "discount discipline"))["hits"] == []
    assert (await bob.request("GET", "/knowledge")).json()["data"] == []
    # Only managers and admins share; shared documents are readable (not deletable) by all.
    shared = await builder.request(
        "POST", "/knowledge", json={"title": "x", "content": "y", "shared": True}
    )
    assert shared.status_code == 403
    denied = await builder.request("PATCH", f"/knowledge/{doc['id']}", json={"shared": True})
    assert denied.status_code == 403
    manager = builder.as_user("morgan", "manager")
    team = await upload(manager, "Team guide", PLAYBOOK, shared=True)
    assert team["shared"] is True
    assert (await bob.request("GET", f"/knowledge/{team['id']}")).status_code == 200
    assert {h["document_id"] for h in (await search(bob, "discount discipline"))["hits"]} == {
        team["id"]
    }
    assert (await bob.request("DELETE", f"/knowledge/{team['id']}")).status_code == 403
    listed = (await builder.request("GET", "/knowledge")).json()["data"]
    assert {d["id"] for d in listed} == {doc["id"], team["id"]}
    assert (await builder.request("DELETE", f"/knowledge/{doc['id']}")).status_code == 204
    assert (await builder.request("GET", f"/knowledge/{doc['id']}")).status_code == 404
    for bad in (
        {"title": "t", "content": ""},
        {"title": "t", "content": "c", "format": "pdf"},
        {"title": "t", "content": "c", "extra": 1},
        {"title": "t", "content": "\n\n   \n"},
    ):
        assert (await builder.request("POST", "/knowledge", json=bad)).status_code == 422, bad


async def test_documents_list_in_cursor_pages_newest_first(builder: BuilderApi) -> None:
    ids = [(await upload(builder, f"Doc {n}", f"Text {n}."))["id"] for n in range(3)]
    seen: list[str] = []
    params: dict[str, Any] = {"limit": 2}
    while True:
        page = (await builder.request("GET", "/knowledge", params=params)).json()
        seen += [d["id"] for d in page["data"]]
        if page["next_cursor"] is None:
            break
        params["cursor"] = page["next_cursor"]
    assert seen == ids[::-1]
    forged = await builder.request("GET", "/knowledge", params={"cursor": "not-a-cursor"})
    assert forged.status_code == 400


async def upload_pdf(api: BuilderApi, data: bytes, **params: Any) -> Any:
    return await api.request(
        "POST",
        "/knowledge",
        content=data,
        params=params,
        headers={"Content-Type": "application/pdf"},
    )


async def test_pdf_upload_is_chunked_per_page_and_searchable(builder: BuilderApi) -> None:
    data = text_pdf(
        [
            "Value framing\nLead with outcomes before any price talk.",
            "",  # a page of images only: nothing to index, the numbering goes on
            "Discount discipline\nTrade concessions on price objections, \x00never give them.",
        ]
    )
    response = await upload_pdf(builder, data, title="Pricing guide")
    assert response.status_code == 201, response.text
    doc = response.json()
    assert response.headers["Location"] == f"/api/builder/knowledge/{doc['id']}"
    assert doc["content_type"] == "application/pdf"
    assert doc["title"] == "Pricing guide"
    assert doc["chunk_count"] == 2
    detail = (await builder.request("GET", f"/knowledge/{doc['id']}")).json()
    assert [c["heading"] for c in detail["chunks"]] == [
        "Pricing guide › p. 1",
        "Pricing guide › p. 3",
    ]
    assert "\x00" not in detail["chunks"][1]["text"]
    hits = (await search(builder, "discount discipline price objections"))["hits"]
    assert hits[0]["document_id"] == doc["id"]
    assert hits[0]["heading"] == "Pricing guide › p. 3"
    assert "never give them" in hits[0]["text"]


async def test_hostile_pdfs_are_refused_and_nothing_is_stored(builder: BuilderApi) -> None:
    for data, status in (
        (text_pdf(["secret"], password="pw"), 422),
        (text_pdf(["Some text"])[:300], 422),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, 422),
        (blank_pdf(2), 422),
        (b"plain text sent as a PDF", 422),
        (bomb_pdf(60_000_000), 413),
    ):
        response = await upload_pdf(builder, data, title="Hostile")
        assert response.status_code == status, (data[:40], response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
    untitled = await upload_pdf(builder, text_pdf(["Fine text"]))
    assert untitled.status_code == 422
    assert untitled.json()["errors"][0]["field"] == "title"
    manager_only = await upload_pdf(builder, text_pdf(["Fine text"]), title="t", shared="true")
    assert manager_only.status_code == 403
    other_type = await builder.request(
        "POST", "/knowledge", content=b"# Notes", headers={"Content-Type": "text/markdown"}
    )
    assert other_type.status_code == 415
    assert (await builder.request("GET", "/knowledge")).json()["data"] == []


async def test_lexical_search_ranks_with_scores_and_says_why(
    llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SESSIONHUB_BUILDER_EMBEDDINGS_MODEL", "test-embedding")
    settings = isolated_settings(
        rabbit=False, openai_base_url=llm_server.url, openai_api_key="test"
    )
    async with running_app([spec], settings) as app:
        builder = BuilderApi(app)
        ready = (await builder.client.get("/ready")).json()
        assert ready["info"]["builder.retrieval"] == (
            "lexical only: PostgreSQL has no pgvector extension"
        )
        await upload(builder, "Pricing playbook", PLAYBOOK)
        await upload(builder, "Garden", UNRELATED)
        result = await search(builder, "discount discipline for price objections")
        assert result["mode"] == "lexical"
        assert result["mode_reason"] == "PostgreSQL has no pgvector extension"
        hits = result["hits"]
        assert hits[0]["heading"] == "Discount discipline"
        assert all(h["vector_score"] is None for h in hits)
        assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
        assert "Gardening" not in {h["heading"] for h in hits}
        assert llm_server.embedding_requests == []


@pytest.fixture(scope="module")
def pgvector_url() -> Iterator[str]:
    import pgserver

    with tempfile.TemporaryDirectory(prefix="sessionhub-pgvector-") as data:
        server = pgserver.get_server(data, cleanup_mode="stop")
        try:
            yield str(server.get_uri())
        finally:
            server.cleanup()


@pytest.fixture
async def hybrid(
    pgvector_url: str, llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BuilderApi]:
    monkeypatch.setenv("SESSIONHUB_BUILDER_EMBEDDINGS_MODEL", "test-embedding")
    monkeypatch.setenv("SESSIONHUB_BUILDER_EMBEDDING_DIM", "64")
    settings = isolated_settings(
        rabbit=False,
        database_url=pgvector_url,
        openai_base_url=llm_server.url,
        openai_api_key="test",
        llm_retry_attempts=2,
    )
    async with running_app([spec], settings, consumers=True) as app:
        yield BuilderApi(app)


async def test_hybrid_retrieval_fuses_full_text_and_pgvector(
    hybrid: BuilderApi, llm_server: ScriptedLLMServer
) -> None:
    builder = hybrid
    ready = (await builder.client.get("/ready")).json()
    assert ready["info"]["builder.retrieval"].startswith("hybrid")
    doc = await upload(builder, "Pricing playbook", PLAYBOOK)
    assert doc["embedded"] is True
    await upload(builder, "Garden", UNRELATED)
    [batch] = [r for r in llm_server.embedding_requests if len(r["input"]) == 3]
    assert batch["dimensions"] == 64
    result = await search(builder, "discount discipline for price objections")
    assert result["mode"] == "hybrid"
    assert result["mode_reason"] is None
    top = result["hits"][0]
    assert top["heading"] == "Discount discipline"
    assert top["lexical_score"] > 0
    assert top["vector_score"] > 0
    # The vector ranking widens the results beyond what full text matches.
    assert {h["heading"] for h in result["hits"]} >= {"Gardening"}

    llm_server.fail_embeddings(Fail(500), Fail(500))
    degraded = await search(builder, "discount discipline")
    assert degraded["mode"] == "lexical"
    assert degraded["mode_reason"] == "embeddings failed (server_error); lexical results only"
    assert degraded["hits"][0]["heading"] == "Discount discipline"

    llm_server.fail_embeddings(Fail(500), Fail(500))
    unembedded = await upload(builder, "Later", "# Later\nNotes about price objections.")
    assert unembedded["embedded"] is False


async def test_generation_goes_on_lexically_when_embeddings_fail(
    hybrid: BuilderApi, llm_server: ScriptedLLMServer
) -> None:
    builder = hybrid
    await upload(builder, "Pricing playbook", PLAYBOOK)
    llm_server.responder = responder()
    llm_server.fail_embeddings(Fail(503), Fail(503))
    draft = await builder.create(metadata=FULL_METADATA)
    result = await finished(builder, (await generate(builder, draft["id"]))["id"])
    assert result["status"] == "done"
    retrieval = result["retrieval"]
    assert retrieval["mode"] == "lexical"
    assert retrieval["mode_reason"] == "embeddings failed (server_error); lexical results only"
    assert retrieval["hits"]
    assert result["rag_weight"] == 0.7
    assert all(v["sources"] for v in result["variants"])

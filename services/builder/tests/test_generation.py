"""Variant generation over HTTP with the builder workers in-process, on both bus kinds."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from sessionhub.builder.generation import live
from sessionhub.builder.service_spec import spec
from sessionhub.testing.llm_server import ScriptedLLMServer
from sessionhub.testing.plugin import isolated_settings, running_app

from .conftest import FULL_METADATA, BuilderApi
from .support import HANG, MALFORMED, finished, generate, responder


def check_outline(outline: dict[str, Any], window: int = 90) -> None:
    sections = outline["sections"]
    assert sum(s["duration_minutes"] for s in sections) == window
    assert sections[0]["kind"] == "opening"
    assert sections[-1]["kind"] == "wrap_up"
    assert all(s["duration_minutes"] > 0 and s["title"] for s in sections)


async def outbox_events(builder: BuilderApi, event_type: str) -> list[dict[str, Any]]:
    async with builder.ctx.db.read_session() as db:
        rows = (
            await db.execute(
                text("SELECT body FROM outbox WHERE event_type = :t ORDER BY id"), {"t": event_type}
            )
        ).all()
    return [json.loads(r.body) for r in rows]


async def test_offline_generation_gives_four_different_labelled_outlines(
    bus_kind: str,
) -> None:
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    async with running_app([spec], settings) as app:
        builder = BuilderApi(app)
        draft = await builder.create(metadata=FULL_METADATA)
        accepted = await generate(builder, draft["id"])
        assert accepted["status"] == "pending"
        assert accepted["poll_url"] == f"/api/builder/generations/{accepted['id']}"
        result = await finished(builder, accepted["id"])
        assert result["status"] == "done"
        assert result["fallback"] is False
        variants = result["variants"]
        assert [v["persona"] for v in variants] == ["precision", "insight", "ignite", "connect"]
        assert {v["provider"] for v in variants} == {"offline"}
        assert [v["label"] for v in variants] == ["Precision", "Insight", "Ignite", "Connect"]
        for variant in variants:
            check_outline(variant["outline"])
            topics = {t for s in variant["outline"]["sections"] for t in s["topic_refs"]}
            assert topics == {"Value framing", "Discount discipline"}
            mix = variant["contribution"]
            assert abs(mix["ai"] + mix["rag"] + mix["user"] - 1) < 0.011
        shapes = {tuple(s["title"] for s in v["outline"]["sections"]) for v in variants}
        assert len(shapes) == 4
        assert result["rag_weight"] == 0.0
        assert result["retrieval"]["mode"] == "lexical"
        [event] = await outbox_events(builder, "draft.variants_generated")
        assert event["subject"] == f"draft/{draft['id']}"
        assert event["data"]["status"] == "done"
        [requested] = await outbox_events(builder, "draft.variants_requested")
        assert requested["data"]["generation_id"] == accepted["id"]


async def test_missing_mandatory_metadata_is_a_422_naming_the_fields(
    builder: BuilderApi,
) -> None:
    draft = await builder.create(metadata={"title": "Only a title", "startTime": "09:00"})
    response = await builder.request("POST", f"/drafts/{draft['id']}/variants")
    assert response.status_code == 422
    assert response.json()["missing_fields"] == [
        "sessionType",
        "category",
        "desiredOutcome",
        "endTime",
    ]
    bad = await builder.request("POST", f"/drafts/{draft['id']}/variants", json={"rag_weight": 0.5})
    assert bad.status_code == 422
    other = builder.as_user("bob")
    assert (await other.request("POST", f"/drafts/{draft['id']}/variants")).status_code == 404
    assert await outbox_events(builder, "draft.variants_requested") == []


@pytest.fixture
async def llm_builder(
    llm_server: ScriptedLLMServer, monkeypatch: pytest.MonkeyPatch
) -> AsyncIterator[BuilderApi]:
    monkeypatch.setenv("SESSIONHUB_BUILDER_PERSONA_TIMEOUT_S", "1.5")
    settings = isolated_settings(
        rabbit=False, openai_base_url=llm_server.url, openai_api_key="test", llm_retry_attempts=1
    )
    async with running_app([spec], settings) as app:
        yield BuilderApi(app)


async def test_llm_variants_are_enforced_and_one_malformed_persona_fails_alone(
    llm_builder: BuilderApi, llm_server: ScriptedLLMServer
) -> None:
    builder = llm_builder
    await builder.request(
        "POST",
        "/knowledge",
        json={
            "title": "Pricing playbook",
            "content": "# Value framing\nWhen handling price objections, lead with value "
            "framing before any discount.\n\n# Discount discipline\nDiscount discipline on "
            "price objections: trade, never give.",
        },
    )
    llm_server.responder = responder({"insight": MALFORMED})
    draft = await builder.create(metadata=FULL_METADATA)
    result = await finished(builder, (await generate(builder, draft["id"]))["id"])
    assert result["status"] == "done"
    assert result["fallback"] is False
    by_persona = {v["persona"]: v for v in result["variants"]}
    assert by_persona["insight"]["status"] == "failed"
    assert by_persona["insight"]["error"] == "invalid_json"
    assert by_persona["insight"]["outline"] is None
    for persona in ("precision", "ignite", "connect"):
        variant = by_persona[persona]
        assert variant["status"] == "ok"
        assert variant["provider"] == "llm"
        check_outline(variant["outline"])
        sections = variant["outline"]["sections"]
        assert sections[0]["title"] == f"{persona} kickoff"
        retrieved = {h["chunk_id"] for h in result["retrieval"]["hits"]}
        cited = {r["chunk_id"] for s in sections for r in s["source_refs"]}
        assert cited
        assert cited <= retrieved
        topics = {t for s in sections for t in s["topic_refs"]}
        assert topics == {"Value framing", "Discount discipline"}
        assert {s["chunk_id"] for s in variant["sources"]} == cited
    assert result["rag_weight"] == 0.7
    briefs = [json.loads(b["messages"][-1]["content"]) for b in llm_server.chat_requests]
    assert {b["persona"] for b in briefs} == {"precision", "insight", "ignite", "connect"}
    assert all("{" not in b["instruction"] for b in briefs)


async def test_all_personas_timing_out_give_the_single_labelled_fallback(
    llm_builder: BuilderApi, llm_server: ScriptedLLMServer
) -> None:
    builder = llm_builder
    llm_server.responder = responder(
        {p: HANG for p in ("precision", "insight", "ignite", "connect")}
    )
    draft = await builder.create(metadata=FULL_METADATA)
    result = await finished(builder, (await generate(builder, draft["id"]))["id"])
    assert result["status"] == "done"
    assert result["fallback"] is True
    failed = [v for v in result["variants"] if v["status"] == "failed"]
    assert len(failed) == 4
    assert {v["error"] for v in failed} == {"timeout"}
    [fallback] = [v for v in result["variants"] if v["status"] == "ok"]
    assert fallback["persona"] == "fallback"
    assert fallback["provider"] == "fallback"
    assert fallback["label"] == "Standard outline"
    check_outline(fallback["outline"])
    [event] = await outbox_events(builder, "draft.variants_generated")
    assert event["data"]["fallback"] is True


async def test_generation_streams_over_sse_until_done(builder: BuilderApi) -> None:
    draft = await builder.create(metadata=FULL_METADATA)
    accepted = await generate(builder, draft["id"])
    events: list[str] = []
    async with builder.client.stream(
        "GET",
        f"/api/builder/generations/{accepted['id']}",
        headers=builder.headers(Accept="text/event-stream"),
        timeout=httpx.Timeout(30),
    ) as response:
        assert response.status_code == 200
        async for line in response.aiter_lines():
            if line.startswith("event:"):
                events.append(line.split(":", 1)[1].strip())
    assert events[0] == "pending"
    assert events[-1] == "done"
    assert events.count("variant") == 4


async def test_variant_configs_admin_edits_and_unknown_placeholders(builder: BuilderApi) -> None:
    configs = (await builder.request("GET", "/variant-configs")).json()
    assert [c["persona"] for c in configs] == ["precision", "insight", "ignite", "connect"]
    admin = builder.as_user("root", "admin")
    body = {"label": "Precise", "description": "d", "instruction": "Plan {title} for {audience}."}
    assert (
        await builder.request("PUT", "/variant-configs/precision", json=body)
    ).status_code == 403
    ok = await admin.request("PUT", "/variant-configs/precision", json=body)
    assert ok.status_code == 200
    assert ok.json()["updated_by"] == "root"
    bad = await admin.request(
        "PUT", "/variant-configs/insight", json={**body, "instruction": "Use {colour} and {0}"}
    )
    assert bad.status_code == 422
    assert bad.json()["unknown_placeholders"] == ["colour", "0"]
    broken = await admin.request(
        "PUT", "/variant-configs/insight", json={**body, "instruction": "Use {title"}
    )
    assert broken.status_code == 422
    unknown = await admin.request("PUT", "/variant-configs/wizard", json=body)
    assert unknown.status_code == 422
    configs = (await builder.request("GET", "/variant-configs")).json()
    assert configs[0]["label"] == "Precise"
    assert configs[1]["label"] == "Insight"


async def test_a_failing_retrieval_costs_only_the_rag_share(builder: BuilderApi) -> None:
    """The knowledge tables gone (a real database error): retried, then generation goes on
    without knowledge, rag_weight 0, and says why."""
    async with builder.ctx.db.session() as db:
        await db.execute(text("ALTER TABLE chunks RENAME TO chunks_elsewhere"))
    draft = await builder.create(metadata=FULL_METADATA)
    result = await finished(builder, (await generate(builder, draft["id"]))["id"])
    assert result["status"] == "done"
    assert result["rag_weight"] == 0.0
    assert result["retrieval"]["mode"] == "none"
    assert result["retrieval"]["error"].startswith("retrieval failed (ProgrammingError)")
    assert result["rag_weight_reason"] == result["retrieval"]["error"]
    assert all(v["status"] == "ok" and v["sources"] == [] for v in result["variants"])
    assert all(v["contribution"]["rag"] == 0 for v in result["variants"])


async def test_the_draft_stream_follows_each_new_generation(builder: BuilderApi) -> None:
    """The draft stream's events, read from the generator the route streams (the
    in-process transport buffers whole responses, and this stream never ends)."""
    draft = await builder.create(metadata=FULL_METADATA)
    first = await generate(builder, draft["id"])
    await finished(builder, first["id"])
    seen: list[tuple[str, str]] = []
    second: dict[str, Any] | None = None
    stream = live.follow(builder.ctx, uuid.UUID(draft["id"]))
    try:
        async with asyncio.timeout(30):
            async for item in stream:
                data = json.loads(item.data)
                seen.append((item.event, data.get("generation_id") or data["id"]))
                if item.event == "done" and second is None:
                    # The replay of the latest generation ended: start the next one.
                    second = await generate(builder, draft["id"])
                elif item.event == "done":
                    break
    finally:
        await stream.aclose()
    assert second is not None
    assert seen[0] == ("pending", first["id"])
    assert [e for e, g in seen if g == second["id"]] == ["pending"] + ["variant"] * 4 + ["done"]
    unauthorised = await builder.as_user("bob").request("GET", f"/drafts/{draft['id']}/events")
    assert unauthorised.status_code == 404

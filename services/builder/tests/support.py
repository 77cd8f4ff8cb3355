"""Shared test scripting: LLM outlines per persona and generation helpers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from sessionhub.testing.llm_server import Hang, Malformed, Reply, ScriptItem
from sessionhub.testing.plugin import wait_until

from .conftest import BuilderApi


def brief_of(body: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(body["messages"][-1]["content"]))


def llm_outline(persona: str, brief: dict[str, Any]) -> dict[str, Any]:
    """A plausible model answer: unscaled durations, no wrap-up, one bogus source."""
    excerpt_ids = [e["id"] for e in brief["excerpts"]]
    return {
        "summary": f"{persona} plan",
        "sections": [
            {
                "title": f"{persona} kickoff",
                "description": "Set the scene",
                "duration_minutes": 7,
                "kind": "opening",
                "topic_refs": [],
                "source_refs": [],
            },
            {
                "title": "Value framing in practice",
                "description": "Lead with outcomes",
                "duration_minutes": 30,
                "kind": "content",
                "topic_refs": ["Not a topic"],
                "source_refs": [*excerpt_ids[:1], 999999],
            },
            {
                "title": f"{persona} exercise",
                "description": "Role play",
                "duration_minutes": 20,
                "kind": "activity",
                "topic_refs": [],
                "source_refs": [],
            },
        ],
    }


def responder(
    overrides: dict[str, ScriptItem] | None = None,
) -> Callable[[dict[str, Any]], ScriptItem]:
    overrides = overrides or {}

    def respond(body: dict[str, Any]) -> ScriptItem:
        brief = brief_of(body)
        persona = brief["persona"]
        if persona in overrides:
            return overrides[persona]
        return Reply(content=llm_outline(persona, brief))

    return respond


MALFORMED = Malformed()
HANG = Hang(30)


async def generate(builder: BuilderApi, draft_id: str, **body: Any) -> dict[str, Any]:
    response = await builder.request("POST", f"/drafts/{draft_id}/variants", json=body or None)
    assert response.status_code == 202, response.text
    return dict(response.json())


async def finished(
    builder: BuilderApi, generation_id: str, timeout_s: float = 30
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        response = await builder.request("GET", f"/generations/{generation_id}")
        body = dict(response.json())
        return body if body["status"] in ("done", "failed") else None

    return await wait_until(probe, timeout_s=timeout_s, interval_s=0.05, message="generation end")

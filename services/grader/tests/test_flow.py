"""The user journey: create -> transcript -> complete -> graded on GET, through RabbitMQ.

session-api and the grader run as they do in the embedded topology (one process), but
on the RabbitMQ transport, so the grade travels session.completed -> grader ->
session.graded -> session-api.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from sqlalchemy import text

from sessionhub.common.auth import Role
from sessionhub.common.rubric import DEFAULT_RUBRIC, SCORE_FIELDS
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import TranscriptLine
from sessionhub.grader.service_spec import build_spec
from sessionhub.grader.settings import GraderSettings
from sessionhub.sessions.service_spec import spec as session_api_spec
from sessionhub.testing.llm_server import Malformed, Reply, ScriptedLLMServer
from sessionhub.testing.plugin import RunningApp, isolated_settings, running_app, wait_until

from .support import golden, llm_overrides, strong_grade

BASE = "/api/training-sessions"


async def run_session(app: RunningApp, user: str) -> tuple[int, dict[str, str]]:
    """A trainee's whole session over HTTP; returns its id and the trainee's headers."""
    headers = app.tokens.headers(user)
    client = app.client
    created = await client.post(
        BASE, json={"agent_name": "Sarah", "title": "Helpdesk call"}, headers=headers
    )
    assert created.status_code == 201, created.text
    session_id = int(created.json()["id"])
    lines = [{"speaker": x.speaker, "text": x.text} for x in golden("strong")[1:]]
    appended = await client.post(
        f"{BASE}/{session_id}/transcript", json={"lines": lines}, headers=headers
    )
    assert appended.status_code == 200, appended.text
    completed = await client.post(
        f"{BASE}/{session_id}/complete", json={"duration_seconds": 420}, headers=headers
    )
    assert completed.status_code == 200, completed.text
    return session_id, headers


async def graded_view(
    client: httpx.AsyncClient, session_id: int, headers: dict[str, str], *, grader: str
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        body = (await client.get(f"{BASE}/{session_id}", headers=headers)).json()
        done = body["grading_status"] == "graded" and body["grader"] == grader
        return body if done else None

    return await wait_until(probe, timeout_s=30, message=f"a {grader} grade on GET")


def grader_or_chat(grade: Any) -> Any:
    """The scripted model: grading requests (structured output) get ``grade``."""

    def respond(body: dict[str, Any]) -> Reply | Malformed:
        if "response_format" in body:
            return grade if isinstance(grade, Malformed) else Reply(content=grade)
        return Reply(content="Hello, this is Sarah from Northwind support.")

    return respond


class TestGradedSessionOnGet:
    async def test_heuristic_grade_without_an_llm(self) -> None:
        settings = isolated_settings()
        specs = [session_api_spec, build_spec(GraderSettings(concurrency=2))]
        async with running_app(specs, settings) as app:
            session_id, headers = await run_session(app, "trainee-flow-1")
            body = await graded_view(app.client, session_id, headers, grader="heuristic")

        transcript = [TranscriptLine.model_validate(line) for line in body["transcript"]]
        expected = OfflineGrader().grade(transcript)
        assert body["status"] == "completed"
        assert body["overall_score"] == expected.overall_score
        assert body["rapport_score"] == expected.rapport_score
        assert body["feedback_strengths"] == expected.feedback_strengths
        assert body["virtual_earnings"] == expected.virtual_earnings
        report = body["grade_report"]
        assert (report["confidence"], report["language"]) == (expected.confidence, "en")
        assert report["fallback_reason"] == "not_configured"
        assert report["rubric_version"] == "default@2"
        assert [d["coverage"] for d in report["details"]] == [d.coverage for d in expected.details]

    async def test_llm_grade_then_regrade(self, llm_server: ScriptedLLMServer) -> None:
        llm_server.responder = grader_or_chat(strong_grade())
        settings = isolated_settings(**llm_overrides(llm_server))
        specs = [session_api_spec, build_spec(GraderSettings(concurrency=2))]
        async with running_app(specs, settings) as app:
            session_id, headers = await run_session(app, "trainee-flow-2")
            first = await graded_view(app.client, session_id, headers, grader="llm")
            assert (first["overall_score"], first["closing_score"]) == (100, 100)

            # The next grading answer is unusable: the regrade comes from the heuristic.
            llm_server.responder = grader_or_chat(Malformed())
            accepted = await app.client.post(f"{BASE}/{session_id}/regrade", headers=headers)
            assert accepted.status_code == 202, accepted.text
            second = await graded_view(app.client, session_id, headers, grader="heuristic")
        assert second["graded_at"] > first["graded_at"]


async def test_a_session_graded_against_a_custom_rubric(bus_kind: str) -> None:
    """Manager's rubric → session → completion (v2, carrying it) → grade against it."""
    rubric_body = json.loads(DEFAULT_RUBRIC.model_dump_json())
    for key in ("id", "version"):
        rubric_body.pop(key)
    rubric_body["pass_mark"] = 95
    rubric_body["criteria"].append(
        {
            "id": "compliance",
            "title": "Compliance",
            "description": "Says what the regulator requires.",
            "checks": [
                {"id": "recording_notice", "weight": 1, "description": "Says it is recorded."}
            ],
        }
    )
    settings = isolated_settings(rabbit=bus_kind == "rabbit")
    specs = [session_api_spec, build_spec(GraderSettings(concurrency=2))]
    async with running_app(specs, settings) as app:
        headers = app.tokens.headers("manager-rubric", Role.manager)
        created = await app.client.post("/api/rubrics", json=rubric_body, headers=headers)
        assert created.status_code == 201, created.text
        rubric = created.json()
        session = await app.client.post(
            BASE,
            json={"agent_name": "Sarah", "rubric": {"id": rubric["id"]}},
            headers=headers,
        )
        assert session.status_code == 201, session.text
        session_id = int(session.json()["id"])
        lines = [{"speaker": x.speaker, "text": x.text} for x in golden("strong")[1:]]
        await app.client.post(
            f"{BASE}/{session_id}/transcript", json={"lines": lines}, headers=headers
        )
        await app.client.post(f"{BASE}/{session_id}/complete", json={}, headers=headers)
        body = await graded_view(app.client, session_id, headers, grader="heuristic")
        async with app.runtime.services["grader"].db.read_session() as db:
            row = (
                await db.execute(
                    text(
                        "SELECT rubric_version, result FROM grading_results WHERE session_id = :s"
                    ),
                    {"s": session_id},
                )
            ).one()
    assert row.rubric_version == rubric["label"]
    assert [d["criterion"] for d in row.result["details"]][-1] == "compliance"
    assert row.result["passed"] is False  # the rubric's own pass mark, 95
    # The seed's fields are unchanged for the trainee: the four scores and the overall.
    seed = [d["score"] for d in row.result["details"][:4]]
    assert [body[f] for f in SCORE_FIELDS[:4]] == seed
    assert body["overall_score"] == row.result["overall_score"]
    assert body["grade_report"]["rubric_version"] == rubric["label"]
    assert body["grade_report"]["passed"] is False

"""The grading worker end to end in one process: session-api's events in, results out.

Events cross the real RabbitMQ; the collector (tests/support) plays session-api.
"""

from __future__ import annotations

import json
import uuid

from sessionhub.common.events.catalog.grading import SessionGradedV2, SessionGradingFailedV1
from sessionhub.common.events.envelope import Envelope
from sessionhub.common.rubric import DEFAULT_RUBRIC
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import TranscriptLine
from sessionhub.grader.models import COMPLETION_KEY
from sessionhub.testing.llm_server import Malformed, Reply, ScriptedLLMServer
from sessionhub.testing.plugin import wait_until

from .support import completion, golden, grader_app, strong_grade


class TestGradedEvent:
    async def test_llm_grade_is_stored_and_published(self, llm_server: ScriptedLLMServer) -> None:
        llm_server.script(Reply(content=strong_grade()))
        async with grader_app(llm=llm_server) as hub:
            completed = await hub.complete(101, golden("strong"), user_id="trainee-7")
            (event,) = await hub.wait_events(1, session_id=101)
            (row,) = await hub.results(101)

        assert isinstance(event, SessionGradedV2)
        assert (event.user_id, event.grader, event.model, event.fallback_reason) == (
            "trainee-7",
            "llm",
            "gpt-4o-mini",
            None,
        )
        assert (event.rapport_score, event.overall_score) == (100, 100)
        assert event.rubric_version == DEFAULT_RUBRIC.label
        assert [d.criterion for d in event.details] == [
            "rapport",
            "discovery",
            "objection_handling",
            "closing",
        ]
        assert (row.outcome, row.request_key, row.overall_score) == ("graded", COMPLETION_KEY, 100)
        assert str(row.source_event_id) == completed.id

    async def test_malformed_llm_output_is_graded_by_the_heuristic(
        self, llm_server: ScriptedLLMServer
    ) -> None:
        llm_server.script(Malformed())
        async with grader_app(llm=llm_server) as hub:
            await hub.complete(102, golden("weak"))
            (event,) = await hub.wait_events(1, session_id=102)
        expected = OfflineGrader().grade(golden("weak"))
        assert (event.grader, event.model, event.fallback_reason) == (
            "heuristic",
            None,
            "invalid_json",
        )
        assert event.overall_score == expected.overall_score
        assert event.feedback_improvements == expected.feedback_improvements

    async def test_empty_transcript_publishes_grading_failed(self) -> None:
        async with grader_app() as hub:
            await hub.complete(103, [TranscriptLine(seq=1, speaker="persona", text="Hello?")])
            (failed,) = await hub.wait_events(1, session_id=103, kind=SessionGradingFailedV1)
            (row,) = await hub.results(103)
        assert failed.reason.startswith("empty_transcript")
        assert (row.outcome, row.failure_reason) == ("failed", failed.reason)
        assert hub.events(103) == []


class TestIdempotency:
    async def test_redelivered_completion_yields_one_result(self) -> None:
        async with grader_app() as hub:
            first = await hub.complete(201, golden("strong"))
            await hub.wait_events(1, session_id=201)
            # The same envelope again (a broker redelivery), then the same completion
            # under a new event id (session-api republishing it).
            await hub.publish_raw(first.type, first.to_bytes().decode())
            republished = {**json.loads(first.to_bytes()), "id": str(uuid.uuid4())}
            await hub.publish_raw(first.type, json.dumps(republished))
            await wait_until(lambda: hub.consumed(at_least=3), message="both duplicates handled")
            assert len(await hub.results(201)) == 1
            assert await hub.grader_outbox() == ["session.graded"]
            assert len(hub.events(201)) == 1

    async def test_regrade_produces_a_new_result(self, llm_server: ScriptedLLMServer) -> None:
        llm_server.script(Malformed(), Reply(content=strong_grade()))
        async with grader_app(llm=llm_server) as hub:
            await hub.complete(301, golden("strong"))
            await hub.wait_events(1, session_id=301)
            regrade = await hub.regrade(301, golden("strong"))
            first, second = await hub.wait_events(2, session_id=301)
            rows = await hub.results(301)

        assert (first.grader, first.regrade_request_id) == ("heuristic", None)
        assert second.grader == "llm"
        assert str(second.regrade_request_id) == regrade.data["request_id"]
        assert [r.request_key for r in rows] == [
            COMPLETION_KEY,
            f"regrade:{regrade.data['request_id']}",
        ]


class TestPoisonEvent:
    async def test_is_dead_lettered_after_retries_without_blocking_the_queue(self) -> None:
        async with grader_app() as hub:
            body = json.loads(Envelope.wrap(completion(401, golden("weak")), source="x").to_bytes())
            del body["data"]["transcript"]
            poison_id = await hub.publish_raw("session.completed", json.dumps(body))
            await hub.complete(402, golden("strong"))

            await hub.wait_events(1, session_id=402)
            runtime_bus = hub.collector.bus
            queue = f"{hub.collector.settings.queue_prefix}grader.grading"
            letters = await wait_until(
                lambda: runtime_bus.dlq_list(queue), message="the poison event parked"
            )
        assert [letter.event_id for letter in letters] == [poison_id]
        assert letters[0].attempts == 3  # first try + the two test retry delays
        assert "transcript" in (letters[0].error or "")

"""One documented example per event contract, rendered into docs/asyncapi.yaml.

The contract tests check each example against its model, the CloudEvents SDK and the
official AsyncAPI parser, so a new contract (or version) needs its example here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sessionhub.common.events.envelope import Envelope
from sessionhub.common.events.registry import Event
from sessionhub.common.rubric import DEFAULT_RUBRIC, SEED_CRITERIA

SESSION = 4711
GROUP = "6f1d2c3b-8a4e-4f5a-9b7c-2d1e0f9a8b7c"
CHAT_SESSION = "0b7e4c9a-5d2f-4e8b-a1c3-9f8e7d6c5b4a"
REGRADE = "3c2b1a09-8f7e-4d6c-b5a4-392817161514"
DRAFT = "8d3c2b1a-0f9e-4d8c-b7a6-5f4e3d2c1b0a"
GENERATION = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
VARIANT = "9f8e7d6c-5b4a-4392-8170-6f5e4d3c2b1a"
RUBRIC = "5e4d3c2b-1a09-4f8e-9d7c-6b5a49382716"
USER = "alice"
MANAGER = "morgan"
AT = "2026-03-02T09:15:00.000000Z"

TRANSCRIPT = [
    {
        "seq": 1,
        "speaker": "persona",
        "text": "Hello, this is Dana from Acme. You wanted to talk about our renewal?",
        "timestamp": "2026-03-02T09:00:00.000000Z",
    },
    {
        "seq": 2,
        "speaker": "trainee",
        "text": "Yes. What matters most to your team this quarter?",
        "timestamp": "2026-03-02T09:00:20.000000Z",
    },
]
SNAPSHOT = {
    "session_id": SESSION,
    "user_id": USER,
    "group_id": None,
    "title": "Renewal call",
    "scenario": "A customer hesitates to renew",
    "persona": "skeptical",
    "agent_name": "Alex",
    "transcript": TRANSCRIPT,
}
CRITERIA = SEED_CRITERIA


@dataclass(frozen=True)
class Example:
    subject: str
    data: dict[str, Any]
    summary: str


EXAMPLES: dict[tuple[str, int], Example] = {
    ("session.created", 1): Example(
        f"training-session/{SESSION}",
        {
            "session_id": SESSION,
            "user_id": USER,
            "group_id": None,
            "title": "Renewal call",
            "scenario": "A customer hesitates to renew",
            "persona": "skeptical",
            "agent_name": "Alex",
            "created_at": "2026-03-02T09:00:00.000000Z",
        },
        "alice starts a training session.",
    ),
    ("session.completed", 1): Example(
        f"training-session/{SESSION}",
        {
            **SNAPSHOT,
            "started_at": "2026-03-02T09:00:00.000000Z",
            "ended_at": "2026-03-02T09:12:30.000000Z",
            "duration_seconds": 750,
        },
        "alice ends the session after twelve and a half minutes.",
    ),
    ("session.regrade_requested", 1): Example(
        f"training-session/{SESSION}",
        {**SNAPSHOT, "requested_by": MANAGER, "request_id": REGRADE},
        "A manager asks for a fresh grade.",
    ),
    ("session.completed", 2): Example(
        f"training-session/{SESSION}",
        {
            **SNAPSHOT,
            "rubric": {**DEFAULT_RUBRIC.model_dump(mode="json"), "id": RUBRIC, "version": 3},
            "started_at": "2026-03-02T09:00:00.000000Z",
            "ended_at": "2026-03-02T09:12:30.000000Z",
            "duration_seconds": 750,
        },
        "alice ends a session her manager created with version 3 of a custom rubric.",
    ),
    ("session.regrade_requested", 2): Example(
        f"training-session/{SESSION}",
        {**SNAPSHOT, "rubric": None, "requested_by": MANAGER, "request_id": REGRADE},
        "A manager asks for a fresh grade of a session graded with the default rubric.",
    ),
    ("session.graded", 1): Example(
        f"training-session/{SESSION}",
        {
            "session_id": SESSION,
            "user_id": USER,
            "group_id": None,
            "rapport_score": 80,
            "discovery_score": 72,
            "objection_handling_score": 64,
            "closing_score": 58,
            "overall_score": 69,
            "feedback_strengths": ["Opened with an open question about priorities."],
            "feedback_improvements": ["Ask for a next step before the call ends."],
            "virtual_earnings": 690.0,
            "details": [
                {
                    "criterion": criterion,
                    "score": 70,
                    "evidence": ["What matters most to your team this quarter?"],
                    "reasoning": "One open question, no follow-up.",
                }
                for criterion in CRITERIA
            ],
            "grader": "llm",
            "model": "gpt-4o-mini",
            "rubric_version": "2026-03",
            "fallback_reason": None,
            "regrade_request_id": None,
            "graded_at": AT,
        },
        "The LLM grader grades the session.",
    ),
    ("session.graded", 2): Example(
        f"training-session/{SESSION}",
        {
            "session_id": SESSION,
            "user_id": USER,
            "group_id": None,
            "rapport_score": 67,
            "discovery_score": 100,
            "objection_handling_score": 0,
            "closing_score": 33,
            "overall_score": 50,
            "passed": False,
            "feedback_strengths": [
                'You built on the customer\'s answer ("How long does that take?" (line 4)).'
            ],
            "feedback_improvements": [
                "I couldn't find a next step that the customer agreed to.",
            ],
            "feedback": [
                {
                    "kind": "strength",
                    "criterion": "discovery",
                    "check": "follows_up",
                    "text": 'You built on the customer\'s answer ("How long does that take?" '
                    "(line 4)).",
                    "seq": 4,
                },
                {
                    "kind": "improvement",
                    "criterion": "closing",
                    "check": "commitment",
                    "text": "I couldn't find a next step that the customer agreed to.",
                    "seq": None,
                },
            ],
            "virtual_earnings": 10.0,
            "commitment_secured": False,
            "confidence": "low",
            "language": "en",
            "notes": ["The call is too short for a confident grade."],
            "flagged_lines": [],
            "details": [
                {
                    "criterion": "discovery",
                    "score": 100,
                    "coverage": 1.0,
                    "checks": [
                        {
                            "id": "follows_up",
                            "verdict": "passed",
                            "evidence": ["How long does that take?"],
                            "seqs": [4],
                            "rationale": "A question reused the customer's words.",
                            "answered_by": "heuristic",
                            "fallback_reason": None,
                        }
                    ],
                    "evidence": ["How long does that take?"],
                    "reasoning": "follows_up: passed",
                }
            ],
            "grader": "heuristic",
            "model": None,
            "rubric_id": "default",
            "rubric_version": "default@2",
            "fallback_reason": "not_configured",
            "regrade_request_id": None,
            "graded_at": AT,
        },
        "The offline grader grades a short session; no LLM is configured.",
    ),
    ("session.grading_failed", 1): Example(
        f"training-session/{SESSION}",
        {
            "session_id": SESSION,
            "user_id": USER,
            "group_id": None,
            "reason": "The transcript has no trainee line.",
            "rubric_version": "2026-03",
            "regrade_request_id": None,
            "failed_at": AT,
        },
        "Neither grader could grade the session.",
    ),
    ("group.created", 1): Example(
        f"group/{GROUP}",
        {
            "group_id": GROUP,
            "group_name": "Onboarding week 1",
            "created_by": MANAGER,
            "session_ids": [4711, 4712],
        },
        "A manager creates a group of two sessions.",
    ),
    ("group.graded", 1): Example(
        f"group/{GROUP}",
        {
            "group_id": GROUP,
            "group_name": "Onboarding week 1",
            "created_by": MANAGER,
            "session_count": 2,
            "averages": {
                "rapport": 78.5,
                "discovery": 70.0,
                "objection_handling": 61.0,
                "closing": 55.5,
                "overall": 66.3,
            },
            "best_session": {"session_id": 4711, "user_id": USER, "overall_score": 69},
            "weakest_session": {"session_id": 4712, "user_id": "bob", "overall_score": 63},
            "common_strengths": ["Open questions early in the call."],
            "common_improvements": ["Close with a concrete next step."],
        },
        "Both sessions of the group are graded.",
    ),
    ("chat.session.created", 1): Example(
        f"chat-session/{CHAT_SESSION}",
        {
            "session_id": CHAT_SESSION,
            "user_id": USER,
            "persona": "skeptical",
            "title": "Practice: pricing objections",
            "helper": None,
            "project_id": None,
            "created_at": AT,
            "expires_at": None,
        },
        "alice opens a chat with a persona.",
    ),
    ("chat.message.posted", 1): Example(
        f"chat-session/{CHAT_SESSION}",
        {
            "message_id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
            "session_id": CHAT_SESSION,
            "user_id": USER,
            "seq": 1,
            "role": "user",
            "content": "Your price is 20% above the competition. Why should we stay?",
            "tool_calls": [],
            "tool_call_id": None,
            "parent_id": None,
            "metadata": {},
            "created_at": AT,
        },
        "alice posts a message in the chat.",
    ),
    ("draft.variants_requested", 1): Example(
        f"draft/{DRAFT}",
        {
            "draft_id": DRAFT,
            "owner_id": USER,
            "generation_id": GENERATION,
            "draft_revision": 7,
            "personas": ["precision", "insight", "ignite", "connect"],
            "rag_weight": None,
            "metadata": {
                "title": "Handling price objections",
                "sessionType": "workshop",
                "category": "Sales",
                "desiredOutcome": "Reps answer price objections with value",
                "startTime": "09:00:00",
                "endTime": "10:30:00",
                "timezone": "Europe/Berlin",
            },
            "requested_at": AT,
        },
        "alice asks for the four outline variants of her draft.",
    ),
    ("draft.variants_generated", 1): Example(
        f"draft/{DRAFT}",
        {
            "draft_id": DRAFT,
            "owner_id": USER,
            "generation_id": GENERATION,
            "status": "done",
            "variants": [
                {
                    "variant_id": VARIANT,
                    "persona": "precision",
                    "label": "Precision",
                    "status": "ok",
                    "provider": "llm",
                    "sections": 6,
                },
                {
                    "variant_id": "2b3c4d5e-6f70-4a1b-8c2d-3e4f5a6b7c8d",
                    "persona": "insight",
                    "label": "Insight",
                    "status": "failed",
                    "provider": "llm",
                    "sections": 0,
                },
            ],
            "fallback": False,
            "rag_weight": 0.35,
            "retrieval_mode": "lexical",
            "error": None,
            "finished_at": AT,
        },
        "The workers finished the generation; one persona failed alone.",
    ),
    ("draft.variant_selected", 1): Example(
        f"draft/{DRAFT}",
        {
            "draft_id": DRAFT,
            "owner_id": USER,
            "generation_id": GENERATION,
            "variant_id": VARIANT,
            "version_id": "4d5e6f70-8192-4a3b-9c4d-5e6f708192a3",
            "persona": "precision",
            "label": "Precision",
            "rag_weight": 0.35,
            "category": "Sales",
            "selected_at": AT,
        },
        "alice accepts the Precision variant as her outline.",
    ),
    ("draft.published", 1): Example(
        f"draft/{DRAFT}",
        {
            "draft_id": DRAFT,
            "owner_id": USER,
            "session_id": "5e6f7081-92a3-4b4c-8d5e-6f708192a3b4",
            "content_version": 1,
            "draft_revision": 12,
            "title": "Handling price objections",
            "session_type": "workshop",
            "category": "Sales",
            "start_date": "2026-12-01",
            "start_time": "09:00:00",
            "end_time": "10:30:00",
            "timezone": "Europe/Berlin",
            "location": "Berlin office",
            "audience_id": 2,
            "audience_name": "Individual contributors",
            "accepted_version_id": "4d5e6f70-8192-4a3b-9c4d-5e6f708192a3",
            "readiness_score": 100,
            "sections": [
                {
                    "id": "a1b2c3d4e5f6",
                    "title": "Objectives and agenda",
                    "kind": "opening",
                    "duration_minutes": 10,
                    "description": "Set the goal.",
                },
                {
                    "id": "b2c3d4e5f6a7",
                    "title": "Summary and next steps",
                    "kind": "wrap_up",
                    "duration_minutes": 80,
                    "description": "Recap.",
                },
            ],
            "published_at": AT,
        },
        "alice publishes her draft: content version 1 of a new session.",
    ),
    ("draft.archived", 1): Example(
        f"draft/{DRAFT}",
        {
            "draft_id": DRAFT,
            "owner_id": USER,
            "published_session_id": "5e6f7081-92a3-4b4c-8d5e-6f708192a3b4",
            "archived_at": AT,
        },
        "alice archives the draft; the published session stays.",
    ),
}


def example_envelope(cls: type[Event]) -> dict[str, Any]:
    """The example of ``cls`` as the CloudEvents envelope that goes on the wire."""
    example = EXAMPLES[(cls.event_type, cls.event_version)]
    envelope = Envelope(
        id="5e0f3a1c-7b2d-4c8e-9f6a-0d1b2c3e4f50",
        source=f"sessionhub/{cls.producer}",
        type=cls.event_type,
        time=datetime(2026, 3, 2, 9, 15, tzinfo=UTC),
        subject=example.subject,
        schemaversion=cls.event_version,
        correlationid="c0ffee00-1234-4abc-8def-000000000001",
        data=cls.model_validate(example.data).model_dump(mode="json"),
    )
    return envelope.model_dump(mode="json", exclude_none=True)

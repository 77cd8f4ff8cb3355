"""What the model is sent: regenerated siblings and tool rounds kept coherent."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from sessionhub.chat.messages.schemas import ChatMessagePublic, ToolCall
from sessionhub.chat.replies.context import coherent, estimate_tokens
from sessionhub.chat.replies.writers import to_openai

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

SESSION = uuid.uuid4()


def message(seq: int, role: str, content: str = "", **extra: Any) -> ChatMessagePublic:
    return ChatMessagePublic.model_validate(
        {
            "id": uuid.uuid4(),
            "session_id": SESSION,
            "seq": seq,
            "role": role,
            "content": content,
            "created_at": datetime.now(UTC),
            **extra,
        }
    )


class TestCoherentWindow:
    def test_only_the_latest_regenerated_sibling_is_kept(self) -> None:
        question = message(1, "user", "Name a cat.")
        first = message(2, "assistant", "Whiskers", parent_id=question.id)
        second = message(3, "assistant", "Mittens", parent_id=question.id)
        assert coherent([question, first, second]) == [question, second]

    def test_a_tool_round_cut_by_the_window_is_dropped_whole(self) -> None:
        call = ToolCall(id="c1", name="lookup", arguments="{}")
        asked = message(1, "assistant", "", tool_calls=[call])
        result = message(2, "tool", "42", tool_call_id="c1")
        follow_up = message(3, "user", "Thanks")
        assert coherent([result, follow_up]) == [follow_up]
        assert coherent([asked, follow_up]) == [follow_up]
        assert coherent([asked, result, follow_up]) == [asked, result, follow_up]

    def test_an_unanswered_call_keeps_its_text(self) -> None:
        call = ToolCall(id="c1", name="lookup", arguments="{}")
        asked = message(1, "assistant", "Let me check.", tool_calls=[call])
        kept = coherent([asked])
        assert kept[0].content == "Let me check."
        assert kept[0].tool_calls == []


class TestWireFormat:
    def test_tool_messages_and_calls_use_the_openai_shape(self) -> None:
        call = ToolCall(id="c1", name="lookup", arguments='{"q": 1}')
        assert to_openai(message(1, "assistant", "", tool_calls=[call])) == {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {
                    "id": "c1",
                    "type": "function",
                    "function": {"name": "lookup", "arguments": '{"q": 1}'},
                }
            ],
        }
        assert to_openai(message(2, "tool", "ok", tool_call_id="c1")) == {
            "role": "tool",
            "tool_call_id": "c1",
            "content": "ok",
        }

    def test_token_estimate_is_four_characters_per_token(self) -> None:
        assert estimate_tokens(message(1, "user", "x" * 400)) == 100 + 4

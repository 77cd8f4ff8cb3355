"""Contracts published by the chat service."""

from __future__ import annotations

from typing import Any, Literal
from uuid import UUID

from pydantic import BaseModel, Field

from sessionhub.common.events.registry import Event, event
from sessionhub.common.timestamps import Timestamp

PRODUCER = "chat"


def chat_session_subject(session_id: UUID) -> str:
    """The envelope ``subject`` of every chat event: ``chat-session/<session uuid>``.

    Producers before this helper sent the bare uuid; the documented v1 contract (and
    the shared ``<resource>/<id>`` scheme) always said ``chat-session/<id>``, and no
    consumer read it, so the payloads and their versions are unchanged.
    """
    return f"chat-session/{session_id}"


@event("chat.session.created", version=1, producer=PRODUCER)
class ChatSessionCreatedV1(Event):
    """A chat session with an AI persona was created."""

    session_id: UUID
    user_id: str
    persona: str
    title: str | None
    helper: str | None = None
    project_id: str | None = None
    created_at: Timestamp
    expires_at: Timestamp | None = Field(None, description="Set for ephemeral sessions.")


class ToolCallV1(BaseModel):
    id: str
    type: Literal["function"] = "function"
    name: str
    arguments: str = Field(description="JSON-encoded arguments, as the model produced them.")


@event("chat.message.posted", version=1, producer=PRODUCER)
class ChatMessagePostedV1(Event):
    """A chat message was accepted; chat persister workers store it in PostgreSQL.

    The chat API publishes it itself, with publisher confirms, before it acknowledges
    the message to the client (there is no outbox row): every message, user, assistant
    or tool, is on the bus once accepted. ``message_id`` is the idempotency key.
    """

    message_id: UUID
    session_id: UUID
    user_id: str
    seq: int = Field(
        description="Order in the session, assigned when accepted; increasing, not dense."
    )
    role: Literal["user", "assistant", "tool", "system"]
    content: str
    tool_calls: list[ToolCallV1] = Field(default_factory=list)
    tool_call_id: str | None = None
    parent_id: UUID | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)
    created_at: Timestamp

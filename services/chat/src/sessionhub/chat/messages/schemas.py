"""Request and response shapes of chat messages."""

from __future__ import annotations

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict
from sqlmodel import Field

from sessionhub.chat.models import ChatMessageBase
from sessionhub.chat.text import SafeObject
from sessionhub.common.text import SafeStr
from sessionhub.common.timestamps import Timestamp

Role = Literal["user", "assistant", "tool", "system"]


class ToolCall(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    type: Literal["function"] = "function"
    name: str = Field(min_length=1, max_length=200)
    arguments: str = Field("{}", description="JSON-encoded arguments, as the model produced them.")


class ChatMessageCreate(ChatMessageBase):
    # Unknown fields (user_id, seq, id…) are refused, as session-api does.
    model_config = ConfigDict(extra="forbid", populate_by_name=False)

    content: SafeStr = ""
    tool_call_id: SafeStr | None = Field(None, max_length=200)
    meta: SafeObject = Field(default_factory=dict, alias="metadata")
    role: Literal["user", "tool"] = "user"
    client_message_id: SafeStr | None = Field(
        None, min_length=1, max_length=200, description="Retry-safe id chosen by the client."
    )
    respond: bool = Field(
        True,
        description="Generate the assistant reply. Send false for all but the last of "
        "several tool results, or to store a message without a reply.",
    )


class ChatMessagePublic(ChatMessageBase):
    id: uuid.UUID
    session_id: uuid.UUID
    seq: int = Field(
        description="Order of acceptance in the session: increasing, unique in practice, "
        "not dense (a post refused with 503 after its seq was taken, a clear, or a "
        "Redis loss leaves gaps). Sort by it; do not show it as a message number."
    )
    role: Role
    tool_calls: list[ToolCall] = Field(default_factory=list)
    parent_id: uuid.UUID | None = None
    created_at: Timestamp


class PostedMessages(BaseModel):
    message: ChatMessagePublic = Field(description="The message as accepted, with its seq.")
    reply: ChatMessagePublic | None = Field(
        None, description="The assistant reply; null when respond was false or on a replay."
    )
    reply_error: str | None = Field(
        None,
        description="Set when the message was accepted (it stands: do not post it again) but "
        "its reply could not be stored, e.g. the broker refused it under pressure. "
        "POST …/regenerate with no body generates the missing reply to this message.",
    )

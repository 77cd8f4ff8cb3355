"""Rendering a session for download."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sessionhub.chat.messages.schemas import ChatMessagePublic
from sessionhub.chat.personas import Persona
from sessionhub.chat.sessions.schemas import ChatSessionPublic


def _stamp(message: ChatMessagePublic) -> str:
    return message.created_at.strftime("%Y-%m-%d %H:%M UTC")


def to_markdown(
    chat_session: ChatSessionPublic, persona: Persona, messages: Sequence[ChatMessagePublic]
) -> str:
    lines = [
        f"# {chat_session.title or 'Untitled chat'}",
        "",
        f"- Persona: {persona.name} (`{chat_session.persona}`)",
        f"- Created: {chat_session.created_at.strftime('%Y-%m-%d %H:%M UTC')}",
        f"- Messages: {len(messages)}",
        "",
        "---",
        "",
    ]
    for m in messages:
        if m.role == "user":
            lines.append(f"**You** · {_stamp(m)}")
        elif m.role == "assistant":
            lines.append(f"**{persona.name}** · {_stamp(m)}")
        else:
            lines.append(f"**Tool result** (`{m.tool_call_id}`) · {_stamp(m)}")
        lines.append("")
        if m.role == "tool":
            lines += ["```", m.content, "```"]
        elif m.content:
            lines.append(m.content)
        for call in m.tool_calls:
            lines.append(f"> Tool call `{call.name}` (`{call.id}`): `{call.arguments}`")
        lines.append("")
    return "\n".join(lines)


def to_json(
    chat_session: ChatSessionPublic, messages: Sequence[ChatMessagePublic]
) -> dict[str, Any]:
    return {
        "session": chat_session.model_dump(mode="json", by_alias=True),
        "messages": [m.model_dump(mode="json", by_alias=True) for m in messages],
    }

"""Writing assistant replies and session titles: the LLM when configured, else offline.

Replies are always streamed from the LLM (a JSON client simply receives them whole), so
one code path serves both. Tool-call deltas are assembled here because the shared
``stream_chat`` helper yields text only.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import openai
import structlog
from openai import AsyncOpenAI, AsyncStream
from openai.types.chat import ChatCompletionChunk

from sessionhub.chat.messages.schemas import ChatMessagePublic, ToolCall
from sessionhub.chat.personas import Persona
from sessionhub.chat.text import storable
from sessionhub.common.llm import (
    DualProvider,
    LLMError,
    RetryPolicy,
    call_with_retries,
    chat_text,
    to_llm_error,
)

log = structlog.get_logger()

# ("delta", {"content": ...}) while text arrives; ("reset", {...}) when streamed text is
# being replaced by the offline reply after the LLM failed part-way.
Emit = Callable[[str, dict[str, Any]], None]

EXCERPT_CHARS = 160


@dataclass
class Reply:
    content: str
    tool_calls: list[ToolCall] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


def _excerpt(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat[:limit].rsplit(" ", 1)[0] or flat[:limit]
    return cut.rstrip(".,;:!? ") + "…"


def offline_reply(persona: Persona, history: Sequence[ChatMessagePublic]) -> str:
    """A deterministic reply that says plainly it did not come from a model."""
    last = next((m for m in reversed(history) if m.role in ("user", "tool")), None)
    if last is None:
        heard = "I'm here whenever you want to talk."
    elif last.role == "tool":
        heard = f'I received the tool result: "{_excerpt(last.content, EXCERPT_CHARS)}".'
    else:
        heard = f'You said: "{_excerpt(last.content, EXCERPT_CHARS)}".'
    return (
        f"{persona.offline_opening} {heard} "
        f"(This is the offline {persona.name} responder: no AI model is available right "
        "now, so this reply is scripted.)"
    )


def to_openai(message: ChatMessagePublic) -> dict[str, Any]:
    if message.role == "tool":
        return {"role": "tool", "tool_call_id": message.tool_call_id, "content": message.content}
    if message.role == "assistant" and message.tool_calls:
        return {
            "role": "assistant",
            "content": message.content or None,
            "tool_calls": [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": call.arguments},
                }
                for call in message.tool_calls
            ],
        }
    return {"role": message.role, "content": message.content}


class ReplyWriter:
    def __init__(self, client: AsyncOpenAI | None, *, model: str, policy: RetryPolicy) -> None:
        self._client = client
        self._model = model
        self._policy = policy

    def prompt(
        self, persona: Persona, history: Sequence[ChatMessagePublic]
    ) -> list[dict[str, Any]]:
        return [
            {"role": "system", "content": persona.system_prompt},
            *(to_openai(m) for m in history),
        ]

    @staticmethod
    def history_budget(persona: Persona, default_budget: int) -> int:
        """Tokens left for history once the system prompt and the reply are reserved."""
        budget = persona.context_tokens or default_budget
        reserved = len(persona.system_prompt) // 4 + (persona.model.max_tokens or 0)
        return max(budget - reserved, 256)

    async def write(
        self, persona: Persona, history: Sequence[ChatMessagePublic], emit: Emit
    ) -> Reply:
        if self._client is None:
            return self._offline(persona, history, emit, "not_configured", streamed=False)
        streamed: list[str] = []
        try:
            reply = await self._stream(self._client, persona, history, emit, streamed)
        except (LLMError, openai.OpenAIError) as exc:
            error = to_llm_error(exc)
            log.warning("chat_reply_fallback", reason=error.reason, error=str(error))
            return self._offline(persona, history, emit, error.reason, streamed=bool(streamed))
        return reply

    def _offline(
        self,
        persona: Persona,
        history: Sequence[ChatMessagePublic],
        emit: Emit,
        reason: str,
        *,
        streamed: bool,
    ) -> Reply:
        if streamed:
            emit("reset", {"reason": reason})
        text = offline_reply(persona, history)
        emit("delta", {"content": text})
        return Reply(
            text, meta={"provider": "offline", "fallback_reason": reason, "persona": persona.id}
        )

    async def _stream(
        self,
        client: AsyncOpenAI,
        persona: Persona,
        history: Sequence[ChatMessagePublic],
        emit: Emit,
        streamed: list[str],
    ) -> Reply:
        model = persona.model.model or self._model
        params = persona.model.completion_params()
        if persona.tools:
            params["tools"] = [tool.openai() for tool in persona.tools]
        messages = self.prompt(persona, history)

        async def open_stream() -> AsyncStream[ChatCompletionChunk]:
            stream = await client.chat.completions.create(
                model=model, messages=cast(Any, messages), stream=True, **params
            )
            return cast(AsyncStream[ChatCompletionChunk], stream)

        # Only opening the stream is retried: text already shown cannot be taken back.
        stream = await call_with_retries(self._policy, open_stream)
        calls: dict[int, dict[str, str]] = {}
        finish: str | None = None
        try:
            async for chunk in stream:
                if not chunk.choices:
                    continue
                choice = chunk.choices[0]
                finish = choice.finish_reason or finish
                delta = choice.delta
                if delta.refusal:
                    streamed.append(delta.refusal)
                    emit("delta", {"content": delta.refusal})
                if delta.content:
                    streamed.append(delta.content)
                    emit("delta", {"content": delta.content})
                for part in delta.tool_calls or ():
                    pending = calls.setdefault(part.index, {"id": "", "name": "", "arguments": ""})
                    pending["id"] = part.id or pending["id"]
                    if part.function is not None:
                        pending["name"] += part.function.name or ""
                        pending["arguments"] += part.function.arguments or ""
        except openai.OpenAIError as exc:
            raise to_llm_error(exc) from exc
        finally:
            await stream.close()
        # Model output is stored as is: make sure PostgreSQL can hold it.
        tool_calls = [
            ToolCall(
                id=storable(c["id"]) or f"call_{i}",
                name=storable(c["name"]),
                arguments=storable(c["arguments"]) or "{}",
            )
            for i, c in sorted(calls.items())
        ]
        for call in tool_calls:
            emit("tool_call", call.model_dump())
        content = storable("".join(streamed))
        if not content and not tool_calls:
            raise LLMError("empty", "the model returned neither text nor tool calls")
        return Reply(
            content,
            tool_calls,
            {"provider": "llm", "model": model, "finish_reason": finish, "persona": persona.id},
        )


TITLE_PROMPT = (
    "Write a short title (at most six words) for the conversation below. "
    "Reply with the title only, without quotes or punctuation at the end."
)


class TitleWriter(DualProvider[tuple[str, str], str]):
    """A session title from its first exchange (user text, assistant text)."""

    def __init__(
        self, client: AsyncOpenAI | None, *, model: str, policy: RetryPolicy, max_chars: int
    ) -> None:
        super().__init__(client)
        self._model = model
        self._policy = policy
        self._max_chars = max_chars

    async def llm(self, inp: tuple[str, str]) -> str:
        question, answer = inp
        text = await chat_text(
            self.client,
            model=self._model,
            messages=[
                {"role": "system", "content": TITLE_PROMPT},
                {
                    "role": "user",
                    "content": f"User: {question[:2000]}\n\nAssistant: {answer[:2000]}",
                },
            ],
            policy=self._policy,
            temperature=0.2,
            max_tokens=24,
        )
        title = _excerpt(text.strip().strip("\"'“”").rstrip("."), self._max_chars)
        if not title:
            raise LLMError("empty", "the model returned an empty title")
        return title

    async def offline(self, inp: tuple[str, str]) -> str:
        """The first sentence of the user's message, shortened at a word boundary."""
        question, _ = inp
        first = re.split(r"(?<=[.!?])\s|\n", question.strip(), maxsplit=1)[0]
        title = _excerpt(first.rstrip(".!? "), self._max_chars)
        return title[:1].upper() + title[1:] if title else "New chat"

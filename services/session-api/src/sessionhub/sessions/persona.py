"""The persona's lines: an opening message and replies, from the LLM or the offline script."""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import TypeVar

from openai import AsyncOpenAI

from sessionhub.common.llm import (
    DualProvider,
    LLMOutputError,
    RetryPolicy,
    chat_text,
    stream_chat,
)


@dataclass(frozen=True)
class PersonaBrief:
    """What the persona knows: its role, the scenario and the conversation so far."""

    title: str
    scenario: str
    persona: str
    agent_name: str
    transcript: tuple[tuple[str, str], ...] = field(default=())  # (speaker, text)


def _system_prompt(brief: PersonaBrief) -> str:
    return (
        "You play a customer in a sales training role-play. Stay in character and never "
        "mention that you are an AI or that this is training.\n"
        f"Your persona: {brief.persona}\n"
        f"Scenario: {brief.scenario}\n"
        f"Session title: {brief.title}\n"
        "Answer in one to three short, natural sentences, as spoken aloud."
    )


def _history(brief: PersonaBrief) -> list[dict[str, str]]:
    # The trainee talks to the persona: from the model's side the trainee is the user.
    return [
        {"role": "assistant" if speaker == "persona" else "user", "content": text}
        for speaker, text in brief.transcript
    ]


def clean_line(text: str, max_chars: int) -> str:
    """Trim what a model produced into one transcript line; empty output is unusable."""
    line = text.strip().strip('"').strip()
    if not line:
        raise LLMOutputError("empty", "the model produced an empty line")
    return line[:max_chars]


T = TypeVar("T")

# What a session is about when its creator gave no scenario.
DEFAULT_SCENARIO = "A prospect wants to hear what you can offer them."


def _hook(scenario: str, limit: int = 160) -> str | None:
    """The scenario's first sentence as written (its case kept), or None without one.

    It is quoted after a colon in the script, where either case reads correctly, so
    "SSE check" stays "SSE check" and "iPhone" stays "iPhone".
    """
    if scenario.strip() in ("", DEFAULT_SCENARIO):
        return None
    sentence = re.split(r"(?<=[.!?])\s", scenario.strip(), maxsplit=1)[0].rstrip(".!? ")
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0]
    return sentence or None


def _pick(options: tuple[T, ...], *seeds: str) -> T:
    digest = hashlib.sha256("\x1f".join(seeds).encode()).digest()
    return options[int.from_bytes(digest[:4], "big") % len(options)]


# Each line has a form quoting the scenario and a form for a session without one.
_OPENINGS = (
    (
        "Hi, thanks for picking up. Here's my situation: {hook}. I don't have long, so what "
        "can you do for me?",
        "Hi, thanks for picking up. I don't have long, so what can you do for me?",
    ),
    (
        "Hello. I'm calling about this: {hook}. I've been going back and forth on it, where "
        "do we even start?",
        "Hello. I've been going back and forth on this, where do we even start?",
    ),
    (
        "Good morning. It's about this: {hook}. I'll be honest, I'm a bit skeptical about "
        "all this.",
        "Good morning. I'll be honest, I'm a bit skeptical about all this.",
    ),
)

_REPLIES = (
    (
        "Well, the main thing is this: {hook}. That's what I need sorted out.",
        "Well, the main thing is whether this actually solves my problem. That's what I need "
        "to know.",
    ),
    ("I hear you, but honestly the price worries me. Why should I pay more than I do now?",) * 2,
    ("Okay, that helps. What would the next step look like, and how long would it take?",) * 2,
    ("That sounds reasonable. If you can send me the details, I think we can move forward.",) * 2,
    ("Alright, I think I have what I need. Thanks for your time.",) * 2,
)


def _line(forms: tuple[str, str], scenario: str) -> str:
    hook = _hook(scenario)
    return forms[0].format(hook=hook) if hook else forms[1]


def offline_opening(brief: PersonaBrief) -> str:
    """The scripted first line: deterministic for a given scenario and persona."""
    return _line(_pick(_OPENINGS, brief.scenario, brief.persona), brief.scenario)


def offline_reply(brief: PersonaBrief) -> str:
    """The scripted answer: moves through concern, objection, next step and close."""
    persona_turns = sum(1 for speaker, _ in brief.transcript if speaker == "persona")
    # The opening line is the first persona turn, so the first reply uses script step 0.
    step = min(max(persona_turns - 1, 0), len(_REPLIES) - 1)
    reply = _line(_REPLIES[step], brief.scenario)
    trainee_lines = [text for speaker, text in brief.transcript if speaker == "trainee"]
    if trainee_lines and trainee_lines[-1].rstrip().endswith("?"):
        reply = "Good question. " + reply
    return reply


class _PersonaLine(DualProvider[PersonaBrief, str]):
    """A line the persona speaks: from the LLM, or the offline persona script."""

    def __init__(
        self, client: AsyncOpenAI | None, *, model: str, policy: RetryPolicy, max_chars: int
    ) -> None:
        super().__init__(client)
        self.model = model
        self.policy = policy
        self.max_chars = max_chars


class OpeningLine(_PersonaLine):
    """The persona's first line, generated from the scenario and persona."""

    async def llm(self, inp: PersonaBrief) -> str:
        text = await chat_text(
            self.client,
            model=self.model,
            messages=[
                {"role": "system", "content": _system_prompt(inp)},
                {"role": "user", "content": "(The trainee picks up. Say your opening line.)"},
            ],
            policy=self.policy,
            temperature=0.8,
            max_tokens=200,
        )
        return clean_line(text, self.max_chars)

    async def offline(self, inp: PersonaBrief) -> str:
        return offline_opening(inp)


class PersonaReply(_PersonaLine):
    """The persona's answer to the transcript so far; ``llm_stream`` streams it."""

    def _messages(self, inp: PersonaBrief) -> list[dict[str, str]]:
        return [{"role": "system", "content": _system_prompt(inp)}, *_history(inp)]

    async def llm(self, inp: PersonaBrief) -> str:
        text = await chat_text(
            self.client,
            model=self.model,
            messages=self._messages(inp),
            policy=self.policy,
            temperature=0.8,
            max_tokens=300,
        )
        return clean_line(text, self.max_chars)

    async def offline(self, inp: PersonaBrief) -> str:
        return offline_reply(inp)

    def llm_stream(self, inp: PersonaBrief) -> AsyncIterator[str]:
        """Text deltas from the LLM; raises ``LLMError`` (before or during the stream)."""
        return stream_chat(
            self.client,
            model=self.model,
            messages=self._messages(inp),
            policy=self.policy,
            temperature=0.8,
            max_tokens=300,
        )

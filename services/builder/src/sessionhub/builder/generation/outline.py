"""Outline rules enforced in code, whatever produced the sections, and the offline generator.

The model (or the offline generator) proposes sections with nominal durations; code
then makes the outline valid: an opening first and a wrap-up last, durations scaled
and rounded to fill the session's window exactly, the user's topics attached where
they match (or given a section of their own), and source references kept only where
they point at chunks that were actually retrieved.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sessionhub.builder.drafts.schemas import (
    Outline,
    Section,
    SectionKind,
    SessionMetadata,
    SourceRef,
)
from sessionhub.builder.generation.schemas import Contribution
from sessionhub.builder.knowledge.retrieval import keywords
from sessionhub.builder.knowledge.schemas import Hit

#: The user's topics shape this share of a section they are attached to (README).
USER_SHARE = 0.3


@dataclass(frozen=True)
class Proposed:
    title: str
    description: str
    minutes: int
    kind: SectionKind = "content"
    topic_refs: tuple[str, ...] = ()
    source_refs: tuple[int, ...] = ()


@dataclass(frozen=True)
class Context:
    """What every persona generates from: the draft's metadata and the shared retrieval."""

    metadata: SessionMetadata
    window: int
    hits: Sequence[Hit] = ()
    rag_weight: float = 0.0
    topics: tuple[str, ...] = field(default=())

    @property
    def topic_minutes(self) -> dict[str, int]:
        return {t.title: t.durationMinutes for t in self.metadata.topics or []}


def topic_titles(metadata: SessionMetadata) -> tuple[str, ...]:
    """The user's custom topics, else the comma-separated specific topics."""
    if metadata.topics:
        return tuple(t.title for t in metadata.topics)
    raw = metadata.specificTopics or ""
    return tuple(p.strip() for p in re.split(r"[,;\n]", raw) if p.strip())[:3]


def _overlap(a: str, b: str) -> int:
    return len(set(keywords(a)) & set(keywords(b)))


def _scale(minutes: Sequence[int], window: int) -> list[int]:
    """Durations proportional to ``minutes`` summing to ``window`` exactly (largest
    remainder), in 5-minute steps when the window allows it, never below one step."""
    step = 5 if window % 5 == 0 and window // 5 >= len(minutes) else 1
    units = window // step
    weights = [max(m, 1) for m in minutes]
    total = sum(weights)
    raw = [w * units / total for w in weights]
    floors = [max(1, int(r)) for r in raw]
    while sum(floors) > units:
        biggest = max(range(len(floors)), key=lambda i: floors[i])
        floors[biggest] -= 1
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - int(raw[i])), i))
    for i in order[: units - sum(floors)]:
        floors[i] += 1
    return [f * step for f in floors]


def enforce(proposed: Sequence[Proposed], ctx: Context, *, summary: str | None) -> Outline:
    sections = [p for p in proposed if p.title.strip()]
    retrieved = {h.chunk_id: h for h in ctx.hits}
    topics = ctx.topics
    # Topics: keep only references to real topics, attach by word overlap, and give a
    # topic nothing covers a section of its own before the wrap-up.
    attached: list[Proposed] = []
    for s in sections:
        refs = [t for t in s.topic_refs if t in topics]
        for topic in topics:
            if topic not in refs and _overlap(topic, f"{s.title} {s.description}") > 0:
                refs.append(topic)
        sources = tuple(dict.fromkeys(r for r in s.source_refs if r in retrieved))
        attached.append(replace(s, topic_refs=tuple(refs), source_refs=sources))
    covered = {t for s in attached for t in s.topic_refs}
    for topic in topics:
        if topic not in covered:
            attached.append(
                Proposed(
                    f"Topic: {topic}",
                    f"Work through {topic} with the group.",
                    ctx.topic_minutes.get(topic) or 15,
                    "content",
                    (topic,),
                )
            )
    openings = [s for s in attached if s.kind == "opening"]
    wraps = [s for s in attached if s.kind == "wrap_up"]
    middle = [s for s in attached if s.kind not in ("opening", "wrap_up")]
    opening = (
        openings[0]
        if openings
        else Proposed(
            "Welcome and objectives", "Why we are here and what we will achieve.", 5, "opening"
        )
    )
    wrap = (
        wraps[-1]
        if wraps
        else Proposed(
            "Wrap-up and next steps", "Recap the key points and agree next actions.", 5, "wrap_up"
        )
    )
    # Extra openings / wrap-ups are demoted to content rather than lost.
    middle = [replace(s, kind="content") for s in openings[1:]] + middle
    middle += [replace(s, kind="content") for s in wraps[:-1]]
    ordered = [opening, *middle, wrap]
    while len(ordered) > max(ctx.window, 2):
        ordered.pop(-2)
    durations = _scale([s.minutes for s in ordered], ctx.window)
    out = [
        Section(
            id=uuid.uuid4().hex[:12],
            title=s.title[:200],
            description=s.description[:4000],
            duration_minutes=d,
            kind=s.kind,
            topic_refs=list(s.topic_refs),
            source_refs=[
                SourceRef(document_id=retrieved[r].document_id, chunk_id=r) for r in s.source_refs
            ],
        )
        for s, d in zip(ordered, durations, strict=True)
    ]
    return Outline(sections=out, summary=summary)


def contribution(outline: Outline, rag_weight: float) -> Contribution:
    """RAG: the rag weight times the share of sections citing a retrieved chunk; user: 0.3
    times the share of sections built on a user topic; AI: the rest."""
    n = len(outline.sections) or 1
    cited = sum(1 for s in outline.sections if s.source_refs) / n
    topical = sum(1 for s in outline.sections if s.topic_refs) / n
    rag = round(rag_weight * cited, 2)
    user = round(USER_SHARE * topical, 2)
    return Contribution(ai=round(1 - rag - user, 2), rag=rag, user=user)


# --------------------------------------------------------------------------- offline


def _short(text: str | None, fallback: str, words: int = 8) -> str:
    parts = (text or "").split()
    return " ".join(parts[:words]) + ("…" if len(parts) > words else "") if parts else fallback


def _cite(ctx: Context, index: int) -> tuple[tuple[int, ...], str]:
    if not ctx.hits or ctx.rag_weight <= 0:
        return (), ""
    hit = ctx.hits[index % len(ctx.hits)]
    return (hit.chunk_id,), f" Draws on “{hit.heading}” ({hit.document_title})."


def _headings(ctx: Context) -> list[str]:
    return list(dict.fromkeys(h.heading.split(" › ")[-1] for h in ctx.hits))[:3]


def _subjects(ctx: Context) -> list[str]:
    return list(ctx.topics) or _headings(ctx) or [ctx.metadata.category or "the core skill"]


def _topic_ref(ctx: Context, subject: str) -> tuple[str, ...]:
    return (subject,) if subject in ctx.topics else ()


def _on_subject(
    ctx: Context, subject: str, hit: int, title: str, text: str, minutes: int, kind: SectionKind
) -> Proposed:
    """A section about one subject: the minutes the user gave its topic (else
    ``minutes``), a reference to that topic, and the ``hit``-th retrieved chunk cited."""
    refs, cite = _cite(ctx, hit)
    return Proposed(
        title,
        text + cite,
        ctx.topic_minutes.get(subject, minutes),
        kind,
        _topic_ref(ctx, subject),
        refs,
    )


def _precision(ctx: Context) -> list[Proposed]:
    m = ctx.metadata
    out = [
        Proposed(
            "Objectives and agenda",
            f"Set the goal: {_short(m.desiredOutcome, 'the outcome', 20)}.",
            10,
            "opening",
        )
    ]
    out += [
        _on_subject(
            ctx,
            subject,
            i,
            f"Step {i + 1}: {subject}",
            f"Explain {subject} step by step, then check understanding with two questions.",
            20,
            "content",
        )
        for i, subject in enumerate(_subjects(ctx))
    ]
    out.append(
        Proposed(
            "Guided practice",
            f"Apply the steps to a worked {m.category or ''} example.".replace("  ", " "),
            15,
            "activity",
        )
    )
    out.append(
        Proposed(
            "Knowledge check", "A short quiz on each step; review the misses.", 10, "discussion"
        )
    )
    out.append(
        Proposed(
            "Summary and next steps",
            "Recap each step and the checklist to use tomorrow.",
            10,
            "wrap_up",
        )
    )
    return out


def _insight(ctx: Context) -> list[Proposed]:
    m = ctx.metadata
    refs, cite = _cite(ctx, 0)
    out = [
        Proposed(
            "Why this matters now",
            f"Frame the stakes of {_short(m.currentProblem, 'the problem', 12)}.",
            10,
            "opening",
        ),
        Proposed(
            "Diagnosing the problem",
            f"Unpack the causes behind: {_short(m.currentProblem, 'the current gap', 25)}.",
            15,
            "content",
        ),
        Proposed(
            "What the evidence says",
            f"Review what is known and what works.{cite}",
            15,
            "content",
            (),
            refs,
        ),
    ]
    out += [
        _on_subject(
            ctx,
            subject,
            i,
            f"Insight: {subject}",
            f"Why {subject} changes the outcome, with an example.",
            15,
            "content",
        )
        for i, subject in enumerate(_subjects(ctx), start=1)
    ]
    out.append(
        Proposed(
            "Case study",
            "Analyse a realistic case in small groups; compare diagnoses.",
            20,
            "activity",
        )
    )
    out.append(Proposed("Reflection", "What would you do differently, and why?", 10, "discussion"))
    out.append(
        Proposed(
            "Key takeaways",
            f"Connect the insights to: {_short(m.desiredOutcome, 'the goal', 15)}.",
            5,
            "wrap_up",
        )
    )
    return out


def _ignite(ctx: Context) -> list[Proposed]:
    out = [Proposed("Energiser", "A 5-minute warm-up game that surfaces the theme.", 5, "opening")]
    for i, subject in enumerate(_subjects(ctx), start=1):
        refs, cite = _cite(ctx, i)
        topic = _topic_ref(ctx, subject)
        # The input is five minutes whatever the topic's time: the challenge takes that.
        out.append(
            Proposed(
                f"Quick input: {subject}",
                f"Five minutes on the essentials.{cite}",
                5,
                "content",
                topic,
                refs,
            )
        )
        out.append(
            Proposed(
                f"Challenge: {subject}",
                f"Teams race to apply {subject} to a live scenario.",
                ctx.topic_minutes.get(subject, 20),
                "activity",
                topic,
            )
        )
    if ctx.window >= 90:
        out.append(Proposed("Reset break", "Stand up, move, reset.", 5, "break"))
    out.append(
        Proposed(
            "Team challenge",
            "Put everything together in a timed, scored challenge.",
            25,
            "activity",
        )
    )
    out.append(
        Proposed(
            "Commit to act",
            "Each person commits to one action towards: "
            f"{_short(ctx.metadata.desiredOutcome, 'the goal', 12)}.",
            10,
            "wrap_up",
        )
    )
    return out


def _connect(ctx: Context) -> list[Proposed]:
    m = ctx.metadata
    out = [
        Proposed(
            "Introductions and expectations",
            f"Who is here ({m.audienceName or 'the group'}) and what they hope to get.",
            15,
            "opening",
        ),
        Proposed(
            "Share experiences",
            f"Stories from the room about {_short(m.currentProblem, 'the challenge', 12)}.",
            15,
            "discussion",
        ),
    ]
    out += [
        _on_subject(
            ctx,
            subject,
            i,
            f"Pair work: {subject}",
            f"Pairs explore {subject} and swap approaches.",
            15,
            "discussion",
        )
        for i, subject in enumerate(_subjects(ctx), start=1)
    ]
    out.append(
        Proposed(
            "Peer coaching rounds", "Trios rotate coach, coachee and observer.", 20, "activity"
        )
    )
    out.append(
        Proposed(
            "Group share-out", "Each group shares one insight with the room.", 10, "discussion"
        )
    )
    out.append(
        Proposed(
            "Shared commitments",
            "Agree how the group will support each other afterwards.",
            10,
            "wrap_up",
        )
    )
    return out


OFFLINE = {"precision": _precision, "insight": _insight, "ignite": _ignite, "connect": _connect}


def offline(persona: str, ctx: Context) -> Outline:
    """A deterministic outline per persona: its own structure and emphasis."""
    label = persona.capitalize()
    summary = f"{label} outline for “{ctx.metadata.title or 'the session'}” (generated offline)."
    return enforce(OFFLINE[persona](ctx), ctx, summary=summary)


def fallback(ctx: Context) -> Outline:
    """The single outline of the legacy workflow, made when every persona failed."""
    proposed = [Proposed("Introduction", "Goals and agenda.", 10, "opening")]
    proposed += [
        _on_subject(ctx, subject, i, subject, f"Cover {subject}.", 20, "content")
        for i, subject in enumerate(_subjects(ctx))
    ]
    proposed.append(Proposed("Practice", "Apply what was covered.", 15, "activity"))
    proposed.append(Proposed("Wrap-up", "Recap and next steps.", 10, "wrap_up"))
    return enforce(
        proposed, ctx, summary="Standard outline (fallback: the variants could not be generated)."
    )

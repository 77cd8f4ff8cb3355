"""Persona instructions: the placeholders they may use, checked on save, filled in code."""

from __future__ import annotations

import string

from sessionhub.builder.generation.outline import Context

PLACEHOLDERS = {
    "title": "the session title",
    "session_type": "event, training, workshop or webinar",
    "category": "the category",
    "desired_outcome": "what participants should achieve",
    "current_problem": "the problem the session addresses",
    "specific_topics": "the free-text specific topics",
    "topics": "the custom topics, with their minutes",
    "audience": "the audience",
    "tone": "the tone",
    "location": "where it takes place",
    "start_date": "the date",
    "duration_minutes": "the session's length in minutes",
    "rag_hits": "how many knowledge excerpts were retrieved",
    "rag_weight": "how much they should shape the outline (0, 0.35, 0.7)",
}


def unknown_placeholders(instruction: str) -> list[str]:
    """Placeholders not in :data:`PLACEHOLDERS`; raises ValueError on malformed braces."""
    unknown: list[str] = []
    for _, name, spec, conversion in string.Formatter().parse(instruction):
        if name is None:
            continue
        if not name or spec or conversion or name not in PLACEHOLDERS:
            unknown.append(name or "{}")
    return unknown


def render(instruction: str, ctx: Context) -> str:
    m = ctx.metadata
    topics = ", ".join(f"{t.title} ({t.durationMinutes} min)" for t in m.topics or []) or (
        m.specificTopics or "as the outcome requires"
    )
    values = {
        "title": m.title or "Untitled session",
        "session_type": m.sessionType or "session",
        "category": m.category or "general",
        "desired_outcome": m.desiredOutcome or "",
        "current_problem": m.currentProblem or "not stated",
        "specific_topics": m.specificTopics or "",
        "topics": topics,
        "audience": m.audienceName or "a mixed audience",
        "tone": m.toneName or "professional",
        "location": m.location or "",
        "start_date": m.startDate.isoformat() if m.startDate else "",
        "duration_minutes": str(ctx.window),
        "rag_hits": str(len(ctx.hits)),
        "rag_weight": str(ctx.rag_weight),
    }
    return instruction.format_map(values)

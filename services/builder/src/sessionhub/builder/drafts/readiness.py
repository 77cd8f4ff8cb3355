"""Inline validation and the readiness checklist of a draft: pure functions of its document.

Saving never fails because a draft is incomplete; these tell the front end what is
missing or inconsistent, field by field, and how close the draft is to publishable.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache

from sessionhub.builder.drafts.schemas import (
    CheckItem,
    DraftDocument,
    Issue,
    Readiness,
    SessionMetadata,
)

#: Metadata a publishable draft needs (``location`` or ``locationId`` for the place).
REQUIRED = (
    "title",
    "sessionType",
    "category",
    "desiredOutcome",
    "startDate",
    "startTime",
    "endTime",
    "timezone",
    "location",
)
#: What variant generation needs: it builds on the goal and fills the time window.
GENERATION_REQUIRED = ("title", "sessionType", "category", "desiredOutcome", "startTime", "endTime")
MAX_CUSTOM_TOPICS = 3


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def known_timezone(name: str) -> bool:
    return name in _zones()


def window_minutes(metadata: SessionMetadata) -> int | None:
    """Minutes between start and end, or None when either is missing or end is not later."""
    if metadata.startTime is None or metadata.endTime is None:
        return None
    day = datetime(2000, 1, 1)
    start = datetime.combine(day, metadata.startTime)
    end = datetime.combine(day, metadata.endTime)
    minutes = int((end - start).total_seconds() // 60)
    return minutes if minutes > 0 else None


def _present(metadata: SessionMetadata, name: str) -> bool:
    if name == "location":
        return bool(metadata.location or metadata.locationId)
    value = getattr(metadata, name)
    return not (value is None or (isinstance(value, str) and not value.strip()))


def missing_fields(metadata: SessionMetadata, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if not _present(metadata, name)]


#: What the checklist reads of each section: its title and its minutes.
SectionFacts = tuple[str, int]


def section_facts(doc: DraftDocument) -> list[SectionFacts]:
    sections = doc.outline.sections if doc.outline is not None else []
    return [(s.title, s.duration_minutes) for s in sections]


def validate(metadata: SessionMetadata) -> list[Issue]:
    """Per-field issues the front end shows inline; never raised."""
    issues = [
        Issue(field=f"metadata.{name}", code="missing", message=f"{name} is required.")
        for name in missing_fields(metadata, REQUIRED)
    ]
    if (
        metadata.startTime is not None
        and metadata.endTime is not None
        and metadata.endTime <= metadata.startTime
    ):
        issues.append(
            Issue(
                field="metadata.endTime",
                code="end_before_start",
                message="The session must end after it starts.",
            )
        )
    if metadata.timezone and not known_timezone(metadata.timezone):
        issues.append(
            Issue(
                field="metadata.timezone",
                code="unknown_timezone",
                message=f"{metadata.timezone!r} is not an IANA time zone (e.g. Europe/Berlin).",
            )
        )
    topics = metadata.topics or []
    if len(topics) > MAX_CUSTOM_TOPICS:
        issues.append(
            Issue(
                field="metadata.topics",
                code="too_many_topics",
                message=f"At most {MAX_CUSTOM_TOPICS} custom topics; remove "
                f"{len(topics) - MAX_CUSTOM_TOPICS}.",
            )
        )
    window = window_minutes(metadata)
    topic_minutes = sum(t.durationMinutes for t in topics)
    if window is not None and topic_minutes > window:
        issues.append(
            Issue(
                field="metadata.topics",
                code="topics_exceed_window",
                message=f"The topics need {topic_minutes} minutes but the session lasts {window}.",
            )
        )
    return issues


#: One checklist item as plain values: key, label, weight, passed, message.
Check = tuple[str, str, int, bool, str]


def _item(key: str, label: str, weight: int, passed: bool, ok: str, ko: str) -> Check:
    return (key, label, weight, passed, ok if passed else ko)


def checklist(
    metadata: SessionMetadata,
    sections: Sequence[SectionFacts],
    issues: list[Issue],
    *,
    accepted: bool,
) -> list[Check]:
    """The checklist's items; the score is the sum of the weights of those that pass.

    It reads only the metadata and each section's title and minutes, so autosave can
    answer from those without loading the whole outline back. Plain tuples: autosave
    writes them straight into its answer, where six models built and dumped again cost
    more than computing them.
    """
    missing = missing_fields(metadata, REQUIRED)
    metadata_issues = [i for i in issues if i.code != "missing"]
    window = window_minutes(metadata)
    planned = sum(minutes for _, minutes in sections)
    incomplete = [
        i + 1 for i, (title, minutes) in enumerate(sections) if not title.strip() or minutes <= 0
    ]
    return [
        _item(
            "metadata_complete",
            "Required session details are complete and valid",
            25,
            not missing and not metadata_issues,
            "All required details are filled in.",
            "Missing: " + ", ".join(missing)
            if missing
            else "Fix: " + "; ".join(i.message for i in metadata_issues),
        ),
        _item(
            "outline_present",
            "The session has an outline",
            15,
            bool(sections),
            f"{len(sections)} sections.",
            "Generate variants or add sections.",
        ),
        _item(
            "version_accepted",
            "An AI version is accepted",
            15,
            accepted,
            "A version is accepted.",
            "Select one of the generated variants.",
        ),
        _item(
            "durations_fill_window",
            "Section durations fill the session",
            15,
            window is not None and bool(sections) and planned == window,
            f"{planned} of {window} minutes planned.",
            f"{planned} minutes planned for a {window}-minute session."
            if window is not None
            else "Set a start and an end time.",
        ),
        _item(
            "sections_complete",
            "Every section has a title and a duration",
            15,
            bool(sections) and not incomplete,
            "Every section is complete.",
            "Sections without a title or duration: " + ", ".join(map(str, incomplete))
            if incomplete
            else "No sections yet.",
        ),
        _item(
            "no_validation_issues",
            "No validation issues",
            15,
            not issues,
            "Nothing to fix.",
            f"{len(issues)} issue(s) to fix.",
        ),
    ]


def score(items: list[Check]) -> int:
    return sum(weight for _, _, weight, passed, _ in items if passed)


def readiness(
    metadata: SessionMetadata,
    sections: Sequence[SectionFacts],
    issues: list[Issue],
    *,
    accepted: bool,
    threshold: int,
) -> Readiness:
    """The checklist (``checklist``) as the API's model, with its score."""
    items = checklist(metadata, sections, issues, accepted=accepted)
    total = score(items)
    return Readiness(
        score=total,
        threshold=threshold,
        ready=total >= threshold,
        checklist=[
            CheckItem(key=key, label=label, weight=weight, passed=passed, message=message)
            for key, label, weight, passed, message in items
        ],
    )

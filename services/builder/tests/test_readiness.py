"""The readiness checklist and inline validation as pure functions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from sessionhub.builder.drafts import readiness as rules
from sessionhub.builder.drafts.schemas import (
    DraftDocument,
    DraftSaved,
    Issue,
    Readiness,
    SessionMetadata,
)
from sessionhub.builder.drafts.service import issues_of, saved

from .conftest import FULL_METADATA

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers


def doc(**extra: object) -> DraftDocument:
    return DraftDocument.model_validate({"metadata": FULL_METADATA, **extra})


def sections(*minutes: int) -> dict[str, object]:
    return {"sections": [{"title": f"s{i}", "duration_minutes": m} for i, m in enumerate(minutes)]}


def check(draft: DraftDocument, *, accepted: bool) -> tuple[list[Issue], Readiness]:
    metadata = draft.metadata or SessionMetadata()
    issues = rules.validate(metadata)
    facts = rules.section_facts(draft)
    return issues, rules.readiness(metadata, facts, issues, accepted=accepted, threshold=80)


def test_a_complete_accepted_outline_filling_the_window_scores_100() -> None:
    draft = doc(outline=sections(10, 60, 20))
    issues, result = check(draft, accepted=True)
    assert issues == []
    assert result.score == 100
    assert result.ready


def test_each_failing_item_costs_its_weight_and_says_why() -> None:
    draft = doc(outline=sections(10, 60))
    _, result = check(draft, accepted=False)
    failed = {i.key: i.message for i in result.checklist if not i.passed}
    assert set(failed) == {"version_accepted", "durations_fill_window"}
    assert "70 minutes planned for a 90-minute session" in failed["durations_fill_window"]
    assert result.score == 70
    assert not result.ready


def test_an_empty_draft_scores_zero_and_names_every_required_field() -> None:
    empty = DraftDocument()
    issues, result = check(empty, accepted=False)
    assert [i.field for i in issues] == [f"metadata.{n}" for n in rules.REQUIRED]
    assert result.score == 0


def test_window_needs_end_after_start() -> None:
    late = doc(metadata={**FULL_METADATA, "endTime": "08:00"})
    assert rules.window_minutes(late.metadata) is None  # type: ignore[arg-type]
    assert rules.window_minutes(doc().metadata) == 90  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("metadata", "facts", "accepted", "selected"),
    [
        (FULL_METADATA, [("Opening", 10), ("Practice", 60), ("Wrap-up", 20)], True, None),
        ({"title": " ", "startTime": "10:00", "endTime": "09:00"}, [("", 0), ("x", 5)], False, 1),
        (None, [], False, None),
    ],
)
def test_autosave_writes_the_answer_draft_saved_describes(
    metadata: dict[str, object] | None,
    facts: list[tuple[str, int]],
    accepted: bool,
    selected: int | None,
) -> None:
    """Autosave writes its answer as plain values: byte for byte what the documented
    model, built from the same row, would have said."""
    now = datetime(2026, 3, 2, 9, 15, tzinfo=UTC)
    row = {
        "id": uuid.uuid4(),
        "revision": 7,
        "accepted_version_id": uuid.uuid4() if accepted else None,
        "last_autosave_at": now,
        "updated_at": now,
        "metadata": metadata,
        "selected_version_id": selected and str(uuid.uuid4()),
        "selected_known": False,
        "sections": [list(f) for f in facts],
    }
    parsed = SessionMetadata.model_validate(metadata or {})
    issues = issues_of(parsed, unknown_selection=selected is not None)
    expected = DraftSaved(
        id=row["id"],
        revision=7,
        validation=issues,
        readiness=rules.readiness(parsed, facts, issues, accepted=accepted, threshold=80),
        last_autosave_at=now,
        updated_at=now,
    )
    assert saved(row, 80, None) == expected.model_dump_json().encode()
    assert saved(row, 80, facts) == expected.model_dump_json().encode()

"""The readiness checklist and inline validation as pure functions."""

from __future__ import annotations

import pytest

from sessionhub.builder.drafts import readiness as rules
from sessionhub.builder.drafts.schemas import DraftDocument, Issue, Readiness, SessionMetadata

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

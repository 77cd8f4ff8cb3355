"""Group feedback: computed once every session of a group has its grading settled."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.sessions import (
    CategoryAveragesV1,
    GroupGradedV1,
    SessionScoreRefV1,
    group_subject,
)
from sessionhub.common.rubric import CATEGORIES
from sessionhub.sessions.groups.repository import GroupRepository

COMMON_LIMIT = 5


def _mean(values: Sequence[int]) -> float:
    return round(sum(values) / len(values), 1)


def category_averages(graded: Sequence[Any]) -> dict[str, float]:
    return {c: _mean([getattr(r, f"{c}_score") or 0 for r in graded]) for c in CATEGORIES}


def most_common(lists: Sequence[Sequence[str]], limit: int = COMMON_LIMIT) -> list[str]:
    """The phrases most sessions share (case-insensitively), first-seen order on ties."""
    counts: Counter[str] = Counter()
    spelled: dict[str, str] = {}
    for items in lists:
        for item in dict.fromkeys(i.strip() for i in items if i.strip()):
            key = item.casefold()
            spelled.setdefault(key, item)
            counts[key] += 1
    order = list(spelled)
    ranked = sorted(order, key=lambda k: (-counts[k], order.index(k)))
    return [spelled[k] for k in ranked[:limit]]


def _score_ref(row: Any) -> SessionScoreRefV1:
    return SessionScoreRefV1(
        session_id=row.id, user_id=row.user_id, overall_score=row.overall_score
    )


def group_graded(group: Any, graded: Sequence[Any]) -> GroupGradedV1 | None:
    """The ``group.graded`` event for the graded members (None when nobody was graded)."""
    if not graded:
        return None
    ranked = sorted(graded, key=lambda r: (-(r.overall_score or 0), r.id))
    return GroupGradedV1(
        group_id=group.id,
        group_name=group.name,
        created_by=group.created_by,
        session_count=len(graded),
        averages=CategoryAveragesV1(**category_averages(graded)),
        best_session=_score_ref(ranked[0]),
        weakest_session=_score_ref(ranked[-1]),
        common_strengths=most_common([r.feedback_strengths for r in graded]),
        common_improvements=most_common([r.feedback_improvements for r in graded]),
    )


async def refresh_group_feedback(db: AsyncSession, group_id: uuid.UUID) -> bool:
    """Store the group's feedback and publish ``group.graded`` if every session is settled.

    The group row is locked first: each grading handler updates its own session before
    taking the lock, so whichever takes it last sees every grade committed.
    """
    repo = GroupRepository(db)
    group = await repo.get(group_id, lock=True)
    if group is None:
        return False
    members = await repo.members(group_id)
    if not members or any(m.grading_status not in ("graded", "failed") for m in members):
        return False
    event = group_graded(group, [m for m in members if m.grading_status == "graded"])
    if event is None:
        return False
    feedback = event.model_dump(mode="json", exclude={"group_id", "group_name", "created_by"}) | {
        "failed_count": sum(1 for m in members if m.grading_status == "failed")
    }
    await repo.store_feedback(group_id, feedback)
    await outbox.add(db, event, subject=group_subject(group_id))
    return True

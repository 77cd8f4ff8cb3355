"""Rubric rules: managers own their rubrics; a saved version never changes.

Editing a rubric saves the next version; sessions keep the version they were created
with, so a rubric in use is never edited in place. Another user's rubric does not exist
for the caller (404), and only managers write rubrics (403).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.auth import User, require_manager
from sessionhub.common.errors import NotFound
from sessionhub.common.rubric import Rubric
from sessionhub.sessions.rubrics.repository import RubricRepository
from sessionhub.sessions.rubrics.schemas import (
    RubricDraft,
    RubricPublic,
    RubricRef,
    RubricSummary,
)

KIND = "Rubric"


def _public(row: Row[Any]) -> RubricPublic:
    rubric = Rubric.model_validate(row.body)
    return RubricPublic(
        id=row.rubric_id,
        version=row.version,
        label=rubric.label,
        created_at=row.created_at,
        rubric=rubric,
    )


class RubricService:
    async def create(self, db: AsyncSession, user: User, draft: RubricDraft) -> RubricPublic:
        require_manager(user)
        return await self._save(db, user, uuid.uuid4(), 1, draft)

    async def new_version(
        self, db: AsyncSession, user: User, rubric_id: uuid.UUID, draft: RubricDraft
    ) -> RubricPublic:
        require_manager(user)
        latest = await RubricRepository(db).latest_version(rubric_id, user.id)
        if latest is None:
            raise NotFound.resource(KIND, rubric_id)
        return await self._save(db, user, rubric_id, latest + 1, draft)

    async def _save(
        self, db: AsyncSession, user: User, rubric_id: uuid.UUID, version: int, draft: RubricDraft
    ) -> RubricPublic:
        now = datetime.now(UTC)
        body = draft.as_rubric(rubric_id, version).model_dump(mode="json")
        repo = RubricRepository(db)
        await repo.add_version(rubric_id, version, user.id, body, now)
        row = await repo.get(rubric_id, user.id, version)
        assert row is not None
        return _public(row)

    async def get(
        self, db: AsyncSession, user: User, rubric_id: uuid.UUID, version: int | None = None
    ) -> RubricPublic:
        require_manager(user)
        row = await RubricRepository(db).get(rubric_id, user.id, version)
        if row is None:
            raise NotFound.resource(
                KIND, rubric_id if version is None else f"{rubric_id}@{version}"
            )
        return _public(row)

    async def list_own(self, db: AsyncSession, user: User) -> list[RubricPublic]:
        require_manager(user)
        return [_public(r) for r in await RubricRepository(db).list_latest(user.id)]

    async def resolve(self, db: AsyncSession, user: User, ref: RubricRef) -> RubricPublic:
        """The version a new session will be graded against; the caller must own it."""
        row = await RubricRepository(db).get(ref.id, user.id, ref.version)
        if row is None:
            raise NotFound.resource(
                KIND, ref.id if ref.version is None else f"{ref.id}@{ref.version}"
            )
        return _public(row)

    async def attach_template(
        self, db: AsyncSession, template_id: int, rubric: RubricPublic
    ) -> None:
        await RubricRepository(db).attach_template(template_id, rubric.id, rubric.version)

    async def of_template(self, db: AsyncSession, template_id: int) -> RubricRef | None:
        row = await RubricRepository(db).of_template(template_id)
        return RubricRef(id=row.rubric_id, version=row.version) if row is not None else None

    async def summaries_of_templates(
        self, db: AsyncSession, template_ids: list[int]
    ) -> dict[int, RubricSummary]:
        if not template_ids:
            return {}
        rows = await RubricRepository(db).of_templates(template_ids)
        return {r.template_id: RubricSummary.of(r.rubric_id, r.version, r.name) for r in rows}

    async def of_session(self, db: AsyncSession, session_id: int) -> Rubric | None:
        body = await RubricRepository(db).of_session(session_id)
        return Rubric.model_validate(body) if body is not None else None


rubrics = RubricService()

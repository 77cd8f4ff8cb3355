"""Edit, move, duplicate, delete and quick-add sections; each is a new revision."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.drafts.schemas import (
    MAX_SECTIONS,
    DraftDocument,
    DraftPublic,
    Outline,
    Section,
)
from sessionhub.builder.drafts.service import drafts, load_document
from sessionhub.builder.errors import PreconditionFailed
from sessionhub.builder.sections.schemas import SectionAdd, SectionEdit
from sessionhub.builder.state import BuilderState
from sessionhub.common.auth import User
from sessionhub.common.errors import NotFound, UnprocessableEntity


def _index(sections: list[Section], section_id: str) -> int:
    for i, s in enumerate(sections):
        if s.id == section_id:
            return i
    raise NotFound.resource("Section", section_id)


def _room(sections: list[Section]) -> None:
    if len(sections) >= MAX_SECTIONS:
        raise UnprocessableEntity(f"An outline holds at most {MAX_SECTIONS} sections.")


def new_id() -> str:
    return uuid.uuid4().hex[:12]


class SectionService:
    async def _apply(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        expected: int | None,
        change: Callable[[list[Section]], None],
    ) -> DraftPublic:
        row = await drafts.row(db, user, draft_id)
        if expected is not None and row.revision != expected:
            raise PreconditionFailed(row.revision)
        doc: DraftDocument = load_document(row.doc)
        outline = doc.outline or Outline()
        sections = list(outline.sections)
        change(sections)
        doc.outline = Outline(sections=sections, summary=outline.summary)
        return await drafts.replace(db, st, user, draft_id, doc, row.revision)

    async def edit(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        section_id: str,
        body: SectionEdit,
        expected: int | None,
    ) -> DraftPublic:
        def change(sections: list[Section]) -> None:
            i = _index(sections, section_id)
            sections[i] = sections[i].model_copy(
                update=body.model_dump(exclude_unset=True, exclude_none=True)
            )

        return await self._apply(db, st, user, draft_id, expected, change)

    async def move(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        section_id: str,
        to_index: int,
        expected: int | None,
    ) -> DraftPublic:
        def change(sections: list[Section]) -> None:
            section = sections.pop(_index(sections, section_id))
            sections.insert(min(to_index, len(sections)), section)

        return await self._apply(db, st, user, draft_id, expected, change)

    async def duplicate(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        section_id: str,
        expected: int | None,
    ) -> DraftPublic:
        def change(sections: list[Section]) -> None:
            _room(sections)
            i = _index(sections, section_id)
            copy = sections[i].model_copy(
                update={"id": new_id(), "title": f"{sections[i].title} (copy)"[:200]}
            )
            sections.insert(i + 1, copy)

        return await self._apply(db, st, user, draft_id, expected, change)

    async def delete(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        section_id: str,
        expected: int | None,
    ) -> DraftPublic:
        def change(sections: list[Section]) -> None:
            sections.pop(_index(sections, section_id))

        return await self._apply(db, st, user, draft_id, expected, change)

    async def add(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        body: SectionAdd,
        expected: int | None,
    ) -> DraftPublic:
        def change(sections: list[Section]) -> None:
            _room(sections)
            section = Section(
                id=new_id(),
                title=body.title,
                description=body.description,
                duration_minutes=body.duration_minutes,
                kind=body.kind,
            )
            if body.index is not None:
                index = min(body.index, len(sections))
            elif sections and sections[-1].kind == "wrap_up":
                index = len(sections) - 1
            else:
                index = len(sections)
            sections.insert(index, section)

        return await self._apply(db, st, user, draft_id, expected, change)


sections = SectionService()

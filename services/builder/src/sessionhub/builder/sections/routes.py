"""/api/builder/drafts/{id}/sections: outline edits, each a new revision under If-Match."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from sessionhub.builder.drafts.routes import Expected, draft_response
from sessionhub.builder.drafts.schemas import DraftPublic
from sessionhub.builder.errors import CONDITIONAL_RESPONSES
from sessionhub.builder.sections.schemas import SectionAdd, SectionEdit, SectionMove
from sessionhub.builder.sections.service import sections
from sessionhub.builder.state import DbSession, State
from sessionhub.common.auth import CurrentUser

router = APIRouter(
    prefix="/api/builder/drafts/{draft_id}/sections",
    tags=["builder sections"],
    responses=CONDITIONAL_RESPONSES,
)

SectionId = Annotated[str, Path(min_length=1, max_length=64)]


@router.post("", response_model=DraftPublic, summary="Quick add a section")
async def add_section(
    draft_id: uuid.UUID,
    body: SectionAdd,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: Expected,
) -> JSONResponse:
    return draft_response(await sections.add(db, st, user, draft_id, body, expected))


@router.patch("/{section_id}", response_model=DraftPublic, summary="Edit a section's fields")
async def edit_section(
    draft_id: uuid.UUID,
    section_id: SectionId,
    body: SectionEdit,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: Expected,
) -> JSONResponse:
    return draft_response(await sections.edit(db, st, user, draft_id, section_id, body, expected))


@router.post("/{section_id}/move", response_model=DraftPublic, summary="Move a section to an index")
async def move_section(
    draft_id: uuid.UUID,
    section_id: SectionId,
    body: SectionMove,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: Expected,
) -> JSONResponse:
    return draft_response(
        await sections.move(db, st, user, draft_id, section_id, body.to_index, expected)
    )


@router.post(
    "/{section_id}/duplicate",
    response_model=DraftPublic,
    summary="Duplicate a section after itself",
)
async def duplicate_section(
    draft_id: uuid.UUID,
    section_id: SectionId,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: Expected,
) -> JSONResponse:
    return draft_response(await sections.duplicate(db, st, user, draft_id, section_id, expected))


@router.delete("/{section_id}", response_model=DraftPublic, summary="Delete a section")
async def delete_section(
    draft_id: uuid.UUID,
    section_id: SectionId,
    user: CurrentUser,
    db: DbSession,
    st: State,
    expected: Expected,
) -> JSONResponse:
    return draft_response(await sections.delete(db, st, user, draft_id, section_id, expected))

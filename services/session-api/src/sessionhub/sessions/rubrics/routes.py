"""HTTP routes of /api/rubrics: thin, the rules live in the service."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path
from fastapi.responses import JSONResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import INT4_MAX
from sessionhub.sessions.rubrics.schemas import RubricDraft, RubricPublic
from sessionhub.sessions.rubrics.service import rubrics
from sessionhub.sessions.state import Db

PREFIX = "/api/rubrics"
Version = Annotated[int, Path(ge=1, le=INT4_MAX, description="The rubric's version.")]
CREATED: dict[int | str, dict[str, Any]] = {201: {"model": RubricPublic}}

router = APIRouter(prefix=PREFIX, tags=["rubrics"])


def _created(rubric: RubricPublic) -> JSONResponse:
    return JSONResponse(
        rubric.model_dump(mode="json"),
        status_code=201,
        headers={"Location": f"{PREFIX}/{rubric.id}/versions/{rubric.version}"},
    )


@router.post("", status_code=201, responses=CREATED, summary="Save a new rubric (version 1)")
async def create_rubric(body: RubricDraft, user: CurrentUser, db: Db) -> JSONResponse:
    return _created(await rubrics.create(db, user, body))


@router.get("", summary="The caller's rubrics, latest version of each")
async def list_rubrics(user: CurrentUser, db: Db) -> list[RubricPublic]:
    return await rubrics.list_own(db, user)


@router.get("/{rubric_id}", summary="The latest version of a rubric")
async def get_rubric(rubric_id: uuid.UUID, user: CurrentUser, db: Db) -> RubricPublic:
    return await rubrics.get(db, user, rubric_id)


@router.post(
    "/{rubric_id}/versions",
    status_code=201,
    responses=CREATED,
    summary="Save the next version; earlier versions and the sessions using them are unchanged",
)
async def add_version(
    rubric_id: uuid.UUID, body: RubricDraft, user: CurrentUser, db: Db
) -> JSONResponse:
    return _created(await rubrics.new_version(db, user, rubric_id, body))


@router.get("/{rubric_id}/versions/{version}", summary="One version of a rubric")
async def get_version(
    rubric_id: uuid.UUID, version: Version, user: CurrentUser, db: Db
) -> RubricPublic:
    return await rubrics.get(db, user, rubric_id, version)

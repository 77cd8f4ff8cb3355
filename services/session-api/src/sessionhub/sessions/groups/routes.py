"""HTTP routes of /api/groups: bulk creation, progress, templates, export/import."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.db import INT4_MAX
from sessionhub.common.idempotency import IdempotencyKey
from sessionhub.common.pagination import Page
from sessionhub.sessions.groups import bulk
from sessionhub.sessions.groups.schemas import (
    GroupCompleteResult,
    GroupCreate,
    GroupCreateResult,
    GroupDetail,
    GroupExport,
    GroupFromTemplate,
    GroupImport,
    GroupSummary,
    GroupUpdate,
    TemplateCreate,
    TemplatePublic,
)
from sessionhub.sessions.groups.service import groups
from sessionhub.sessions.rubrics.service import rubrics
from sessionhub.sessions.state import Db, State

TemplateId = Annotated[int, Path(ge=1, le=INT4_MAX)]
CREATED: dict[int | str, dict[str, Any]] = {201: {"model": GroupCreateResult}}

router = APIRouter(prefix="/api/groups", tags=["groups"])


@router.post(
    "",
    status_code=201,
    responses=CREATED,
    summary="Create a named group of sessions in bulk; failures are reported per session",
)
async def create_group(
    body: GroupCreate, user: CurrentUser, db: Db, st: State, key: IdempotencyKey = None
) -> JSONResponse:
    return await bulk.create_listed(db, st, user, body, key)


@router.get("", summary="The caller's groups, newest first")
async def list_groups(
    user: CurrentUser,
    db: Db,
    cursor: str | None = Query(None, max_length=300),
    limit: int = Query(20, ge=1, le=100),
) -> Page[GroupSummary]:
    return await groups.list_groups(db, user, cursor=cursor, limit=limit)


@router.post(
    "/import",
    status_code=201,
    responses=CREATED,
    summary="Create a group from an exported configuration",
)
async def import_group(
    body: GroupImport, user: CurrentUser, db: Db, st: State, key: IdempotencyKey = None
) -> JSONResponse:
    return await bulk.create_listed(db, st, user, body, key)


@router.get("/templates", summary="The caller's group templates")
async def list_templates(
    user: CurrentUser,
    db: Db,
    cursor: str | None = Query(None, max_length=200),
    limit: int = Query(20, ge=1, le=100),
) -> Page[TemplatePublic]:
    return await groups.templates(db, user, cursor=cursor, limit=limit)


@router.get("/templates/{template_id}", summary="One group template")
async def get_template(template_id: TemplateId, user: CurrentUser, db: Db) -> TemplatePublic:
    return await groups.template(db, user, template_id)


@router.post(
    "/templates/{template_id}/groups",
    status_code=201,
    responses=CREATED,
    summary="Create a group from a template",
)
async def create_from_template(
    template_id: TemplateId,
    user: CurrentUser,
    db: Db,
    st: State,
    body: GroupFromTemplate | None = None,
    key: IdempotencyKey = None,
) -> JSONResponse:
    template = await groups.template(db, user, template_id)
    name = body.group_name if body else None
    rubric = body.rubric if body and body.rubric else await rubrics.of_template(db, template_id)
    return await bulk.create_group(
        db,
        st,
        user,
        group_name=name or template.name,
        raw_sessions=[c.model_dump(exclude_none=True) for c in template.sessions],
        key=key,
        # The key's fingerprint covers the path: reused on another template, it is a 422.
        request=body,
        rubric=rubric,
    )


@router.get("/{group_id}", summary="The group: sessions, counts per status, progress")
async def get_group(group_id: uuid.UUID, user: CurrentUser, db: Db) -> GroupDetail:
    return await groups.detail(db, user, group_id)


@router.patch("/{group_id}", summary="Rename a group")
async def rename_group(
    group_id: uuid.UUID, body: GroupUpdate, user: CurrentUser, db: Db
) -> GroupDetail:
    return await groups.rename(db, user, group_id, body.group_name)


@router.post(
    "/{group_id}/complete",
    summary="Complete every active session of the group: all of them, or none and a report",
)
async def complete_group(
    group_id: uuid.UUID, user: CurrentUser, db: Db, st: State
) -> GroupCompleteResult:
    return await bulk.complete_group(db, st, user, group_id)


@router.delete("/{group_id}", status_code=204, summary="Delete the group and its sessions")
async def delete_group(group_id: uuid.UUID, user: CurrentUser, db: Db, st: State) -> Response:
    await groups.delete(db, st, user, group_id)
    return Response(status_code=204)


@router.get("/{group_id}/export", summary="The group's configuration as JSON")
async def export_group(group_id: uuid.UUID, user: CurrentUser, db: Db) -> GroupExport:
    return await groups.export(db, user, group_id)


@router.post(
    "/{group_id}/template", status_code=201, summary="Save the group's sessions as a template"
)
async def save_template(
    group_id: uuid.UUID, body: TemplateCreate, user: CurrentUser, db: Db, response: Response
) -> TemplatePublic:
    template = await groups.save_template(db, user, group_id, body.name, body.rubric)
    response.headers["Location"] = f"/api/groups/templates/{template.id}"
    return template

"""HTTP routes of /api/groups: bulk creation, progress, templates, export/import."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Response
from fastapi.responses import JSONResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.common.idempotency import IdempotencyKey
from sessionhub.common.pagination import Page
from sessionhub.sessions.groups import flows
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
from sessionhub.sessions.state import SessionDep, State

TemplateId = Annotated[int, Path(ge=1, le=2**31 - 1)]
CREATED: dict[int | str, dict[str, Any]] = {201: {"model": GroupCreateResult}}


def build_router() -> APIRouter:
    router = APIRouter(prefix="/api/groups", tags=["groups"])

    @router.post(
        "",
        status_code=201,
        responses=CREATED,
        summary="Create a named group of sessions in bulk; failures are reported per session",
    )
    async def create_group(
        body: GroupCreate, user: CurrentUser, st: State, key: IdempotencyKey = None
    ) -> JSONResponse:
        return await flows.create_group(
            st, user, group_name=body.group_name, raw_sessions=body.sessions, key=key, request=body
        )

    @router.get("", summary="The caller's groups, newest first")
    async def list_groups(
        user: CurrentUser,
        session: SessionDep,
        cursor: str | None = Query(None, max_length=300),
        limit: int = Query(20, ge=1, le=100),
    ) -> Page[GroupSummary]:
        return await groups.list_groups(session, user, cursor=cursor, limit=limit)

    @router.post(
        "/import",
        status_code=201,
        responses=CREATED,
        summary="Create a group from an exported configuration",
    )
    async def import_group(
        body: GroupImport, user: CurrentUser, st: State, key: IdempotencyKey = None
    ) -> JSONResponse:
        return await flows.create_group(
            st, user, group_name=body.group_name, raw_sessions=body.sessions, key=key, request=body
        )

    @router.get("/templates", summary="The caller's group templates")
    async def list_templates(
        user: CurrentUser,
        session: SessionDep,
        cursor: str | None = Query(None, max_length=200),
        limit: int = Query(20, ge=1, le=100),
    ) -> Page[TemplatePublic]:
        return await groups.templates(session, user, cursor=cursor, limit=limit)

    @router.get("/templates/{template_id}", summary="One group template")
    async def get_template(
        template_id: TemplateId, user: CurrentUser, session: SessionDep
    ) -> TemplatePublic:
        return await groups.template(session, user, template_id)

    @router.post(
        "/templates/{template_id}/groups",
        status_code=201,
        responses=CREATED,
        summary="Create a group from a template",
    )
    async def create_from_template(
        template_id: TemplateId,
        user: CurrentUser,
        st: State,
        body: GroupFromTemplate | None = None,
        key: IdempotencyKey = None,
    ) -> JSONResponse:
        async with st.ctx.db.read_session() as session:
            template = await groups.template(session, user, template_id)
        return await flows.create_group(
            st,
            user,
            group_name=(body.group_name if body else None) or template.name,
            raw_sessions=[c.model_dump(exclude_none=True) for c in template.sessions],
            key=key,
            request=body,
        )

    @router.get("/{group_id}", summary="The group: sessions, counts per status, progress")
    async def get_group(group_id: uuid.UUID, user: CurrentUser, session: SessionDep) -> GroupDetail:
        return await groups.detail(session, user, group_id)

    @router.patch("/{group_id}", summary="Rename a group")
    async def rename_group(
        group_id: uuid.UUID, body: GroupUpdate, user: CurrentUser, session: SessionDep
    ) -> GroupDetail:
        return await groups.rename(session, user, group_id, body.group_name)

    @router.post("/{group_id}/complete", summary="Complete every active session of the group")
    async def complete_group(
        group_id: uuid.UUID, user: CurrentUser, st: State
    ) -> GroupCompleteResult:
        return await flows.complete_group(st, user, group_id)

    @router.delete("/{group_id}", status_code=204, summary="Delete the group and its sessions")
    async def delete_group(
        group_id: uuid.UUID, user: CurrentUser, session: SessionDep, st: State
    ) -> Response:
        await groups.delete(session, st, user, group_id)
        return Response(status_code=204)

    @router.get("/{group_id}/export", summary="The group's configuration as JSON")
    async def export_group(
        group_id: uuid.UUID, user: CurrentUser, session: SessionDep
    ) -> GroupExport:
        return await groups.export(session, user, group_id)

    @router.post(
        "/{group_id}/template", status_code=201, summary="Save the group's sessions as a template"
    )
    async def save_template(
        group_id: uuid.UUID, body: TemplateCreate, user: CurrentUser, session: SessionDep
    ) -> TemplatePublic:
        return await groups.save_template(session, user, group_id, body.name)

    return router

"""Variants: request (202), follow (SSE), poll; the persona configs admins edit."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response
from fastapi.responses import JSONResponse
from sse_starlette import EventSourceResponse

from sessionhub.builder.drafts.service import drafts
from sessionhub.builder.generation import live
from sessionhub.builder.generation.schemas import (
    GenerationAccepted,
    GenerationPublic,
    VariantConfigPublic,
    VariantConfigUpdate,
    VariantRequest,
)
from sessionhub.builder.generation.service import generations
from sessionhub.builder.state import DbSession, State
from sessionhub.common.auth import CurrentUser
from sessionhub.common.events.catalog.builder import Persona
from sessionhub.common.openapi import EVENT_STREAM
from sessionhub.common.sse import sse_response

router = APIRouter(prefix="/api/builder", tags=["builder variants"])


@router.post(
    "/drafts/{draft_id}/variants",
    status_code=202,
    response_model=GenerationAccepted,
    summary="Generate outline variants on the builder workers; 422 names missing fields",
)
async def request_variants(
    draft_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    st: State,
    body: VariantRequest | None = None,
) -> JSONResponse:
    accepted = await generations.request(db, st, user, draft_id, body or VariantRequest())
    return JSONResponse(
        accepted.model_dump(mode="json"),
        status_code=202,
        headers={"Location": accepted.poll_url},
    )


@router.get("/drafts/{draft_id}/generations", summary="The draft's latest generations")
async def list_generations(
    draft_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    limit: int = Query(5, ge=1, le=50),
) -> list[GenerationPublic]:
    return await generations.of_draft(db, user, draft_id, limit)


@router.get(
    "/drafts/{draft_id}/events",
    response_class=EventSourceResponse,
    summary="SSE: pending → each variant as it lands → done or failed, for every generation",
)
async def draft_events(
    draft_id: uuid.UUID, user: CurrentUser, db: DbSession, st: State
) -> EventSourceResponse:
    await drafts.row(db, user, draft_id)
    return sse_response(live.follow(st.ctx, draft_id), heartbeat_s=st.settings.sse_ping_s)


@router.get(
    "/generations/{generation_id}",
    response_model=GenerationPublic,
    summary="A generation and its variants (SSE until it ends with Accept: text/event-stream)",
    responses={200: {"content": {EVENT_STREAM: {}}}},
)
async def get_generation(
    generation_id: uuid.UUID,
    user: CurrentUser,
    db: DbSession,
    st: State,
    accept: Annotated[str, Header()] = "application/json",
) -> Response:
    generation = await generations.get(db, user, generation_id)
    if EVENT_STREAM in accept:
        return sse_response(
            live.follow(st.ctx, generation.draft_id, generation_id=generation_id),
            heartbeat_s=st.settings.sse_ping_s,
        )
    return JSONResponse(generation.model_dump(mode="json"))


@router.get("/variant-configs", summary="The four personas: label, description, instruction")
async def list_variant_configs(user: CurrentUser, db: DbSession) -> list[VariantConfigPublic]:
    return await generations.configs(db)


@router.put(
    "/variant-configs/{persona}",
    summary="Edit a persona (admins); unknown instruction placeholders are a 422",
)
async def update_variant_config(
    persona: Persona, body: VariantConfigUpdate, user: CurrentUser, db: DbSession
) -> VariantConfigPublic:
    return await generations.update_config(db, user, persona, body)

"""Requesting variants, reading generations, and the persona configs. Never commits."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from functools import partial
from typing import Any

from sqlalchemy import Row
from sqlmodel.ext.asyncio.session import AsyncSession

from sessionhub.builder.drafts import readiness as rules
from sessionhub.builder.drafts.schemas import SessionMetadata
from sessionhub.builder.drafts.service import DraftArchived, drafts, load_document, subject
from sessionhub.builder.generation.notify import notify
from sessionhub.builder.generation.personas import PLACEHOLDERS, unknown_placeholders
from sessionhub.builder.generation.repository import ConfigRepository, GenerationRepository
from sessionhub.builder.generation.schemas import (
    PERSONAS,
    GenerationAccepted,
    GenerationPublic,
    VariantConfigPublic,
    VariantConfigUpdate,
    VariantPublic,
    VariantRequest,
)
from sessionhub.builder.state import BuilderState
from sessionhub.common.auth import User
from sessionhub.common.db import after_commit
from sessionhub.common.errors import Forbidden, NotFound, UnprocessableEntity
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.builder import DraftVariantsRequestedV1

KIND = "Generation"


def variant_public(row: Row[Any]) -> VariantPublic:
    return VariantPublic.model_validate(dict(row._mapping))


def generation_public(row: Row[Any], variants: list[Row[Any]]) -> GenerationPublic:
    return GenerationPublic.model_validate(
        {
            **row._mapping,
            "personas": row.request.get("personas", list(PERSONAS)),
            "variants": [variant_public(v) for v in variants],
        }
    )


def require_generation_metadata(metadata: SessionMetadata) -> None:
    """The seed's toast: generation needs the goal and a valid time window."""
    missing = rules.missing_fields(metadata, rules.GENERATION_REQUIRED)
    if missing:
        raise UnprocessableEntity(
            "Fill in these fields before generating variants: " + ", ".join(missing) + ".",
            extra={"missing_fields": missing},
        )
    if rules.window_minutes(metadata) is None:
        raise UnprocessableEntity(
            "The session must end after it starts before variants can fill it.",
            extra={"missing_fields": [], "invalid_fields": ["endTime"]},
        )


class GenerationService:
    async def request(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        body: VariantRequest,
    ) -> GenerationAccepted:
        row = await drafts.row(db, user, draft_id)
        if row.status == "archived":
            raise DraftArchived(f"Draft {draft_id} is archived.")
        metadata = load_document(row.doc).metadata or SessionMetadata()
        require_generation_metadata(metadata)
        personas = body.personas or list(PERSONAS)
        generation_id = uuid.uuid4()
        snapshot = metadata.model_dump(mode="json", exclude_none=True)
        request = {
            "personas": personas,
            "rag_weight": body.rag_weight,
            "metadata": snapshot,
            "draft_revision": row.revision,
        }
        await GenerationRepository(db).create(generation_id, draft_id, user.id, request)
        await outbox.add(
            db,
            DraftVariantsRequestedV1(
                draft_id=draft_id,
                owner_id=user.id,
                generation_id=generation_id,
                draft_revision=row.revision,
                personas=personas,
                rag_weight=body.rag_weight,
                metadata=snapshot,
                requested_at=datetime.now(UTC),
            ),
            subject=subject(draft_id),
        )
        # Open draft streams pick the new generation up at once.
        after_commit(db, partial(notify, st.ctx, draft_id))
        return GenerationAccepted(
            id=generation_id,
            draft_id=draft_id,
            status="pending",
            personas=personas,
            events_url=f"/api/builder/drafts/{draft_id}/events",
            poll_url=f"/api/builder/generations/{generation_id}",
        )

    async def get(self, db: AsyncSession, user: User, generation_id: uuid.UUID) -> GenerationPublic:
        repo = GenerationRepository(db)
        row = await repo.get(generation_id)
        if row is None or row.owner_id != user.id:
            raise NotFound.resource(KIND, generation_id)
        return generation_public(row, await repo.variants(generation_id))

    async def of_draft(
        self, db: AsyncSession, user: User, draft_id: uuid.UUID, limit: int
    ) -> list[GenerationPublic]:
        await drafts.row(db, user, draft_id)
        repo = GenerationRepository(db)
        return [
            generation_public(g, await repo.variants(g.id))
            for g in await repo.latest(draft_id, limit)
        ]

    async def configs(self, db: AsyncSession) -> list[VariantConfigPublic]:
        rows = await ConfigRepository(db).all()
        return [VariantConfigPublic.model_validate(dict(r._mapping)) for r in rows]

    async def update_config(
        self, db: AsyncSession, user: User, persona: str, body: VariantConfigUpdate
    ) -> VariantConfigPublic:
        if not user.is_admin:
            raise Forbidden("Only admins can edit the variant personas.")
        try:
            unknown = unknown_placeholders(body.instruction)
        except ValueError as exc:
            raise UnprocessableEntity(f"The instruction's braces are malformed: {exc}.") from exc
        if unknown:
            raise UnprocessableEntity(
                "Unknown placeholders: "
                + ", ".join("{" + u + "}" for u in unknown)
                + ". Known: "
                + ", ".join("{" + p + "}" for p in PLACEHOLDERS)
                + ".",
                extra={"unknown_placeholders": unknown, "known_placeholders": list(PLACEHOLDERS)},
            )
        row = await ConfigRepository(db).update(
            persona,
            label=body.label,
            description=body.description,
            instruction=body.instruction,
            by=user.id,
        )
        if row is None:
            raise NotFound.resource("Variant persona", persona)
        return VariantConfigPublic.model_validate(dict(row._mapping))


generations = GenerationService()

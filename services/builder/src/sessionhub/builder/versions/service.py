"""Selecting a variant makes an AI version and accepts it; versions are listed and compared."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.analytics.repository import InteractionRepository
from sessionhub.builder.drafts.schemas import DraftPublic, Outline
from sessionhub.builder.drafts.service import drafts, load_document, subject
from sessionhub.builder.errors import PreconditionFailed
from sessionhub.builder.generation.repository import GenerationRepository
from sessionhub.builder.state import BuilderState
from sessionhub.builder.versions.compare import compare
from sessionhub.builder.versions.repository import VersionRepository
from sessionhub.builder.versions.schemas import VersionComparison, VersionPublic
from sessionhub.common.auth import User
from sessionhub.common.errors import BadRequest, Conflict, NotFound
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.builder import DraftVariantSelectedV1

CURRENT = "current"


def version_public(row: Row[Any]) -> VersionPublic:
    return VersionPublic.model_validate(dict(row._mapping))


class VersionService:
    async def select(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        variant_id: uuid.UUID,
        expected: int | None,
    ) -> DraftPublic:
        """The variant becomes an AI version (once), the accepted one, and the outline."""
        row = await drafts.row(db, user, draft_id)
        if expected is not None and row.revision != expected:
            raise PreconditionFailed(row.revision)
        variant = await GenerationRepository(db).variant(variant_id)
        if variant is None or variant.draft_id != draft_id or variant.owner_id != user.id:
            raise NotFound.resource("Variant", variant_id)
        if variant.status != "ok":
            raise Conflict(f"Variant {variant_id} failed; there is nothing to select.")
        versions = VersionRepository(db)
        version = await versions.of_variant(draft_id, variant_id) or await versions.create(
            draft_id, variant
        )
        doc = load_document(row.doc)
        doc.outline = Outline.model_validate(variant.outline)
        doc.selected_version_id = version.id
        draft = await drafts.replace(db, st, user, draft_id, doc, row.revision, accepted=version.id)
        category = draft.metadata.category
        await InteractionRepository(db).record(
            owner=user.id,
            draft_id=draft_id,
            kind="variant_selected",
            generation_id=variant.generation_id,
            variant_id=variant_id,
            version_id=version.id,
            variant_label=variant.label,
            persona=variant.persona,
            rag_weight=variant.rag_weight,
            category=category,
        )
        await outbox.add(
            db,
            DraftVariantSelectedV1(
                draft_id=draft_id,
                owner_id=user.id,
                generation_id=variant.generation_id,
                variant_id=variant_id,
                version_id=version.id,
                persona=variant.persona,
                label=variant.label,
                rag_weight=variant.rag_weight,
                category=category,
                selected_at=datetime.now(UTC),
            ),
            subject=subject(draft_id),
        )
        return draft

    async def accept(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        version_id: uuid.UUID,
        expected: int | None,
    ) -> DraftPublic:
        """Go back to an earlier AI version: it becomes the accepted one and the outline."""
        row = await drafts.row(db, user, draft_id)
        if expected is not None and row.revision != expected:
            raise PreconditionFailed(row.revision)
        version = await VersionRepository(db).get(draft_id, version_id)
        if version is None:
            raise NotFound.resource("AI version", version_id)
        doc = load_document(row.doc)
        doc.outline = Outline.model_validate(version.outline)
        doc.selected_version_id = version.id
        return await drafts.replace(db, st, user, draft_id, doc, row.revision, accepted=version.id)

    async def of_draft(
        self, db: AsyncSession, user: User, draft_id: uuid.UUID
    ) -> list[VersionPublic]:
        await drafts.row(db, user, draft_id)
        return [version_public(v) for v in await VersionRepository(db).of_draft(draft_id)]

    async def get(
        self, db: AsyncSession, user: User, draft_id: uuid.UUID, version_id: uuid.UUID
    ) -> VersionPublic:
        await drafts.row(db, user, draft_id)
        row = await VersionRepository(db).get(draft_id, version_id)
        if row is None:
            raise NotFound.resource("AI version", version_id)
        return version_public(row)

    async def compare(
        self, db: AsyncSession, user: User, draft_id: uuid.UUID, a: str, b: str
    ) -> VersionComparison:
        """``a`` and ``b`` are version ids, or ``current`` for the draft's own outline."""
        row = await drafts.row(db, user, draft_id)

        async def outline(name: str) -> Outline:
            if name == CURRENT:
                return load_document(row.doc).outline or Outline()
            try:
                version_id = uuid.UUID(name)
            except ValueError as exc:
                raise BadRequest(f"{name!r} is neither a version id nor 'current'.") from exc
            version = await VersionRepository(db).get(draft_id, version_id)
            if version is None:
                raise NotFound.resource("AI version", name)
            return Outline.model_validate(version.outline)

        return compare(a, await outline(a), b, await outline(b))


versions = VersionService()

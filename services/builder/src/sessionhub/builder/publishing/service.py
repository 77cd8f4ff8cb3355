"""Publish (readiness-gated, idempotent per revision), archive, and the published sessions."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.analytics.repository import InteractionRepository
from sessionhub.builder.drafts import readiness as rules
from sessionhub.builder.drafts.schemas import DraftPublic, SessionMetadata
from sessionhub.builder.drafts.service import DraftArchived, drafts, subject
from sessionhub.builder.errors import PreconditionFailed
from sessionhub.builder.publishing.repository import PublishingRepository
from sessionhub.builder.publishing.schemas import (
    ContentVersionPublic,
    PublishedSessionDetail,
    PublishedSessionPublic,
    PublishResult,
)
from sessionhub.builder.state import BuilderState
from sessionhub.common.auth import User
from sessionhub.common.errors import Conflict, NotFound
from sessionhub.common.events import outbox
from sessionhub.common.events.catalog.builder import (
    DraftArchivedV1,
    DraftPublishedV1,
    PublishedSectionV1,
)
from sessionhub.common.pagination import Page, decode_cursor, keyset_page

KIND = "Published session"


class NotReady(Conflict):
    code = "draft-not-ready"


def schedule(m: SessionMetadata) -> tuple[datetime | None, datetime | None]:
    """Start and end as instants, when the date, times and a known time zone are set."""
    if not (m.startDate and m.startTime and m.endTime and m.timezone):
        return None, None
    if not rules.known_timezone(m.timezone):
        return None, None
    zone = ZoneInfo(m.timezone)
    start = datetime.combine(m.startDate, m.startTime, tzinfo=zone)
    end = datetime.combine(m.startDate, m.endTime, tzinfo=zone)
    return start, end


def session_values(m: SessionMetadata) -> dict[str, Any]:
    starts_at, ends_at = schedule(m)
    return {
        "title": m.title or "",
        "session_type": m.sessionType or "training",
        "category": m.category or "",
        "metadata": m.model_dump(mode="json", exclude_none=True),
        "starts_at": starts_at,
        "ends_at": ends_at,
        "timezone": m.timezone,
        "audience_id": m.audienceId,
        "audience_name": m.audienceName,
        "location": m.location,
    }


def content_public(row: Row[Any]) -> ContentVersionPublic:
    return ContentVersionPublic.model_validate(dict(row._mapping))


class PublishingService:
    async def publish(
        self,
        db: AsyncSession,
        st: BuilderState,
        user: User,
        draft_id: uuid.UUID,
        expected: int | None,
    ) -> PublishResult:
        repo = PublishingRepository(db)
        locked = await repo.lock_draft(draft_id, user.id)
        if locked is None:
            raise NotFound.resource("Draft", draft_id)
        if locked.status == "archived":
            raise DraftArchived(f"Draft {draft_id} is archived; it cannot be published.")
        if expected is not None and locked.revision != expected:
            raise PreconditionFailed(locked.revision)
        draft = await drafts.get(db, st, user, draft_id)
        if locked.published_session_id is not None and locked.published_revision == locked.revision:
            done = await repo.version_of_revision(locked.published_session_id, locked.revision)
            assert done is not None
            return PublishResult(
                session_id=locked.published_session_id,
                content_version=done.version,
                draft_revision=locked.revision,
                readiness=draft.readiness,
                created=False,
            )
        if not draft.readiness.ready:
            raise NotReady(
                f"The draft scores {draft.readiness.score}; publishing needs "
                f"{draft.readiness.threshold}. Complete the checklist first.",
                extra={"readiness": draft.readiness.model_dump(mode="json")},
            )
        return await self._publish(db, user, draft)

    async def _publish(self, db: AsyncSession, user: User, draft: DraftPublic) -> PublishResult:
        repo = PublishingRepository(db)
        now = datetime.now(UTC)
        metadata = draft.metadata
        outline = draft.outline
        assert outline is not None  # readiness requires an outline
        session = await repo.upsert_session(
            draft_id=draft.id, owner=user.id, values=session_values(metadata), now=now
        )
        version = await repo.add_version(
            session.id,
            version=session.current_version,
            revision=draft.revision,
            outline=outline.model_dump(mode="json"),
            accepted=draft.accepted_version_id,
            score=draft.readiness.score,
            by=user.id,
            now=now,
        )
        await repo.mark_published(draft.id, session.id, draft.revision)
        await InteractionRepository(db).record(
            owner=user.id,
            draft_id=draft.id,
            kind="published",
            version_id=draft.accepted_version_id,
            category=metadata.category,
            data={
                "session_id": str(session.id),
                "content_version": version.version,
                "readiness_score": draft.readiness.score,
            },
        )
        await outbox.add(
            db,
            DraftPublishedV1(
                draft_id=draft.id,
                owner_id=user.id,
                session_id=session.id,
                content_version=version.version,
                draft_revision=draft.revision,
                title=session.title,
                session_type=session.session_type,
                category=session.category,
                start_date=metadata.startDate,
                start_time=metadata.startTime,
                end_time=metadata.endTime,
                timezone=metadata.timezone,
                location=metadata.location,
                audience_id=metadata.audienceId,
                audience_name=metadata.audienceName,
                accepted_version_id=draft.accepted_version_id,
                readiness_score=draft.readiness.score,
                sections=[
                    PublishedSectionV1(
                        id=s.id or "",
                        title=s.title,
                        kind=s.kind,
                        duration_minutes=s.duration_minutes,
                        description=s.description,
                    )
                    for s in outline.sections
                ],
                published_at=now,
            ),
            subject=subject(draft.id),
        )
        return PublishResult(
            session_id=session.id,
            content_version=version.version,
            draft_revision=draft.revision,
            readiness=draft.readiness,
            created=True,
        )

    async def archive(
        self, db: AsyncSession, st: BuilderState, user: User, draft_id: uuid.UUID
    ) -> DraftPublic:
        archived = await PublishingRepository(db).archive(draft_id, user.id)
        if archived is None:
            raise NotFound.resource("Draft", draft_id)
        if archived.changed:
            await outbox.add(
                db,
                DraftArchivedV1(
                    draft_id=draft_id,
                    owner_id=user.id,
                    published_session_id=archived.published_session_id,
                    archived_at=datetime.now(UTC),
                ),
                subject=subject(draft_id),
            )
        return await drafts.get(db, st, user, draft_id)

    async def session(
        self, db: AsyncSession, user: User, session_id: uuid.UUID
    ) -> PublishedSessionDetail:
        repo = PublishingRepository(db)
        row = await repo.session(session_id, user.id)
        if row is None:
            raise NotFound.resource(KIND, session_id)
        current = await repo.version(session_id, row.current_version)
        assert current is not None
        return PublishedSessionDetail.model_validate(
            {**row._mapping, "content": content_public(current)}
        )

    async def sessions(
        self, db: AsyncSession, user: User, *, cursor: str | None, limit: int
    ) -> Page[PublishedSessionPublic]:
        after = None if cursor is None else decode_cursor(cursor, datetime, uuid.UUID)
        rows = await PublishingRepository(db).sessions(user.id, after=after, limit=limit + 1)
        return keyset_page(
            rows,
            limit,
            lambda r: PublishedSessionPublic.model_validate(dict(r._mapping)),
            lambda r: (r.published_at, r.id),
        )

    async def versions(
        self, db: AsyncSession, user: User, session_id: uuid.UUID
    ) -> list[ContentVersionPublic]:
        repo = PublishingRepository(db)
        if await repo.session(session_id, user.id) is None:
            raise NotFound.resource(KIND, session_id)
        return [content_public(v) for v in await repo.versions(session_id)]

    async def version(
        self, db: AsyncSession, user: User, session_id: uuid.UUID, version: int
    ) -> ContentVersionPublic:
        repo = PublishingRepository(db)
        if await repo.session(session_id, user.id) is None:
            raise NotFound.resource(KIND, session_id)
        row = await repo.version(session_id, version)
        if row is None:
            raise NotFound(f"{KIND} {session_id} has no content version {version}.")
        return content_public(row)


publishing = PublishingService()

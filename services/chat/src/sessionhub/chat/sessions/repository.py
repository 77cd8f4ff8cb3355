"""SQL of chat sessions. Functions take the caller's ``db`` and never commit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import (
    ColumnElement,
    FromClause,
    and_,
    delete,
    func,
    or_,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.chat.messages.repository import PREVIEW_CHARS
from sessionhub.chat.models import chat_message_table as messages
from sessionhub.chat.models import chat_session_table as sessions
from sessionhub.chat.models import chat_session_tag_table as tags
from sessionhub.chat.sessions.cache import ChatSessionHeader
from sessionhub.chat.sessions.schemas import ChatSessionPublic

CUSTOM_PLAN = text("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)")


def _live(user_id: str, now: datetime) -> ColumnElement[bool]:
    """The caller's sessions that have not expired (expired ones answer 404 until swept)."""
    return and_(
        sessions.c.user_id == user_id,
        or_(sessions.c.expires_at.is_(None), sessions.c.expires_at > now),
    )


def session_public(row: RowMapping) -> ChatSessionPublic:
    return ChatSessionPublic.model_validate(dict(row))


async def insert_session(db: AsyncSession, values: dict[str, Any]) -> RowMapping:
    stmt = sessions.insert().values(**values).returning(*sessions.c)
    return (await db.execute(stmt)).mappings().one()


async def count_live_sessions(db: AsyncSession, user_id: str, now: datetime) -> int:
    stmt = select(func.count()).select_from(sessions).where(_live(user_id, now))
    return int((await db.execute(stmt)).scalar_one())


async def get_session(
    db: AsyncSession, session_id: UUID, user_id: str, now: datetime
) -> RowMapping | None:
    stmt = select(*sessions.c).where(sessions.c.id == session_id, _live(user_id, now))
    return (await db.execute(stmt)).mappings().first()


async def get_header(db: AsyncSession, session_id: UUID) -> ChatSessionHeader | None:
    """Any owner's session, expired or not: the cache entry, checked by its reader."""
    c = sessions.c
    stmt = select(c.id, c.user_id, c.persona, c.title, c.cleared_seq, c.expires_at).where(
        c.id == session_id
    )
    row = (await db.execute(stmt)).first()
    return None if row is None else ChatSessionHeader(*row)


@dataclass(frozen=True)
class ChatSessionFilters:
    helper: str | None = None
    project_id: str | None = None
    archived: bool | None = None
    pinned: bool | None = None
    tag: str | None = None


async def list_sessions(
    db: AsyncSession,
    user_id: str,
    now: datetime,
    filters: ChatSessionFilters,
    *,
    after: tuple[datetime, UUID] | None,
    limit: int,
) -> list[RowMapping]:
    conditions = [_live(user_id, now)]
    if filters.helper is not None:
        conditions.append(sessions.c.helper == filters.helper)
    if filters.project_id is not None:
        conditions.append(sessions.c.project_id == filters.project_id)
    if filters.archived is not None:
        conditions.append(sessions.c.archived.is_(filters.archived))
    if filters.pinned is not None:
        conditions.append(sessions.c.pinned.is_(filters.pinned))
    source: FromClause = sessions
    order = (sessions.c.last_activity_at, sessions.c.id)
    if filters.tag is not None:
        # A tagged page is read newest first from the (owner, tag, activity) index of
        # the tag rows, which carry their session's activity (0004): the page's entries
        # only, whether the tag is common, rare or absent.
        source = tags.join(sessions, sessions.c.id == tags.c.session_id)
        order = (tags.c.last_activity_at, tags.c.session_id)
        conditions += [tags.c.user_id == user_id, tags.c.tag == filters.tag]
    if after is not None:
        conditions.append(tuple_(*order) < tuple_(*after))
    stmt = (
        select(*sessions.c)
        .select_from(source)
        .where(*conditions)
        .order_by(*(c.desc() for c in order))
        .limit(limit)
    )
    return list((await db.execute(stmt)).mappings().all())


async def update_session(
    db: AsyncSession, session_id: UUID, user_id: str, now: datetime, values: dict[str, Any]
) -> RowMapping | None:
    stmt = (
        update(sessions)
        .where(sessions.c.id == session_id, _live(user_id, now))
        .values(**values, updated_at=now)
        .returning(*sessions.c)
    )
    return (await db.execute(stmt)).mappings().first()


async def set_generated_title(db: AsyncSession, session_id: UUID, title: str) -> None:
    """Only the first title wins; a title the user set meanwhile is kept."""
    await db.execute(
        update(sessions)
        .where(sessions.c.id == session_id, sessions.c.title.is_(None))
        .values(title=title)
    )


async def clear_session(
    db: AsyncSession, session_id: UUID, user_id: str, now: datetime, marker: int
) -> RowMapping | None:
    """Drop every message up to seq ``marker``; ones still in flight are dropped on arrival."""
    cleared = (
        await db.execute(
            update(sessions)
            .where(sessions.c.id == session_id, _live(user_id, now))
            .values(cleared_seq=func.greatest(sessions.c.cleared_seq, marker), updated_at=now)
            .returning(sessions.c.cleared_seq)
        )
    ).scalar_one_or_none()
    if cleared is None:
        return None
    await db.execute(
        delete(messages).where(messages.c.session_id == session_id, messages.c.seq <= cleared)
    )
    # Messages posted after the marker may already be stored: count what is left.
    kept = messages.c.session_id == session_id
    latest = (
        select(messages.c.seq, messages.c.content)
        .where(kept, messages.c.role.in_(("user", "assistant")), messages.c.content != "")
        .order_by(messages.c.seq.desc())
        .limit(1)
        .subquery()
    )
    stmt = (
        update(sessions)
        .where(sessions.c.id == session_id)
        .values(
            message_count=select(func.count()).select_from(messages).where(kept).scalar_subquery(),
            last_message_preview=select(
                func.left(latest.c.content, PREVIEW_CHARS)
            ).scalar_subquery(),
            preview_seq=select(func.coalesce(func.max(latest.c.seq), 0)).scalar_subquery(),
        )
        .returning(*sessions.c)
    )
    return (await db.execute(stmt)).mappings().one()


async def delete_sessions(
    db: AsyncSession, session_ids: Sequence[UUID], user_id: str, now: datetime
) -> list[UUID]:
    stmt = (
        delete(sessions)
        .where(sessions.c.id.in_(list(session_ids)), _live(user_id, now))
        .returning(sessions.c.id)
    )
    return list((await db.execute(stmt)).scalars().all())


async def delete_expired(db: AsyncSession, now: datetime, limit: int) -> list[UUID]:
    doomed = (
        select(sessions.c.id)
        .where(sessions.c.expires_at <= now)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .scalar_subquery()
    )
    stmt = delete(sessions).where(sessions.c.id.in_(doomed)).returning(sessions.c.id)
    return list((await db.execute(stmt)).scalars().all())

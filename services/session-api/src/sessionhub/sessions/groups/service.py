"""Business rules of groups and templates. Never commits: callers own the unit of work."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Row
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.auth import User
from sessionhub.common.errors import NotFound
from sessionhub.common.pagination import Int32, Page, decode_cursor, encode_cursor
from sessionhub.sessions.groups.repository import GroupRepository
from sessionhub.sessions.groups.schemas import (
    GroupDetail,
    GroupExport,
    GroupMemberSession,
    GroupProgress,
    GroupSummary,
    SessionConfig,
    TemplatePublic,
)
from sessionhub.sessions.rubrics.schemas import RubricRef, RubricSummary
from sessionhub.sessions.rubrics.service import rubrics
from sessionhub.sessions.state import SessionsState

KIND = "Group"
TEMPLATE = "Group template"
STATUSES = ("active", "completed", "failed")
GRADING = ("pending", "graded", "failed")


def visible_group(row: Row[Any] | None, user: User, group_id: uuid.UUID) -> Row[Any]:
    """Groups belong to their creator (admins see all); others get a 404."""
    if row is None or not (row.created_by == user.id or user.is_admin):
        raise NotFound.resource(KIND, group_id)
    return row


def member_configs(group: Any, members: list[Row[Any]]) -> list[SessionConfig]:
    return [
        SessionConfig(
            title=m.title,
            scenario=m.scenario,
            persona=m.persona,
            agent_name=m.agent_name,
            assignee_user_id=None if m.user_id == group.created_by else m.user_id,
        )
        for m in members
    ]


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 0.0


class GroupService:
    async def get_visible(
        self, db: AsyncSession, user: User, group_id: uuid.UUID, *, lock: bool = False
    ) -> Row[Any]:
        return visible_group(await GroupRepository(db).get(group_id, lock=lock), user, group_id)

    async def list_groups(
        self, db: AsyncSession, user: User, *, cursor: str | None, limit: int
    ) -> Page[GroupSummary]:
        rows = await GroupRepository(db).page(
            None if user.is_admin else user.id,
            before=decode_cursor(cursor, datetime, uuid.UUID) if cursor else None,
            limit=limit + 1,
        )
        data = [
            GroupSummary(
                id=r.id,
                group_name=r.name,
                created_by=r.created_by,
                session_count=r.session_count,
                created_at=r.created_at,
                graded=r.group_feedback is not None,
            )
            for r in rows[:limit]
        ]
        last = rows[limit - 1] if len(rows) > limit else None
        return Page(
            data=data,
            next_cursor=encode_cursor(last.created_at, last.id) if last else None,
        )

    async def detail(self, db: AsyncSession, user: User, group_id: uuid.UUID) -> GroupDetail:
        repo = GroupRepository(db)
        group = visible_group(await repo.get(group_id), user, group_id)
        members = await repo.members(group_id)
        statuses = Counter(m.status for m in members)
        grading = Counter(m.grading_status for m in members if m.grading_status)
        total = len(members)
        done = total - statuses["active"]
        return GroupDetail(
            id=group.id,
            group_name=group.name,
            created_by=group.created_by,
            created_at=group.created_at,
            updated_at=group.updated_at,
            sessions=[GroupMemberSession.model_validate(dict(m._mapping)) for m in members],
            counts={s: statuses[s] for s in STATUSES},
            grading_counts={g: grading[g] for g in GRADING},
            progress=GroupProgress(
                total=total,
                completed=done,
                graded=grading["graded"],
                percent_completed=_percent(done, total),
                percent_graded=_percent(grading["graded"], total),
            ),
            group_feedback=group.group_feedback,
        )

    async def rename(
        self, db: AsyncSession, user: User, group_id: uuid.UUID, name: str
    ) -> GroupDetail:
        repo = GroupRepository(db)
        visible_group(await repo.get(group_id, lock=True), user, group_id)
        await repo.rename(group_id, name)
        return await self.detail(db, user, group_id)

    async def delete(
        self, db: AsyncSession, st: SessionsState, user: User, group_id: uuid.UUID
    ) -> None:
        repo = GroupRepository(db)
        visible_group(await repo.get(group_id, lock=True), user, group_id)
        for session_id in await repo.delete(group_id):
            st.live.publish_after_commit(db, session_id, "deleted", {"id": session_id})

    async def export(self, db: AsyncSession, user: User, group_id: uuid.UUID) -> GroupExport:
        repo = GroupRepository(db)
        group = visible_group(await repo.get(group_id), user, group_id)
        return GroupExport(
            group_name=group.name, sessions=member_configs(group, await repo.members(group_id))
        )

    async def save_template(
        self,
        db: AsyncSession,
        user: User,
        group_id: uuid.UUID,
        name: str,
        rubric: RubricRef | None = None,
    ) -> TemplatePublic:
        repo = GroupRepository(db)
        group = visible_group(await repo.get(group_id), user, group_id)
        configs = member_configs(group, await repo.members(group_id))
        attached = await rubrics.resolve(db, user, rubric) if rubric else None
        row = await repo.create_template(
            user.id, name, [c.model_dump(exclude_none=True) for c in configs]
        )
        summary = None
        if attached is not None:
            await rubrics.attach_template(db, row.id, attached)
            summary = RubricSummary.of(attached.id, attached.version, attached.rubric.name)
        return _template(row, summary)

    async def template(self, db: AsyncSession, user: User, template_id: int) -> TemplatePublic:
        row = await GroupRepository(db).template(template_id)
        if row is None or not (row.user_id == user.id or user.is_admin):
            raise NotFound.resource(TEMPLATE, template_id)
        attached = await rubrics.summaries_of_templates(db, [template_id])
        return _template(row, attached.get(template_id))

    async def templates(
        self, db: AsyncSession, user: User, *, cursor: str | None, limit: int
    ) -> Page[TemplatePublic]:
        rows = await GroupRepository(db).templates(
            user.id,
            before_id=decode_cursor(cursor, Int32)[0] if cursor else None,
            limit=limit + 1,
        )
        attached = await rubrics.summaries_of_templates(db, [r.id for r in rows[:limit]])
        data = [_template(r, attached.get(r.id)) for r in rows[:limit]]
        more = len(rows) > limit
        return Page(data=data, next_cursor=encode_cursor(data[-1].id) if more else None)


def _template(row: Row[Any], rubric: RubricSummary | None) -> TemplatePublic:
    return TemplatePublic.model_validate({**row._mapping, "rubric": rubric})


groups = GroupService()

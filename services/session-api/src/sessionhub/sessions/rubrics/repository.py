"""SQL for rubric versions and the rubric each session is graded against."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.sessions.rubrics.models import session_rubrics_table as SR
from sessionhub.sessions.rubrics.models import template_rubrics_table as TR
from sessionhub.sessions.rubrics.models import versions_table as V


class RubricRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def add_version(
        self, rubric_id: uuid.UUID, version: int, owner_id: str, body: dict[str, Any], now: datetime
    ) -> None:
        await self.db.execute(
            insert(V).values(
                rubric_id=rubric_id, version=version, owner_id=owner_id, body=body, created_at=now
            )
        )

    async def latest_version(self, rubric_id: uuid.UUID, owner_id: str) -> int | None:
        stmt = select(func.max(V.c.version)).where(
            V.c.rubric_id == rubric_id, V.c.owner_id == owner_id
        )
        return (await self.db.execute(stmt)).scalar_one_or_none()

    async def get(
        self, rubric_id: uuid.UUID, owner_id: str, version: int | None = None
    ) -> Row[Any] | None:
        """A version (the latest when ``version`` is None) of the owner's rubric."""
        stmt = select(V).where(V.c.rubric_id == rubric_id, V.c.owner_id == owner_id)
        if version is None:
            stmt = stmt.order_by(V.c.version.desc()).limit(1)
        else:
            stmt = stmt.where(V.c.version == version)
        return (await self.db.execute(stmt)).first()

    async def list_latest(self, owner_id: str) -> list[Row[Any]]:
        latest = (
            select(V.c.rubric_id, func.max(V.c.version).label("version"))
            .where(V.c.owner_id == owner_id)
            .group_by(V.c.rubric_id)
            .subquery()
        )
        stmt = (
            select(V)
            .join(latest, (V.c.rubric_id == latest.c.rubric_id) & (V.c.version == latest.c.version))
            .order_by(V.c.created_at, V.c.rubric_id)
        )
        return list((await self.db.execute(stmt)).all())

    async def of_session(self, session_id: int) -> dict[str, Any] | None:
        """The body of the rubric version attached to the session, if any."""
        stmt = (
            select(V.c.body)
            .select_from(
                SR.join(V, (SR.c.rubric_id == V.c.rubric_id) & (SR.c.version == V.c.version))
            )
            .where(SR.c.session_id == session_id)
        )
        return (await self.db.execute(stmt)).scalar_one_or_none()

    async def attach_template(self, template_id: int, rubric_id: uuid.UUID, version: int) -> None:
        await self.db.execute(
            insert(TR).values(template_id=template_id, rubric_id=rubric_id, version=version)
        )

    async def of_templates(self, template_ids: list[int]) -> list[Row[Any]]:
        """Each template's rubric version with the rubric's name."""
        stmt = (
            select(
                TR.c.template_id,
                TR.c.rubric_id,
                TR.c.version,
                V.c.body["name"].astext.label("name"),
            )
            .join(V, (V.c.rubric_id == TR.c.rubric_id) & (V.c.version == TR.c.version))
            .where(TR.c.template_id.in_(template_ids))
        )
        return list((await self.db.execute(stmt)).all())

    async def of_template(self, template_id: int) -> Row[Any] | None:
        stmt = select(TR.c.rubric_id, TR.c.version).where(TR.c.template_id == template_id)
        return (await self.db.execute(stmt)).first()

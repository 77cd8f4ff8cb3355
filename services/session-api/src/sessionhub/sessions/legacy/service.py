"""Rules of the legacy id map: a legacy uuid resolves only for those who may read the session."""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.common.auth import User
from sessionhub.common.errors import NotFound
from sessionhub.sessions.legacy.repository import LegacyRepository
from sessionhub.sessions.training.service import KIND, training


class LegacyService:
    async def session_for(self, db: AsyncSession, user: User, legacy_id: uuid.UUID) -> int:
        session_id = await LegacyRepository(db).session_for(legacy_id)
        if session_id is None:
            raise NotFound.resource(f"Legacy {KIND.lower()}", legacy_id)
        await training.get_visible(db, user, session_id)
        return session_id


legacy = LegacyService()

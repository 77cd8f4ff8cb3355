"""Reference data for the setup form."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.reference.repository import ReferenceRepository
from sessionhub.builder.reference.schemas import Location, Named, ReferenceData


class ReferenceService:
    async def all(self, db: AsyncSession) -> ReferenceData:
        repo = ReferenceRepository(db)

        async def named(table: str) -> list[Named]:
            return [Named.model_validate(dict(r._mapping)) for r in await repo.named(table)]

        return ReferenceData(
            categories=await named("categories"),
            audiences=await named("audiences"),
            tones=await named("tones"),
            locations=[Location.model_validate(dict(r._mapping)) for r in await repo.locations()],
        )


reference = ReferenceService()

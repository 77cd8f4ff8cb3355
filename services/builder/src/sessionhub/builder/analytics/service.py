"""Builder analytics: generations, failures and fallbacks, selections, rag weights."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.builder.analytics.repository import InteractionRepository
from sessionhub.builder.analytics.schemas import BuilderAnalytics, Count, PersonaFailures
from sessionhub.common.auth import User


class AnalyticsService:
    async def summary(self, db: AsyncSession, user: User) -> BuilderAnalytics:
        """Managers and admins see everyone's figures; others their own."""
        owner = None if user.is_manager else user.id
        repo = InteractionRepository(db)
        counts = await repo.generation_counts(owner)
        published = await repo.by_kind("published", "variant_label", owner)
        return BuilderAnalytics(
            scope="all" if owner is None else "own",
            generations=counts.generations,
            failed_generations=counts.failed,
            fallbacks=counts.fallbacks,
            open_generations=counts.open,
            persona_failures=[
                PersonaFailures(persona=r.persona, failed=r.failed, total=r.total)
                for r in await repo.variant_failures(owner)
            ],
            selections_by_label=[
                Count(key=str(r.key), count=r.count)
                for r in await repo.by_kind("variant_selected", "variant_label", owner)
            ],
            rag_weights=[
                Count(key=str(r.key), count=r.count) for r in await repo.rag_weights(owner)
            ],
            published=sum(r.count for r in published),
        )


analytics = AnalyticsService()

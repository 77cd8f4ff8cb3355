"""SQL for grading results."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession

from sessionhub.grader.models import GradingResult

_table = GradingResult.__table__  # type: ignore[attr-defined]


class GradingResultRepository:
    def __init__(self, db: AsyncSession) -> None:
        self.db = db

    async def exists(self, session_id: int, rubric_version: str, request_key: str) -> bool:
        stmt = select(_table.c.id).where(
            _table.c.session_id == session_id,
            _table.c.rubric_version == rubric_version,
            _table.c.request_key == request_key,
        )
        return (await self.db.execute(stmt)).first() is not None

    async def add_once(self, row: GradingResult) -> bool:
        """Insert ``row`` unless its request already has one; True when inserted.

        A concurrent insert of the same request waits for the other transaction and
        then does nothing, so two graders racing on one session publish one result.
        """
        values = row.model_dump(exclude={"id"})
        stmt = (
            pg_insert(_table)
            .values(**values)
            .on_conflict_do_nothing(constraint="uq_grading_results_request")
            .returning(_table.c.id)
        )
        return (await self.db.execute(stmt)).first() is not None

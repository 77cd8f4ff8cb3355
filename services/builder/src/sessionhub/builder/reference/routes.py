"""GET /api/builder/reference."""

from __future__ import annotations

from fastapi import APIRouter

from sessionhub.builder.reference.schemas import ReferenceData
from sessionhub.builder.reference.service import reference
from sessionhub.builder.state import DbSession
from sessionhub.common.auth import CurrentUser

router = APIRouter(prefix="/api/builder", tags=["builder"])


@router.get("/reference", summary="Categories, audiences, tones and locations for the setup form")
async def get_reference(user: CurrentUser, db: DbSession) -> ReferenceData:
    return await reference.all(db)

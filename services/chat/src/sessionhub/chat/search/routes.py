"""HTTP route of chat search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sessionhub.chat.search import service
from sessionhub.chat.search.schemas import SearchHit
from sessionhub.chat.state import Db
from sessionhub.common.auth import CurrentUser
from sessionhub.common.pagination import Page
from sessionhub.common.text import SafeStr

router = APIRouter(prefix="/api/chat", tags=["chat"])


@router.get(
    "/search",
    response_model=Page[SearchHit],
    summary="Full-text search over the caller's session titles and messages",
)
async def search(
    user: CurrentUser,
    db: Db,
    q: Annotated[SafeStr, Query(min_length=1, max_length=500)],
    cursor: str | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Page[SearchHit]:
    return await service.search(db, user, q, cursor=cursor, limit=limit)

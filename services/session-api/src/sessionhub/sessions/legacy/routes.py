"""Where a pre-migration (uuid) session lives now."""

from __future__ import annotations

import uuid

from fastapi import APIRouter
from fastapi.responses import RedirectResponse

from sessionhub.common.auth import CurrentUser
from sessionhub.sessions.legacy.service import legacy
from sessionhub.sessions.state import Db
from sessionhub.sessions.training.routes import PREFIX

router = APIRouter(prefix=PREFIX, tags=["training sessions"])


@router.get(
    "/legacy/{legacy_id}",
    status_code=308,
    response_class=RedirectResponse,
    summary="Where a pre-migration (uuid) session lives now",
)
async def legacy_redirect(legacy_id: uuid.UUID, user: CurrentUser, db: Db) -> RedirectResponse:
    session_id = await legacy.session_for(db, user, legacy_id)
    return RedirectResponse(f"{PREFIX}/{session_id}", status_code=308)

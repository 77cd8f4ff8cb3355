"""The reference console: static ES modules served at ``/`` by every app, plus dev sign-in.

The console talks to the public HTTP API only (the same routes the gateway exposes), so
it lives beside the app factory rather than in a service: any topology's app can serve
it, and the nginx gateway routes its paths to session-api. Nothing is built: the files
under ``static/`` are the files the browser runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Body, FastAPI, Request
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, Field

from sessionhub.common.auth import Role, TokenVerifier
from sessionhub.common.config import Settings
from sessionhub.common.routing import add_routes

STATIC_DIR = Path(__file__).with_name("static")

# Client-side routes: a reload or a shared link on any of them gets the console's page.
# complete's ``redirect_to`` is ``/analytics/{id}``, which is one of them.
PAGES = ("sign-in", "training", "sessions", "analytics", "groups", "chat", "builder")

DEV_TOKEN_TTL_S = 8 * 3600


class DevSignIn(BaseModel):
    user_id: str = Field(min_length=1, max_length=128, pattern=r"^[A-Za-z0-9._@:-]+$")
    role: Role = Role.trainee


class DevToken(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth token type, not a secret
    expires_in: int
    user_id: str
    role: Role


class ConsoleConfig(BaseModel):
    dev_sign_in: bool


def dev_sign_in_enabled(settings: Settings) -> bool:
    """Only a dev process that signs its own tokens (HS256) may mint them for anyone."""
    return settings.env == "dev" and settings.jwt_algorithm == "HS256"


def _index() -> FileResponse:
    # The page is tiny and changes with every deploy: always revalidate it.
    return FileResponse(STATIC_DIR / "index.html", headers={"Cache-Control": "no-cache"})


def console_router(settings: Settings) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    enabled = dev_sign_in_enabled(settings)

    @router.get("/")
    async def index() -> FileResponse:
        return _index()

    for page in PAGES:
        router.add_api_route(f"/{page}", _index, methods=["GET"])
        router.add_api_route(f"/{page}/{{rest:path}}", _index, methods=["GET"])

    @router.get("/console/config.json")
    async def config() -> ConsoleConfig:
        return ConsoleConfig(dev_sign_in=enabled)

    return router


def dev_router() -> APIRouter:
    router = APIRouter(prefix="/api/dev", tags=["dev"])

    @router.post(
        "/sign-in",
        summary="Mint a bearer token for any user and role (SESSIONHUB_ENV=dev only)",
    )
    async def sign_in(request: Request, body: Annotated[DevSignIn, Body()]) -> DevToken:
        verifier: TokenVerifier = request.app.state.runtime.verifier
        token = verifier.issue(body.user_id, body.role, DEV_TOKEN_TTL_S)
        return DevToken(
            access_token=token, expires_in=DEV_TOKEN_TTL_S, user_id=body.user_id, role=body.role
        )

    return router


def install_console(app: FastAPI, settings: Settings) -> None:
    add_routes(app, console_router(settings))
    if dev_sign_in_enabled(settings):
        add_routes(app, dev_router())
    app.mount("/console", StaticFiles(directory=STATIC_DIR), name="console")

"""The console's server side: pages, static files, and the dev-only sign-in endpoint."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import jwt
import pytest

from sessionhub.common.app import create_app
from sessionhub.common.console import PAGES, STATIC_DIR
from sessionhub.testing.plugin import JWT_SECRET, isolated_settings

ROUTES_CONF = Path(__file__).resolve().parents[3] / "deploy" / "nginx" / "routes.conf"


def client_for(env: str, **overrides: object) -> httpx.AsyncClient:
    # The console routes need no lifespan: no database is touched.
    app = create_app(isolated_settings(env=env, **overrides), [], consumers=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t")


@pytest.fixture
async def dev() -> AsyncIterator[httpx.AsyncClient]:
    async with client_for("dev") as client:
        yield client


async def test_every_page_path_serves_the_console(dev: httpx.AsyncClient) -> None:
    for path in ("/", "/sign-in", "/analytics/12", "/groups/abc/def", "/chat"):
        response = await dev.get(path)
        assert response.status_code == 200, path
        assert '<script type="module" src="/console/js/app.js">' in response.text
        assert response.headers["cache-control"] == "no-cache"
    script = await dev.get("/console/js/app.js")
    assert script.status_code == 200
    assert "javascript" in script.headers["content-type"]
    assert (await dev.get("/console/js/missing.js")).status_code == 404


async def test_dev_sign_in_mints_a_token_for_the_user_and_role(dev: httpx.AsyncClient) -> None:
    assert (await dev.get("/console/config.json")).json() == {"dev_sign_in": True}
    response = await dev.post("/api/dev/sign-in", json={"user_id": "alice", "role": "manager"})
    assert response.status_code == 200, response.text
    body = response.json()
    claims = jwt.decode(body["access_token"], JWT_SECRET, algorithms=["HS256"])
    assert (claims["sub"], claims["role"]) == ("alice", "manager")
    assert body["token_type"] == "bearer"
    assert claims["exp"] - claims["iat"] == body["expires_in"]


async def test_dev_sign_in_rejects_bad_input_with_a_problem(dev: httpx.AsyncClient) -> None:
    for body in (
        {"user_id": "", "role": "trainee"},
        {"user_id": "a b"},
        {"user_id": "x", "role": "root"},
    ):
        response = await dev.post("/api/dev/sign-in", json=body)
        assert response.status_code == 422, body
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize("env", ["test", "production"])
async def test_dev_sign_in_does_not_exist_outside_dev(env: str) -> None:
    async with client_for(env) as client:
        assert (await client.get("/console/config.json")).json() == {"dev_sign_in": False}
        response = await client.post("/api/dev/sign-in", json={"user_id": "alice"})
        assert response.status_code == 404
        assert (await client.get("/")).status_code == 200


def test_the_gateway_routes_exactly_the_console_pages() -> None:
    text = ROUTES_CONF.read_text()
    match = re.search(r"location ~ \^/\(([a-z|-]+)\)\(/\|\$\)", text)
    assert match, "routes.conf has no console page location"
    assert set(match.group(1).split("|")) == set(PAGES)


def test_the_console_is_build_free() -> None:
    # ES modules the browser runs as they are: every import names a file that exists.
    for script in STATIC_DIR.rglob("*.js"):
        for target in re.findall(r'from "(\.[^"]+)"', script.read_text()):
            assert (script.parent / target).resolve().is_file(), (script, target)

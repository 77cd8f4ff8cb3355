"""``/docs`` works with no internet: the page and every asset it loads come from the app."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from sessionhub.common.app import create_app
from sessionhub.common.config import Settings


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    # No lifespan: the docs need no database, and none is reachable at these URLs.
    settings = Settings(
        database_url="postgresql://u@127.0.0.1:9/x", redis_url="redis://127.0.0.1:9"
    )
    app = create_app(settings, [], consumers=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://docs.test") as client:
        yield client


async def test_swagger_ui_and_its_assets_are_served_locally(client: httpx.AsyncClient) -> None:
    page = await client.get("/docs")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    urls = re.findall(r"""(?:src|href)=["']([^"']+)["']""", page.text)
    assets = [u for u in urls if u.endswith((".js", ".css", ".png"))]
    assert len(assets) >= 3, urls
    assert not [u for u in urls if u.startswith(("http:", "https:", "//"))], urls
    for url in assets:
        response = await client.get(url)
        assert response.status_code == 200, url
        assert len(response.content) > 100, url
    assert "url: '/openapi.json'" in page.text or '"/openapi.json"' in page.text
    assert (await client.get("/openapi.json")).status_code == 200


async def test_no_cdn_backed_redoc(client: httpx.AsyncClient) -> None:
    assert (await client.get("/redoc")).status_code == 404

"""FastAPI's native OpenTelemetry bridge is on only when ``SESSIONHUB_OTEL`` says so; the
request ids the app mints are what ``uuid.uuid4().hex`` gives.

Left at FastAPI's default, every request asks OpenTelemetry's global providers whether
they are configured, though this product reports through Prometheus and its logs.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from opentelemetry import trace

from sessionhub.common.app import create_app, new_request_id
from sessionhub.common.service import load_specs
from sessionhub.testing.plugin import isolated_settings

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(("otel", "asks"), [(False, False), (True, True)])
async def test_requests_consult_opentelemetry_only_when_enabled(
    monkeypatch: pytest.MonkeyPatch, otel: bool, asks: bool
) -> None:
    app = create_app(
        isolated_settings().model_copy(update={"otel": otel}), load_specs()[:1], consumers=False
    )
    asked: list[int] = []
    real = trace.get_tracer_provider

    def counting() -> Any:
        asked.append(1)
        return real()

    monkeypatch.setattr(trace, "get_tracer_provider", counting)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        assert (await http.get("/health")).status_code == 200
    assert bool(asked) is asks


def test_minted_request_ids_are_uuid4_hex() -> None:
    ids = {new_request_id() for _ in range(1000)}
    assert len(ids) == 1000
    for minted in ids:
        parsed = uuid.UUID(hex=minted)
        assert parsed.hex == minted
        assert parsed.version == 4
        assert parsed.variant == uuid.RFC_4122

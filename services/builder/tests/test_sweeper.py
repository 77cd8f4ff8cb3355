"""No generation stays pending: with no worker to take it, the sweeper fails it, once."""

from __future__ import annotations

import pytest

from sessionhub.builder.generation.sweeper import fail_stale_generations
from sessionhub.builder.service_spec import spec
from sessionhub.testing.plugin import isolated_settings, running_app, wait_until

from .conftest import FULL_METADATA, BuilderApi
from .support import generate
from .test_generation import outbox_events


async def test_an_orphaned_generation_is_failed_and_announced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SESSIONHUB_BUILDER_GENERATION_STALE_S", "0.2")
    async with running_app([spec], isolated_settings(rabbit=False), consumers=False) as app:
        builder = BuilderApi(app)
        draft = await builder.create(metadata=FULL_METADATA)
        accepted = await generate(builder, draft["id"])
        ctx = builder.ctx

        async def swept() -> int:
            return await fail_stale_generations(ctx)

        assert await wait_until(swept, timeout_s=10, message="the sweep") == 1
        assert await fail_stale_generations(ctx) == 0
        result = (await builder.request("GET", f"/generations/{accepted['id']}")).json()
        assert result["status"] == "failed"
        assert "no worker finished it" in result["error"]
        [event] = await outbox_events(builder, "draft.variants_generated")
        assert event["data"]["status"] == "failed"
        stats = (await builder.request("GET", "/analytics")).json()
        assert stats["failed_generations"] == 1

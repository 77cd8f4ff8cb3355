"""The spec's start-up: settings read once, applied to the subscription and the grader."""

from __future__ import annotations

import pytest

from sessionhub.common.config import Settings
from sessionhub.common.llm import create_llm_client
from sessionhub.common.service import ServiceContext
from sessionhub.grader.grading.handlers import GRADER_STATE
from sessionhub.grader.grading.service import TranscriptGrader
from sessionhub.grader.service_spec import build_spec
from sessionhub.grader.settings import GraderSettings

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers


async def started(settings: GraderSettings | None, llm_url: str | None = None) -> ServiceContext:
    spec = build_spec(settings)
    llm = create_llm_client(api_key="k", base_url=llm_url, timeout_s=1) if llm_url else None
    # on_start only reads settings and the LLM client; no server is needed.
    ctx = ServiceContext(spec, Settings(openai_model="m-default"), None, None, None, llm)  # type: ignore[arg-type]
    assert spec.on_start is not None
    await spec.on_start(ctx)
    return ctx


async def test_concurrency_and_model_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SESSIONHUB_GRADER_CONCURRENCY", "5")
    monkeypatch.setenv("SESSIONHUB_GRADER_MODEL", "grading-model")
    ctx = await started(None, "http://127.0.0.1:9/v1")
    (subscription,) = ctx.spec.subscriptions
    assert subscription.prefetch == 5
    grader = ctx.state[GRADER_STATE]
    assert isinstance(grader, TranscriptGrader)
    assert (grader.llm_enabled, grader.model) == (True, "grading-model")
    assert ctx.llm is not None
    await ctx.llm.close()


async def test_defaults_without_an_llm() -> None:
    ctx = await started(GraderSettings())
    (subscription,) = ctx.spec.subscriptions
    assert subscription.prefetch == 8
    grader = ctx.state[GRADER_STATE]
    assert (grader.llm_enabled, grader.model) == (False, "m-default")

"""The grader service as the runtime sees it: one competing-consumer queue, no HTTP."""

from __future__ import annotations

from dataclasses import replace

from sessionhub.common.events.consumer import Subscription
from sessionhub.common.llm import RetryPolicy
from sessionhub.common.service import ServiceContext, ServiceSpec
from sessionhub.grader.evaluation.cli import build_cli
from sessionhub.grader.grading.handlers import GRADER_STATE, GRADING_EVENTS, on_grading_event
from sessionhub.grader.grading.service import TranscriptGrader
from sessionhub.grader.settings import GraderSettings


def build_spec(settings: GraderSettings | None = None) -> ServiceSpec:
    """The grader spec; ``settings`` default to the environment, read once at start."""

    async def prepare(ctx: ServiceContext) -> None:
        grader_settings = settings or GraderSettings()
        # The runtime opens the consumers after on_start, from ctx.spec: the prefetch
        # set here is the one the broker applies.
        ctx.spec = replace(
            ctx.spec,
            subscriptions=tuple(
                replace(sub, concurrency=grader_settings.concurrency)
                for sub in ctx.spec.subscriptions
            ),
        )
        ctx.state[GRADER_STATE] = TranscriptGrader(
            ctx.llm,
            model=grader_settings.model or ctx.settings.openai_model,
            seed=grader_settings.seed,
            samples=grader_settings.samples,
            policy=RetryPolicy(
                attempts=ctx.settings.llm_retry_attempts,
                total_timeout_s=ctx.settings.llm_retry_total_s,
            ),
        )

    return ServiceSpec(
        name="grader",
        schema="grader",
        migrations="sessionhub.grader:migrations",
        description="**grader** — grades completed training sessions (LLM, heuristic fallback).",
        subscriptions=(
            Subscription(
                "grading",
                GRADING_EVENTS,
                handler=on_grading_event,
                concurrency=GraderSettings.model_fields["concurrency"].default,
            ),
        ),
        on_start=prepare,
        cli=build_cli,
    )


spec = build_spec()

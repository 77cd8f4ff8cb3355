"""``sessionhub grader eval FILE``: check a grader against a labelled set before trusting it."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Literal

import typer

from sessionhub.common.config import Settings
from sessionhub.common.llm import RetryPolicy, create_llm_client
from sessionhub.grader.evaluation.schemas import load
from sessionhub.grader.evaluation.service import Report, evaluate
from sessionhub.grader.graders.llm import SessionContext
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import GradeResult, TranscriptLine
from sessionhub.grader.grading.service import GradingRequest, TranscriptGrader
from sessionhub.grader.settings import GraderSettings


async def run_eval(
    path: Path, grader: Literal["heuristic", "llm"]
) -> tuple[Report, dict[str, int]]:
    """Grade every transcript of ``path`` with ``grader``; also count LLM fallbacks."""
    items = load(path)
    fallbacks: dict[str, int] = {}
    if grader == "heuristic":
        offline = OfflineGrader()

        async def grade(lines: Sequence[TranscriptLine]) -> GradeResult:
            return offline.grade(lines)

        return await evaluate(items, grade), fallbacks
    settings, grader_settings = Settings(), GraderSettings()
    client = create_llm_client(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        timeout_s=settings.openai_timeout_s,
    )
    if client is None:
        raise typer.BadParameter("--grader llm needs OPENAI_API_KEY or OPENAI_BASE_URL")
    dual = TranscriptGrader(
        client,
        model=grader_settings.model or settings.openai_model,
        seed=grader_settings.seed,
        policy=RetryPolicy(
            attempts=settings.llm_retry_attempts, total_timeout_s=settings.llm_retry_total_s
        ),
        samples=grader_settings.samples,
    )

    async def grade_llm(lines: Sequence[TranscriptLine]) -> GradeResult:
        produced = await dual.run(
            GradingRequest(
                session_id=0,
                user_id="eval",
                group_id=None,
                lines=tuple(lines),
                context=SessionContext(),
                source_event_id=uuid.uuid4(),
            )
        )
        if produced.fallback_reason:
            fallbacks[produced.fallback_reason] = fallbacks.get(produced.fallback_reason, 0) + 1
        return produced.value

    try:
        return await evaluate(items, grade_llm), fallbacks
    finally:
        await client.close()


def build_cli() -> typer.Typer:
    app = typer.Typer(help="Grader: evaluation.", no_args_is_help=True)

    @app.callback()
    def grader() -> None:
        """Grader: evaluation."""

    @app.command("eval")
    def eval_cmd(
        file: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="Labelled set.")],
        grader: Annotated[
            str, typer.Option("--grader", help="heuristic (offline) or llm (configured model).")
        ] = "heuristic",
        details: Annotated[bool, typer.Option(help="Also list misses and failures.")] = False,
    ) -> None:
        """Pair accuracy per criterion, Spearman vs human scores, adversarial expectations."""
        if grader not in ("heuristic", "llm"):
            raise typer.BadParameter("--grader must be heuristic or llm")
        report, fallbacks = asyncio.run(run_eval(file, grader))  # type: ignore[arg-type]
        summary = {"file": str(file), "grader": grader, **report.summary()}
        if grader == "llm":
            summary["fallbacks"] = fallbacks
        if details:
            summary["misses"] = report.misses
            summary["adversarial_failures"] = report.adversarial_failures
            summary["false_claim_items"] = report.false_claims
        typer.echo(json.dumps(summary, indent=2))

    return app

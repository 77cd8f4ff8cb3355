"""``sessionhub grader eval FILE``: check a grader against a labelled set before trusting it."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from pydantic import ValidationError

from sessionhub.common.config import Settings
from sessionhub.common.llm import RetryPolicy, create_llm_client
from sessionhub.grader.evaluation.checklist import (
    Checklist,
    ChecklistReport,
    evaluate_checklist,
    worst,
)
from sessionhub.grader.evaluation.objection import (
    ObjectionChecklist,
    ObjectionReport,
    evaluate_objection_checklist,
)
from sessionhub.grader.evaluation.schemas import load
from sessionhub.grader.evaluation.service import GradeFn, Report, evaluate
from sessionhub.grader.graders.llm import SessionContext
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import GradeResult, TranscriptLine
from sessionhub.grader.grading.service import GradingRequest, TranscriptGrader
from sessionhub.grader.settings import GraderSettings


@asynccontextmanager
async def grading(
    grader: Literal["heuristic", "llm"],
) -> AsyncIterator[tuple[GradeFn, dict[str, int]]]:
    """A grade function for ``grader``, and the LLM fallbacks it counts as it grades."""
    fallbacks: dict[str, int] = {}
    if grader == "heuristic":
        offline = OfflineGrader()

        async def grade(lines: Sequence[TranscriptLine]) -> GradeResult:
            return offline.grade(lines)

        yield grade, fallbacks
        return
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
        yield grade_llm, fallbacks
    finally:
        await client.close()


async def run_eval(
    path: Path, grader: Literal["heuristic", "llm"]
) -> tuple[Report, dict[str, int]]:
    """Grade every transcript of ``path`` with ``grader``; also count LLM fallbacks."""
    items = load(path)
    async with grading(grader) as (grade, fallbacks):
        return await evaluate(items, grade), fallbacks


async def run_checklist(
    checklist: Checklist, grader: Literal["heuristic", "llm"]
) -> tuple[ChecklistReport, dict[str, int]]:
    """Grade every case of a closing checklist with ``grader``."""
    async with grading(grader) as (grade, fallbacks):
        return await evaluate_checklist(checklist, grade), fallbacks


async def run_objection_checklist(
    checklist: ObjectionChecklist, grader: Literal["heuristic", "llm"]
) -> tuple[ObjectionReport, dict[str, int]]:
    """Grade every case of an objection checklist with ``grader``."""
    async with grading(grader) as (grade, fallbacks):
        return await evaluate_objection_checklist(checklist, grade), fallbacks


def read_checklist(file: Path) -> Checklist | ObjectionChecklist:
    """The checklist in ``file``, its kind told by its top-level keys: a closing checklist
    has proposals and replies beside its calls, an objection checklist has calls only
    (each with its responses and reactions). The kind's model then validates it strictly.
    Errors name where the file is wrong, never its lines (a checklist is held out)."""
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise typer.BadParameter(f"{file} is not JSON: {exc}", param_hint="FILE") from None
    keys = set(data) if isinstance(data, dict) else set()
    model: type[Checklist | ObjectionChecklist]
    if keys & {"proposals", "replies"}:
        model, kind = Checklist, "closing"
    elif "calls" in keys:
        model, kind = ObjectionChecklist, "objection"
    else:
        raise typer.BadParameter(
            f"{file} is neither a closing checklist (an object with calls, proposals and "
            "replies) nor an objection checklist (an object with calls only)",
            param_hint="FILE",
        )
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        wrong = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'top level'}: {e['msg']}" for e in exc.errors()
        )
        raise typer.BadParameter(
            f"{file} is not a valid {kind} checklist: {wrong}", param_hint="FILE"
        ) from None


def _set_summary(
    file: Path, grader: Literal["heuristic", "llm"], *, details: bool
) -> dict[str, Any]:
    report, fallbacks = asyncio.run(run_eval(file, grader))
    summary = {"file": str(file), "grader": grader, **report.summary()}
    if grader == "llm":
        summary["fallbacks"] = fallbacks
    if details:
        summary["misses"] = report.misses
        summary["adversarial_failures"] = report.adversarial_failures
        summary["false_claim_items"] = report.false_claims
    return summary


def _checklist_summary(
    file: Path, checklist: Checklist, grader: Literal["heuristic", "llm"], *, details: bool
) -> dict[str, Any]:
    report, fallbacks = asyncio.run(run_checklist(checklist, grader))
    summary = {"file": str(file), "grader": grader, **report.summary()}
    if grader == "llm":
        summary["fallbacks"] = fallbacks
    if details:
        summary["proposals_read_wrongly"] = worst(
            report.wrong_by_proposal, checklist.proposals, len(checklist.proposals)
        )
        summary["replies_read_wrongly"] = worst(
            report.wrong_by_reply, checklist.replies, len(checklist.replies)
        )
    return summary


def _objection_summary(
    file: Path,
    checklist: ObjectionChecklist,
    grader: Literal["heuristic", "llm"],
    *,
    details: bool,
) -> dict[str, Any]:
    report, fallbacks = asyncio.run(run_objection_checklist(checklist, grader))
    summary = {"file": str(file), "grader": grader, "checklist": "objection", **report.summary()}
    if grader == "llm":
        summary["fallbacks"] = fallbacks
    if details:
        summary["wrong_by_form"] = dict(report.wrong_by_form.most_common())
        labelled = checklist.labelled()
        summary["read_wrongly"] = worst(report.wrong_by_id, labelled, len(labelled))
    return summary


def build_cli() -> typer.Typer:
    app = typer.Typer(help="Grader: evaluation.", no_args_is_help=True)

    @app.callback()
    def grader() -> None:
        """Grader: evaluation."""

    @app.command("eval")
    def eval_cmd(
        file: Annotated[
            Path,
            typer.Argument(
                exists=True,
                dir_okay=False,
                help="Labelled set (JSON Lines), or a closing or objection checklist "
                "(one JSON object).",
            ),
        ],
        grader: Annotated[
            str, typer.Option("--grader", help="heuristic (offline) or llm (configured model).")
        ] = "heuristic",
        details: Annotated[bool, typer.Option(help="Also list misses and failures.")] = False,
    ) -> None:
        """Pair accuracy per criterion, Spearman vs human scores, adversarial expectations;
        for a closing checklist, how often a commitment is read exactly when one was given;
        for an objection checklist, how often each objection-handling check is read right."""
        if grader not in ("heuristic", "llm"):
            raise typer.BadParameter("--grader must be heuristic or llm")
        kind: Literal["heuristic", "llm"] = "llm" if grader == "llm" else "heuristic"
        if file.suffix == ".json":
            checklist = read_checklist(file)
            if isinstance(checklist, Checklist):
                summary = _checklist_summary(file, checklist, kind, details=details)
            else:
                summary = _objection_summary(file, checklist, kind, details=details)
        else:
            summary = _set_summary(file, kind, details=details)
        typer.echo(json.dumps(summary, indent=2))

    return app

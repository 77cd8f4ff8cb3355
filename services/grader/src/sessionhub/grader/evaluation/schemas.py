"""The labelled-set format of ``services/grader/tests/eval/README.md``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from sessionhub.common.rubric import Criterion
from sessionhub.grader.grading.schemas import Confidence, TranscriptLine

_SPEAKERS = {"T": "trainee", "C": "persona"}


def transcript(lines: list[str]) -> tuple[TranscriptLine, ...]:
    """``["T: …", "C: …"]`` → transcript lines numbered from 1."""
    out: list[TranscriptLine] = []
    for i, raw in enumerate(lines, start=1):
        tag, _, text = raw.partition(":")
        if tag.strip() not in _SPEAKERS:
            raise ValueError(f"line {i} must start with 'T:' or 'C:': {raw!r}")
        out.append(TranscriptLine(seq=i, speaker=_SPEAKERS[tag.strip()], text=text.strip()))
    return tuple(out)


class Side(BaseModel):
    model_config = ConfigDict(extra="forbid")

    human: int = Field(ge=0, le=100)
    did: list[str] = Field(default_factory=list)
    lines: list[str] = Field(min_length=1)


class Pair(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal["pair"]
    criterion: Criterion
    industry: str = ""
    strong: Side
    weak: Side


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_overall: int | None = None
    max_earnings: float | None = None
    max_scores: dict[Criterion, int] = Field(default_factory=dict)
    flagged: bool | None = None
    confidence: Confidence | None = None
    language: str | None = None
    commitment: bool | None = None
    no_strength_for: list[Criterion] = Field(default_factory=list)
    not_above_baseline: list[Criterion] = Field(default_factory=list)
    below_baseline: list[Criterion] = Field(default_factory=list)


class Adversarial(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal["adversarial"]
    attack: str
    expect: Expect
    lines: list[str] = Field(min_length=1)
    baseline: list[str] | None = None


Item = Annotated[Pair | Adversarial, Field(discriminator="kind")]
_ITEM = TypeAdapter(Item)


def load(path: Path) -> list[Pair | Adversarial]:
    items: list[Pair | Adversarial] = []
    for n, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip():
            try:
                items.append(_ITEM.validate_python(json.loads(raw)))
            except ValueError as exc:
                raise ValueError(f"{path}:{n}: {exc}") from exc
    return items

"""Grading rubrics as data: the one definition of criteria, checks, pass mark and earnings.

A rubric is a versioned value. Each criterion is a list of weighted binary checks with
a description of what counts; a grader answers every check ``passed``, ``failed`` or
``undecided`` and the criterion's score is the weighted share of its checks that passed
(an undecided check earns nothing: only what a grader could verify is credited; how much
was decided is reported separately as the criterion's coverage).

The seed's four criteria are part of every rubric, so the seed's score fields
(``rapport_score`` … ``closing_score``, ``overall_score``) exist for every grade; a
custom rubric may add criteria of its own, which appear in the grade's details.
Everything that names the criteria or the score fields (event contracts, database
columns, API schemas, analytics) derives from :data:`Criterion` and the helpers below.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from typing import Annotated, Any, Literal, TypeVar, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    create_model,
    model_validator,
)

Criterion = Literal["rapport", "discovery", "objection_handling", "closing"]
#: The seed's criteria in their canonical order; present in every rubric.
SEED_CRITERIA: tuple[Criterion, ...] = get_args(Criterion)
#: Score columns/fields of a grade, one per seed criterion, then the overall score.
SCORE_FIELDS: tuple[str, ...] = (*(f"{c}_score" for c in SEED_CRITERIA), "overall_score")
#: Analytics categories: the seed criteria and ``overall``, each read from ``<name>_score``.
CATEGORIES: tuple[str, ...] = (*SEED_CRITERIA, "overall")

Verdict = Literal["passed", "failed", "undecided"]
VERDICTS: tuple[Verdict, ...] = get_args(Verdict)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]

MAX_CRITERIA = 8
MAX_CHECKS = 12


def score_field(criterion: str) -> str:
    """The grade field holding ``criterion``'s score (``overall`` included)."""
    return f"{criterion}_score"


M = TypeVar("M", bound=BaseModel)


def with_score_fields(*, nullable: bool) -> Callable[[type[M]], type[M]]:
    """Class decorator: the model followed by the score fields, :data:`SCORE_FIELDS`.

    A response schema carrying a grade's scores declares its other fields and lets this
    add the scores, so no schema spells them out again. Type checkers see the class as
    written (without the scores); the running model, its validation and its OpenAPI
    schema have them, after the class's own fields and under the class's name.
    """
    kind: Any = int | None if nullable else int
    until = " (null until graded)" if nullable else ""
    fields: dict[str, Any] = {
        score_field(c): (kind, Field(description=f"{c.replace('_', ' ')} score, 0-100{until}"))
        for c in CATEGORIES
    }

    def add(cls: type[M]) -> type[M]:
        return create_model(
            cls.__name__,
            __base__=cls,
            __module__=cls.__module__,
            __doc__=cls.__doc__,
            __qualname__=cls.__qualname__,
            **fields,
        )

    return add


class Check(BaseModel):
    """One binary check: what counts, and how much it weighs within its criterion."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    description: Text
    weight: int = Field(ge=1, le=10)


class CriterionSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Slug
    title: Text
    description: Text
    checks: tuple[Check, ...] = Field(min_length=1, max_length=MAX_CHECKS)

    @model_validator(mode="after")
    def _unique_checks(self) -> CriterionSpec:
        ids = [c.id for c in self.checks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"criterion {self.id!r} repeats a check id")
        return self

    @property
    def total_weight(self) -> int:
        return sum(c.weight for c in self.checks)

    def score(self, verdicts: Mapping[str, Verdict]) -> int:
        """Weighted share of the checks that passed, 0..100 (missing = undecided)."""
        passed = sum(c.weight for c in self.checks if verdicts.get(c.id) == "passed")
        return clamp_score(100 * passed / self.total_weight)

    def coverage(self, verdicts: Mapping[str, Verdict]) -> float:
        """Weighted share of the checks a grader decided (passed or failed), 0..1."""
        decided = sum(
            c.weight for c in self.checks if verdicts.get(c.id, "undecided") != "undecided"
        )
        return round(decided / self.total_weight, 2)


class EarningsTier(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    min_overall: int = Field(ge=0, le=100)
    amount: float = Field(ge=0, le=100_000)


class EarningsRules(BaseModel):
    """Base earnings by overall score, plus a bonus for a commitment the customer gave."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    tiers: tuple[EarningsTier, ...] = Field(min_length=1, max_length=10)
    commitment_bonus: float = Field(ge=0, le=100_000)

    @model_validator(mode="after")
    def _ordered(self) -> EarningsRules:
        floors = [t.min_overall for t in self.tiers]
        if floors != sorted(set(floors), reverse=True) or floors[-1] != 0:
            raise ValueError("tiers must have distinct floors, highest first, the last one 0")
        return self

    def earnings(self, overall: int, *, commitment_secured: bool) -> float:
        base = next(t.amount for t in self.tiers if overall >= t.min_overall)
        return round(base + (self.commitment_bonus if commitment_secured else 0.0), 2)


class Rubric(BaseModel):
    """A versioned rubric; ``label`` (``<id>@<version>``) identifies it on every grade."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")]
    version: int = Field(ge=1)
    name: Text
    pass_mark: int = Field(ge=0, le=100)
    criteria: tuple[CriterionSpec, ...] = Field(min_length=len(SEED_CRITERIA))
    earnings: EarningsRules

    @model_validator(mode="after")
    def _seed_criteria_first(self) -> Rubric:
        ids = [c.id for c in self.criteria]
        if tuple(ids[: len(SEED_CRITERIA)]) != SEED_CRITERIA:
            raise ValueError(f"a rubric starts with the seed criteria {list(SEED_CRITERIA)}")
        if len(set(ids)) != len(ids):
            raise ValueError("criterion ids must be unique")
        if len(ids) > MAX_CRITERIA:
            raise ValueError(f"at most {MAX_CRITERIA} criteria")
        return self

    @property
    def label(self) -> str:
        return f"{self.id}@{self.version}"

    def criterion(self, criterion_id: str) -> CriterionSpec:
        for spec in self.criteria:
            if spec.id == criterion_id:
                return spec
        raise KeyError(criterion_id)

    def check_ids(self) -> list[str]:
        """Qualified check ids, ``<criterion>.<check>``, in rubric order."""
        return [f"{c.id}.{k.id}" for c in self.criteria for k in c.checks]


def clamp_score(x: float) -> int:
    """Round half up and clamp into 0..100; NaN counts as 0."""
    if math.isnan(x):
        return 0
    return max(0, min(100, math.floor(x + 0.5)))


def overall_score(scores: Iterable[int]) -> int:
    """Mean of the criterion scores, rounded half up (not banker's rounding)."""
    values = list(scores)
    if not values:
        raise ValueError("no scores to average")
    # Integer arithmetic: floor(s/n + 1/2) == (2s + n) // 2n, exact for any n.
    return (2 * sum(values) + len(values)) // (2 * len(values))


def _check(id: str, weight: int, description: str) -> Check:
    return Check(id=id, weight=weight, description=description)


DEFAULT_RUBRIC = Rubric(
    id="default",
    version=2,
    name="SessionHub default sales call rubric",
    pass_mark=60,
    criteria=(
        CriterionSpec(
            id="rapport",
            title="Rapport",
            description="Builds a human connection and keeps the customer feeling heard.",
            checks=(
                _check("greeting", 1, "Opens with a greeting or introduces themselves."),
                _check(
                    "acknowledges",
                    3,
                    "Takes up what the customer just said about their situation or "
                    "feelings, in their own words, before moving on.",
                ),
                _check(
                    "responsive",
                    2,
                    "Never ignores a customer's question, request or remark in the next turn.",
                ),
                _check("courteous", 2, "No rude, dismissive or sarcastic remark."),
                _check(
                    "balanced_talk", 1, "Lets the customer talk: 25-65% of the words are theirs."
                ),
                _check(
                    "few_fillers",
                    1,
                    "Speaks cleanly: at most 3 filler words (um, uh, like, you know) per 100.",
                ),
            ),
        ),
        CriterionSpec(
            id="discovery",
            title="Discovery",
            description="Finds out the customer's situation and needs with questions.",
            checks=(
                _check(
                    "asks_questions",
                    1,
                    "Asks at least two questions about the customer's business.",
                ),
                _check(
                    "open_questions",
                    2,
                    "At least two of them are open questions (what, how, why, walk me through).",
                ),
                _check(
                    "follows_up",
                    3,
                    "Asks a question that builds on what the customer just answered.",
                ),
                _check(
                    "no_repeats", 1, "Does not ask again a question the customer already answered."
                ),
            ),
        ),
        CriterionSpec(
            id="objection_handling",
            title="Objection handling",
            description="Meets the customer's concerns instead of brushing them off.",
            checks=(
                _check(
                    "acknowledges_concern",
                    2,
                    "Recognises the concern without dismissing or arguing with it.",
                ),
                _check("explores_concern", 2, "Asks a question about the concern."),
                _check(
                    "answers_concern",
                    3,
                    "Answers the concern with something specific to it (an option, a fact, "
                    "a change), not a generic pitch.",
                ),
                _check(
                    "customer_reassured",
                    2,
                    "The customer's reaction shows the concern eased.",
                ),
                _check(
                    "invites_concerns",
                    1,
                    "Invites the customer's concerns or view, or meets one the customer raised.",
                ),
            ),
        ),
        CriterionSpec(
            id="closing",
            title="Closing",
            description="Moves the call to a concrete next step the customer agrees to.",
            checks=(
                _check(
                    "proposes_next_step",
                    3,
                    "Proposes a concrete next step (a meeting, visit, demo, trial, delivery).",
                ),
                _check("specific_time", 2, "Ties the next step to a day or time."),
                _check(
                    "commitment",
                    3,
                    "The customer accepts the proposed next step in their reply.",
                ),
                _check(
                    "confirms",
                    1,
                    "Confirms or sums up what was agreed after the customer accepts.",
                ),
            ),
        ),
    ),
    earnings=EarningsRules(
        tiers=(
            EarningsTier(min_overall=85, amount=100.0),
            EarningsTier(min_overall=70, amount=50.0),
            EarningsTier(min_overall=55, amount=25.0),
            EarningsTier(min_overall=40, amount=10.0),
            EarningsTier(min_overall=0, amount=0.0),
        ),
        commitment_bonus=25.0,
    ),
)

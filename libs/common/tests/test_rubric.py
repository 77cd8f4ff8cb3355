"""Rubrics as data: validation, scoring and the default rubric's seed fields."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from sessionhub.common.rubric import (
    CATEGORIES,
    DEFAULT_RUBRIC,
    SCORE_FIELDS,
    SEED_CRITERIA,
    CriterionSpec,
    Rubric,
    clamp_score,
    overall_score,
    with_score_fields,
)

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers


def _data() -> dict[str, Any]:
    return json.loads(DEFAULT_RUBRIC.model_dump_json())


def test_default_rubric_reproduces_the_seed_categories() -> None:
    assert tuple(c.id for c in DEFAULT_RUBRIC.criteria) == SEED_CRITERIA
    assert SEED_CRITERIA == ("rapport", "discovery", "objection_handling", "closing")
    assert SCORE_FIELDS == (
        "rapport_score",
        "discovery_score",
        "objection_handling_score",
        "closing_score",
        "overall_score",
    )
    assert CATEGORIES[-1] == "overall"
    assert DEFAULT_RUBRIC.label == "default@2"


def test_score_is_the_weighted_share_passed_and_coverage_the_share_decided() -> None:
    spec = CriterionSpec.model_validate(
        {
            "id": "x",
            "title": "X",
            "description": "d",
            "checks": [
                {"id": "a", "weight": 3, "description": "a"},
                {"id": "b", "weight": 1, "description": "b"},
            ],
        }
    )
    assert spec.score({"a": "passed", "b": "failed"}) == 75
    assert spec.score({"a": "undecided", "b": "passed"}) == 25
    assert spec.coverage({"a": "undecided", "b": "passed"}) == 0.25
    assert spec.coverage({}) == 0.0


def test_earnings_tiers_and_commitment_bonus() -> None:
    rules = DEFAULT_RUBRIC.earnings
    assert rules.earnings(39, commitment_secured=False) == 0.0
    assert rules.earnings(40, commitment_secured=True) == 35.0
    assert rules.earnings(85, commitment_secured=True) == 125.0


@pytest.mark.parametrize(
    "mutate",
    [
        lambda d: d["criteria"].pop(0),  # a seed criterion missing
        lambda d: d["criteria"].append(d["criteria"][0]),  # a repeated criterion
        lambda d: d["criteria"][0]["checks"].append(d["criteria"][0]["checks"][0]),
        lambda d: d["criteria"][0]["checks"][0].update(weight=0),
        lambda d: d["earnings"]["tiers"].reverse(),
        lambda d: d.update(pass_mark=101),
        lambda d: d.update(id="bad id!"),
        lambda d: d["criteria"][1].update(checks=[]),
    ],
)
def test_invalid_rubrics_are_rejected(mutate: Callable[[dict[str, Any]], object]) -> None:
    data = _data()
    mutate(data)
    with pytest.raises(ValidationError):
        Rubric.model_validate(data)


def test_rounding_rules() -> None:
    assert overall_score([70, 71, 70, 71]) == 71
    assert clamp_score(150) == 100
    assert clamp_score(float("nan")) == 0


def test_response_schemas_take_their_score_fields_from_the_rubric() -> None:
    @with_score_fields(nullable=True)
    class Member(BaseModel):
        """A member."""

        id: int

    assert list(Member.model_fields) == ["id", *SCORE_FIELDS]
    assert (Member.__name__, Member.__doc__) == ("Member", "A member.")
    schema = Member.model_json_schema()
    assert schema["required"] == ["id", *SCORE_FIELDS]
    assert {"type": "null"} in schema["properties"]["overall_score"]["anyOf"]
    assert Member.model_validate({"id": 1, **dict.fromkeys(SCORE_FIELDS)}).id == 1
    with pytest.raises(ValidationError):
        Member.model_validate({"id": 1})

    @with_score_fields(nullable=False)
    class Graded(BaseModel):
        pass

    assert Graded.model_json_schema()["properties"]["rapport_score"]["type"] == "integer"

"""Rubric request and response bodies; the rubric itself is libs/common's ``Rubric``."""

from __future__ import annotations

import uuid

from pydantic import BaseModel, ConfigDict, Field, model_validator

from sessionhub.common.db import INT4_MAX
from sessionhub.common.rubric import CriterionSpec, EarningsRules, Rubric
from sessionhub.common.text import SafeStr
from sessionhub.common.timestamps import Timestamp


class RubricDraft(BaseModel):
    """A rubric as a manager writes it; the id and version are assigned on save."""

    model_config = ConfigDict(extra="forbid")

    name: SafeStr = Field(min_length=1, max_length=200)
    pass_mark: int = Field(ge=0, le=100)
    criteria: tuple[CriterionSpec, ...]
    earnings: EarningsRules

    @model_validator(mode="after")
    def _valid_rubric(self) -> RubricDraft:
        # The rubric's own rules (the seed's criteria first, unique ids) answer 422 here.
        self.as_rubric(uuid.UUID(int=0), 1)
        return self

    def as_rubric(self, rubric_id: uuid.UUID, version: int) -> Rubric:
        return Rubric(
            id=str(rubric_id),
            version=version,
            name=self.name,
            pass_mark=self.pass_mark,
            criteria=self.criteria,
            earnings=self.earnings,
        )


class RubricPublic(BaseModel):
    id: uuid.UUID
    version: int
    label: str = Field(description="How grades name it: <id>@<version>.")
    created_at: Timestamp
    rubric: Rubric


class RubricSummary(BaseModel):
    """Which rubric version something is graded against, without the rubric's body."""

    id: uuid.UUID
    version: int
    label: str = Field(description="How grades name it: <id>@<version>.")
    name: str
    href: str = Field(description="Where the full version is: /api/rubrics/{id}/versions/{v}.")

    @classmethod
    def of(cls, rubric_id: uuid.UUID, version: int, name: str) -> RubricSummary:
        return cls(
            id=rubric_id,
            version=version,
            label=f"{rubric_id}@{version}",
            name=name,
            href=f"/api/rubrics/{rubric_id}/versions/{version}",
        )


class RubricRef(BaseModel):
    """Which rubric a new training session is graded against."""

    model_config = ConfigDict(extra="forbid")

    id: uuid.UUID
    version: int | None = Field(None, ge=1, le=INT4_MAX, description="Default: the latest version.")

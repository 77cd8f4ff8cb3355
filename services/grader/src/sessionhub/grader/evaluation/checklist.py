"""The closing checklist: proposal and agreement reading measured combinatorially.

A checklist (``services/grader/tests/eval/README.md``) holds call openings, trainee lines
labelled as proposals of a next step or not, and customer replies labelled as agreeing or
not, each written to fit any of the others. Every proposal is put after a call opening and
answered by every reply (the opening turns with the pair, so each is used as often), and
the transcript ends with a neutral trainee line. The reading expected: a commitment
exactly when a real proposal met an agreement. A commitment where none was given is the
costly error (it pays earnings), so it is counted apart from a commitment missed.
The objection checklist (``objection.py``) shares the strict models, the closing line and
``worst`` with it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

from sessionhub.grader.evaluation.schemas import transcript
from sessionhub.grader.evaluation.service import GradeFn

CLOSER = "T: Thanks, speak soon."
NO_FORM = "no form given"


class Labelled(Protocol):
    """A checklist line as a report may name it: by id and form, never by its wording."""

    @property
    def id(self) -> str: ...

    @property
    def form(self) -> str: ...


class Strict(BaseModel):
    # A validation error shows no input: a held-out checklist's lines stay out of
    # whatever prints it (a failing test, a traceback).
    model_config = ConfigDict(extra="forbid", hide_input_in_errors=True)


class Call(Strict):
    id: str
    industry: str
    lines: list[str] = Field(min_length=1)


class Proposal(Strict):
    id: str
    text: str = Field(min_length=1)
    proposal: bool
    form: str = ""


class Reply(Strict):
    id: str
    text: str = Field(min_length=1)
    agrees: bool
    form: str = ""


class Checklist(Strict):
    calls: list[Call] = Field(min_length=1)
    proposals: list[Proposal] = Field(min_length=1)
    replies: list[Reply] = Field(min_length=1)

    @classmethod
    def load(cls, path: Path) -> Checklist:
        return cls.model_validate_json(path.read_text(encoding="utf-8"))

    def cases(self) -> list[tuple[Call, Proposal, Reply]]:
        n = len(self.calls)
        return [
            (self.calls[(i + j) % n], p, r)
            for i, p in enumerate(self.proposals)
            for j, r in enumerate(self.replies)
        ]


@dataclass
class ChecklistReport:
    cases: int = 0
    right: int = 0
    false_commitments: int = 0
    missed_commitments: int = 0
    proposals_read: int = 0
    proposals: int = 0
    non_proposals_read: int = 0
    non_proposals: int = 0
    wrong_by_proposal: Counter[str] = field(default_factory=Counter)
    wrong_by_reply: Counter[str] = field(default_factory=Counter)

    def summary(self) -> dict[str, Any]:
        def share(x: int, n: int) -> float | None:
            return round(x / n, 3) if n else None

        return {
            "cases": self.cases,
            "commitment_accuracy": share(self.right, self.cases),
            "false_commitments": self.false_commitments,
            "missed_commitments": self.missed_commitments,
            # each proposal is read once per reply; its reading is the proposal line's
            "proposal_recall": share(self.proposals_read, self.proposals),
            "non_proposal_read_as_one": share(self.non_proposals_read, self.non_proposals),
        }


async def evaluate_checklist(checklist: Checklist, grade: GradeFn) -> ChecklistReport:
    report = ChecklistReport()
    for call, proposal, reply in checklist.cases():
        lines = [*call.lines, f"T: {proposal.text}", f"C: {reply.text}", CLOSER]
        got = await grade(transcript(lines))
        at = len(call.lines) + 1  # the proposal's line number
        proposed = any(
            c.id == "proposes_next_step" and c.verdict == "passed" and at in c.seqs
            for d in got.details
            if d.criterion == "closing"
            for c in d.checks
        )
        if proposal.proposal:
            report.proposals += 1
            report.proposals_read += proposed
        else:
            report.non_proposals += 1
            report.non_proposals_read += proposed
        expected = proposal.proposal and reply.agrees
        report.cases += 1
        if got.commitment_secured == expected:
            report.right += 1
            continue
        if got.commitment_secured:
            report.false_commitments += 1
        else:
            report.missed_commitments += 1
        report.wrong_by_proposal[proposal.id] += 1
        report.wrong_by_reply[reply.id] += 1
    return report


def worst(counts: Counter[str], items: Sequence[Labelled], n: int = 10) -> list[str]:
    """The ``n`` lines most often read wrongly: id, count and form, not the wording, so a
    report of a held-out checklist does not hand its lines to whoever tunes the grader."""
    by_id = {x.id: x for x in items}
    return [f"{k} x{v} ({by_id[k].form or NO_FORM})" for k, v in counts.most_common(n)]

"""The closing checklist: its harness, and the held-out checklist measured (never asserted).

The checklist file is held out like the held-out sets: its figures are printed (and
reported by ``bench/grading_quality.py``); a miss is a finding, never a phrase to add.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sessionhub.grader.evaluation.checklist import Checklist, evaluate_checklist, worst
from sessionhub.grader.evaluation.cli import build_cli
from sessionhub.grader.graders.offline import OfflineGrader
from sessionhub.grader.grading.schemas import GradeResult, TranscriptLine

pytestmark = pytest.mark.unit

CHECKLIST = Path(__file__).parent / "eval" / "checklist_closing.json"


async def offline(lines: Sequence[TranscriptLine]) -> GradeResult:
    return OfflineGrader().grade(lines)


def _tiny(proposal: str, reply: str, *, proposal_is: bool, agrees: bool) -> Checklist:
    return Checklist.model_validate(
        {
            "calls": [
                {
                    "id": "c1",
                    "industry": "window cleaning",
                    "lines": [
                        "T: Hi Sue, it's Raj from ClearPane. Do you have a minute?",
                        "C: A minute, yes.",
                        "T: How often do your shop windows get cleaned now?",
                        "C: Once a month, and they're filthy by week two.",
                    ],
                }
            ],
            "proposals": [{"id": "p1", "text": proposal, "proposal": proposal_is}],
            "replies": [{"id": "r1", "text": reply, "agrees": agrees}],
        }
    )


async def test_an_agreed_proposal_is_a_commitment_read_right() -> None:
    tiny = _tiny(
        "Could I come by on Thursday at nine to measure up?",
        "Thursday at nine works for me.",
        proposal_is=True,
        agrees=True,
    )
    report = await evaluate_checklist(tiny, offline)
    assert report.summary() == {
        "cases": 1,
        "commitment_accuracy": 1.0,
        "false_commitments": 0,
        "missed_commitments": 0,
        "proposal_recall": 1.0,
        "non_proposal_read_as_one": None,
    }


async def test_a_commitment_the_labels_deny_is_counted_as_false_and_named() -> None:
    # The labels, not the grader, are wrong here: an agreed proposal labelled as none, so
    # the grader's (right) commitment counts as one given where none was.
    tiny = _tiny(
        "Could I come by on Thursday at nine to measure up?",
        "Thursday at nine works for me.",
        proposal_is=False,
        agrees=True,
    )
    report = await evaluate_checklist(tiny, offline)
    assert (report.false_commitments, report.missed_commitments) == (1, 0)
    assert report.non_proposals_read == 1
    assert worst(report.wrong_by_proposal, tiny.proposals) == ["p1 x1 (no form given)"]


def test_every_proposal_meets_every_reply_and_the_openings_turn() -> None:
    tiny = _tiny("a", "b", proposal_is=True, agrees=True)
    three = tiny.model_copy(
        update={
            "calls": [tiny.calls[0].model_copy(update={"id": f"c{i}"}) for i in range(3)],
            "proposals": [tiny.proposals[0].model_copy(update={"id": f"p{i}"}) for i in range(2)],
            "replies": [tiny.replies[0].model_copy(update={"id": f"r{i}"}) for i in range(3)],
        }
    )
    cases = three.cases()
    assert [(c.id, p.id, r.id) for c, p, r in cases][:4] == [
        ("c0", "p0", "r0"),
        ("c1", "p0", "r1"),
        ("c2", "p0", "r2"),
        ("c1", "p1", "r0"),
    ]
    assert len(cases) == 6


def test_eval_reads_a_checklist_by_its_json_object(tmp_path: Path) -> None:
    tiny = _tiny(
        "Are you open on Saturdays?",
        "Yes, nine till one.",
        proposal_is=False,
        agrees=True,
    )
    path = tmp_path / "checklist.json"
    path.write_text(tiny.model_dump_json())
    result = CliRunner().invoke(build_cli(), ["eval", str(path), "--details"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["cases"] == 1
    assert summary["proposal_recall"] is None
    assert set(summary) >= {"commitment_accuracy", "false_commitments", "proposals_read_wrongly"}


def test_held_out_checklist_is_complete() -> None:
    checklist = Checklist.load(CHECKLIST)
    ids = [x.id for x in (*checklist.calls, *checklist.proposals, *checklist.replies)]
    assert len(ids) == len(set(ids))
    assert len({c.industry for c in checklist.calls}) == len(checklist.calls) >= 8
    assert all(c.lines[-1].startswith("C: ") for c in checklist.calls)
    assert sum(p.proposal for p in checklist.proposals) >= 20
    assert sum(not p.proposal for p in checklist.proposals) >= 10
    assert sum(r.agrees for r in checklist.replies) >= 12
    assert sum(not r.agrees for r in checklist.replies) >= 20


async def test_held_out_checklist_is_measured() -> None:
    checklist = Checklist.load(CHECKLIST)
    report = await evaluate_checklist(checklist, offline)
    summary = report.summary()
    print("closing checklist:", summary)
    for line in worst(report.wrong_by_proposal, checklist.proposals, 5):
        print("  proposal read wrongly:", line)
    for line in worst(report.wrong_by_reply, checklist.replies, 5):
        print("  reply read wrongly:", line)
    assert summary["cases"] == len(checklist.proposals) * len(checklist.replies)

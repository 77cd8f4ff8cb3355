"""The agreement harness: how far a grader agrees with people on a labelled set.

For each pair, the strong call must score strictly higher than the weak one on the
pair's criterion (a tie is a miss); the human scores of all transcripts give a Spearman
correlation per criterion; every adversarial transcript's expectations are checked; and
every "I couldn't find …"-style improvement about a check the author marked as shown
(``did``) counts as a false claim. Against a grader that avoids false claims by saying
nothing, the share of weak calls still given advice on the pair's criterion is reported
too (``weak_advised``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sessionhub.common.rubric import SEED_CRITERIA
from sessionhub.grader.evaluation.schemas import Adversarial, Pair, transcript
from sessionhub.grader.graders.offline import EmptyTranscriptError
from sessionhub.grader.grading.schemas import GradeResult, TranscriptLine

GradeFn = Callable[[Sequence[TranscriptLine]], Awaitable[GradeResult]]


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties; None if undefined."""
    if len(xs) != len(ys) or len(xs) < 3:
        return None

    def ranks(values: Sequence[float]) -> list[float]:
        order = sorted(range(len(values)), key=lambda i: values[i])
        out = [0.0] * len(values)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
                j += 1
            for k in range(i, j + 1):
                out[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return out

    rx, ry = ranks(xs), ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return round(cov / (vx * vy) ** 0.5, 3)


@dataclass
class Report:
    pairs: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    misses: list[dict[str, Any]] = field(default_factory=list)
    human: dict[str, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    adversarial: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    adversarial_failures: list[dict[str, Any]] = field(default_factory=list)
    false_claims: list[dict[str, Any]] = field(default_factory=list)
    weak_advised: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))

    def summary(self) -> dict[str, Any]:
        accuracy = {c: round(sum(v) / len(v), 3) for c in SEED_CRITERIA if (v := self.pairs.get(c))}
        met = {k: all(v) for k, v in sorted(self.adversarial.items())}
        return {
            "pairs": sum(len(v) for v in self.pairs.values()),
            "pair_accuracy": accuracy,
            "pair_accuracy_min": min(accuracy.values()) if accuracy else None,
            "spearman": {
                c: spearman([h for h, _ in pairs], [g for _, g in pairs])
                for c in SEED_CRITERIA
                if (pairs := self.human.get(c))
            },
            "adversarial_kinds_met": met,
            "adversarial_met": f"{sum(met.values())}/{len(met)}",
            "false_claims": len(self.false_claims),
            "weak_advised": {
                c: round(sum(v) / len(v), 3)
                for c in SEED_CRITERIA
                if (v := self.weak_advised.get(c))
            },
        }


async def evaluate(items: Sequence[Pair | Adversarial], grade: GradeFn) -> Report:
    report = Report()
    for item in items:
        if isinstance(item, Pair):
            await _pair(item, grade, report)
        else:
            await _adversarial(item, grade, report)
    return report


async def _pair(item: Pair, grade: GradeFn, report: Report) -> None:
    strong = await grade(transcript(item.strong.lines))
    weak = await grade(transcript(item.weak.lines))
    field_ = f"{item.criterion}_score"
    s, w = getattr(strong, field_), getattr(weak, field_)
    report.pairs[item.criterion].append(s > w)
    if s <= w:
        report.misses.append({"id": item.id, "criterion": item.criterion, "strong": s, "weak": w})
    report.human[item.criterion] += [(item.strong.human, s), (item.weak.human, w)]
    report.weak_advised[item.criterion].append(
        any(fb.kind == "improvement" and fb.criterion == item.criterion for fb in weak.feedback)
    )
    shown = set(item.strong.did)
    for fb in strong.feedback:
        if fb.kind == "improvement" and f"{fb.criterion}.{fb.check}" in shown:
            report.false_claims.append(
                {"id": item.id, "check": f"{fb.criterion}.{fb.check}", "text": fb.text}
            )


async def _adversarial(item: Adversarial, grade: GradeFn, report: Report) -> None:
    e = item.expect
    failed: list[str] = []
    try:
        got = await grade(transcript(item.lines))
    except EmptyTranscriptError:
        # The product grades no call without a trainee line (the session's grading fails
        # with ``empty_transcript``): no score, no earnings, no commitment. Bounds on those
        # hold; what needs a grade to show (a flag, a confidence, a comparison) does not.
        needs_grade = (
            e.flagged
            or e.confidence is not None
            or e.language is not None
            or e.commitment
            or e.not_above_baseline
            or e.below_baseline
        )
        if needs_grade:
            failed.append("not graded: no trainee line")
        _record(item, failed, report)
        return
    if e.max_overall is not None and got.overall_score > e.max_overall:
        failed.append(f"overall {got.overall_score} > {e.max_overall}")
    if e.max_earnings is not None and got.virtual_earnings > e.max_earnings:
        failed.append(f"earnings {got.virtual_earnings} > {e.max_earnings}")
    for c, bound in e.max_scores.items():
        if getattr(got, f"{c}_score") > bound:
            failed.append(f"{c} {getattr(got, f'{c}_score')} > {bound}")
    if e.flagged is not None and bool(got.flagged_lines) != e.flagged:
        failed.append(f"flagged={bool(got.flagged_lines)}")
    if e.confidence is not None and got.confidence != e.confidence:
        failed.append(f"confidence {got.confidence}")
    if e.language is not None and got.language != e.language:
        failed.append(f"language {got.language}")
    if e.commitment is not None and got.commitment_secured != e.commitment:
        failed.append(f"commitment {got.commitment_secured}")
    for c in e.no_strength_for:
        if any(f.kind == "strength" and f.criterion == c for f in got.feedback):
            failed.append(f"praised for {c}")
    if item.baseline is not None and (e.not_above_baseline or e.below_baseline):
        base = await grade(transcript(item.baseline))
        for c in e.not_above_baseline:
            mine, theirs = getattr(got, f"{c}_score"), getattr(base, f"{c}_score")
            if mine > theirs:
                failed.append(f"{c} {mine} above baseline {theirs}")
        for c in e.below_baseline:
            mine, theirs = getattr(got, f"{c}_score"), getattr(base, f"{c}_score")
            if mine >= theirs:
                failed.append(f"{c} {mine} not below baseline {theirs}")
    _record(item, failed, report)


def _record(item: Adversarial, failed: list[str], report: Report) -> None:
    report.adversarial[item.attack].append(not failed)
    if failed:
        report.adversarial_failures.append({"id": item.id, "attack": item.attack, "failed": failed})

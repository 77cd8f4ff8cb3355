"""Section-level diff of two outlines: what was added, removed, moved and changed.

Sections are matched by id first (edits of one version keep ids), then by title
(versions from different generations share no ids). A matched section has moved when
it is not part of the longest run of matches that kept their relative order.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from sessionhub.builder.drafts.schemas import Outline, Section
from sessionhub.builder.versions.schemas import (
    ChangedSection,
    MovedSection,
    SectionRef,
    SummaryDiff,
    VersionComparison,
)

COMPARED = ("title", "description", "duration_minutes", "kind", "topic_refs")


def _key(title: str) -> str:
    return " ".join(title.lower().split())


def _match(a: list[Section], b: list[Section]) -> list[tuple[int, int]]:
    pairs: list[tuple[int, int]] = []
    used_b: set[int] = set()
    ids_b = {s.id: j for j, s in enumerate(b)}
    unmatched_a = []
    for i, s in enumerate(a):
        j = ids_b.get(s.id)
        if j is not None and j not in used_b:
            pairs.append((i, j))
            used_b.add(j)
        else:
            unmatched_a.append(i)
    for i in unmatched_a:
        for j, s in enumerate(b):
            if j not in used_b and _key(s.title) == _key(a[i].title):
                pairs.append((i, j))
                used_b.add(j)
                break
    return sorted(pairs)


def _kept_order(pairs: list[tuple[int, int]]) -> set[int]:
    """Indexes (into ``pairs``) of a longest increasing run of b positions."""
    tails: list[int] = []
    tail_at: list[int] = []
    parent = [-1] * len(pairs)
    for k, (_, j) in enumerate(pairs):
        pos = bisect_left(tails, j)
        if pos == len(tails):
            tails.append(j)
            tail_at.append(k)
        else:
            tails[pos] = j
            tail_at[pos] = k
        parent[k] = tail_at[pos - 1] if pos > 0 else -1
    kept: set[int] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        kept.add(k)
        k = parent[k]
    return kept


def compare(a_name: str, a: Outline, b_name: str, b: Outline) -> VersionComparison:
    sa, sb = a.sections, b.sections
    pairs = _match(sa, sb)
    kept = _kept_order(pairs)
    matched_a = {i for i, _ in pairs}
    matched_b = {j for _, j in pairs}
    changed = []
    for i, j in pairs:
        fields: dict[str, dict[str, Any]] = {}
        for name in COMPARED:
            va, vb = getattr(sa[i], name), getattr(sb[j], name)
            if va != vb:
                fields[name] = {"a": va, "b": vb}
        if fields:
            changed.append(
                ChangedSection(
                    id_a=sa[i].id or "", id_b=sb[j].id or "", title=sb[j].title, fields=fields
                )
            )
    return VersionComparison(
        a=a_name,
        b=b_name,
        added=[
            SectionRef(id=s.id or "", title=s.title, index=j)
            for j, s in enumerate(sb)
            if j not in matched_b
        ],
        removed=[
            SectionRef(id=s.id or "", title=s.title, index=i)
            for i, s in enumerate(sa)
            if i not in matched_a
        ],
        moved=[
            MovedSection(id=sb[j].id or "", title=sb[j].title, index=j, from_index=i)
            for k, (i, j) in enumerate(pairs)
            if k not in kept
        ],
        changed=changed,
        summary=SummaryDiff(
            a=a.summary,
            b=b.summary,
            changed=a.summary != b.summary,
            sections_a=len(sa),
            sections_b=len(sb),
            minutes_a=sum(s.duration_minutes for s in sa),
            minutes_b=sum(s.duration_minutes for s in sb),
        ),
    )

"""Split a document into retrieval chunks along its headings and paragraphs.

A chunk never spans two sections, so its heading path says what it is about (and
ranks as such: headings weigh more in full-text search). Paragraphs are packed
together up to ``max_chars``; a paragraph longer than that is cut at sentence ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Chunk:
    heading: str
    text: str


def _join(parts: Iterable[str], sep: str, max_chars: int) -> list[str]:
    """Consecutive parts joined by ``sep`` into runs of at most ``max_chars`` (greedy)."""
    out: list[str] = []
    current = ""
    for part in parts:
        if current and len(current) + len(sep) + len(part) > max_chars:
            out.append(current)
            current = part
        else:
            current = f"{current}{sep}{part}" if current else part
    if current:
        out.append(current)
    return out


def _pieces(paragraph: str, max_chars: int) -> list[str]:
    """A paragraph cut at sentence ends (a sentence longer than ``max_chars``, anywhere)."""
    if len(paragraph) <= max_chars:
        return [paragraph]
    cuts = (
        sentence[start : start + max_chars]
        for sentence in _SENTENCE_END.split(paragraph)
        for start in range(0, len(sentence), max_chars)
    )
    return _join(cuts, " ", max_chars)


def _pack(paragraphs: list[str], max_chars: int) -> list[str]:
    pieces = (piece for paragraph in paragraphs for piece in _pieces(paragraph, max_chars))
    return _join(pieces, "\n\n", max_chars)


def split(text: str, *, title: str, markdown: bool, max_chars: int) -> list[Chunk]:
    """Chunks of ``text``; plain text has one section, headed by the document title."""
    sections: list[tuple[str, list[str]]] = []
    path: list[tuple[int, str]] = []
    heading = title
    lines: list[str] = []
    for line in text.splitlines():
        match = _HEADING.match(line) if markdown else None
        if match is None:
            lines.append(line)
            continue
        sections.append((heading, lines))
        level, name = len(match.group(1)), match.group(2).strip()
        path = [(lvl, n) for lvl, n in path if lvl < level] + [(level, name)]
        heading = " › ".join(n for _, n in path)
        lines = []
    sections.append((heading, lines))
    chunks: list[Chunk] = []
    for name, body in sections:
        paragraphs = [
            " ".join(p.split()) for p in re.split(r"\n\s*\n", "\n".join(body)) if p.strip()
        ]
        chunks += [Chunk(name, piece) for piece in _pack(paragraphs, max_chars)]
    return chunks


def split_pages(pages: list[tuple[int, str]], *, title: str, max_chars: int) -> list[Chunk]:
    """Chunks of a paged document (a PDF): none spans two pages, and each heading names
    its page (``Guide › p. 3``) so a retrieved chunk can be cited to the page."""
    chunks: list[Chunk] = []
    for number, text in pages:
        chunks += split(text, title=f"{title} › p. {number}", markdown=False, max_chars=max_chars)
    return chunks

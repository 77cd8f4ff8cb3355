"""Split a document into retrieval chunks along its headings and paragraphs.

A chunk never spans two sections, so its heading path says what it is about (and
ranks as such: headings weigh more in full-text search). Paragraphs are packed
together up to ``max_chars``; a paragraph longer than that is cut at sentence ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


@dataclass(frozen=True)
class Chunk:
    heading: str
    text: str


def _pieces(paragraph: str, max_chars: int) -> list[str]:
    if len(paragraph) <= max_chars:
        return [paragraph]
    out: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(paragraph):
        while len(sentence) > max_chars:
            if current:
                out.append(current)
                current = ""
            out.append(sentence[:max_chars])
            sentence = sentence[max_chars:]
        if current and len(current) + 1 + len(sentence) > max_chars:
            out.append(current)
            current = sentence
        else:
            current = f"{current} {sentence}" if current else sentence
    if current:
        out.append(current)
    return out


def _pack(paragraphs: list[str], max_chars: int) -> list[str]:
    out: list[str] = []
    current = ""
    for paragraph in paragraphs:
        for piece in _pieces(paragraph, max_chars):
            if current and len(current) + 2 + len(piece) > max_chars:
                out.append(current)
                current = piece
            else:
                current = f"{current}\n\n{piece}" if current else piece
    if current:
        out.append(current)
    return out


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

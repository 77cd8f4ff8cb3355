"""PDF text extraction and page chunking: pure logic on PDFs made in the test."""

from __future__ import annotations

import pytest

from sessionhub.builder.knowledge import chunking, pdf

from .pdfs import blank_pdf, bomb_pdf, text_pdf

pytestmark = pytest.mark.unit  # pure logic: `make test-fast` runs it without servers

LIMITS = {"max_pages": 50, "max_chars": 10_000, "max_seconds": 10.0}


def refused(data: bytes, **limits: float) -> pdf.PdfRefused:
    with pytest.raises(pdf.PdfRefused) as caught:
        pdf.extract(data, **{**LIMITS, **limits})  # type: ignore[arg-type]
    return caught.value


def test_pages_with_text_keep_their_numbers_and_lose_nul_bytes() -> None:
    data = text_pdf(["Value framing\nLead with outcomes.", "", "Closing\nAsk \x00for the order."])
    pages = pdf.extract(data, **LIMITS)  # type: ignore[arg-type]
    assert [p.number for p in pages] == [1, 3]
    assert "Lead with outcomes." in pages[0].text
    assert "\x00" not in pages[1].text
    assert "Ask for the order." in pages[1].text


def test_empty_user_password_opens_like_any_pdf() -> None:
    [page] = pdf.extract(text_pdf(["Open to all"], password=""), **LIMITS)  # type: ignore[arg-type]
    assert page.text == "Open to all"


@pytest.mark.parametrize(
    ("data", "too_large", "says"),
    [
        (b"", False, "not a PDF"),
        (b"# Markdown, not a PDF", False, "not a PDF"),
        (text_pdf(["secret"], password="pw"), False, "password-protected"),
        (text_pdf(["Some text"])[:300], False, "malformed"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 20, False, "malformed"),
        (blank_pdf(3), False, "no extractable text"),
        (blank_pdf(51), True, "limited to 50 pages"),
        (bomb_pdf(60_000_000), True, "too large"),
    ],
    ids=["empty", "not-pdf", "encrypted", "truncated", "garbage", "scanned", "pages", "bomb"],
)
def test_hostile_pdfs_are_refused_with_a_reason(data: bytes, too_large: bool, says: str) -> None:
    error = refused(data)
    assert error.too_large is too_large
    assert says in error.message


def test_extracted_text_and_time_are_capped() -> None:
    data = text_pdf(["x" * 80] * 5)
    assert "limited to 200 characters" in refused(data, max_chars=200).message
    assert "took too long" in refused(data, max_seconds=0.0).message


def test_page_chunks_name_their_page() -> None:
    chunks = chunking.split_pages(
        [(2, "Intro paragraph.\n\nSecond paragraph."), (5, "Late page.")],
        title="Guide",
        max_chars=1_200,
    )
    assert [(c.heading, c.text) for c in chunks] == [
        ("Guide › p. 2", "Intro paragraph.\n\nSecond paragraph."),
        ("Guide › p. 5", "Late page."),
    ]

"""Text of an uploaded PDF, page by page, with the parser's work bounded.

A PDF is untrusted input for a parser written in Python: it can be encrypted, broken,
a decompression bomb, a page tree of a million entries, or images without any text.
Every one of those ends in :class:`PdfRefused` (a 4xx for the caller), never in an
unbounded parse: pypdf's own limits are tightened for the extraction, the page count is
capped before any page is read, the extracted text is capped as it accumulates, and a
deadline is checked between pages (one page's work is bounded by the parsing limits).
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from io import BytesIO

import pypdf
from pypdf import PasswordType
from pypdf.errors import DependencyError, LimitReachedError

# pypdf logs each defect it works around in a broken file: noise an uploader can make.
logging.getLogger("pypdf").setLevel(logging.ERROR)

#: Characters PostgreSQL text cannot hold (NUL, lone surrogates) and other C0 controls a
#: page's text should not carry (fonts without a Unicode map extract as such bytes).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")
_BLANK_RUNS = re.compile(r"[ \t]+")

#: Far below pypdf's defaults (75 MB a stream, 100,000 page-tree entries): a knowledge
#: document's text streams are kilobytes, and the request body is at most a few MiB.
_LIMITS = pypdf.Configuration(
    maximum_declared_stream_length=16_000_000,
    zlib_maximum_output_length=16_000_000,
    lzw_maximum_output_length=16_000_000,
    run_length_maximum_output_length=16_000_000,
    brotli_maximum_output_length=16_000_000,
    array_based_stream_maximum_output_length=16_000_000,
    stream_decoding_work_maximum_length=64_000_000,
    stream_parsing_work_maximum_count=500_000,
    page_tree_maximum_entries=20_000,
    page_tree_maximum_page_entries=100_000,
    xform_maximum_invocations_per_extraction=500,
    # Text extraction never needs images decoded; never start an external decoder.
    jbig2dec_binary=None,
)


class PdfRefused(Exception):
    """Why a PDF cannot be indexed; ``too_large`` separates 413 from 422."""

    def __init__(self, message: str, *, too_large: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.too_large = too_large


@dataclass(frozen=True)
class Page:
    number: int
    text: str


def clean(text: str) -> str:
    """Storable, printable page text: controls dropped, runs of blanks folded."""
    return _BLANK_RUNS.sub(" ", _UNPRINTABLE.sub("", text)).strip()


def extract(data: bytes, *, max_pages: int, max_chars: int, max_seconds: float) -> list[Page]:
    """The pages of ``data`` that carry text (1-based numbers); raises :class:`PdfRefused`.

    CPU-bound: call it in a worker thread.
    """
    if not data.lstrip()[:1024].startswith(b"%PDF-"):
        raise PdfRefused("The body is not a PDF (it does not start with %PDF-).")
    deadline = time.monotonic() + max_seconds
    with pypdf.apply_configuration(_LIMITS):
        try:
            return _pages(data, max_pages, max_chars, deadline)
        except PdfRefused:
            raise
        except LimitReachedError as exc:
            raise PdfRefused(f"The PDF is too large to index ({exc}).", too_large=True) from exc
        except (DependencyError, NotImplementedError) as exc:
            raise PdfRefused(f"The PDF uses a feature that cannot be read ({exc}).") from exc
        except (MemoryError, RecursionError) as exc:
            raise PdfRefused("The PDF is too complex to index.", too_large=True) from exc
        # A parser fed hostile bytes fails in many ways (PdfReadError, but also KeyError,
        # ValueError, TypeError, ...): whatever it raised, the file is not readable.
        except Exception as exc:
            raise PdfRefused(f"The PDF is malformed ({type(exc).__name__}).") from exc


def _pages(data: bytes, max_pages: int, max_chars: int, deadline: float) -> list[Page]:
    reader = pypdf.PdfReader(BytesIO(data), strict=False)
    # Encrypted with an empty user password (permissions only) opens like any PDF.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise PdfRefused("The PDF is password-protected; upload an unprotected copy.")
    count = len(reader.pages)
    if count > max_pages:
        raise PdfRefused(
            f"PDFs are limited to {max_pages} pages; this one has {count}.", too_large=True
        )
    pages: list[Page] = []
    chars = 0
    index = 0

    def on_time(*_: object) -> None:
        # Called before every operator of a page's content, so even one huge page
        # stops at the deadline rather than after it.
        if time.monotonic() > deadline:
            raise PdfRefused(
                f"The PDF took too long to read (stopped on page {index + 1} of {count}).",
                too_large=True,
            )

    for index in range(count):
        on_time()
        text = clean(reader.pages[index].extract_text(visitor_operand_before=on_time))
        chars += len(text)
        if chars > max_chars:
            raise PdfRefused(
                f"Documents are limited to {max_chars} characters of text.", too_large=True
            )
        if text:
            pages.append(Page(index + 1, text))
    if not pages:
        raise PdfRefused(
            "The PDF has no extractable text (scanned pages are images: run OCR first)."
        )
    return pages

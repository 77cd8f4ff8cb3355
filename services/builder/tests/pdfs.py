"""Small PDFs made in the test: text pages, images only, encrypted, broken, bombs."""

from __future__ import annotations

import zlib
from io import BytesIO

from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, StreamObject


def _escape(line: str) -> str:
    return line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def _helvetica(writer: PdfWriter) -> IndirectObject:
    return writer._add_object(
        DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Font"),
                NameObject("/Subtype"): NameObject("/Type1"),
                NameObject("/BaseFont"): NameObject("/Helvetica"),
            }
        )
    )


def _page(writer: PdfWriter, font: IndirectObject, content: StreamObject) -> None:
    page = writer.add_blank_page(612, 792)
    page[NameObject("/Contents")] = writer._add_object(content)
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
    )


def _bytes(writer: PdfWriter) -> bytes:
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def text_pdf(pages: list[str], *, password: str | None = None) -> bytes:
    """One page per string, each line drawn in Helvetica (a real text layer)."""
    writer = PdfWriter()
    font = _helvetica(writer)
    for text in pages:
        ops = ["BT", "/F1 11 Tf", "14 TL", "72 740 Td"]
        ops += [f"({_escape(line)}) '" for line in text.splitlines()]
        ops.append("ET")
        content = StreamObject()
        content.set_data("\n".join(ops).encode("latin-1"))
        _page(writer, font, content)
    if password is not None:
        writer.encrypt(user_password=password, owner_password=password, algorithm="AES-128")
    return _bytes(writer)


def blank_pdf(pages: int) -> bytes:
    """Pages without any text, as a scan without OCR extracts."""
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    return _bytes(writer)


def bomb_pdf(expanded_bytes: int) -> bytes:
    """One text page whose content stream inflates from kilobytes to ``expanded_bytes``."""
    writer = PdfWriter()
    content = StreamObject()
    ops = b"BT /F1 11 Tf " + b"(a) Tj " * (expanded_bytes // 7) + b"ET"
    content._data = zlib.compress(ops, 9)
    content[NameObject("/Filter")] = NameObject("/FlateDecode")
    _page(writer, _helvetica(writer), content)
    return _bytes(writer)

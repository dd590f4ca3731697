"""Turning a source (a web page, a PDF, a Word file, a text file) into report text.

Each format has one small module that takes the original bytes and returns a :class:`Document`:
the text (UTF-8-ready, NFC, paragraphs on their own lines, tables as rows of cells separated by
``" | "``) and what the source says about itself (title, outlet, publication date). The format is
recognised from the bytes first (servers and file names lie), then from the media type and the
file name. A source that is none of these, or that has no text, raises
:class:`~solieu.errors.SolieuError` naming it.
"""

from __future__ import annotations

import io
import zipfile

from ..errors import SolieuError
from .document import Document

__all__ = ["Document", "FORMATS", "convert", "detect_format"]

FORMATS = ("html", "pdf", "docx", "txt", "md")
_BY_SUFFIX = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".md": "md",
    ".markdown": "md",
}
_BY_MEDIA_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "text/plain": "txt",
    "text/markdown": "md",
}
_OLD_FORMATS = {
    ".doc": "a Word 97-2003 .doc file: save it as .docx first",
    "application/msword": "a Word 97-2003 .doc file: save it as .docx first",
}


def detect_format(data: bytes, name: str = "", media_type: str = "", source: str = "") -> str:
    """One of :data:`FORMATS` for these bytes; raise :class:`SolieuError` for anything else."""
    where = source or name or "<bytes>"
    head = data[:2048]
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        if _is_docx(data):
            return "docx"
        raise SolieuError("a ZIP archive that is not a Word .docx document", where)
    suffix = _suffix(name)
    for key in (suffix, media_type):
        if key in _OLD_FORMATS:
            raise SolieuError(f"unsupported format: {_OLD_FORMATS[key]}", where)
    by_type = _BY_MEDIA_TYPE.get(media_type)
    by_name = _BY_SUFFIX.get(suffix)
    if by_type == "html" or _looks_like_html(head):
        return "html"
    if by_type in ("txt", "md"):
        return "md" if by_name == "md" else by_type
    if by_type is None and media_type in ("", "application/octet-stream"):
        if by_name in ("txt", "md", "html"):
            return by_name
    claimed = by_type or by_name
    if claimed in ("pdf", "docx"):
        raise SolieuError(
            f"labelled {claimed.upper()} but the bytes are not a {claimed.upper()}", where
        )
    what = f"type {media_type}" if media_type else f"file type {suffix or 'unknown'}"
    raise SolieuError(f"unsupported format: not HTML, PDF, DOCX or text ({what})", where)


def convert(
    data: bytes,
    fmt: str,
    *,
    source: str,
    charset: str | None = None,
    url: str | None = None,
) -> Document:
    """The report text and metadata of ``data`` read as ``fmt`` (one of :data:`FORMATS`).

    ``source`` names the input in messages; ``charset`` is what the server declared; ``url`` is
    where a web page came from (it helps find its date and site name)."""
    if fmt == "html":
        from .web import convert_html

        doc = convert_html(data, source=source, charset=charset, url=url)
    elif fmt == "pdf":
        from .pdf import convert_pdf

        doc = convert_pdf(data, source=source)
    elif fmt == "docx":
        from .word import convert_docx

        doc = convert_docx(data, source=source)
    elif fmt in ("txt", "md"):
        from .plain import convert_plain

        doc = convert_plain(data, source=source, charset=charset, markdown=fmt == "md")
    else:
        raise SolieuError(f"unsupported format {fmt!r}", source)
    if not any(ch.isalnum() for ch in doc.text):
        raise SolieuError("no text found", source)
    return doc


def _suffix(name: str) -> str:
    base = name.rsplit("/", 1)[-1].split("?", 1)[0].split("#", 1)[0]
    return "." + base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _is_docx(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return "word/document.xml" in z.namelist()
    except (zipfile.BadZipFile, OSError):
        return False


def _looks_like_html(head: bytes) -> bool:
    low = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:1024]

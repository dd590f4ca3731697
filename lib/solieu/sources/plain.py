"""Plain text and Markdown files: decoded (UTF-8 unless told otherwise) and tidied."""

from __future__ import annotations

import codecs
import re

from ..errors import SolieuError
from .document import Document, tidy

__all__ = ["convert_plain"]

_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def convert_plain(
    data: bytes, *, source: str, charset: str | None = None, markdown: bool = False
) -> Document:
    """The text of a .txt or .md file; Markdown headings lose their ``#`` marks and Markdown
    tables become rows of cells separated by ``" | "``."""
    if b"\x00" in data:
        raise SolieuError("contains a NUL byte (not a text file?)", source)
    enc = _codec(charset) or "utf-8-sig"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        name = "UTF-8" if enc == "utf-8-sig" else enc
        raise SolieuError(f"not valid {name} text (at byte {exc.start})", source) from None
    title = ""
    if markdown:
        m = _HEADING.search(text)
        if m:
            title = text[m.end() :].split("\n", 1)[0].strip()
        text = _markdown_to_text(text)
    return Document(text=tidy(text), format="md" if markdown else "txt", title=title)


def _codec(name: str | None) -> str | None:
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def _markdown_to_text(text: str) -> str:
    rows = []
    for line in _HEADING.sub("", text).split("\n"):
        if "-" in line and _MD_RULE.match(line):
            continue
        s = line.strip()
        if len(s) > 1 and s.startswith("|") and s.endswith("|"):
            line = " | ".join(c.strip() for c in s[1:-1].split("|"))
        rows.append(line)
    return "\n".join(rows)

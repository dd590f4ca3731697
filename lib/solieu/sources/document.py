"""What a converter returns, and the text conventions every converter follows."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Document", "table_row", "tidy"]


@dataclass(frozen=True, slots=True)
class Document:
    """Report text and what its source says about itself ('' where it says nothing)."""

    text: str
    format: str
    title: str = ""
    outlet: str = ""
    date_published: str = ""  # YYYY-MM-DD


_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n{3,}")


def tidy(text: str) -> str:
    """NFC text with one kind of space and line end, no invisible characters, no trailing
    spaces, at most one blank line in a row, and a final newline."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = text.translate(_INVISIBLE)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    text = _BLANKS.sub("\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""


def table_row(cells: Iterable[str | None]) -> str:
    """One table row as text: each cell on one line, cells separated by ``" | "``."""
    return " | ".join(_SPACES.sub(" ", " ".join((c or "").split())).strip() for c in cells)

"""Reading report files safely and the register of reports (data/raw/reports.csv)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import config
from .text import normalise_text

__all__ = ["ReportReadError", "read_report", "decode_report", "iter_report_paths", "load_register"]


class ReportReadError(ValueError):
    """A report file that cannot be read as text; the message names the file and byte offset."""

    def __init__(self, path: str | Path, reason: str, offset: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.offset = offset
        where = f" at byte {offset}" if offset is not None else ""
        super().__init__(f"{self.path}: {reason}{where}")


def decode_report(data: bytes, path: str | Path = "<bytes>") -> str:
    """Bytes of a report -> NFC text. UTF-8 with or without BOM; NUL bytes and invalid UTF-8
    raise :class:`ReportReadError` naming ``path`` and the byte offset."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReportReadError(path, "contains a NUL byte (not a text file?)", nul)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportReadError(path, f"is not valid UTF-8 ({exc.reason})", exc.start) from None
    return normalise_text(text)


def read_report(path: str | Path) -> str:
    """Read one report file as NFC text (see :func:`decode_report`)."""
    p = Path(path)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise ReportReadError(p, f"cannot be read ({exc.strerror or exc})") from None
    return decode_report(data, p)


def iter_report_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, with each directory expanded to its ``*.txt`` files in name order."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from sorted(q for q in p.glob("*.txt") if q.is_file())
        else:
            yield p


def load_register(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of ``data/raw/reports.csv``: one per report, with its origin and dates."""
    with open(path or config.REPORTS_CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))

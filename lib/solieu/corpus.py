"""Reading report files safely and the register of reports (data/raw/reports.csv)."""

from __future__ import annotations

import csv
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from . import config
from .errors import SolieuError
from .text import normalise_text

__all__ = [
    "ReportReadError",
    "read_report",
    "decode_report",
    "iter_report_paths",
    "list_reports",
    "load_register",
    "max_report_bytes",
]


class ReportReadError(SolieuError):
    """A report file that cannot be read as text; the message names the file and, where it
    applies, the byte offset."""

    def __init__(self, path: str | Path, reason: str, offset: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.offset = offset
        where = f" at byte {offset}" if offset is not None else ""
        super().__init__(f"{reason}{where}", path)

    def __reduce__(self):  # crosses process boundaries intact (a build's workers)
        return (type(self), (self.path, self.reason, self.offset))


def max_report_bytes() -> int:
    """The largest report file read: ``SOLIEU_MAX_REPORT_MB`` megabytes (default 200)."""
    raw = os.environ.get("SOLIEU_MAX_REPORT_MB", "").strip()
    try:
        mb = float(raw) if raw else DEFAULT_MAX_REPORT_MB
    except ValueError:
        raise SolieuError("SOLIEU_MAX_REPORT_MB must be a number of megabytes", raw) from None
    return int(mb * 1_000_000)


DEFAULT_MAX_REPORT_MB = 200


def decode_report(data: bytes, path: str | Path = "<bytes>") -> str:
    """Bytes of a report -> normalised text (NFC, see :func:`solieu.extract.normalise_text`).
    UTF-8 with or without BOM; NUL bytes and invalid UTF-8 raise :class:`ReportReadError`
    naming ``path`` and the byte offset."""
    nul = data.find(b"\x00")
    if nul >= 0:
        raise ReportReadError(path, "contains a NUL byte (not a text file?)", nul)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ReportReadError(path, f"is not valid UTF-8 ({exc.reason})", exc.start) from None
    return normalise_text(text)


def read_report(path: str | Path, max_bytes: int | None = None) -> str:
    """Read one report file as normalised text (see :func:`decode_report`). Anything but a
    regular file (a folder, a FIFO, a device) and files over ``max_bytes`` (default
    :func:`max_report_bytes`) are refused with a :class:`ReportReadError`."""
    p = Path(path)
    limit = max_report_bytes() if max_bytes is None else max_bytes
    try:
        st = p.stat()
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder" if stat.S_ISDIR(st.st_mode) else "not a regular file"
            raise ReportReadError(p, f"is {kind}")
        if st.st_size > limit:
            raise ReportReadError(
                p,
                f"is larger than the limit ({st.st_size:,} bytes > {limit:,}; "
                "set SOLIEU_MAX_REPORT_MB to raise it)",
            )
        with open(p, "rb") as fh:
            data = fh.read(limit + 1)
    except FileNotFoundError:
        raise ReportReadError(p, "does not exist") from None
    except OSError as exc:
        raise ReportReadError(p, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > limit:  # it grew while being read
        raise ReportReadError(p, f"is larger than the limit ({limit:,} bytes)")
    return decode_report(data, p)


def iter_report_paths(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Files named, with each directory expanded to its ``*.txt`` files in name order. A path
    that does not exist, or a folder that cannot be listed, raises :class:`ReportReadError`."""
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            yield from list_reports(p)
        elif not p.exists() and not p.is_symlink():
            raise ReportReadError(p, "does not exist")
        else:
            yield p


def list_reports(folder: Path) -> list[Path]:
    """The ``*.txt`` report files of ``folder`` in name order; a folder that does not exist or
    cannot be listed raises :class:`ReportReadError`."""
    try:
        names = sorted(e.name for e in os.scandir(folder) if e.name.endswith(".txt"))
    except FileNotFoundError:
        raise ReportReadError(folder, "no such folder of reports") from None
    except NotADirectoryError:
        raise ReportReadError(folder, "is not a folder of reports") from None
    except OSError as exc:
        raise ReportReadError(folder, f"cannot be listed ({exc.strerror or exc})") from None
    return [folder / n for n in names if not (folder / n).is_dir()]


def load_register(path: Path | None = None) -> list[dict[str, str]]:
    """Rows of ``data/raw/reports.csv``: one per report, with its origin and dates."""
    with open(path or config.REPORTS_CSV, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))

"""Adding a report to the corpus: ``solieu add SOURCE``.

A source is an http(s) URL or a local ``.html``/``.htm``, ``.pdf``, ``.docx``, ``.txt`` or ``.md``
file. Its text (see :mod:`solieu.sources`) is written to ``data/raw/reports/NNN_<slug>.txt`` under
the next free id, and a row describing where it came from is appended to ``data/raw/reports.csv``:
the text file and the row appear together or not at all. The original bytes are kept under
``data/raw/snapshots/`` (not in git; the row's ``source_sha256`` lets anyone check a new download
against them). Adding the same URL, the same original bytes or the same text again adds nothing
and names the report it already is.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from filelock import FileLock, Timeout

from . import config
from .context import find_doc_province
from .errors import SolieuError
from .fetch import Limits, fetch
from .sources import convert, detect_format

__all__ = ["Added", "REGISTER_COLUMNS", "add_report", "cmd_add", "slugify"]

REGISTER_COLUMNS = [
    "report_id", "file", "title", "outlet", "url", "date_published", "event", "event_date",
    "scope", "language", "sha256", "reference_date", "date_accessed", "notes",
    "source_format", "source_sha256",
]  # fmt: skip
_VI_LETTERS = frozenset(
    "ăâđêôơưĂÂĐÊÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ"
)


@dataclass(frozen=True, slots=True)
class Added:
    """What ``add_report`` did with one source."""

    status: str  # "added", "exists" (already in the register) or "dry-run"
    report_id: str
    file: str
    source: str
    row: dict[str, str] = field(default_factory=dict)

    def message(self) -> str:
        title = self.row.get("title", "")
        what = f"{self.file} (report {self.report_id})"
        if self.status == "exists":
            return f"already in the register as {what}: {self.source}"
        verb = "would add" if self.status == "dry-run" else "added"
        return f"{verb} {what} from {self.source}" + (f": {title}" if title else "")


def add_report(
    source: str | os.PathLike[str],
    *,
    root: str | os.PathLike[str] | None = None,
    title: str | None = None,
    date: str | None = None,
    scope: str | None = None,
    report_id: str | None = None,
    dry_run: bool = False,
    limits: Limits | None = None,
    today: dt.date | None = None,
) -> Added:
    """Add one report from ``source`` (a URL or a file) to the corpus under ``root`` (default:
    the project root). ``title``, ``date`` (YYYY-MM-DD) and ``scope`` override what the source
    says; ``report_id`` picks the id instead of the next free one. Any failure raises
    :class:`SolieuError` naming the source, and nothing is written."""
    raw = Path(root).resolve() / "data" / "raw" if root is not None else config.RAW
    register_path, reports_dir = raw / "reports.csv", raw / "reports"
    src = os.fspath(source)
    if date is not None:
        _check_date(date, src)
    if report_id is not None and not re.fullmatch(r"\d{1,6}", report_id):
        raise SolieuError(f"report id {report_id!r} is not a number", src)
    is_url = bool(re.match(r"(?i)https?://", src))
    if is_url:  # a URL already in the register is not downloaded again
        hit = _find(_read_register(register_path), url=src)
        if hit:
            return Added("exists", hit["report_id"], hit["file"], src, hit)
    data, name, media_type, charset, url = _read_source(src, is_url, limits)
    fmt = detect_format(data, name=name, media_type=media_type, source=src)
    doc = convert(data, fmt, source=src, charset=charset, url=url or None)
    text = doc.text
    text_sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    source_sha = hashlib.sha256(data).hexdigest()
    when = (today or dt.datetime.now(dt.timezone.utc).date()).isoformat()
    notes = []
    if is_url and url != src:
        notes.append(f"Requested as {src} (redirected).")
    if not is_url:
        notes.append(f"Added from the file {Path(src).name}.")
    row = {
        "title": title if title is not None else doc.title,
        "outlet": doc.outlet,
        "url": url,
        "date_published": date if date is not None else doc.date_published,
        "scope": scope if scope is not None else (find_doc_province(text) or ""),
        "language": "vi" if _is_vietnamese(text) else "",
        "sha256": text_sha,
        "date_accessed": when,
        "notes": " ".join(notes),
        "source_format": fmt,
        "source_sha256": source_sha,
    }
    lock = None
    if not dry_run:  # one writer of the register at a time
        (raw / "snapshots").mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(raw / "snapshots" / ".add.lock"), timeout=60)
        try:
            lock.acquire()
        except Timeout:
            raise SolieuError("another 'solieu add' holds the register; try again", src) from None
    try:
        rows = _read_register(register_path)
        hit = _find(rows, url=url or None, sha=(text_sha, source_sha))
        if hit:
            return Added("exists", hit["report_id"], hit["file"], src, hit)
        rid = _new_id(rows, reports_dir, report_id, src)
        stem = f"{rid}_{slugify(row['title'] or text.split(chr(10), 1)[0])}"
        row = {c: "" for c in REGISTER_COLUMNS} | row | {"report_id": rid, "file": stem + ".txt"}
        if dry_run:
            return Added("dry-run", rid, row["file"], src, row)
        _write_together(reports_dir / row["file"], text, register_path, row)
        _write_snapshot(raw / "snapshots" / f"{stem}.{fmt}", data)
        return Added("added", rid, row["file"], src, row)
    finally:
        if lock is not None:
            lock.release()


def _read_source(
    src: str, is_url: bool, limits: Limits | None
) -> tuple[bytes, str, str, str | None, str]:
    """(bytes, name, media type, declared charset, URL after redirects) of a URL or a file."""
    if is_url:
        got = fetch(src, limits)
        name = urlsplit(got.final_url).path
        return got.content, name, got.content_type, got.charset, got.final_url
    path = Path(src)
    if not path.is_file():
        raise SolieuError("no such file" if not path.exists() else "not a file", src)
    try:
        return path.read_bytes(), path.name, "", None, ""
    except OSError as exc:
        raise SolieuError(f"cannot be read ({exc.strerror or exc})", src) from None


def slugify(text: str, max_len: int = 60) -> str:
    """An ASCII file-name part for ``text``: Vietnamese letters without their marks, words joined
    by hyphens, cut at a word boundary."""
    s = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    if len(s) > max_len:
        s = s[: max_len + 1].rsplit("-", 1)[0] if "-" in s[: max_len + 1] else s[:max_len]
    return s or "report"


def cmd_add(args: argparse.Namespace) -> int:
    """``solieu add``: add each source; a failing source is reported (one line, status 2) and
    the others still go in."""
    if args.id is not None and len(args.sources) > 1:
        print("solieu: error: --id names one report; give one SOURCE with it", file=sys.stderr)
        return 2
    status = 0
    for source in args.sources:
        try:
            done = add_report(
                source,
                title=args.title,
                date=args.date,
                scope=args.scope,
                report_id=args.id,
                dry_run=args.dry_run,
            )
        except SolieuError as exc:
            print(f"solieu: error: {exc}", file=sys.stderr)
            status = 2
            continue
        print(done.message())
        if done.status == "dry-run":
            for key in ("title", "outlet", "url", "date_published", "scope", "source_format"):
                print(f"  {key}: {done.row.get(key, '')}")
    return status


# -- the register -----------------------------------------------------------------------------


def _read_register(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return [{k: v or "" for k, v in r.items() if k} for r in csv.DictReader(fh)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise SolieuError(f"cannot read the register ({exc})", path) from None


def _find(
    rows: list[dict[str, str]], url: str | None = None, sha: tuple[str, ...] = ()
) -> dict[str, str] | None:
    for r in rows:
        if url and r.get("url") == url:
            return r
        if any(s and s in (r.get("sha256"), r.get("source_sha256")) for s in sha):
            return r
    return None


def _new_id(rows: list[dict[str, str]], reports_dir: Path, wanted: str | None, src: str) -> str:
    used = {int(r["report_id"]) for r in rows if r.get("report_id", "").isdigit()}
    if reports_dir.is_dir():
        for p in reports_dir.iterdir():
            m = re.match(r"(\d+)_", p.name)
            if m:
                used.add(int(m.group(1)))
    if wanted is not None:
        if int(wanted) in used:
            raise SolieuError(f"report id {int(wanted):03d} is already taken", src)
        return f"{int(wanted):03d}"
    return f"{max(used, default=-1) + 1:03d}"


def _write_together(text_path: Path, text: str, register_path: Path, row: dict[str, str]) -> None:
    """Write the report text and its register row: both, or (on any failure) neither."""
    new_register = _register_with(register_path, row)
    text_path.parent.mkdir(parents=True, exist_ok=True)
    tmp_text = _temp_beside(text_path, text.encode("utf-8"))
    tmp_reg = None
    try:
        tmp_reg = _temp_beside(register_path, new_register)
        os.replace(tmp_text, text_path)
        try:
            os.replace(tmp_reg, register_path)
        except BaseException:
            text_path.unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise SolieuError(f"cannot write the report ({exc.strerror or exc})", text_path) from None
    finally:
        for tmp in (tmp_text, tmp_reg):
            if tmp is not None and tmp.exists():
                tmp.unlink()


def _register_with(path: Path, row: dict[str, str]) -> bytes:
    """The register's bytes with ``row`` appended. Existing rows are kept byte for byte; a
    register without the newer columns is rewritten once with them (empty for old rows)."""
    old = path.read_bytes() if path.is_file() else b""
    first = old.split(b"\n", 1)[0]
    newline = "\r\n" if first.endswith(b"\r") or not old else "\n"
    header = next(csv.reader([first.decode("utf-8-sig").rstrip("\r")])) if old else []
    columns = header + [c for c in REGISTER_COLUMNS if c not in header]
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator=newline, extrasaction="ignore")
    if columns != header:
        writer.writeheader()
        for r in _read_register(path):
            writer.writerow(r)
        writer.writerow(row)
        return buf.getvalue().encode("utf-8")
    writer.writerow(row)
    if old and not old.endswith(b"\n"):
        old += newline.encode()
    return old + buf.getvalue().encode("utf-8")


def _temp_beside(path: Path, data: bytes) -> Path:
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    return Path(name)


def _write_snapshot(path: Path, data: bytes) -> None:
    """Keep the original bytes (a cache outside git: failing to write it loses nothing)."""
    try:
        os.replace(_temp_beside(path, data), path)
    except OSError:
        pass


# -- checks -----------------------------------------------------------------------------------


def _check_date(date: str, src: str) -> None:
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise SolieuError(f"date {date!r} is not YYYY-MM-DD", src) from None
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise SolieuError(f"date {date!r} is not YYYY-MM-DD", src)


def _is_vietnamese(text: str) -> bool:
    letters = [c for c in text[:20000] if c.isalpha()]
    return bool(letters) and sum(c in _VI_LETTERS for c in letters) >= 0.03 * len(letters)

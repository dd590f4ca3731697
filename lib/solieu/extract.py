"""Find every figure in a Vietnamese report, parse it, classify it and keep its sentence.

One compiled tokenizer pass finds every digit-bearing token (tokens.py); each token is then
classified from its own shape and a small window of words around it (classify.py); a figure's
unit, qualifier, change, goal-or-result, scope, subject and sentence are read by figure.py.
Every digit run of the text ends up either as a figure or as a skipped token with a reason.
This module is the public function, the reading of a long text in pieces, and the tables.
The contract is docs/FIGURES.md; the words are in lang/vi/lexicon.yml.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from .classify import SKIP_REASONS, caption_lines, classify
from .context import DocContext, DocFacts, SentenceCache
from .errors import SolieuError, printable
from .figure import CUT_MARK, FIGURE_COLUMNS, MAX_QUOTE, Figure, Piece, make_figure
from .lang import alternation, load_lexicon
from .numbers import NumberParseError, parse_number
from .period import resolve_period
from .text import normalise_spaces, normalise_text
from .tokens import tokens
from .units import UNITS

__all__ = [
    "FIGURE_COLUMNS",
    "SKIPPED_COLUMNS",
    "SKIP_REASONS",
    "UNITS",
    "QUALIFIERS",
    "MAX_QUOTE",
    "CUT_MARK",
    "extract",
    "extract_with_skipped",
    "extract_with_periods",
    "normalise_text",
]

SKIPPED_COLUMNS = ["doc", "token", "start", "end", "reason", "context"]
QUALIFIERS = ("=", ">", ">=", "<", "~")

# earlier names, kept for callers (bench/run.py)
_tokens, _classify, _caption_lines = tokens, classify, caption_lines

_PER = load_lexicon()["per_people"]
_A_PEOPLE = re.compile(rf"^\s*{alternation(_PER['people_after'])}(?!\w)", re.I)
_B_PER = re.compile(rf"(?:/|\b{alternation(_PER['per_unit_part'])})\s*$", re.I)
# Half of a UTF-16 pair on its own: what Python makes of undecodable bytes with
# errors="surrogateescape"; it cannot be written as UTF-8 (CSV, Parquet).
_SURROGATE = re.compile("[\ud800-\udfff]")


def extract(
    text: str,
    doc: str | None = None,
    skipped: bool = False,
    ref_date: dt.date | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Every figure of ``text`` as a DataFrame with :data:`FIGURE_COLUMNS`.

    Offsets refer to the NFC form of ``text``. With ``skipped=True`` returns
    ``(figures, skipped)`` where ``skipped`` holds every other digit-bearing token with its
    reason (:data:`SKIP_REASONS`). ``ref_date`` is the report's date (used to tell goals for a
    coming period from results); by default it is read from the text itself.
    """
    figs, skips = extract_with_skipped(text, doc=doc, ref_date=ref_date)
    return (figs, skips) if skipped else figs


def extract_with_skipped(
    text: str, doc: str | None = None, ref_date: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and skipped tokens of ``text`` (see :func:`extract`)."""
    figs, sk, _ = _extract_frames(text, doc, ref_date, periods=False)
    return figs, sk


def extract_with_periods(
    text: str, doc: str | None = None, ref_date: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, dt.date | None]:
    """:func:`extract_with_skipped`, with each figure's ``period``, ``as_of`` and
    ``period_source`` resolved from its context (FIGURES.md), and the reference date used
    (``ref_date``, else the one the text states)."""
    return _extract_frames(text, doc, ref_date, periods=True)


# A long text is read in pieces of whole paragraphs, each with a margin of text before and
# after so that every window a rule looks at (at most a few hundred characters, a sentence, the
# paragraph before for back-references) is the same as in one pass. Memory then holds the text
# and the finished tables, plus one piece's working state.
_PIECE_CHARS = 1 << 20
_MARGIN_BEFORE = 2048
_MARGIN_AFTER = 256


def _pieces(text: str, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(context start, own start, own end, context end) of each piece of ``text``."""
    n = len(text)
    a = 0
    while a < n:
        nl = text.find("\n", a + size)
        b = n if nl < 0 else nl + 1
        ca = _context_start(text, a)
        nl = text.find("\n", min(n, b + _MARGIN_AFTER))
        cb = n if nl < 0 else nl + 1
        yield ca, a, b, cb
        a = b


def _context_start(text: str, a: int) -> int:
    """Where the context of a piece starting at ``a`` begins: at a line start at least
    _MARGIN_BEFORE characters back, and no later than the line of the last non-blank
    character before ``a`` (the paragraph a back-reference at ``a`` would continue)."""
    if a == 0:
        return 0
    width = 256
    while True:  # widening windows: blank runs cost their length once, not once per line
        lo = max(0, a - width)
        kept = text[lo:a].rstrip()
        if kept or lo == 0:
            break
        width *= 4
    ca = text.rfind("\n", 0, lo + len(kept) - 1) + 1 if kept else 0
    while ca > 0 and a - ca < _MARGIN_BEFORE:
        ca = text.rfind("\n", 0, ca - 1) + 1
    return ca


def _extract_frames(
    text: str,
    doc: str | None,
    ref_date: dt.date | None,
    periods: bool,
    piece_chars: int = _PIECE_CHARS,
) -> tuple[pd.DataFrame, pd.DataFrame, dt.date | None]:
    nfc = normalise_text(text)
    doc = printable(doc) if doc else ""  # a file name that is not valid UTF-8, escaped
    bad = _SURROGATE.search(nfc)
    if bad is not None:
        raise SolieuError(
            f"the text holds a lone surrogate at character {bad.start()}, which is not valid "
            "Unicode (decode files with solieu.corpus.read_report)",
            doc or "<text>",
        )
    if not nfc.strip():
        figs = _frame([], FIGURE_COLUMNS, _FIGURE_TYPES)
        if periods:
            figs = _with_periods(figs, [])
        return figs, _skipped_frame([]), ref_date
    # Many small row tuples and offset lists would make the cyclic garbage collector re-walk
    # them again and again (quadratic time on large texts); none of them can form a cycle, and
    # what the tables' library may leave in cycles is collected when the collector is back on.
    enabled = gc.isenabled()
    gc.disable()
    try:
        fig_parts, skip_parts, ref_date = _read_pieces(nfc, doc, ref_date, periods, piece_chars)
    finally:
        if enabled:
            gc.enable()
    figs = fig_parts[0] if len(fig_parts) == 1 else pd.concat(fig_parts, ignore_index=True)
    sk = skip_parts[0] if len(skip_parts) == 1 else pd.concat(skip_parts, ignore_index=True)
    return figs, sk, ref_date


def _read_pieces(
    nfc: str, doc: str, ref_date: dt.date | None, periods: bool, piece_chars: int
) -> tuple[list[pd.DataFrame], list[pd.DataFrame], dt.date | None]:
    whole = DocFacts.read(nfc, ref_date)
    lines = caption_lines(nfc)
    scan = _Scan()
    fig_parts, skip_parts = [], []
    for ca, a, b, cb in _pieces(nfc, piece_chars):
        orig = nfc[ca:cb]
        piece = normalise_spaces(orig)  # same length, so offsets are shared with `orig`
        ctx = DocContext.build(piece, whole=whole, offset=ca)
        work = Piece(orig, piece, doc, ca, ctx, SentenceCache())
        rows, skips = _extract_piece(work, a - ca, b - ca, lines, scan)
        figs = _frame(rows, FIGURE_COLUMNS, _FIGURE_TYPES)
        if periods:
            figs = _with_periods(
                figs,
                [
                    resolve_period(ctx, r.start - ca, r.end - ca, r.is_target, whole.ref_date)
                    for r in rows
                ],
            )
        fig_parts.append(figs)
        skip_parts.append(_skipped_frame(skips))
        del rows, skips, ctx, piece, orig, work
    return fig_parts, skip_parts, whole.ref_date


def _skipped_frame(skips: list[tuple]) -> pd.DataFrame:
    return _frame(skips, SKIPPED_COLUMNS, _SKIPPED_TYPES)


def _with_periods(figs: pd.DataFrame, found: list) -> pd.DataFrame:
    figs["period"] = pd.array([p.period for p in found], dtype="string")
    figs["as_of"] = pd.to_datetime(pd.Series([p.as_of for p in found], dtype="object"))
    figs["period_source"] = pd.array([p.source for p in found], dtype="string")
    return figs


# Column types of the two tables. Strings are Arrow-backed ("string", missing = NA; the
# skipped table keeps pandas' default "str"). Columns are built one by one straight from the
# rows, without an intermediate object-typed frame.
_FIGURE_TYPES = {
    "doc": "string",
    "figure_id": "string",
    "number": "string",
    "start": "int64",
    "end": "int64",
    "value": "float64",
    "denominator": "float64",
    "unit": "string",
    "qualifier": "string",
    "is_target": "boolean",
    "is_change": "boolean",
    "scope": "string",
    "subject": "string",
    "sentence": "string",
    "sentence_start": "int64",
}
_SKIPPED_TYPES = {
    "doc": "str",
    "token": "str",
    "start": "int64",
    "end": "int64",
    "reason": "str",
    "context": "str",
}
# Arrow buffers of the tables come from the system allocator, which hands freed memory back at
# once; Arrow's default pool (mimalloc) keeps freed segments for reuse, about 15% more resident
# memory on a 50 MB text (see make bench).
_POOL = pa.system_memory_pool()
_STRING_DTYPES = {
    "string": pd.StringDtype("pyarrow"),
    "str": pd.StringDtype("pyarrow", na_value=np.nan),
}


def _frame(rows: list, columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    data = {}
    for name, values in zip(columns, cols, strict=True):
        kind = types[name]
        if kind in _STRING_DTYPES:
            arr = pa.array(values, type=pa.large_string(), from_pandas=True, memory_pool=_POOL)
            data[name] = pd.arrays.ArrowStringArray(arr, dtype=_STRING_DTYPES[kind])
        elif kind == "boolean":
            data[name] = pd.array(values, dtype="boolean")
        else:
            data[name] = np.array(values, dtype=kind)
    return pd.DataFrame(data, columns=columns)


@dataclass
class _Scan:
    """What the scan carries from one piece to the next (absolute offsets)."""

    last_end: int = 0  # end of the last token
    last_per_1000: int = -1  # start of the last "per 1,000 people" figure


def _extract_piece(
    piece: Piece, own_start: int, own_end: int, lines: Counter, scan: _Scan
) -> tuple[list[Figure], list[tuple]]:
    """Rows of the tokens whose first digit lies in ``[own_start, own_end)`` of the piece."""
    nfc, text, doc, base = piece.nfc, piece.text, piece.doc, piece.base
    rows: list[Figure] = []
    skips: list[tuple] = []
    for m in tokens(text, max(own_start, scan.last_end - base), own_end):
        kind = m.lastgroup or "stray"
        s, e = m.start(), m.end()
        scan.last_end = base + e
        reason = classify(text, kind, s, e, lines)
        if reason == "figure_shifted":  # a "-N" that is not an artefact: drop the sign
            s += 1
            reason = None
        # the "1.000" of "0,69 doanh nghiệp trên 1.000 dân" belongs to the figure before it
        per = scan.last_per_1000 - base
        if reason is None and 0 <= scan.last_per_1000 and per < s < per + 60:
            if text[s:e].replace(".", "") == "1000" and _A_PEOPLE.match(text[e : e + 16]):
                if _B_PER.search(text, max(0, s - 12), s):
                    reason = "unit_part"
        if reason:
            skips.append((doc, nfc[s:e], base + s, base + e, reason, _snippet(nfc, s, e)))
            continue
        try:
            value, den = parse_number(text[s:e])
        except NumberParseError:
            skips.append(
                (doc, nfc[s:e], base + s, base + e, "label_or_ordinal", _snippet(nfc, s, e))
            )
            continue
        fig = make_figure(piece, s, e, float(value), den)
        rows.append(fig)
        if fig.unit == "per_1000_people":
            scan.last_per_1000 = base + s
    return rows, skips


def _snippet(text: str, s: int, e: int, width: int = 30) -> str:
    return text[max(0, s - width) : e + width].replace("\n", " ")

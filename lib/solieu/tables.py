"""Writing tables: by file extension (.csv, .parquet, .jsonl), whole or not at all, and CSV
files that are safe to open in a spreadsheet."""

from __future__ import annotations

import os
import sys
import uuid
from pathlib import Path
from typing import TextIO

import pandas as pd

from .errors import SolieuError

__all__ = ["TABLE_FORMATS", "FORMULA_PREFIXES", "spreadsheet_safe", "write_csv", "write_table"]

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")

#: A text cell starting with one of these runs as a formula in a spreadsheet (OWASP, "CSV
#: Injection"); the CSV files offered for download start such cells with a ``'``.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# A cell of comparison signs alone ("=", ">=", "~") holds no formula to run; it is the contract's
# qualifier vocabulary and is kept exact so that the CSV reads back like the Parquet.
SIGNS_ONLY = r"[=<>~+\-]{1,2}"


def spreadsheet_safe(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that a spreadsheet would read as a formula prefixed by a
    single quote, as OWASP recommends; numbers, dates, booleans and cells of one or two
    comparison signs (the qualifiers ``=``, ``>=``) are left as they are."""
    out = df.copy()
    for c in out.columns:
        s = out[c]
        if s.dtype.kind in "iufbM" or str(s.dtype) == "boolean":
            continue
        # only text: a number in a mixed column (-5.0) stays a number
        is_text = s.map(lambda v: isinstance(v, str)).astype(bool)
        text = s.astype("string")
        risky = (
            is_text
            & text.str.startswith(FORMULA_PREFIXES).fillna(False).astype(bool)
            & ~text.str.fullmatch(SIGNS_ONLY).fillna(False).astype(bool)
        )
        if risky.any():
            out[c] = s.where(~risky, "'" + text)
    return out


def write_csv(df: pd.DataFrame, path: str | Path, for_spreadsheets: bool = True) -> None:
    """Write ``df`` as UTF-8 CSV (dates as YYYY-MM-DD) at ``path``, whole or not at all; text
    cells are made :func:`spreadsheet_safe` unless ``for_spreadsheets`` is False."""
    out = spreadsheet_safe(df) if for_spreadsheets else df.copy()
    for c in out.columns:
        if out[c].dtype.kind == "M":
            out[c] = out[c].dt.strftime("%Y-%m-%d")
    _replace(Path(path), lambda tmp: out.to_csv(tmp, index=False, lineterminator="\n"))


def write_table(df: pd.DataFrame, out: str | Path | TextIO | None = None) -> None:
    """Write ``df`` to ``out`` in the format its extension names; CSV on stdout when None.
    A file is written whole or not at all; a failure (disk full, a read-only folder) raises
    :class:`SolieuError` naming the file. CSV files are :func:`spreadsheet_safe`; Parquet and
    JSON Lines keep every value exactly."""
    if out is None or out == "-":
        spreadsheet_safe(df).to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    if not isinstance(out, (str, Path)):
        spreadsheet_safe(df).to_csv(out, index=False, lineterminator="\n")
        return
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(df, path)
    elif suffix == ".parquet":
        _replace(path, lambda tmp: df.to_parquet(tmp, index=False))
    elif suffix == ".jsonl":
        _replace(path, lambda tmp: df.to_json(tmp, orient="records", lines=True, force_ascii=False))
    else:
        known = ", ".join(TABLE_FORMATS)
        raise SolieuError(f"unknown table format {suffix!r} (use {known})", path)


def _replace(path: Path, write) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it over ``path``."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}.tmp")
    try:
        write(tmp)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SolieuError(f"cannot write the output: {exc.strerror or exc}", path) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise

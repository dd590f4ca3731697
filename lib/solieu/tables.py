"""Writing tables by file extension: .csv, .parquet or .jsonl."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

import pandas as pd

__all__ = ["TABLE_FORMATS", "write_table"]

TABLE_FORMATS = (".csv", ".parquet", ".jsonl")


def write_table(df: pd.DataFrame, out: str | Path | TextIO | None = None) -> None:
    """Write ``df`` to ``out`` in the format its extension names; CSV on stdout when None."""
    if out is None or out == "-":
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
        return
    if not isinstance(out, (str, Path)):
        df.to_csv(out, index=False, lineterminator="\n")
        return
    path = Path(out)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        df.to_csv(path, index=False, lineterminator="\n")
    elif suffix == ".parquet":
        df.to_parquet(path, index=False)
    elif suffix == ".jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        known = ", ".join(TABLE_FORMATS)
        raise ValueError(f"{path}: unknown table format {suffix!r} (use {known})")

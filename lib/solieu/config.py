"""Project paths, defined once. Nothing machine-specific is printed from here (nbval compares
notebook outputs across machines), so paths are shown relative to the project root."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["ROOT", "RAW", "RAW_REPORTS", "REPORTS_CSV", "INDICATORS", "PROCESSED", "SITE", "rel"]


def _find_root() -> Path:
    env = os.environ.get("SOLIEU_ROOT")
    if env:
        return Path(env).resolve()
    # An editable install: lib/solieu/config.py -> the repository root.
    here = Path(__file__).resolve().parents[2]
    if (here / "data" / "raw").is_dir():
        return here
    for p in (Path.cwd(), *Path.cwd().parents):
        if (p / "data" / "raw" / "reports.csv").is_file():
            return p
    return Path.cwd()


ROOT: Path = _find_root()
RAW: Path = ROOT / "data" / "raw"
RAW_REPORTS: Path = RAW / "reports"
REPORTS_CSV: Path = RAW / "reports.csv"
INDICATORS: Path = ROOT / "data" / "indicators.yml"
PROCESSED: Path = ROOT / "data" / "processed"
SITE: Path = ROOT / "reports"
QUARTO_YML: Path = ROOT / "_quarto.yml"
NOTEBOOKS: Path = ROOT / "notebooks"


def rel(path: Path) -> str:
    """``path`` relative to the project root when inside it (for messages and notebooks)."""
    try:  # absolute, but links are not followed: data/processed is a link to its version
        return str(Path(os.path.abspath(path)).relative_to(ROOT))
    except ValueError:
        return str(path)

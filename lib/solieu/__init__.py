"""solieu: figures from Vietnamese digital-transformation reports."""

from .add import add_report
from .build import TABLE_NAMES, Tables, build_tables, load
from .errors import SolieuError
from .extract import (
    FIGURE_COLUMNS,
    SKIP_REASONS,
    SKIPPED_COLUMNS,
    UNITS,
    extract,
    extract_with_skipped,
)
from .indicators import Catalog, CatalogError, link_figures, load_catalog
from .labels import value_label
from .numbers import format_vi, parse_number, parse_numeral
from .score import Score, score

__all__ = [
    "add_report",
    "TABLE_NAMES",
    "Tables",
    "Catalog",
    "CatalogError",
    "SolieuError",
    "build_tables",
    "link_figures",
    "load",
    "load_catalog",
    "FIGURE_COLUMNS",
    "SKIPPED_COLUMNS",
    "SKIP_REASONS",
    "UNITS",
    "Score",
    "extract",
    "extract_with_skipped",
    "format_vi",
    "parse_number",
    "parse_numeral",
    "score",
    "value_label",
]
__version__ = "0.1.0"

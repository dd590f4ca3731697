"""solieu: figures from Vietnamese digital-transformation reports."""

from .extract import FIGURE_COLUMNS, SKIP_REASONS, SKIPPED_COLUMNS, extract, extract_with_skipped
from .numbers import format_vi, parse_number, parse_numeral
from .score import Score, score

__all__ = [
    "FIGURE_COLUMNS",
    "SKIPPED_COLUMNS",
    "SKIP_REASONS",
    "Score",
    "extract",
    "extract_with_skipped",
    "format_vi",
    "parse_number",
    "parse_numeral",
    "score",
]
__version__ = "0.1.0"

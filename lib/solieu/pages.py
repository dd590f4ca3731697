"""Generate the reader's data pages from the tables: one page per indicator (with its CSV and
JSON beside it), one page per report quoting the paragraphs that carry figures (a stable anchor
per figure), the indicators list, the provinces page, and the "data through" stamp.

The pages are Markdown files whose content is static HTML in raw ``{=html}`` blocks, so Quarto
renders them without executing code and the fallback renderer (``site.py``) shows the same thing.
They are outputs: ``python -m solieu pages`` writes them (``make site`` runs it first), git
ignores them, nobody edits them by hand. This module writes them; each kind of page has its
module (``indicator_pages``, ``source_pages``, ``province_pages``), their markup helpers are in
``page_markup`` (every text taken from a report is HTML-escaped there) and their rows in
``page_records``.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd

from . import config
from .build import Tables, load
from .chart_cache import CHART_CACHE, chart_markup
from .indicator_pages import PILLARS as PILLARS
from .indicator_pages import indicator_page, indicators_index
from .labels import figure_anchor
from .page_markup import fold
from .page_markup import value_text as value_text
from .page_records import POINT_CSV_COLUMNS, indicator_ids, latest_point, report_meta, status_cell
from .province_pages import MERGER_DATE as MERGER_DATE
from .province_pages import provinces_page
from .source_pages import QUOTE_MAX as QUOTE_MAX
from .source_pages import source_page, sources_index
from .stamp import SiteFacts, site_facts, stamp_html
from .tables import write_csv
from .views import indicator_view

__all__ = [
    "GENERATED_DIRS",
    "STAMP_FILE",
    "SiteFacts",
    "fold",
    "site_facts",
    "figure_anchor",
    "write_pages",
]

GENERATED_DIRS = ("indicators", "sources", "provinces")
STAMP_FILE = "_generated/stamp.html"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(tables: Tables | None = None, root: Path | None = None) -> list[Path]:
    """Write every generated page, its data files and the stamp under ``root``; returns the
    pages. Earlier generated folders are replaced whole (no stale page survives)."""
    root = Path(root or config.ROOT)
    tables = tables if tables is not None else load()
    facts = site_facts(tables)
    reports = report_meta(tables)
    for d in GENERATED_DIRS:
        shutil.rmtree(root / d, ignore_errors=True)
    written: list[Path] = []
    summary = []
    cat = tables.indicators.set_index("id")
    labels = {i: str(cat.at[i, "label_en"]) for i in cat.index}
    for iid in indicator_ids(tables):
        view = indicator_view(tables, iid)
        chart = chart_markup(view, root / CHART_CACHE)
        page, points, record = indicator_page(view, reports, facts, chart)
        _write(root / "indicators" / f"{iid}.md", page)
        df = pd.DataFrame(points, columns=POINT_CSV_COLUMNS)
        write_csv(df, root / "indicators" / f"{iid}.csv")  # formulas neutralised (OWASP)
        _write(
            root / "indicators" / f"{iid}.json",
            json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n",
        )
        written.append(root / "indicators" / f"{iid}.md")
        summary.append(
            {
                "id": iid,
                "label_en": str(cat.at[iid, "label_en"]),
                "label_vi": str(cat.at[iid, "label_vi"]),
                "pillar": str(cat.at[iid, "pillar"]),
                "latest": latest_point(points),
                "status": status_cell(view),
                "n": len(points),
            }
        )
    _write(root / "indicators" / "index.md", indicators_index(tables, summary, facts))
    written.append(root / "indicators" / "index.md")
    figs = tables.figures
    counts = {}
    for rid, meta in sorted(reports.items()):
        mine = figs[figs["report_id"] == rid]
        counts[rid] = int((mine["indicator_id"].fillna("") != "").sum())
        _write(root / "sources" / f"{rid}.md", source_page(rid, meta, mine, labels))
        written.append(root / "sources" / f"{rid}.md")
    _write(root / "sources" / "index.md", sources_index(tables, reports, counts))
    written.append(root / "sources" / "index.md")
    _write(root / "provinces" / "index.md", provinces_page(tables, facts))
    written.append(root / "provinces" / "index.md")
    _write(root / STAMP_FILE, stamp_html(facts))
    return written

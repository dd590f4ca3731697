"""HTML for notebooks and pages, without matplotlib: a raw-HTML block, status chips, the
sources caption and the site's one table (filter, numeric sort). Views and pages build on this;
charts add their SVG on top (:mod:`solieu.chart_base`)."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from importlib import resources

import pandas as pd

from .labels import is_missing, value_label
from .progress import STATUS_LABELS

__all__ = [
    "STATUS_COLORS",
    "HtmlBlock",
    "bilingual",
    "format_value",
    "sources_caption",
    "sources_list",
    "status_badge",
    "table_html",
]

# Okabe-Ito colours (safe for colour-blind readers); every status is also written out in words.
STATUS_COLORS = {
    "achieved": "#009E73",
    "reported_achieved": "#7FCDB3",
    "on_track": "#56B4E9",
    "acceleration_needed": "#E69F00",
    "limited_progress": "#D55E00",
    "deterioration": "#CC79A7",
    "one_value": "#DDDDDD",
    "insufficient_data": "#FFFFFF",
    "no_target": "#F0F0F0",
}


class HtmlBlock:
    """Raw HTML for notebook display (already escaped where needed)."""

    def __init__(self, markup: str, text: str = "") -> None:
        self.markup = markup
        self.text = text or "(HTML block)"

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text


def bilingual(label_en: str, label_vi: str | None) -> str:
    """'English (Tiếng Việt)': English first, Vietnamese in brackets."""
    return f"{label_en} ({label_vi})" if label_vi else label_en


def format_value(
    value: float, unit: str, denominator: float | None = None, qualifier: str | None = "="
) -> str:
    """Kept for old callers: :func:`value_label` with the qualifier last."""
    return value_label(value, unit, qualifier, denominator)


def status_badge(status: str, note: str = "") -> str:
    """Coloured chip with the status in words (colour is never the only signal)."""
    color = STATUS_COLORS.get(status, "#BBBBBB")
    label = STATUS_LABELS.get(status, status)
    title = f' title="{html.escape(note)}"' if note else ""
    return (
        f'<span class="status status-{html.escape(status)}"{title} style="background:{color};'
        'color:#000;padding:1px 6px;border-radius:3px;white-space:nowrap">'
        f"{html.escape(label)}</span>"
    )


def sources_caption(report_ids: Iterable[str], reports: pd.DataFrame, note: str = "") -> str:
    """'Sources: report 000 (…, 2023-02-25); …' from data/raw/reports.csv."""
    reg = reports.set_index("report_id") if "report_id" in reports else pd.DataFrame()
    parts = []
    for rid in sorted({str(r) for r in report_ids if pd.notna(r)}):
        if rid in reg.index:
            r = reg.loc[rid]
            when = r.get("event_date") or r.get("date_published") or r.get("reference_date") or ""
            name = r.get("title") or r.get("event") or rid
            parts.append(f"report {rid} ({name[:70]}{'…' if len(name) > 70 else ''}, {when})")
        else:
            parts.append(f"report {rid}")
    text = "Sources: " + "; ".join(parts) + "." if parts else "Sources: none."
    return f"{text} {note}".strip()


# The site's one table script (filter, numeric sort), also embedded after each notebook table so
# that a notebook behaves the same in JupyterLab as on the site.
_TABLE_JS = (
    resources.files("solieu").joinpath("data/solieu-tables.html").read_text(encoding="utf-8")
)


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _unbroken_dates(text: str) -> str:
    """``text`` with each ISO date kept on one line: a browser may break a line at its hyphens
    ("2023-07-" above "12")."""
    return _ISO_DATE.sub(r'<span style="white-space:nowrap">\g<0></span>', text)


def table_html(
    df: pd.DataFrame,
    columns: dict[str, str] | None = None,
    caption: str = "",
    searchable: bool = False,
    html_columns: Sequence[str] = (),
    max_height: int | None = 420,
) -> HtmlBlock:
    """An HTML table, every cell escaped except ``html_columns`` (built by this module).
    Sortable by clicking a header; with ``searchable`` a filter box above it."""
    columns = columns or {c: c for c in df.columns}
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for _, row in df.iterrows():
        cells = []
        for c in columns:
            v = row[c]
            if c in html_columns:
                cells.append(f"<td>{'' if pd.isna(v) else v}</td>")
                continue
            text = "" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v)
            num = ""
            if isinstance(v, (int, float)) and not isinstance(v, bool) and pd.notna(v):
                num = f' data-value="{v}"'
            # long text (source sentences) gets room; ids may break anywhere
            if "sentence" in c:
                num += ' style="min-width:22em"'
            elif c.endswith("_id") or c == "figure":
                num += ' style="word-break:break-all;min-width:7em"'
            cells.append(f"<td{num}>{_unbroken_dates(html.escape(text))}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    style = f' style="max-height:{max_height}px;overflow:auto"' if max_height else ""
    search = (
        '<input class="solieu-filter" type="search" placeholder="Filter rows…" '
        'aria-label="Filter rows" style="margin:4px 0;width:100%;max-width:24em">'
        if searchable
        else ""
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    markup = (
        f'<div class="solieu-table-wrap">{search}<div class="solieu-scroll"{style}>'
        f'<table class="solieu-table table table-sm">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></div>{_TABLE_JS}"
    )
    return HtmlBlock(markup, f"Table: {len(df)} rows ({', '.join(columns.values())})")


def sources_list(report_ids: Iterable[str]) -> list[str]:
    """Distinct report ids, sorted."""
    return sorted({str(r) for r in report_ids if not is_missing(r)})

"""The markup of the generated pages: escaping, missing values, dates, values with their
qualifier, raw HTML blocks, front matter, the sortable table, Vietnamese spans, and ``fold`` (what
a reader types without diacritics). Every text taken from a report is escaped by these helpers."""

from __future__ import annotations

import html
import json
import math
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

import pandas as pd

from .labels import value_label

__all__ = [
    "as_float",
    "data_table",
    "esc",
    "fold",
    "front_matter",
    "is_change_figure",
    "is_missing",
    "iso_date",
    "raw_html",
    "value_text",
    "vi_span",
]


def fold(text: str) -> str:
    """Lower case without tones or other marks, đ as d: what a reader types without diacritics."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def esc(text: object) -> str:
    """``text`` escaped for HTML; a missing value is empty."""
    return html.escape("" if is_missing(text) else str(text))


def is_missing(v: object) -> bool:
    """None, NA, NaT or NaN."""
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return bool(isinstance(v, float) and math.isnan(v)) or bool(pd.isna(v) is True)
    except (TypeError, ValueError):
        return False


def iso_date(v: object) -> str:
    """A date as YYYY-MM-DD; empty when missing."""
    if is_missing(v):
        return ""
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def as_float(v: object) -> float | None:
    """A number as a float; None when missing."""
    return None if is_missing(v) else float(v)  # type: ignore[arg-type]


def value_text(
    value: object,
    unit: str,
    qualifier: object = "=",
    denominator: object = None,
    is_change: object = False,
) -> str:
    """A value for readers with its qualifier ('over 78 million'), as everywhere on the site;
    a change of rank reads as places moved ('+7 places'), not as a rank."""
    q = "=" if is_missing(qualifier) else str(qualifier)
    change = not is_missing(is_change) and bool(is_change)
    return value_label(as_float(value), unit, q, as_float(denominator), is_change=change)


def is_change_figure(row: Mapping[str, object]) -> bool:
    """Is this figure or observation a change against another period? (its ``measure`` is
    'change', or its ``is_change`` flag is set)"""
    flag = row.get("is_change")
    return str(row.get("measure")) == "change" or (not is_missing(flag) and bool(flag))


def raw_html(markup: str) -> str:
    """A raw HTML block: Quarto passes it through untouched, and so does the fallback."""
    return f"\n```{{=html}}\n{markup.strip()}\n```\n"


def front_matter(title: str, description: str, extra: str = "") -> str:
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n"
        f"{extra}"
        "---\n"
    )


def data_table(
    columns: Sequence[str],
    rows: Iterable[Sequence[tuple[str, str | None]]],
    caption: str = "",
    searchable: bool = True,
    numeric: Sequence[int] = (),
) -> str:
    """A sortable, filterable table. Each cell is (markup, sort key or None); the markup is
    already escaped by the caller. The site's table script (``data/solieu-tables.html``)
    makes headers sort (numerically where a ``data-value`` is given) and the box filter. Each
    cell names its column (``data-label``): on a phone a wide table shows each row as a card."""
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{html.escape(c)}</th>'
        for i, c in enumerate(columns)
    )
    when = {i for i, c in enumerate(columns) if c in ("Period", "Deadline", "Date")}
    labels = [html.escape(c) for c in columns]  # shown before each value when rows are cards
    body = []
    for row in rows:
        cells = []
        for i, (markup, key) in enumerate(row):
            attrs = f' data-label="{labels[i]}"' if i < len(labels) else ""
            attrs += f' data-value="{html.escape(key)}"' if key not in (None, "") else ""
            if i in numeric:
                attrs += ' class="num"'
            elif i in when:
                attrs += ' class="when"'
            elif i == 0:
                attrs += ' class="first"'
            cells.append(f"<td{attrs}>{markup}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    box = (
        '<input class="solieu-filter" type="search" placeholder="Filter rows…" '
        'aria-label="Filter rows">'
        if searchable
        else ""
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="solieu-table-wrap">{box}<div class="solieu-scroll">'
        f'<table class="solieu-table table table-sm">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
    )


def vi_span(text: object) -> str:
    """Vietnamese text marked ``lang="vi"`` (escaped); empty when missing."""
    return f'<span lang="vi">{esc(text)}</span>' if not is_missing(text) and str(text) else ""

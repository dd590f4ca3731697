"""The "Provinces" page: every province with figures, how many have none, the latest value of
each indicator by province, and the merger of provinces of 1 July 2025."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .build import Tables
from .labels import date_label, evidence_link
from .page_markup import (
    data_table,
    esc,
    fold,
    front_matter,
    is_change_figure,
    raw_html,
    value_text,
    vi_span,
)
from .stamp import SiteFacts

__all__ = ["MERGER_DATE", "provinces_page"]


MERGER_DATE = "2025-07-01"


def latest_cell(o: pd.DataFrame) -> tuple[str, str | None]:
    """The table cell of the latest of observations ``o`` (one province, one indicator): its
    value with qualifier, linked to its sentence, the period or report date as a tooltip."""
    if o.empty:
        return ("", None)
    last = o.sort_values(["as_of", "figure_id"]).iloc[-1]  # as_of: the period's end
    label = value_text(
        last["value"], last["unit"], last["qualifier"], last["denominator"], is_change_figure(last)
    )
    link = evidence_link(str(last["report_id"]), str(last["figure_id"]))
    when = date_label(last["as_of"], last["period"])
    return (
        f'<a href="{esc(link)}" title="{esc(when)}">{esc(label)}</a>',
        repr(float(last["value"])),
    )


def provinces_page(tables: Tables, facts: SiteFacts) -> str:
    """The "Provinces" page (Markdown with raw HTML)."""
    gaz = pd.read_csv(
        Path(__file__).with_name("data") / "provinces.csv", dtype=str, keep_default_na=False
    )
    old = gaz[gaz["valid_to"] != ""]
    new = gaz[gaz["valid_from"] >= MERGER_DATE]
    successor = dict(zip(old["name"], old["successor"], strict=True))
    obs = tables.observations[tables.observations["scope"] != "VN"]
    tg = tables.targets[tables.targets["scope"] != "VN"]
    with_data = sorted(set(obs["scope"]) | set(tg["scope"]), key=fold)
    none = len(old) - len([p for p in with_data if p in successor])
    cat = tables.indicators.set_index("id")
    out = [
        front_matter(
            "Provinces",
            "Every province with figures, the latest value of each indicator, and the 2025 "
            "merger of provinces.",
        )
    ]
    out.append(
        raw_html(
            f"<p><b>{len(with_data)} of {len(old)} provinces</b> have figures in the reports "
            f"read so far; <b>{none} have none</b>. A province with no figure here is not a "
            "province with no progress: no report about it has been read yet.</p>"
            f'<p>Charts of provinces beside the nation: <a href="../notebooks/04_provinces.html">'
            "Provinces (charts)</a>.</p>"
        )
    )
    out.append("\n## Provinces with figures\n")
    items = []
    for p in with_data:
        o = obs[obs["scope"] == p]
        inds = ", ".join(
            f'<a href="../indicators/{esc(i)}.html">{esc(cat.at[i, "label_en"])}</a>'
            for i in sorted(set(o["indicator_id"]) | set(tg[tg["scope"] == p]["indicator_id"]))
        )
        after = successor.get(p, "")
        # the other units merged into the same successor (Bắc Giang into Bắc Ninh ...)
        joined = sorted(q for q, s in successor.items() if s == after and q != p) if after else []
        if after and after != p:
            since = f"; part of {vi_span(after)} since 1 July 2025"
        elif joined:
            others = ", ".join(vi_span(q) for q in joined)
            since = f"; since 1 July 2025 {vi_span(p)} also takes in {others} (name kept)"
        else:
            since = "; unchanged by the 2025 merger" if after else ""
        n_tg = int((tg["scope"] == p).sum())
        counts = f"{len(o)} value{'s' if len(o) != 1 else ''}" + (
            f" and {n_tg} target{'s' if n_tg != 1 else ''}" if n_tg else ""
        )
        items.append(f"<li><b>{vi_span(p)}</b>: {counts}{since}.<br><small>{inds}</small></li>")
    out.append(raw_html(f'<ul class="solieu-provinces">{"".join(items)}</ul>'))
    out.append("\n## Latest value by province and indicator\n")
    inds = [i for i in tables.indicators["id"] if i in set(obs["indicator_id"])]
    cell = {
        (p, i): latest_cell(obs[(obs["scope"] == p) & (obs["indicator_id"] == i)])
        for p in with_data
        for i in inds
    }
    if len(with_data) < len(inds):
        # few provinces, many indicators: a column per province keeps the table narrow
        heads = ["Indicator"] + list(with_data)
        rows = [
            [
                (
                    f'<a href="../indicators/{esc(i)}.html">{esc(cat.at[i, "label_en"])}</a>',
                    fold(str(cat.at[i, "label_en"])),
                )
            ]
            + [cell[p, i] for p in with_data]
            for i in inds
        ]
        caption = "Latest value of each indicator (rows) reported for each province (columns)"
    else:
        heads = ["Province"] + [str(cat.at[i, "label_en"]) for i in inds]
        rows = [[(vi_span(p), fold(p))] + [cell[p, i] for i in inds] for p in with_data]
        caption = "Latest value of each indicator reported for each province"
    out.append(
        raw_html(
            data_table(
                heads,
                rows,
                caption=f"{caption}; each links to its source sentence",
                numeric=list(range(1, len(heads))),
            )
        )
    )
    out.append("\n## The merger of 1 July 2025 {#merger}\n")
    out.append(
        raw_html(
            f"<p>On 1 July 2025 Vietnam's {len(old)} provinces and centrally governed cities "
            f"were merged into {len(new)} units. The reports read here predate the merger, so "
            "each figure keeps the province that reported it; the table below names the unit "
            "each province belongs to since then, from the project's gazetteer "
            "(<code>lib/solieu/data/provinces.csv</code>). Figures of provinces merged into one "
            "unit are not added together: they were measured separately, often on different "
            "dates.</p>"
        )
    )
    merged: dict[str, list[str]] = {}
    for name, succ in successor.items():
        merged.setdefault(succ, []).append(name)
    rows = []
    for succ in sorted(merged, key=fold):
        parts = sorted(merged[succ], key=fold)
        rows.append(
            [
                (vi_span(succ), fold(succ)),
                (", ".join(vi_span(x) for x in parts), None),
                (str(len(parts)), str(len(parts))),
                (
                    ", ".join(vi_span(x) for x in parts if x in with_data) or "–",
                    None,
                ),
            ]
        )
    out.append(
        raw_html(
            data_table(
                ["Unit since 1 July 2025", "Provinces before", "Count", "With figures"],
                rows,
                caption=f"{len(new)} units and the {len(old)} provinces they were formed from",
                numeric=[2],
            )
        )
    )
    return "".join(out)

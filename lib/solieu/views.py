"""Shaping the tables for pages: labelled points with their source sentences, the scorecard."""

from __future__ import annotations

import math

import pandas as pd

from .build import Tables
from .charts import bilingual, format_value, status_badge, table_html

__all__ = ["label_of", "points", "points_table", "scorecard", "progress_share"]


def label_of(tables: Tables, indicator_id: str, vi: bool = True) -> str:
    """'English label (Vietnamese label)' of an indicator."""
    row = tables.indicators.set_index("id").loc[indicator_id]
    return bilingual(row["label_en"], row["label_vi"] if vi else None)


def points(
    tables: Tables,
    indicator_ids: list[str],
    scope: str | None = "VN",
    targets: bool = False,
    measure: str | None = "level",
) -> pd.DataFrame:
    """Observations (or targets) of the indicators, with labels and the report's date."""
    df = tables.targets if targets else tables.observations
    sel = df[df["indicator_id"].isin(indicator_ids)].copy()
    if scope is not None:
        sel = sel[sel["scope"] == scope]
    if measure is not None:
        sel = sel[sel["measure"] == measure]
    date_col = "target_date" if targets else "as_of"
    sel = sel.rename(columns={date_col: "date"})
    cat = tables.indicators.set_index("id")
    sel["label"] = [
        bilingual(cat.at[i, "label_en"], cat.at[i, "label_vi"]) for i in sel["indicator_id"]
    ]
    sel["label_en"] = [cat.at[i, "label_en"] for i in sel["indicator_id"]]
    order = {i: n for n, i in enumerate(indicator_ids)}
    sel["_o"] = sel["indicator_id"].map(order)
    return sel.sort_values(["_o", "date", "report_id"]).drop(columns="_o").reset_index(drop=True)


def points_table(df: pd.DataFrame, caption: str = "", searchable: bool = False):
    """The plotted points with the sentence each comes from: every mark traces to its report."""
    view = pd.DataFrame(
        {
            "label": df["label"],
            "scope": df["scope"],
            "value": [
                format_value(v, u, d)
                for v, u, d in zip(df["value"], df["unit"], df["denominator"], strict=True)
            ],
            "date": [d.strftime("%Y-%m-%d") if pd.notna(d) else "" for d in df["date"]],
            "report": df["report_id"],
            "figure": df["figure_id"],
            "sentence": df["sentence"],
        }
    )
    cols = {
        "label": "Indicator",
        "scope": "Scope",
        "value": "Value",
        "date": "Date",
        "report": "Report",
        "figure": "Figure id",
        "sentence": "Source sentence (Vietnamese)",
    }
    return table_html(
        view,
        cols,
        caption=caption or "Points plotted, with their source sentences",
        searchable=searchable,
    )


def progress_share(row: pd.Series) -> float | None:
    """How far the latest value is towards its target (or its total), in percent."""
    v, t, d = row["latest_value"], row["target_value"], row["latest_denominator"]
    if v is None or pd.isna(v):
        return None
    if pd.notna(t) and t:
        share = (t / v if row["direction"] == "lower_is_better" else v / t) * 100
    elif pd.notna(d) and d:
        share = v / d * 100
    elif row["unit"] == "percent":
        share = v
    else:
        return None
    return max(0.0, min(100.0, share)) if not math.isnan(share) else None


def scorecard(tables: Tables, scope: str = "VN") -> pd.DataFrame:
    """Headline indicators: latest value, date, source, target, target date and status."""
    cat = tables.indicators
    heads = list(cat.loc[cat["headline"].fillna(False).astype(bool), "id"])
    st = tables.status[
        (tables.status["scope"] == scope) & tables.status["indicator_id"].isin(heads)
    ]
    st = st.set_index("indicator_id")
    rows = []
    for ind in heads:
        meta = cat.set_index("id").loc[ind]
        if ind not in st.index:
            continue
        r = st.loc[ind]
        rows.append(
            {
                "indicator_id": ind,
                "label": bilingual(meta["label_en"], meta["label_vi"]),
                "label_en": meta["label_en"],
                "unit": meta["unit"],
                "direction": meta["direction"],
                "latest_value": r["latest_value"],
                "latest_denominator": r["latest_denominator"],
                "latest": format_value(r["latest_value"], meta["unit"], r["latest_denominator"]),
                "as_of": r["latest_as_of"],
                "source": r["latest_report_id"],
                "figure_id": r["latest_figure_id"],
                "target_value": r["target_value"],
                "target": format_value(r["target_value"], meta["unit"])
                if pd.notna(r["target_value"])
                else "–",
                "target_date": r["target_date"],
                "status": r["status"],
                "status_label": r["status_label"],
            }
        )
    df = pd.DataFrame(rows)
    if len(df):
        df["progress"] = [progress_share(r) for _, r in df.iterrows()]
        df["badge"] = [status_badge(s) for s in df["status"]]
    return df

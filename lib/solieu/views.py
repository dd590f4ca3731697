"""Shaping the tables for pages: one indicator's view, latest values, the scorecard, labelled
points with their source sentences. Logic the notebooks would otherwise repeat lives here;
notebooks call one view and one chart per figure.

Every value a view hands to a page carries its qualifier (``value_label``: "over 78 million")
and its time ("2022-H1", or "as reported on 2023-02-25" when the text names no period).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .blocks import bilingual, status_badge, table_html
from .build import Tables
from .claims import UNNAMED_SCOPE, claims_of
from .labels import date_label, is_missing, value_label
from .progress import JUDGED, STATUS_LABELS

__all__ = [
    "POINT_COLUMNS",
    "breakdown",
    "judged_share",
    "provinces_beside_nation",
    "with_totals",
    "TARGET_VIEW_COLUMNS",
    "IndicatorView",
    "indicator_view",
    "label_of",
    "latest",
    "national_points",
    "points",
    "points_table",
    "scorecard",
    "status_summary",
    "targets_view",
]

CHANGE = "change"  # observations.measure of a change against another period (figures.is_change)
POINT_COLUMNS = [
    "indicator_id", "scope", "period", "as_of", "time_source", "date_label", "value",
    "denominator", "unit", "qualifier", "value_label", "measure", "report_id", "figure_id",
    "sentence",
]  # fmt: skip
TARGET_VIEW_COLUMNS = [
    "indicator_id", "scope", "value", "qualifier", "unit", "value_label", "deadline",
    "source_kind", "source", "article", "figure_id", "report_id", "url", "sentence",
]  # fmt: skip


@dataclass
class IndicatorView:
    """Everything the site shows about one indicator.

    ``indicator``: its catalog row (id, label_en, label_vi, unit, pillar, direction, denominator,
    headline, description). ``points``: one row per observation, national and provincial
    (:data:`POINT_COLUMNS`; ``time_source`` is ``'period'`` when the text names the period,
    ``'as reported on'`` when the date is the report's; a figure said of unnamed localities has
    scope ``'unnamed localities'``). ``targets``: register and report targets with their
    provenance (:data:`TARGET_VIEW_COLUMNS`; ``source_kind`` ``'register'`` or ``'report'``;
    ``source`` the document or the report id). ``status``: its rows of the status table."""

    indicator: pd.Series
    points: pd.DataFrame
    targets: pd.DataFrame
    status: pd.DataFrame

    @property
    def id(self) -> str:
        return str(self.indicator["id"])

    @property
    def label(self) -> str:
        return bilingual(self.indicator["label_en"], self.indicator["label_vi"])

    @property
    def total(self) -> float | None:
        """The natural total (25 essential services, 63 localities), if the indicator has one:
        from the catalog, else the denominator of its latest national level value."""
        d = self.indicator.get("denominator")
        if not is_missing(d):
            return float(d)
        p = self.points
        lv = p[(p["measure"] == "level") & (p["scope"] == "VN")] if len(p) else p
        if len(lv) and not is_missing(lv.iloc[-1]["denominator"]):
            return float(lv.iloc[-1]["denominator"])
        return None


def label_of(tables: Tables, indicator_id: str, vi: bool = True) -> str:
    """'English label (Vietnamese label)' of an indicator."""
    row = tables.indicators.set_index("id").loc[indicator_id]
    return bilingual(row["label_en"], row["label_vi"] if vi else None)


def _observations(tables: Tables) -> pd.DataFrame:
    """Observations with time source, labels, and unnamed-locality figures set apart."""
    obs = tables.observations
    cache = tables.__dict__.setdefault("_view_cache", {})
    key = ("obs", id(obs), len(obs))
    if key in cache:
        return cache[key]
    o = obs.copy()
    claims = claims_of(o, tables.figures)
    o.loc[claims["unnamed_localities"].to_numpy(), "scope"] = UNNAMED_SCOPE
    has_period = o["period"].fillna("").astype(str) != ""
    o["time_source"] = ["period" if p else "as reported on" for p in has_period]
    o["date_label"] = [
        date_label(w, p, s)
        for w, p, s in zip(o["as_of"], o["period"], o["time_source"], strict=True)
    ]
    o["value_label"] = [
        value_label(v, u, q, d, is_change=m == CHANGE)
        for v, u, q, d, m in zip(
            o["value"], o["unit"], o["qualifier"], o["denominator"], o["measure"], strict=True
        )
    ]
    cache[key] = o
    return o


def _scope_order(scopes: pd.Series) -> pd.Series:
    return scopes.map(lambda s: 0 if s == "VN" else 2 if s == UNNAMED_SCOPE else 1)


def targets_view(tables: Tables, indicator_ids: list[str] | None = None) -> pd.DataFrame:
    """Targets from the register and from reports in one table (:data:`TARGET_VIEW_COLUMNS`)."""
    t = tables.targets
    if indicator_ids is not None:
        t = t[t["indicator_id"].isin(indicator_ids)]
    n = len(t)

    def col(name: str, default: object = "") -> pd.Series:
        return t[name] if name in t else pd.Series([default] * n, index=t.index, dtype="object")

    urls = {}
    if "url" in tables.reports and "report_id" in tables.reports:
        urls = dict(zip(tables.reports["report_id"], tables.reports["url"].fillna(""), strict=True))
    kind = col("source_kind", "report").fillna("report")
    source = col("source", None)
    source = source.where(source.notna() & (source.astype(str) != ""), col("report_id"))
    url = col("url", "").fillna("")
    url = [u if u else urls.get(r, "") for u, r in zip(url, col("report_id"), strict=True)]
    out = pd.DataFrame(
        {
            "indicator_id": t["indicator_id"],
            "scope": t["scope"],
            "value": t["value"].astype("float64"),
            "qualifier": t["qualifier"],
            "unit": t["unit"],
            "value_label": [
                value_label(v, u, q)
                for v, u, q in zip(t["value"], t["unit"], t["qualifier"], strict=True)
            ],
            "deadline": pd.to_datetime(t["target_date"]),
            "source_kind": kind,
            "source": source.astype("string"),
            "article": col("article", ""),
            "figure_id": t["figure_id"],
            "report_id": t["report_id"],
            "url": url,
            "sentence": t["sentence"],
        },
        index=t.index,
    )
    return out.sort_values(["indicator_id", "scope", "deadline", "source_kind"]).reset_index(
        drop=True
    )[TARGET_VIEW_COLUMNS]


def indicator_view(tables: Tables, indicator_id: str) -> IndicatorView:
    """Everything about one indicator: catalog row, points, targets, status (see
    :class:`IndicatorView`). Raises KeyError for an id not in the catalog."""
    cat = tables.indicators.set_index("id", drop=False)
    if indicator_id not in cat.index:
        raise KeyError(f"unknown indicator {indicator_id!r}")
    obs = _observations(tables)
    pts = obs[obs["indicator_id"] == indicator_id]
    pts = pts.assign(_o=_scope_order(pts["scope"])).sort_values(
        ["_o", "scope", "as_of", "report_id", "figure_id"], kind="stable"
    )
    pts = pts[POINT_COLUMNS].reset_index(drop=True)
    st = tables.status[tables.status["indicator_id"] == indicator_id].reset_index(drop=True)
    return IndicatorView(
        indicator=cat.loc[indicator_id],
        points=pts,
        targets=targets_view(tables, [indicator_id]),
        status=st,
    )


def points(
    tables: Tables,
    indicator_ids: list[str],
    scope: str | None = "VN",
    measure: str | None = "level",
) -> pd.DataFrame:
    """Observations of the indicators (:data:`POINT_COLUMNS` plus ``label`` and ``label_en``),
    in the order of ``indicator_ids``, then by date."""
    obs = _observations(tables)
    sel = obs[obs["indicator_id"].isin(indicator_ids)]
    if scope is not None:
        sel = sel[sel["scope"] == scope]
    if measure is not None:
        sel = sel[sel["measure"] == measure]
    cat = tables.indicators.set_index("id")
    sel = sel[POINT_COLUMNS].copy()
    sel["label"] = [
        bilingual(cat.at[i, "label_en"], cat.at[i, "label_vi"]) for i in sel["indicator_id"]
    ]
    sel["label_en"] = [cat.at[i, "label_en"] for i in sel["indicator_id"]]
    order = {i: n for n, i in enumerate(indicator_ids)}
    sel["_o"] = sel["indicator_id"].map(order)
    return sel.sort_values(["_o", "as_of", "report_id"]).drop(columns="_o").reset_index(drop=True)


def national_points(tables: Tables, indicator_ids: list[str]) -> pd.DataFrame:
    """Level observations for the whole country (no unnamed-locality figures)."""
    return points(tables, indicator_ids, scope="VN")


def latest(tables: Tables, indicator_ids: list[str], scope: str = "VN") -> pd.DataFrame:
    """The latest level observation of each indicator (a level beats a bound of the same date),
    in the order given, with ``total`` (catalog or stated denominator)."""
    pts = points(tables, indicator_ids, scope=scope)
    if not len(pts):
        return pts.assign(total=pd.Series(dtype="float64"))
    pts = pts.assign(_bound=pts["qualifier"].isin([">", ">=", "<", "<="]))
    pts = pts.sort_values(["as_of", "_bound"], ascending=[True, False], kind="stable")
    last = pts.groupby("indicator_id", sort=False).tail(1).drop(columns="_bound")
    last = last.set_index("indicator_id").loc[
        [i for i in indicator_ids if i in set(last["indicator_id"])]
    ]
    cat = tables.indicators.set_index("id")
    last["total"] = [
        d if not is_missing(d) else cat.at[i, "denominator"]
        for i, d in zip(last.index, last["denominator"], strict=True)
    ]
    return last.reset_index()


def points_table(df: pd.DataFrame, caption: str = "", searchable: bool = False):
    """The points with the sentence each comes from: every mark traces to its report. Values
    keep their qualifier; times say "as reported on" when the text names no period."""
    measure = df["measure"] if "measure" in df else pd.Series("level", index=df.index)
    vlabel = (
        df["value_label"]
        if "value_label" in df
        else [
            value_label(v, u, q, d, is_change=m == CHANGE)
            for v, u, q, d, m in zip(
                df["value"], df["unit"], df["qualifier"], df["denominator"], measure, strict=True
            )
        ]
    )
    when = df["date_label"] if "date_label" in df else df["as_of"].dt.strftime("%Y-%m-%d")
    view = pd.DataFrame(
        {
            "label": df["label"] if "label" in df else df["indicator_id"],
            "scope": df["scope"],
            "value": list(vlabel),
            "date": list(when),
            "report": df["report_id"],
            "figure": df["figure_id"],
            "sentence": df["sentence"],
        }
    )
    cols = {
        "label": "Indicator",
        "scope": "Scope",
        "value": "Value",
        "date": "Period (or date reported)",
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


def scorecard(tables: Tables, scope: str = "VN") -> pd.DataFrame:
    """Headline indicators: latest value (with qualifier and time), the target or total it is
    judged by (with its source), status and the status in a sentence."""
    cat = tables.indicators
    heads = list(cat.loc[cat["headline"].fillna(False).astype(bool), "id"])
    st = tables.status[
        (tables.status["scope"] == scope) & tables.status["indicator_id"].isin(heads)
    ]
    st = st.set_index("indicator_id")
    obs = _observations(tables).set_index("figure_id", drop=False)
    meta_by = cat.set_index("id")
    rows = []
    for ind in heads:
        if ind not in st.index:
            continue
        meta, r = meta_by.loc[ind], st.loc[ind]
        fig = r["latest_figure_id"]
        o = obs.loc[fig] if not is_missing(fig) and fig in obs.index else None
        if isinstance(o, pd.DataFrame):
            o = o.iloc[0]
        if not is_missing(r["target_value"]):
            goal = value_label(r["target_value"], meta["unit"], r["target_qualifier"])
            if not is_missing(r["target_date"]):
                goal += f" by {r['target_date']:%Y-%m-%d}"
            goal += (
                f" ({'report ' if r['target_source_kind'] == 'report' else ''}{r['target_source']})"
            )
        elif not is_missing(r["total"]):
            goal = f"all {value_label(r['total'], meta['unit'])} (the total)"
        else:
            goal = "–"
        rows.append(
            {
                "indicator_id": ind,
                "label": bilingual(meta["label_en"], meta["label_vi"]),
                "label_en": meta["label_en"],
                "unit": meta["unit"],
                "latest": o["value_label"] if o is not None else "–",
                "when": o["date_label"] if o is not None else "",
                "source": r["latest_report_id"],
                "figure_id": fig,
                "goal": goal,
                "status": r["status"],
                "status_label": r["status_label"],
                "note": r["note"],
                "judged": r["status"] in JUDGED,
                "has_goal": not is_missing(r["target_value"]) or not is_missing(r["total"]),
            }
        )
    df = pd.DataFrame(rows)
    if len(df):
        df["badge"] = [status_badge(s, n) for s, n in zip(df["status"], df["note"], strict=True)]
    return df


def status_summary(tables: Tables, scope: str = "VN") -> dict[str, int]:
    """Number of indicators of ``scope`` per status, in the order of STATUS_LABELS."""
    counts = tables.status.loc[tables.status["scope"] == scope, "status"].value_counts()
    return {s: int(counts[s]) for s in STATUS_LABELS if s in counts}


def with_totals(tables: Tables, pts: pd.DataFrame) -> pd.DataFrame:
    """``pts`` with ``total`` (the stated denominator, else the catalog's) and ``share_pct``
    (value as a percentage of that total; empty without a total), and ``share_label``."""
    cat = tables.indicators.set_index("id")
    total = [
        d if not is_missing(d) else cat.at[i, "denominator"]
        for i, d in zip(pts["indicator_id"], pts["denominator"], strict=True)
    ]
    out = pts.assign(total=pd.to_numeric(pd.Series(total, index=pts.index), errors="coerce"))
    out["share_pct"] = 100 * out["value"] / out["total"]
    out["share_label"] = [
        value_label(v, u, q, t) + f" ({s:.0f}%)" if not is_missing(s) else value_label(v, u, q)
        for v, u, q, t, s in zip(
            out["value"], out["unit"], out["qualifier"], out["total"], out["share_pct"], strict=True
        )
    ]
    return out


def breakdown(tables: Tables, indicator_ids: list[str], scope: str = "VN") -> pd.DataFrame:
    """The latest value of each part of a whole (goals achieved / over half / under half), with
    the part's English label; ``total`` from the data or the catalog (first part with one)."""
    last = with_totals(tables, latest(tables, indicator_ids, scope))
    return last.assign(part=last["label_en"])


def provinces_beside_nation(tables: Tables, unit: str = "percent") -> pd.DataFrame:
    """Latest level of every indicator of ``unit`` reported by a province and by the country
    (or by unnamed localities), one row per indicator and scope, with labels."""
    obs = _observations(tables)
    lv = obs[(obs["measure"] == "level") & (obs["unit"] == unit)]
    prov = set(lv.loc[~lv["scope"].isin(["VN", UNNAMED_SCOPE]), "indicator_id"])
    both = sorted(prov & set(lv.loc[lv["scope"].isin(["VN", UNNAMED_SCOPE]), "indicator_id"]))
    rows = lv[lv["indicator_id"].isin(both)].sort_values(["as_of", "report_id"])
    rows = rows.groupby(["indicator_id", "scope"], sort=False).tail(1)
    cat = tables.indicators.set_index("id")
    rows = rows.assign(
        label_en=[cat.at[i, "label_en"] for i in rows["indicator_id"]],
        label=[
            bilingual(cat.at[i, "label_en"], cat.at[i, "label_vi"]) for i in rows["indicator_id"]
        ],
    )
    rows["bar"] = [f"{s}: {lbl}" for s, lbl in zip(rows["scope"], rows["label_en"], strict=True)]
    rows["bar_label"] = [
        f"{v} ({d})" for v, d in zip(rows["value_label"], rows["date_label"], strict=True)
    ]
    return rows.sort_values(["indicator_id", "scope"]).reset_index(drop=True)


def judged_share(tables: Tables, scope: str = "VN") -> tuple[int, int, int]:
    """(headline indicators of ``scope``, those with a target or a natural total, those with
    a status that judges progress)."""
    card = scorecard(tables, scope)
    if not len(card):
        return 0, 0, 0
    return len(card), int(card["has_goal"].sum()), int(card["judged"].sum())

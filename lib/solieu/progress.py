"""Progress status of an indicator towards its target.

Method (Open SDG, adopted from Statistics Canada's progress assessment): compare the observed
rate of change since the baseline with the rate needed to reach the target by its date.

    observed  = (x_t / x_0) ** (1 / (t - t_0)) - 1          compound annual growth, baseline x_0
    required  = (x* / x_0) ** (1 / (t* - t_0)) - 1          to reach target x* at t*
    ratio     = observed / required

(times in years; when a value is zero or negative the linear rates (x_t - x_0) / (t - t_0) and
(x* - x_0) / (t* - t_0) are used instead). Status by ratio: >= 0.95 ``on_track``, 0.60-0.95
``acceleration_needed``, 0-0.60 ``limited_progress``, < 0 ``deterioration``. ``achieved`` when the
latest value already meets the target (for ranks, lower is better), ``insufficient_data`` with a
single observation (or none), ``no_target`` when no report states a target.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

__all__ = ["STATUS_LABELS", "STATUS_ORDER", "Progress", "assess", "status_table"]

STATUS_LABELS = {
    "achieved": "Achieved",
    "on_track": "On track",
    "acceleration_needed": "Acceleration needed",
    "limited_progress": "Limited progress",
    "deterioration": "Deterioration",
    "insufficient_data": "Insufficient data",
    "no_target": "No target",
}
STATUS_ORDER = list(STATUS_LABELS)


@dataclass(frozen=True)
class Progress:
    status: str
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None


def _years(a: pd.Timestamp, b: pd.Timestamp) -> float:
    return (b - a).days / 365.25


def _rate(x0: float, x1: float, years: float) -> float:
    if x0 > 0 and x1 > 0:
        return (x1 / x0) ** (1 / years) - 1
    return (x1 - x0) / years


def assess(
    values: list[tuple[pd.Timestamp, float]],
    target: tuple[pd.Timestamp, float] | None,
    direction: str = "higher_is_better",
) -> Progress:
    """Status from dated observations and a dated target (see the module docstring)."""
    if target is None:
        return Progress("no_target")
    obs = sorted((t, v) for t, v in values if pd.notna(t) and pd.notna(v))
    if not obs:
        return Progress("insufficient_data")
    (t0, x0), (t1, x1) = obs[0], obs[-1]
    t_star, x_star = target
    better = (lambda a, b: a <= b) if direction == "lower_is_better" else (lambda a, b: a >= b)
    if better(x1, x_star):
        return Progress("achieved")
    if len(obs) < 2 or t1 <= t0 or pd.isna(t_star) or t_star <= t0:
        return Progress("insufficient_data")
    observed = _rate(x0, x1, _years(t0, t1))
    required = _rate(x0, x_star, _years(t0, t_star))
    if required == 0 or math.isnan(required):
        return Progress("insufficient_data")
    ratio = observed / required
    if ratio >= 0.95:
        status = "on_track"
    elif ratio >= 0.60:
        status = "acceleration_needed"
    elif ratio >= 0:
        status = "limited_progress"
    else:
        status = "deterioration"
    return Progress(status, observed, required, ratio)


STATUS_COLUMNS = [
    "indicator_id", "scope", "label_en", "label_vi", "pillar", "unit", "direction",
    "baseline_value", "baseline_as_of", "latest_value", "latest_denominator", "latest_as_of",
    "latest_report_id", "latest_figure_id", "n_observations", "target_value", "target_date",
    "target_qualifier", "target_report_id", "observed_rate", "required_rate", "ratio",
    "status", "status_label",
]  # fmt: skip


def status_table(
    observations: pd.DataFrame, targets: pd.DataFrame, catalog_table: pd.DataFrame
) -> pd.DataFrame:
    """One row per indicator and scope with a level observation or a target."""
    obs = observations[observations["measure"] == "level"]
    keys = sorted(
        set(zip(obs["indicator_id"], obs["scope"], strict=True))
        | set(zip(targets["indicator_id"], targets["scope"], strict=True))
    )
    cat = catalog_table.set_index("id")
    obs_by = dict(list(obs.groupby(["indicator_id", "scope"], sort=False)))
    tgt_by = dict(list(targets.groupby(["indicator_id", "scope"], sort=False)))
    empty_o, empty_t = obs.iloc[:0], targets.iloc[:0]
    rows = []
    for ind, scope in keys:
        meta = cat.loc[ind]
        o = obs_by.get((ind, scope), empty_o).sort_values(["as_of", "report_id", "figure_id"])
        t = tgt_by.get((ind, scope), empty_t)
        t = t.sort_values(["target_date", "report_id"], na_position="first")
        tgt = t.iloc[-1] if len(t) else None
        # several reports of the same day: keep one value per date (the first report)
        dated = o.drop_duplicates("as_of")
        values = list(zip(dated["as_of"], dated["value"], strict=True))
        target = (tgt["target_date"], tgt["value"]) if tgt is not None else None
        pr = assess(values, target, meta["direction"])
        first = o.iloc[0] if len(o) else None
        last = o.iloc[-1] if len(o) else None
        rows.append(
            {
                "indicator_id": ind,
                "scope": scope,
                "label_en": meta["label_en"],
                "label_vi": meta["label_vi"],
                "pillar": meta["pillar"],
                "unit": meta["unit"],
                "direction": meta["direction"],
                "baseline_value": first["value"] if first is not None else None,
                "baseline_as_of": first["as_of"] if first is not None else None,
                "latest_value": last["value"] if last is not None else None,
                "latest_denominator": last["denominator"] if last is not None else None,
                "latest_as_of": last["as_of"] if last is not None else None,
                "latest_report_id": last["report_id"] if last is not None else None,
                "latest_figure_id": last["figure_id"] if last is not None else None,
                "n_observations": int(dated["as_of"].notna().sum()),
                "target_value": tgt["value"] if tgt is not None else None,
                "target_date": tgt["target_date"] if tgt is not None else None,
                "target_qualifier": tgt["qualifier"] if tgt is not None else None,
                "target_report_id": tgt["report_id"] if tgt is not None else None,
                "observed_rate": pr.observed_rate,
                "required_rate": pr.required_rate,
                "ratio": pr.ratio,
                "status": pr.status,
                "status_label": STATUS_LABELS[pr.status],
            }
        )
    df = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    for c in ("baseline_as_of", "latest_as_of", "target_date"):
        df[c] = pd.to_datetime(df[c])
    for c in ("baseline_value", "latest_value", "latest_denominator", "target_value",
              "observed_rate", "required_rate", "ratio"):  # fmt: skip
        df[c] = pd.to_numeric(df[c]).astype("float64")
    df["n_observations"] = df["n_observations"].astype("int64")
    return df

"""Progress status of an indicator: Open SDG's progress method, with the targets it can find.

Open SDG computes progress with Statistics Canada's progress measurement methodology
(https://open-sdg.readthedocs.io/en/latest/progress/ and its methodology page). Both of its
halves are used here:

*With a quantitative target* x* due at t* (from the register of programme documents, a report
sentence, or a natural total such as 25 of 25 services): compare the observed compound annual
growth since the baseline with the growth needed to reach the target on time,

    observed = (x_t / x_0) ** (1 / (t - t_0)) - 1
    required = (x* / x_0) ** (1 / (t* - t_0)) - 1        ratio = observed / required

(times in years; linear rates when a value is zero). Ratio >= 0.95 ``on_track``, 0.60-0.95
``acceleration_needed``, 0-0.60 ``limited_progress``, < 0 ``deterioration``; ``achieved`` when
the latest value meets the target.

*Without a target*, the trend alone: the observed growth, signed by the desired direction, is
compared with fixed thresholds, >= 1.5 % a year ``on_track``, 0.5-1.5 % ``acceleration_needed``,
0-0.5 % ``limited_progress``, < 0 ``deterioration``. For an indicator with a natural maximum (a
percentage: 100; a fraction: its total) the positive thresholds are scaled by
C = 1 - (x_0 / limit) ** 4.44, and a value kept at the limit is on track.

Beyond the method, three readings the data of this project needs:

- a natural total with no date (25 of 25 services, 63 of 63 localities) is a target: reached
  means ``achieved``; otherwise the trend is measured against that limit;
- a figure whose sentence reports the plan met or exceeded ("đạt và vượt kế hoạch") and that
  has no target of its own is ``reported_achieved``: the report's word, not a measurement;
- with a target and a single value, ``one_value`` gives the distance to the target and the time
  left (from the date of that value to the deadline) instead of a bare "insufficient data".

Bounds ("over 78 million", "below 70 %") never enter a growth rate; a bound can still show that
a target is met ("over 78 million" meets "at least 20 million"). ``insufficient_data``: a target
but no value; ``no_target``: one value, no target, nothing to compare.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from .claims import claims_of
from .labels import BOUNDS, is_missing, value_label

__all__ = [
    "METHOD_URL",
    "STATUS_COLUMNS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "Progress",
    "assess",
    "choose_target",
    "status_table",
]

METHOD_URL = "https://open-sdg.readthedocs.io/en/latest/progress/"

STATUS_LABELS = {
    "achieved": "Target achieved",
    "reported_achieved": "Reported met",
    "on_track": "On track",
    "acceleration_needed": "Acceleration needed",
    "limited_progress": "Limited progress",
    "deterioration": "Deterioration",
    "one_value": "One value: distance to target",
    "insufficient_data": "No value yet",
    "no_target": "One value, no target",
}
STATUS_ORDER = list(STATUS_LABELS)
JUDGED = frozenset(STATUS_ORDER[:6])  # statuses that judge progress

TREND_THRESHOLDS = (0.015, 0.005, 0.0)  # Open SDG, no quantitative target
RATIO_THRESHOLDS = (0.95, 0.60, 0.0)  # Open SDG, quantitative target
LIMIT_EXPONENT = 4.44  # Open SDG's scaling factor near a natural limit


@dataclass(frozen=True)
class Progress:
    """A status and the numbers behind it. ``method``: target, total, trend, reported or ''."""

    status: str
    method: str = ""
    observed_rate: float | None = None
    required_rate: float | None = None
    ratio: float | None = None
    distance: float | None = None
    years_left: float | None = None


def _years(a: pd.Timestamp, b: pd.Timestamp) -> float:
    return (b - a).days / 365.25


def _rate(x0: float, x1: float, years: float) -> float:
    if x0 > 0 and x1 > 0:
        return (x1 / x0) ** (1 / years) - 1
    return (x1 - x0) / years


def _cagr(x0: float, x1: float, years: float) -> float:
    """Compound growth; Open SDG replaces a zero by 0.001."""
    x0, x1 = (x if x != 0 else 0.001 for x in (x0, x1))
    if (x0 > 0) != (x1 > 0):
        return math.nan
    return (x1 / x0) ** (1 / years) - 1


def _band(value: float, thresholds: tuple[float, float, float]) -> str:
    high, med, low = thresholds
    if value >= high:
        return "on_track"
    if value >= med:
        return "acceleration_needed"
    if value >= low:
        return "limited_progress"
    return "deterioration"


def _meets(value: float, qualifier: str, goal: float, lower_better: bool) -> bool:
    """Does the value meet the goal? A bound counts only when it proves it."""
    if lower_better:
        return value <= goal and qualifier not in (">", ">=")
    return value >= goal and qualifier not in ("<", "<=")


def _limit_factor(x0: float, limit: float) -> float:
    x0, limit = abs(x0), abs(limit)
    if limit == 0 or x0 >= 2 * limit:
        return 1.0
    if x0 <= limit:
        return 1 - (x0 / limit) ** LIMIT_EXPONENT
    return 1 - ((2 * limit - x0) / limit) ** LIMIT_EXPONENT


def _normalise(values) -> list[tuple[pd.Timestamp, float, str]]:
    out = []
    for v in values:
        t, x = v[0], v[1]
        q = v[2] if len(v) > 2 and not is_missing(v[2]) else "="
        if not is_missing(t) and not is_missing(x):
            out.append((pd.Timestamp(t), float(x), str(q)))
    return sorted(out, key=lambda r: r[0])


def assess(
    values: list[tuple],
    target: tuple[pd.Timestamp, float] | None = None,
    direction: str = "higher_is_better",
    *,
    total: float | None = None,
    limit: float | None = None,
    reported_met: bool = False,
) -> Progress:
    """Status from dated values ``(date, value[, qualifier])``, a dated target ``(date, value)``
    (the date may be NaT), a natural ``total`` (a target without a date), a natural ``limit``
    for the trend (100 for a percentage) and whether the sentence reports the plan met."""
    lower = direction == "lower_is_better"
    obs = _normalise(values)
    exact = [(t, x) for t, x, q in obs if q not in BOUNDS]
    if target is not None and not is_missing(target[1]):
        goal_t, goal, method = target[0], float(target[1]), "target"
    elif total is not None and not is_missing(total) and direction != "lower_is_better":
        # reaching the whole is a goal only where more is better: "18 of 35 goals less than
        # half done" is not on its way to 35
        goal_t, goal, method = pd.NaT, float(total), "total"
    else:
        goal_t, goal, method = pd.NaT, None, ""
    if goal is not None:
        if not obs:
            return Progress("insufficient_data", method)
        t1, x1, q1 = obs[-1]
        if _meets(x1, q1, goal, lower):
            return Progress("achieved", method, distance=0.0)
        distance = (x1 - goal) if lower else (goal - x1)
        left = _years(t1, goal_t) if not is_missing(goal_t) else None
        if len(exact) >= 2 and exact[-1][0] > exact[0][0]:
            (t0, x0), (tn, xn) = exact[0], exact[-1]
            if not is_missing(goal_t) and goal_t > t0:
                observed = _rate(x0, xn, _years(t0, tn))
                required = _rate(x0, goal, _years(t0, goal_t))
                if required and not math.isnan(required):
                    ratio = observed / required
                    status = _band(ratio, RATIO_THRESHOLDS)
                    return Progress(status, method, observed, required, ratio, distance, left)
            # no deadline: the trend, towards the goal as its limit
            return _trend(x0, xn, _years(t0, tn), lower, goal, method, distance, left)
        return Progress("one_value", method, distance=distance, years_left=left)
    if reported_met and obs:
        return Progress("reported_achieved", "reported")
    if len(exact) >= 2 and exact[-1][0] > exact[0][0]:
        (t0, x0), (tn, xn) = exact[0], exact[-1]
        return _trend(x0, xn, _years(t0, tn), lower, limit, "trend")
    return Progress("no_target" if obs else "insufficient_data")


def _trend(
    x0: float,
    x1: float,
    years: float,
    lower: bool,
    limit: float | None,
    method: str,
    distance: float | None = None,
    left: float | None = None,
) -> Progress:
    growth = _cagr(x0, x1, years)
    if math.isnan(growth):
        return Progress(
            "no_target" if method == "trend" else "one_value", method, distance=distance
        )
    signed = -growth if lower else growth
    factor = _limit_factor(x0, limit) if (limit and not lower) else 1.0
    if factor == 0 and signed >= 0:
        status = "on_track"
    else:
        high, med, low = TREND_THRESHOLDS
        status = _band(signed, (high * factor, med * factor, low))
    return Progress(status, method, growth, None, None, distance, left)


# -- the status table -------------------------------------------------------------------------

STATUS_COLUMNS = [
    "indicator_id", "scope", "label_en", "label_vi", "pillar", "unit", "direction",
    "baseline_value", "baseline_as_of", "latest_value", "latest_qualifier", "latest_denominator",
    "latest_as_of", "latest_report_id", "latest_figure_id", "n_observations", "total",
    "target_value", "target_date", "target_qualifier", "target_report_id", "target_source_kind",
    "target_source", "method", "observed_rate", "required_rate", "ratio", "distance",
    "years_left", "status", "status_label", "note",
]  # fmt: skip


def choose_target(targets: pd.DataFrame, after: pd.Timestamp | None) -> pd.Series | None:
    """The target to judge by: the nearest deadline on or after the latest value (``after``),
    else the latest deadline, else one without a deadline; register before report on a tie."""
    if not len(targets):
        return None
    t = targets.assign(
        _kind=(targets.get("source_kind", pd.Series("report", index=targets.index)) != "register")
    )
    dated = t[t["target_date"].notna()]
    if len(dated):
        ahead = dated[dated["target_date"] >= after] if not is_missing(after) else dated
        pool = ahead if len(ahead) else dated
        pool = pool.sort_values(["target_date", "_kind"], kind="stable")
        return (pool.iloc[0] if len(ahead) else pool.iloc[-1]).drop("_kind")
    return t.sort_values("_kind", kind="stable").iloc[0].drop("_kind")


def _note(p: Progress, unit: str, goal: float | None, goal_q: str | None, goal_t) -> str:
    """The status in a sentence, e.g. '13.1 points short of at least 50%, 0.8 years left'."""
    if p.status == "achieved":
        return f"meets {value_label(goal, unit, goal_q)}" if goal is not None else ""
    if p.status == "reported_achieved":
        return "the report says the plan was met or exceeded"
    if p.distance is None or goal is None:
        if p.method == "trend" and p.observed_rate is not None:
            return f"{p.observed_rate * 100:+.1f}% a year, no target"
        return ""
    gap = abs(p.distance)
    if unit == "percent":
        short = f"{gap:,.1f} points short of {value_label(goal, unit, goal_q)}"
    elif unit == "rank":
        short = f"{gap:,.0f} places from {value_label(goal, unit, goal_q)}"
    else:
        short = f"{value_label(gap, unit)} short of {value_label(goal, unit, goal_q)}"
    if p.years_left is not None:
        when = pd.Timestamp(goal_t).strftime("%Y-%m-%d")
        if p.years_left >= 0:
            short += f" due {when}, {p.years_left:.1f} years after the latest value"
        else:
            short += f" due {when}, already past at the latest value"
    elif p.method == "total":
        short += " (the total; no deadline)"
    return short


def status_table(
    observations: pd.DataFrame,
    targets: pd.DataFrame,
    catalog_table: pd.DataFrame,
    figures: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per indicator and scope with a level observation or a target. ``figures`` (the
    figures table) locates each number in its sentence, for the claims the sentence makes."""
    obs = observations[observations["measure"] == "level"]
    claims = claims_of(obs, figures)
    obs = obs[~claims["unnamed_localities"]]  # a figure about unnamed localities is no scope's
    met = claims.loc[obs.index, "reported_met"]
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
        o = obs_by.get((ind, scope), empty_o)
        o = o[o["unit"] == meta["unit"]] if len(o) else o
        o = o.sort_values(["as_of", "report_id", "figure_id"])
        # several reports of the same day: keep one value per date (the first report)
        dated = o.drop_duplicates("as_of")
        first = o.iloc[0] if len(o) else None
        last = o.iloc[-1] if len(o) else None
        tgt = choose_target(
            tgt_by.get((ind, scope), empty_t), last["as_of"] if last is not None else None
        )
        total = None
        # a rank's "out of N" is the field, not a goal; where less is better, neither is the whole
        if meta["unit"] != "rank" and meta["direction"] != "lower_is_better":
            if not is_missing(meta.get("denominator")):
                total = float(meta["denominator"])
            elif last is not None and not is_missing(last["denominator"]):
                total = float(last["denominator"])
        limit = 100.0 if meta["unit"] == "percent" else None
        values = list(zip(dated["as_of"], dated["value"], dated["qualifier"], strict=True))
        target = (tgt["target_date"], tgt["value"]) if tgt is not None else None
        reported = bool(last is not None and met.get(last.name, False))
        pr = assess(
            values, target, meta["direction"], total=total, limit=limit, reported_met=reported
        )
        goal = tgt["value"] if tgt is not None else total
        goal_q = tgt["qualifier"] if tgt is not None else "="
        goal_t = tgt["target_date"] if tgt is not None else pd.NaT
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
                "latest_qualifier": last["qualifier"] if last is not None else None,
                "latest_denominator": last["denominator"] if last is not None else None,
                "latest_as_of": last["as_of"] if last is not None else None,
                "latest_report_id": last["report_id"] if last is not None else None,
                "latest_figure_id": last["figure_id"] if last is not None else None,
                "n_observations": int(dated["as_of"].notna().sum()),
                "total": total,
                "target_value": tgt["value"] if tgt is not None else None,
                "target_date": tgt["target_date"] if tgt is not None else None,
                "target_qualifier": tgt["qualifier"] if tgt is not None else None,
                "target_report_id": tgt.get("report_id") if tgt is not None else None,
                "target_source_kind": tgt.get("source_kind", "report") if tgt is not None else None,
                "target_source": tgt.get("source", tgt.get("report_id"))
                if tgt is not None
                else None,
                "method": pr.method,
                "observed_rate": pr.observed_rate,
                "required_rate": pr.required_rate,
                "ratio": pr.ratio,
                "distance": pr.distance,
                "years_left": pr.years_left,
                "status": pr.status,
                "status_label": STATUS_LABELS[pr.status],
                "note": _note(pr, meta["unit"], goal, goal_q, goal_t),
            }
        )
    df = pd.DataFrame(rows, columns=STATUS_COLUMNS)
    for c in ("baseline_as_of", "latest_as_of", "target_date"):
        df[c] = pd.to_datetime(df[c])
    for c in ("baseline_value", "latest_value", "latest_denominator", "total", "target_value",
              "observed_rate", "required_rate", "ratio", "distance", "years_left"):  # fmt: skip
        df[c] = pd.to_numeric(df[c]).astype("float64")
    for c in ("latest_qualifier", "target_qualifier", "target_report_id", "target_source_kind",
              "target_source", "latest_report_id", "latest_figure_id"):  # fmt: skip
        df[c] = df[c].astype("string")
    df["n_observations"] = df["n_observations"].astype("int64")
    return df

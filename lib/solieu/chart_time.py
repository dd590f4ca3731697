"""Charts over time: one measure's values on a date axis (:func:`timeline`) and the chart of
one indicator (:func:`indicator_chart`), with bounds as arrows, periods as year bands, hollow
points "as reported on" and targets with their value and date."""

from __future__ import annotations

import re

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter

from .chart_base import (
    MIN_FONT,
    PALETTE,
    WIDTH_IN,
    Chart,
    axis_label,
    chart_title,
    legend_below,
    scale_for,
    set_theme,
    to_chart,
)
from .chart_labels import place_value_labels, target_column, text_color
from .labels import (
    date_label,
    evidence_link,
    is_bound,
    is_missing,
    number_label,
    ordinal,
    value_label,
)

__all__ = ["indicator_chart", "timeline"]


# -- charts over time -------------------------------------------------------------------------


def timeline(
    data: pd.DataFrame,
    x: str,
    y: str,
    hue: str | None = None,
    *,
    unit: str,
    title: str,
    caption: str,
    subtitle: str = "",
    label: str | None = None,
    qualifier: str | None = "qualifier",
    reported_on: str | None = "time_source",
    period: str | None = "period",
    targets: pd.DataFrame | None = None,
    target_label: str | None = "target_label",
    total: float | None = None,
    ylabel: str | None = None,
    link: str | None = "link",
    panel: str | None = None,
) -> Chart:
    """Values of one measure over time, one series per ``hue`` (none: one series, no legend).
    A ``link`` column makes each point a link (to the sentence it comes from).

    Levels are joined by a line and labelled above with their value and qualifier (``label``
    column, else :func:`value_label` of ``y``); bounds are arrow markers at the bound (up: over
    or at least; down: below), never joined; a point whose time is the report's date is hollow.
    ``targets`` (same ``x``/``y`` columns, optional ``hue``) are diamonds whose labels (value and
    date, ``target_label``) stand in a column right of the plot, joined by a thin leader, so
    they never cover value labels; ``total`` is a dashed line. Ranks (``unit == 'rank'``):
    inverted axis, integer ticks, direction stated. With ``panel`` (a column of ``data`` and
    ``targets``), one panel per value, stacked over one time axis, each titled with its value
    and drawn on its own scale (the country's count and a province's are not on one axis)."""
    set_theme()
    d = data.dropna(subset=[x, y]).sort_values(x, kind="stable")
    tg = targets.dropna(subset=[x, y]) if targets is not None and len(targets) else None
    # a value for a period is drawn in the middle of it, a deadline at the end of a year in
    # the middle of that year: both then sit inside the year band that names them
    at = [_plot_at(t, p) for t, p in zip(d[x], _periods(d, period), strict=True)]
    d = d.assign(_when=d[x], **{x: at})
    if tg is not None:
        tg = tg.assign(**{x: [_plot_at(t, "", deadline=True) for t in tg[x]]})
    names = [""]
    if panel:
        # in the order of the data given (the country first, as views give it), not of dates
        names = list(dict.fromkeys([*data[panel], *(tg[panel] if tg is not None else [])]))
    n = len(names)
    fig, axes = plt.subplots(n, 1, figsize=(WIDTH_IN, 3.4 if n == 1 else 0.9 + 2.3 * n),
                             sharex=True, squeeze=False)  # fmt: skip
    axes = list(axes[:, 0])
    if n > 1:
        fig.subplots_adjust(hspace=0.45, top=1 - 0.75 / (0.9 + 2.3 * n))
    if tg is not None:
        fig.subplots_adjust(right=0.66)
    xs = [*d[x], *(tg[x] if tg is not None else [])]
    opts = dict(x=x, y=y, hue=hue, unit=unit, label=label, qualifier=qualifier,
                reported_on=reported_on, period=period, target_label=target_label,
                total=total, ylabel=ylabel, link=link)  # fmt: skip
    alt: list[str] = []
    hollow, series = False, 0
    for i, (name, ax) in enumerate(zip(names, axes, strict=True)):
        dp = d[d[panel] == name] if panel else d
        tp = tg[tg[panel] == name] if panel and tg is not None else tg
        a, h, s = _panel(fig, ax, dp, tp if tp is not None and len(tp) else None, xs,
                         first_color=i, **opts)  # fmt: skip
        if n > 1:
            ax.set_title(str(name), loc="left", fontsize=MIN_FONT, fontweight="bold", pad=6)
            a = [f"{name}: {v}" for v in a]
        alt += a
        hollow, series = hollow or h, max(series, s)
    note = "\n(hollow: as reported on)" if hollow else ""
    axes[-1].set_xlabel("Date the value refers to" + note, loc="left")
    chart_title(axes[0], title, subtitle, pad=10 if n == 1 else 28)
    if series > 1:
        legend_below(axes[-1], series)
    return to_chart(fig, f"{title}. " + "; ".join(alt) + ".", caption)


def _panel(
    fig, ax, d, tg, xs, *, x, y, hue, unit, label, qualifier, reported_on, period,
    target_label, total, ylabel, link, first_color=0,
) -> tuple[list[str], bool, int]:  # fmt: skip
    """One panel of :func:`timeline`: its series, labels, targets, total and axes. Returns its
    alt text, whether a point is hollow, and how many series it has."""
    is_rank = unit == "rank"
    vals = [*d[y], *(tg[y] if tg is not None else []), *([total] if total else [])]
    top = max([abs(float(v)) for v in vals] or [1.0])
    div, word = (1.0, "") if is_rank else scale_for(unit, top)
    groups = list(d.groupby(hue, sort=False)) if hue else [("", d)]
    colors = {name: PALETTE[(i + first_color) % len(PALETTE)] for i, (name, _) in enumerate(groups)}
    alt: list[str] = []
    labels: list[tuple] = []  # value labels, placed once the x range is known
    marks: list[tuple] = []  # every point, kept clear of labels
    any_hollow = False
    for name, g in groups:
        color = colors[name]
        quals = g[qualifier] if qualifier and qualifier in g else pd.Series("=", index=g.index)
        bound = quals.map(is_bound).astype(bool)
        hollow = (
            (g[reported_on] != "period").astype(bool)
            if reported_on and reported_on in g
            else pd.Series(False, index=g.index)
        )
        any_hollow = any_hollow or bool(hollow.any())
        lv = g[~bound]
        ax.plot(lv[x], lv[y] / div, color=color, linewidth=2, zorder=2,
                label=str(name) if name != "" else None)  # fmt: skip
        for (_, r), q, b, h in zip(g.iterrows(), quals, bound, hollow, strict=True):
            yv = r[y] / div
            marker = ("^" if str(q) in (">", ">=") else "v") if b else "o"
            mark = ax.scatter([r[x]], [yv], marker=marker, s=80, zorder=3, linewidths=2,
                              facecolors="white" if h else color, edgecolors=color)  # fmt: skip
            if link and link in r and not is_missing(r[link]) and r[link]:
                mark.set_urls([str(r[link])])  # the point links to its sentence (SVG)
            text = r[label] if label and label in r else value_label(r[y], unit, q)
            when = date_label(
                r["_when"],
                r[period] if period and period in r else None,
                r[reported_on] if reported_on and reported_on in r else "period",
            )
            if len(g) <= 6:
                # with several series a label takes its series' colour, darkened to read
                labels.append((r[x], yv, text, text_color(color) if len(groups) > 1 else None))
            else:
                marks.append((r[x], yv))
            alt.append(f"{str(name) + ': ' if name != '' else ''}{text} ({when})")
    if tg is not None:
        marks += [(a, b / div) for a, b in zip(tg[x], tg[y], strict=True)]
    if total:
        ax.axhline(total / div, color="#777777", linestyle="--", linewidth=1, zorder=1)
        ax.annotate(f"total {number_label(total, unit)}", (0, total / div),
                    xycoords=("axes fraction", "data"), textcoords="offset points",
                    xytext=(4, 4), fontsize=MIN_FONT, color="#555555")  # fmt: skip
        alt.append(f"total {number_label(total, unit)}")
    if xs:
        lo, hi = min(xs), max(xs)
        pad = max(pd.Timedelta(days=60), (hi - lo) * 0.1)
        ax.set_xlim(lo - pad, hi + pad)
    _date_axis(ax)
    if is_rank:
        worst = max(vals) if vals else 10
        field = (
            d["denominator"].max()
            if "denominator" in d and d["denominator"].notna().any()
            else None
        )
        # the whole field where it is known ("7th of 63" near the top, not at the bottom)
        bottom = max(float(field), worst) + 0.5 if field else worst * 1.25 + 1
        ax.set_ylim(bottom, 0.5)  # inverted: 1st at the top
        ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5, min_n_ticks=2))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: ordinal(v) if v >= 1 else ""))
        ax.set_ylabel(ylabel or "Rank (1st = best, at top)")
    else:
        ax.set_ylim(0, top / div * (1.15 if unit == "percent" else 1.25))  # levels from zero
        if unit == "count" and div == 1:  # whole things: no 12.5 goals on the axis
            ax.yaxis.set_major_locator(MaxNLocator(nbins=5, integer=True))
        ax.set_ylabel(ylabel or axis_label(unit, word))
    place_value_labels(fig, ax, labels, marks)
    if tg is not None:
        alt += target_column(ax, tg, x, y, div, unit, target_label, hue, colors)
    return alt, any_hollow, len(groups)


def _target_label(r: pd.Series, unit: str, scoped: bool) -> str:
    """'target 20% by 2025' (the year when due at its end), with the scope when several."""
    when = ""
    if not is_missing(r["deadline"]):
        t = pd.Timestamp(r["deadline"])
        when = f" by {t:%Y}" if (t.month, t.day) == (12, 31) else f" by {t:%Y-%m-%d}"
    who = f"{r['scope']}: " if scoped else ""
    return f"{who}target {value_label(r['value'], unit, r['qualifier'])}{when}"


SCOPE_NAMES = {"VN": "Viet Nam"}  # the scope code of the whole country, as a reader reads it
EXTENSIVE = frozenset({"count", "VND", "USD"})  # units whose size grows with the population


def _and(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]]) if len(items) > 1 else "".join(items)


def _source_name(source: object, kind: object) -> str:
    return f"report {source}" if kind == "report" else str(source)


def indicator_chart(view) -> Chart | None:
    """The chart of one indicator (a :class:`solieu.views.IndicatorView`): its level values over
    time, national and provincial series side by side, targets with their value and date
    (sources in the caption and alt text), its natural total. Returns ``None`` when there is
    nothing to draw (no level value and no dated target); it never raises for lack of data."""
    meta = view.indicator
    unit = meta["unit"]
    pts = view.points
    if len(pts):
        pts = pts[(pts["measure"] == "level") & (pts["unit"] == unit)]
    tg = view.targets
    tg = tg[tg["deadline"].notna()] if len(tg) else tg
    if not len(pts) and not len(tg):
        return None
    scoped = len(set(pts["scope"]) | set(tg["scope"])) > 1
    tgt = None
    if len(tg):
        # one mark per scope, deadline and value; its sources together
        srcs = [_source_name(s, k) for s, k in zip(tg["source"], tg["source_kind"], strict=True)]
        tgt = (
            tg.assign(_src=srcs)
            .groupby(["scope", "deadline", "value", "qualifier"], sort=True)["_src"]
            .agg(lambda v: "; ".join(sorted(set(v))))
            .reset_index()
        )
        tgt["target_label"] = [_target_label(r, unit, scoped) for _, r in tgt.iterrows()]
    reports = sorted({f"report {r}" for r in pts["report_id"] if not is_missing(r)})
    targets_text = ""
    if tgt is not None:
        pairs = zip(tgt["target_label"], tgt["_src"], strict=True)
        targets_text = " Targets: " + "; ".join(f"{t} ({s})" for t, s in pairs) + "."
    # a count (or an amount) of a province is a small part of the country's: each scope on
    # its own panel and scale, never one flat line at zero beside the other
    apart = scoped and unit in EXTENSIVE
    scopes = [SCOPE_NAMES.get(s, s) for s in dict.fromkeys([*pts["scope"], *tg["scope"]])]
    apart_text = (
        f" {_and(scopes)} are drawn in separate panels, each on its own scale: a province's "
        "number is a small part of the country's."
        if apart
        else ""
    )
    caption = (
        f"Values: {', '.join(reports) or 'none'}.{targets_text} Filled points: the period the "
        "text names; hollow: the date of the report. Arrows: bounds (over, at least, below)."
        + apart_text
    )
    pts = pts.assign(
        link=[
            evidence_link(str(r), str(f)) if not (is_missing(r) or is_missing(f)) else ""
            for r, f in zip(pts["report_id"], pts["figure_id"], strict=True)
        ]
    )
    if apart:  # the panels are titled with the scope's name
        pts = pts.assign(scope=pts["scope"].replace(SCOPE_NAMES))
        if tgt is not None:
            tgt = tgt.assign(scope=tgt["scope"].replace(SCOPE_NAMES))
    return timeline(
        pts,
        x="as_of",
        y="value",
        hue="scope" if scoped and not apart else None,
        panel="scope" if apart else None,
        unit=unit,
        title=meta["label_en"],
        subtitle=meta["label_vi"],
        label="value_label",
        caption=caption,
        targets=tgt.rename(columns={"deadline": "as_of"}) if tgt is not None else None,
        total=view.total if unit != "rank" else None,
    )


def _periods(d: pd.DataFrame, period: str | None) -> list[str]:
    if period and period in d:
        return ["" if is_missing(p) else str(p) for p in d[period]]
    return [""] * len(d)


_PERIOD_SHAPE = re.compile(r"(\d{4})(?:-(H[12]|Q[1-4]|\d{2}))?(?:/(\d{4})-(\d{2}))?$")


def _plot_at(when, period: str, deadline: bool = False) -> pd.Timestamp:
    """Where on the time axis a value for ``period`` (dated ``when``) is drawn: the middle of
    its period (2022 -> mid-2022, 2023-H1 -> April 2023); a ``deadline`` at the end of a year
    ("by 2025") -> the middle of that year; any other date as it is."""
    t = pd.Timestamp(when)
    m = _PERIOD_SHAPE.match(period or "")
    if m:
        year, part, end_year, end_month = m.groups()
        start = pd.Timestamp(int(year), 1, 1)
        if part is None:
            a, b = start, pd.Timestamp(int(year) + 1, 1, 1)
        elif part.startswith("H"):
            a = pd.Timestamp(int(year), 1 if part == "H1" else 7, 1)
            b = a + pd.DateOffset(months=6)
        elif part.startswith("Q"):
            a = pd.Timestamp(int(year), 3 * int(part[1]) - 2, 1)
            b = a + pd.DateOffset(months=3)
        else:
            a = pd.Timestamp(int(year), int(part), 1)
            b = (pd.Timestamp(int(end_year), int(end_month), 1) if end_year else a) + pd.DateOffset(
                months=1
            )
        return a + (b - a) / 2
    if deadline and t.month == 12 and t.day == 31:
        return pd.Timestamp(t.year, 7, 1)
    return t


def _date_axis(ax) -> None:
    """Years as bands: the year's name in its middle and a line at each new year, the axis
    running over whole years, so that a value "for 2022" sits inside the band named 2022 (not on
    a "2023" tick at the 31 December it is dated). Exact dates are in the table under a chart."""
    x0, x1 = (mdates.num2date(v) for v in ax.get_xlim())
    first = pd.Timestamp(x0.year, 1, 1)
    last = pd.Timestamp(x1.year + (x1.month > 1 or x1.day > 1), 1, 1)
    ax.set_xlim(mdates.date2num(first), mdates.date2num(last))
    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(NullFormatter())
    # a year's name in every band while four digits fit in it, else every 2nd or 5th year
    band = ax.get_window_extent().width * 72 / ax.figure.dpi / max(1, last.year - first.year)
    step = next((k for k in (1, 2, 5, 10) if band * k >= 3.2 * MIN_FONT), 10)
    ax.xaxis.set_minor_locator(mdates.YearLocator(base=step, month=7, day=1))
    ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)

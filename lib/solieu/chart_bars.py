"""Bars: one measure across items, sorted, from zero (:func:`bar_chart`); a breakdown as one
stacked bar (:func:`stacked_bar`); how many indicators have each status (:func:`status_chart`)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.ticker import MaxNLocator

from .blocks import STATUS_COLORS
from .chart_base import (
    MIN_FONT,
    PALETTE,
    WIDTH_IN,
    Chart,
    axis_label,
    chart_title,
    scale_for,
    set_theme,
    to_chart,
    wrap,
)
from .labels import is_bound, number_label, value_label
from .progress import STATUS_LABELS, STATUS_ORDER

__all__ = ["bar_chart", "stacked_bar", "status_chart"]


def bar_chart(
    data: pd.DataFrame,
    y: str,
    x: str,
    *,
    unit: str,
    title: str,
    caption: str,
    qualifier: str | None = "qualifier",
    label: str | None = None,
    xlabel: str | None = None,
    sort: bool = True,
) -> Chart:
    """Horizontal bars of one measure, sorted largest first, from zero, each labelled with its
    value and qualifier (``label`` column to override). A bound is drawn as an arrow marker
    at the bound with no bar, never as a level."""
    set_theme()
    d = data.dropna(subset=[x])
    if sort:
        d = d.sort_values(x, ascending=False, kind="stable")
    n = len(d)
    texts = [
        r[label] if label and label in r else value_label(r[x], unit, r[qualifier] if qualifier
                                                         and qualifier in r else "=")
        for _, r in d.iterrows()
    ]  # fmt: skip
    # long names (more than two short lines) stand above their bars with the value, across the
    # whole width, so that names and values beside the bars do not leave them a sliver of a
    # phone's screen
    above = max([len(str(v)) for v in d[y]] + [0]) > 30
    if above:
        names = [wrap(f"{v}: {s}", 50) for v, s in zip(d[y], texts, strict=True)]
        values = [""] * n
        pitch = 0.2 * max([s.count("\n") + 1 for s in names] + [1]) + 0.6
        bar = 0.3 / pitch
    else:
        names = [wrap(v, 20) for v in d[y]]
        values = [wrap(s, 20) for s in texts]
        # each row as tall as its labels (a line is about 0.2 in), so that no two rows touch
        lines = max([s.count("\n") + 1 for s in [*names, *values]] + [1])
        pitch = max(0.7, 0.2 * lines + 0.2)
        bar = min(0.6, 0.45 / pitch)
    fig, ax = plt.subplots(figsize=(WIDTH_IN, pitch * n + 1.3))
    top = max([float(v) for v in d[x]] + [1.0])
    div, word = scale_for(unit, top)
    ys = list(range(n))[::-1]
    alt = []
    for yi, (_, r), text, shown, name in zip(ys, d.iterrows(), texts, values, names, strict=True):
        q = r[qualifier] if qualifier and qualifier in r else "="
        if is_bound(q):  # an arrow at the bound, pointing the way the truth lies
            ax.scatter([r[x] / div], [yi], marker=">" if str(q) in (">", ">=") else "<", s=110,
                       color=PALETTE[0], zorder=3)  # fmt: skip
            ax.plot([r[x] / div] * 2, [yi - bar / 2, yi + bar / 2], color=PALETTE[0], linewidth=2)
        else:
            ax.barh([yi], [r[x] / div], color=PALETTE[0], height=bar)
        if not above:
            ax.annotate(shown, (r[x] / div, yi), textcoords="offset points",
                        xytext=(8, 0), va="center", fontsize=MIN_FONT)  # fmt: skip
        else:
            ax.annotate(name, (0, yi + bar / 2), xycoords=("axes fraction", "data"),
                        textcoords="offset points", xytext=(0, 3), va="bottom", ha="left",
                        fontsize=MIN_FONT)  # fmt: skip
        alt.append(f"{r[y]}: {text}")
    if above:
        ax.set_yticks([])
        ax.set_ylim(-0.5 * bar - 0.15 / pitch, n - 0.5 * bar - 0.15 / pitch)
    else:
        ax.set_yticks(ys, names)
        ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top / div * (1.02 if above else 1.08))
    ax.set_xlabel(xlabel or axis_label(unit, word))
    ax.grid(axis="y", visible=False)
    chart_title(ax, title)
    return to_chart(fig, f"{title}. " + "; ".join(alt) + ".", caption)


def _one_bar(parts: list[tuple[str, float, str]], whole: float, unit: str, title: str,
             xlabel: str) -> tuple[plt.Figure, list[str]]:  # fmt: skip
    """One stacked horizontal bar, its segments labelled, a legend beneath it."""
    n = len(parts)
    height = 1.55 + 0.3 * n
    fig = plt.figure(figsize=(WIDTH_IN, height))
    ax = fig.add_axes((0.03, (height - 0.95) / height, 0.94, 0.42 / height))
    left = 0.0
    handles, texts = [], []
    for name, v, color in parts:
        h = ax.barh(
            [0], [v], left=left, color=color, edgecolor="#888888", linewidth=0.6, height=0.8
        )
        if whole and v / whole >= 0.07:
            ax.text(left + v / 2, 0, number_label(v, unit), ha="center", va="center",
                    fontsize=MIN_FONT, color="#000000")  # fmt: skip
        handles.append(h)
        texts.append(f"{name}: {number_label(v, unit)}")
        left += v
    ax.set_xlim(0, whole or 1)
    ax.set_ylim(-0.5, 0.5)
    ax.set_yticks([])
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=6))
    ax.set_xlabel(xlabel)
    ax.grid(False)
    chart_title(ax, title)
    fig.legend(handles, [wrap(t, 44) for t in texts], loc="upper left",
               bbox_to_anchor=(0.02, (height - 1.5) / height), frameon=False,
               fontsize=MIN_FONT)  # fmt: skip
    return fig, texts


def stacked_bar(
    data: pd.DataFrame,
    part: str,
    value: str,
    *,
    total: float | None,
    unit: str,
    title: str,
    caption: str,
    remainder: str = "not accounted for",
) -> Chart:
    """A breakdown as one stacked bar: the parts in the order given, then what the parts
    leave of ``total`` (when they do not add up to it), each segment labelled."""
    set_theme()
    d = data.dropna(subset=[value])
    parts = [
        (str(p), float(v), PALETTE[i % len(PALETTE)])
        for i, (p, v) in enumerate(zip(d[part], d[value], strict=True))
    ]
    s = sum(v for _, v, _ in parts)
    if total and total - s > 0:
        parts.append((remainder, total - s, "#DDDDDD"))
    whole = float(total or s)
    fig, texts = _one_bar(parts, whole, unit, title, f"{axis_label(unit, '')} (whole bar: "
                          f"{number_label(whole, unit)})")  # fmt: skip
    alt = f"{title}. " + "; ".join(texts) + f"; total {number_label(whole, unit)}."
    return to_chart(fig, alt, caption)


def status_chart(status: pd.Series, title: str, caption: str) -> Chart:
    """How many indicators have each status, as one stacked bar (statuses in their order)."""
    set_theme()
    counts = status.value_counts()
    parts = [
        (STATUS_LABELS[s], float(counts[s]), STATUS_COLORS[s]) for s in STATUS_ORDER if s in counts
    ]
    whole = float(sum(v for _, v, _ in parts))
    fig, texts = _one_bar(parts, whole, "count", title, f"Number of indicators (all {whole:.0f})")
    return to_chart(fig, f"{title}. " + "; ".join(texts) + ".", caption)

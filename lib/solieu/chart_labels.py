"""Where a chart's words go: value labels beside their points without covering each other,
target labels in a column right of the plot joined to their marks by leaders."""

from __future__ import annotations

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd

from .chart_base import MIN_FONT, TARGET_COLOR, wrap
from .labels import is_missing, value_label

__all__ = ["place_value_labels", "target_column"]


def place_value_labels(fig: plt.Figure, ax: plt.Axes, labels: list[tuple]) -> None:
    """Annotate ``(x, y, text)`` points of a date axis once its limits are set: above the
    point, else below, else further; inside the plot."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    taken: list[tuple[float, float, float]] = []  # labels placed: x from, x to, y (axes)
    ax_pt = ax.get_window_extent().width * 72 / fig.dpi
    for xv, yv, text in labels:
        fx = (mdates.date2num(xv) - x0) / ((x1 - x0) or 1)
        fy = (yv - y0) / ((y1 - y0) or 1)
        ha = "left" if fx < 0.2 else "right" if fx > 0.8 else "center"
        w = len(text) * 0.6 * MIN_FONT / (ax_pt or 1)
        lo = {"left": fx, "right": fx - w, "center": fx - w / 2}[ha]
        slots = [
            (9, "bottom", 0.07),
            (-11, "top", -0.07),
            (22, "bottom", 0.16),
            (-24, "top", -0.16),
        ]
        free = [
            sl for sl in slots
            if all(lo + w <= a or lo >= b or abs(fy + sl[2] - c) >= 0.08 for a, b, c in taken)
        ]  # fmt: skip
        dy, va, off = (free or slots)[0]
        taken.append((lo, lo + w, fy + off))
        dx = {"left": -4, "right": 4, "center": 0}[ha]
        ax.annotate(text, (xv, yv), textcoords="offset points", xytext=(dx, dy), ha=ha, va=va,
                    fontsize=MIN_FONT, color="#222222")  # fmt: skip


def target_column(ax, tg, x, y, div, unit, target_label, hue, colors) -> list[str]:
    """Target diamonds with their labels stacked in a column right of the axes (no overlaps:
    labels keep at least their own height apart), each joined to its mark by a thin leader."""
    lo, hi = ax.get_ylim()
    items = []
    for _, r in tg.iterrows():
        text = (
            r[target_label]
            if target_label and target_label in r and not is_missing(r[target_label])
            else f"target {value_label(r[y], unit, r.get('qualifier', '='))} "
            f"by {pd.Timestamp(r[x]):%Y-%m-%d}"
        )
        frac = (r[y] / div - lo) / (hi - lo)
        edge = colors.get(r[hue], TARGET_COLOR) if hue and hue in r else TARGET_COLOR
        ax.scatter([r[x]], [r[y] / div], marker="D", s=70, facecolors="white", edgecolors=edge,
                   linewidths=2, zorder=4)  # fmt: skip
        items.append((frac, text, r[x], r[y] / div))
    placed: list[tuple[float, int]] = []
    for frac, text, xv, yv in sorted(items, key=lambda t: -t[0]):
        wrapped = wrap(text, 18)
        lines = wrapped.count("\n") + 1
        pos = frac
        if placed:
            prev, prev_lines = placed[-1]
            pos = min(frac, prev - 0.075 * (lines + prev_lines))
        pos = min(max(pos, -0.15), 1.0)
        placed.append((pos, lines))
        ax.annotate(
            wrapped, xy=(xv, yv), xycoords="data", xytext=(1.04, pos),
            textcoords="axes fraction", ha="left", va="center", fontsize=MIN_FONT,
            color=TARGET_COLOR, annotation_clip=False,
            arrowprops={"arrowstyle": "-", "color": TARGET_COLOR, "lw": 0.7, "alpha": 0.6},
        )  # fmt: skip
    return [t for _, t, _, _ in items]

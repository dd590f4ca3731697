"""Where a chart's words go: value labels beside their points without covering each other,
target labels in a column right of the plot joined to their marks by leaders."""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.transforms import Bbox

from .chart_base import MIN_FONT, TARGET_COLOR, wrap
from .labels import is_missing, value_label

__all__ = ["place_value_labels", "target_column"]


def _overlap(a, b) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


# where a value label may go, in order of preference: offset (points), ha, va
_SLOTS = [
    ((0, 9), None, "bottom"),
    ((0, -11), None, "top"),
    ((10, 0), "left", "center"),
    ((-10, 0), "right", "center"),
    ((0, 22), None, "bottom"),
    ((0, -24), None, "top"),
]


def text_color(color: str) -> str:
    """``color`` darkened for text on white (a palette orange alone is too pale to read)."""
    r, g, b = mcolors.to_rgb(color)
    return mcolors.to_hex((0.62 * r, 0.62 * g, 0.62 * b))


def place_value_labels(
    fig: plt.Figure, ax: plt.Axes, labels: list[tuple], marks: list[tuple] = ()
) -> None:
    """Annotate ``(x, y, text[, color])`` points of a date axis once its limits are set. Each label
    takes the first place (above the point, below, beside it, further up or down) where its
    drawn box covers no label placed before, no point (``marks``, ``(x, y)``) and stays in the
    plot; with no such place, the one that covers least."""
    renderer = fig.canvas.get_renderer()
    box = ax.get_window_extent(renderer)
    r = 6 * fig.dpi / 72  # a marker's half width
    taken = []
    for xv, yv in [*marks, *[(lb[0], lb[1]) for lb in labels]]:
        px, py = ax.transData.transform((mdates.date2num(xv), yv))
        taken.append(Bbox.from_extents(px - r, py - r, px + r, py + r))
    x0, x1 = ax.get_xlim()
    for xv, yv, text, *rest in labels:
        color = rest[0] if rest and rest[0] else "#222222"
        fx = (mdates.date2num(xv) - x0) / ((x1 - x0) or 1)
        side = "left" if fx < 0.2 else "right" if fx > 0.8 else "center"
        best = None
        for (dx, dy), ha, va in _SLOTS:
            ha = ha or side
            shift = {"left": -4, "right": 4, "center": 0}[ha] if dx == 0 else dx
            ann = ax.annotate(text, (xv, yv), textcoords="offset points", xytext=(shift, dy),
                              ha=ha, va=va, fontsize=MIN_FONT, color=color)  # fmt: skip
            bb = ann.get_window_extent(renderer)
            out = bb.width * bb.height - _overlap(bb, box)
            cost = out + sum(_overlap(bb, t) for t in taken)
            if best is None or cost < best[0]:
                if best is not None:
                    best[1].remove()
                best = (cost, ann, bb)
            else:
                ann.remove()
            if cost == 0:
                break
        taken.append(best[2])


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

"""The look and the file of every chart: the theme, SVG rendering made deterministic, the
:class:`Chart` figure block, fitting a chart to its width, titles, legends and axis words.

Charts are :class:`Chart` objects that display as an HTML ``<figure>`` holding an inline SVG
(crisp at any size, its text searchable), alt text and a caption naming the sources, so that
Quarto and the fallback renderer show the same thing. The SVG is deterministic (fixed
``svg.hashsalt``, no date or software metadata), so nbval compares charts as text.
Text is at least 11.5 units on a chart at most 396 units wide (360 as drawn): 10 px or more
in a 350 px column (a 390 px phone; measured in a browser by tests/test_site_charts_browser.py).
"""

from __future__ import annotations

import html
import io
import re
import textwrap
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402

from .blocks import HtmlBlock  # noqa: E402

__all__ = [
    "FONT",
    "MAX_WIDTH_PX",
    "MIN_FONT",
    "PALETTE",
    "PHONE_COLUMN_PX",
    "TARGET_COLOR",
    "WIDTH_IN",
    "Chart",
    "set_theme",
    "to_chart",
]

PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
TARGET_COLOR = "#D55E00"
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese diacritic
WIDTH_IN = 5.0  # 360 SVG units: about the width of a phone's column, so text is not shrunk there
MAX_WIDTH_PX = 640
MIN_FONT = 11.5  # SVG units: 10 px at 350 px wide
PHONE_COLUMN_PX = 350


def set_theme() -> None:
    """Seaborn theme, DejaVu Sans, colour-blind-safe palette, SVG text kept as text, sizes
    readable on a phone; notebooks' own matplotlib output set to SVG as well."""
    sns.set_theme(style="whitegrid", palette=PALETTE, font=FONT)
    # a date axis of one point: the locator falls back to a sensible interval on its own
    warnings.filterwarnings("ignore", message="AutoDateLocator was unable", category=UserWarning)
    plt.rcParams.update(
        {
            "figure.dpi": 72,
            "savefig.dpi": 72,
            "font.size": MIN_FONT,
            "axes.titlesize": 13,
            "axes.titleweight": "bold",
            "axes.labelsize": MIN_FONT,
            "xtick.labelsize": MIN_FONT,
            "ytick.labelsize": MIN_FONT,
            "legend.fontsize": MIN_FONT,
            "svg.fonttype": "none",  # text stays text: crisp, searchable
            "svg.hashsalt": "solieu",  # stable ids: nbval compares charts as text
        }
    )
    try:  # plain matplotlib figures in a notebook: SVG too
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg")
    except Exception:  # noqa: BLE001 - not in IPython
        pass


class Chart(HtmlBlock):
    """A rendered chart: inline SVG inside a <figure> with alt text (the SVG's title, read by
    screen readers) and a caption."""

    def __init__(self, svg: str, alt: str, caption: str) -> None:
        m = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
        width = float(m.group(1)) if m else 396.0
        px = min(MAX_WIDTH_PX, round(width * 4 / 3 * 1.25))
        svg = re.sub(
            r"<svg ([^>]*?)width=\"[\d.]+pt\" height=\"[\d.]+pt\"",
            rf'<svg \1role="img" style="width:100%;max-width:{px}px;height:auto"',
            svg,
            count=1,
        )
        svg = re.sub(r"(<svg [^>]*>)", rf"\1<title>{html.escape(alt)}</title>", svg, count=1)
        markup = (
            f'<figure class="solieu-chart">{svg}'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
        super().__init__(markup, f"Chart: {alt}\n{caption}")
        self.svg = svg
        self.alt = alt
        self.caption = caption


def to_chart(fig: plt.Figure, alt: str, caption: str) -> Chart:
    """Render ``fig`` to deterministic SVG and wrap it with alt text and caption; closes it."""
    _fit_width(fig)
    buf = io.StringIO()
    fig.savefig(
        buf,
        format="svg",
        bbox_inches="tight",
        metadata={"Date": None, "Creator": None, "Format": None, "Type": None},
    )
    plt.close(fig)
    svg = buf.getvalue()
    svg = svg[svg.index("<svg") :]  # no XML prolog or DOCTYPE inside HTML
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = svg.replace(
        "font-family: 'DejaVu Sans'", "font-family: 'DejaVu Sans', Verdana, sans-serif"
    )
    return Chart(svg, alt, caption)


def _fit_width(fig: plt.Figure) -> None:
    """Narrow the axes until everything drawn (tick labels, titles, labels outside the axes)
    fits in the figure's width: a wider chart would be scaled down on a phone, below 10 px."""
    width = fig.get_figwidth()
    for _ in range(6):
        fig.canvas.draw()
        bb = fig.get_tightbbox(fig.canvas.get_renderer())
        left, right = max(0.0, -bb.x0), max(0.0, bb.x1 - width)
        if left <= 0.01 and right <= 0.01:
            return
        for ax in fig.axes:
            pos = ax.get_position()
            x0, x1 = pos.x0 + (left + 0.03) / width, pos.x1 - (right + 0.03) / width
            if x1 - x0 < 0.2:
                return
            ax.set_position((x0, pos.y0, x1 - x0, pos.height))


def wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def scale_for(unit: str, top: float) -> tuple[float, str]:
    """Divide axis values by this and name the unit: counts in millions read as '20', not 2e7."""
    if unit in ("count", "VND", "USD"):
        for size, word in ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions")):
            if top >= size:
                return size, word
        if top >= 1e4:
            return 1e3, "thousands"
    return 1.0, ""


def axis_label(unit: str, word: str) -> str:
    names = {
        "percent": "Percent",
        "count": "Number",
        "VND": "VND",
        "USD": "USD",
        "Mbps": "Mbps",
        "times": "Times",
        "per_1000_people": "Per 1,000 people",
    }
    base = names.get(unit, unit)
    return f"{base} ({word})" if word else base


def chart_title(ax: plt.Axes, title: str, subtitle: str = "", pad: float = 10) -> None:
    """Title (and Vietnamese subtitle) above the axes, starting at the figure's left edge so
    that long tick labels do not push it out of the chart; ``pad`` points above the axes."""
    text = wrap(title, 40)
    if subtitle:
        text += "\n" + wrap(subtitle, 46)
    ax.annotate(
        text,
        xy=(0.01, 1),
        xycoords=("figure fraction", "axes fraction"),
        xytext=(0, pad),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=12.5,
        fontweight="bold",
        annotation_clip=False,
    )


def legend_below(ax: plt.Axes, n: int) -> None:
    """The legend under everything the axes show (tick labels, axis label, notes), so that it
    never runs into them, whatever their height."""
    if n > 1:
        fig = ax.figure
        fig.canvas.draw()  # tick labels are laid out when drawn
        renderer = fig.canvas.get_renderer()
        bottom = min(
            a.get_window_extent(renderer).y0
            for a in (ax.xaxis.label, *ax.get_xticklabels(which="both"))
            if a.get_visible() and a.get_text()
        )
        y = ax.transAxes.inverted().transform((0, bottom - 4 * fig.dpi / 72))[1]
        handles, texts = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            [wrap(t, 40) for t in texts],
            loc="upper left",
            bbox_to_anchor=(0, y),
            borderaxespad=0,
            frameon=False,
            ncol=1,
            fontsize=MIN_FONT,
        )

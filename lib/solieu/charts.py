"""One look for every chart and table of the report site.

Charts are :class:`Chart` objects that display as an HTML ``<figure>`` holding an inline SVG
(crisp at any size, its text searchable), alt text and a caption naming the sources, so that
Quarto and the fallback renderer show the same thing. The SVG is deterministic (fixed
``svg.hashsalt``, no date or software metadata), so nbval compares charts as text.

Rules every chart here keeps (issue 11): one measure per axis; levels drawn from zero; a bound
("over", "below", "at least") is drawn as an arrow marker at the bound, never as a bar or a
point on a line; every value label carries its qualifier (:func:`value_label`); a point without
a period of its own is drawn hollow and labelled "as reported on <date>"; target marks say their
value and date and sit below-left of their marker, clear of value labels above points; ranks
on an inverted axis with integer ticks and the direction stated; bars sorted; no legend for a
single series. Text is at least 11.5 units on a 396-unit-wide chart, which is 10 px when the
chart is shrunk to a 350 px column (a 390 px phone).

Chart functions take tidy DataFrames and column names (the seaborn convention).
"""

from __future__ import annotations

import html
import io
import re
import textwrap
import warnings
from collections.abc import Iterable, Sequence  # noqa: F401
from importlib import resources

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator, NullFormatter  # noqa: E402

from .labels import (  # noqa: E402
    date_label,
    evidence_link,
    is_bound,
    is_missing,
    number_label,
    ordinal,
    value_label,
)
from .progress import STATUS_LABELS, STATUS_ORDER  # noqa: E402

__all__ = [
    "STATUS_COLORS",
    "Chart",
    "HtmlBlock",
    "bar_chart",
    "bilingual",
    "format_value",
    "indicator_chart",
    "set_theme",
    "sources_caption",
    "stacked_bar",
    "status_badge",
    "status_chart",
    "table_html",
    "timeline",
    "to_chart",
    "value_label",
]

# Okabe-Ito colours (safe for colour-blind readers); every status is also written out in words.
STATUS_COLORS = {
    "achieved": "#009E73",
    "reported_achieved": "#7FCDB3",
    "on_track": "#56B4E9",
    "acceleration_needed": "#E69F00",
    "limited_progress": "#D55E00",
    "deterioration": "#CC79A7",
    "one_value": "#DDDDDD",
    "insufficient_data": "#FFFFFF",
    "no_target": "#F0F0F0",
}
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
TARGET_COLOR = "#D55E00"
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese diacritic
WIDTH_IN = 5.5  # 396 SVG units; shown at up to MAX_WIDTH_PX
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


class HtmlBlock:
    """Raw HTML for notebook display (already escaped where needed)."""

    def __init__(self, markup: str, text: str = "") -> None:
        self.markup = markup
        self.text = text or "(HTML block)"

    def _repr_html_(self) -> str:
        return self.markup

    def __repr__(self) -> str:
        return self.text


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


def bilingual(label_en: str, label_vi: str | None) -> str:
    """'English (Tiếng Việt)': English first, Vietnamese in brackets."""
    return f"{label_en} ({label_vi})" if label_vi else label_en


def format_value(
    value: float, unit: str, denominator: float | None = None, qualifier: str | None = "="
) -> str:
    """Kept for old callers: :func:`value_label` with the qualifier last."""
    return value_label(value, unit, qualifier, denominator)


def status_badge(status: str, note: str = "") -> str:
    """Coloured chip with the status in words (colour is never the only signal)."""
    color = STATUS_COLORS.get(status, "#BBBBBB")
    label = STATUS_LABELS.get(status, status)
    title = f' title="{html.escape(note)}"' if note else ""
    return (
        f'<span class="status status-{html.escape(status)}"{title} style="background:{color};'
        'color:#000;padding:1px 6px;border-radius:3px;white-space:nowrap">'
        f"{html.escape(label)}</span>"
    )


def sources_caption(report_ids: Iterable[str], reports: pd.DataFrame, note: str = "") -> str:
    """'Sources: report 000 (…, 2023-02-25); …' from data/raw/reports.csv."""
    reg = reports.set_index("report_id") if "report_id" in reports else pd.DataFrame()
    parts = []
    for rid in sorted({str(r) for r in report_ids if pd.notna(r)}):
        if rid in reg.index:
            r = reg.loc[rid]
            when = r.get("event_date") or r.get("date_published") or r.get("reference_date") or ""
            name = r.get("title") or r.get("event") or rid
            parts.append(f"report {rid} ({name[:70]}{'…' if len(name) > 70 else ''}, {when})")
        else:
            parts.append(f"report {rid}")
    text = "Sources: " + "; ".join(parts) + "." if parts else "Sources: none."
    return f"{text} {note}".strip()


# The site's one table script (filter, numeric sort), also embedded after each notebook table so
# that a notebook behaves the same in JupyterLab as on the site.
_TABLE_JS = (
    resources.files("solieu").joinpath("data/solieu-tables.html").read_text(encoding="utf-8")
)


def table_html(
    df: pd.DataFrame,
    columns: dict[str, str] | None = None,
    caption: str = "",
    searchable: bool = False,
    html_columns: Sequence[str] = (),
    max_height: int | None = 420,
) -> HtmlBlock:
    """An HTML table, every cell escaped except ``html_columns`` (built by this module).
    Sortable by clicking a header; with ``searchable`` a filter box above it."""
    columns = columns or {c: c for c in df.columns}
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    body = []
    for _, row in df.iterrows():
        cells = []
        for c in columns:
            v = row[c]
            if c in html_columns:
                cells.append(f"<td>{'' if pd.isna(v) else v}</td>")
                continue
            text = "" if (v is None or (not isinstance(v, str) and pd.isna(v))) else str(v)
            num = ""
            if isinstance(v, (int, float)) and not isinstance(v, bool) and pd.notna(v):
                num = f' data-value="{v}"'
            # long text (source sentences) gets room; ids may break anywhere
            if "sentence" in c:
                num += ' style="min-width:22em"'
            elif c.endswith("_id") or c == "figure":
                num += ' style="word-break:break-all;min-width:7em"'
            cells.append(f"<td{num}>{html.escape(text)}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    style = f' style="max-height:{max_height}px;overflow:auto"' if max_height else ""
    search = (
        '<input class="solieu-filter" type="search" placeholder="Filter rows…" '
        'aria-label="Filter rows" style="margin:4px 0;width:100%;max-width:24em">'
        if searchable
        else ""
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    markup = (
        f'<div class="solieu-table-wrap">{search}<div class="solieu-scroll"{style}>'
        f'<table class="solieu-table table table-sm">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></div>{_TABLE_JS}"
    )
    return HtmlBlock(markup, f"Table: {len(df)} rows ({', '.join(columns.values())})")


# -- helpers for chart types ------------------------------------------------------------------


def _wrap(label: str, width: int = 34) -> str:
    return "\n".join(textwrap.wrap(str(label), width)) or str(label)


def _scale(unit: str, top: float) -> tuple[float, str]:
    """Divide axis values by this and name the unit: counts in millions read as '20', not 2e7."""
    if unit in ("count", "VND", "USD"):
        for size, word in ((1e12, "trillions"), (1e9, "billions"), (1e6, "millions")):
            if top >= size:
                return size, word
        if top >= 1e4:
            return 1e3, "thousands"
    return 1.0, ""


def _axis_label(unit: str, word: str) -> str:
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


def _title(ax: plt.Axes, title: str, subtitle: str = "") -> None:
    """Title (and Vietnamese subtitle) above the axes, starting at the figure's left edge so
    that long tick labels do not push it out of the chart."""
    text = _wrap(title, 40)
    if subtitle:
        text += "\n" + _wrap(subtitle, 46)
    ax.annotate(
        text,
        xy=(0.01, 1),
        xycoords=("figure fraction", "axes fraction"),
        xytext=(0, 10),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=12.5,
        fontweight="bold",
        annotation_clip=False,
    )


def _legend_below(ax: plt.Axes, n: int) -> None:
    if n > 1:
        handles, texts = ax.get_legend_handles_labels()
        ax.legend(
            handles,
            [_wrap(t, 40) for t in texts],
            loc="upper left",
            bbox_to_anchor=(0, -0.2),
            frameon=False,
            ncol=1,
            fontsize=MIN_FONT,
        )


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
) -> Chart:
    """Values of one measure over time, one series per ``hue`` (none: one series, no legend).
    A ``link`` column makes each point a link (to the sentence it comes from).

    Levels are joined by a line and labelled above with their value and qualifier (``label``
    column, else :func:`value_label` of ``y``); bounds are arrow markers at the bound (up: over
    or at least; down: below), never joined; a point whose time is the report's date is hollow.
    ``targets`` (same ``x``/``y`` columns, optional ``hue``) are diamonds whose labels (value and
    date, ``target_label``) stand in a column right of the plot, joined by a thin leader, so
    they never cover value labels; ``total`` is a dashed line. Ranks (``unit == 'rank'``):
    inverted axis, integer ticks, direction stated."""
    set_theme()
    is_rank = unit == "rank"
    d = data.dropna(subset=[x, y]).sort_values(x, kind="stable")
    tg = targets.dropna(subset=[x, y]) if targets is not None and len(targets) else None
    # a value for a period is drawn in the middle of it, a deadline at the end of a year in
    # the middle of that year: both then sit inside the year band that names them
    at = [_plot_at(t, p) for t, p in zip(d[x], _periods(d, period), strict=True)]
    d = d.assign(_when=d[x], **{x: at})
    if tg is not None:
        tg = tg.assign(**{x: [_plot_at(t, "", deadline=True) for t in tg[x]]})
    vals = [*d[y], *(tg[y] if tg is not None else []), *([total] if total else [])]
    top = max([abs(float(v)) for v in vals] or [1.0])
    div, word = (1.0, "") if is_rank else _scale(unit, top)
    groups = list(d.groupby(hue, sort=False)) if hue else [("", d)]
    colors = {name: PALETTE[i % len(PALETTE)] for i, (name, _) in enumerate(groups)}
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 3.4))
    if tg is not None:
        fig.subplots_adjust(right=0.66)
    alt: list[str] = []
    labels: list[tuple] = []  # value labels, placed once the x range is known
    for name, g in groups:
        color = colors[name]
        quals = g[qualifier] if qualifier and qualifier in g else pd.Series("=", index=g.index)
        bound = quals.map(is_bound).astype(bool)
        hollow = (
            (g[reported_on] != "period").astype(bool)
            if reported_on and reported_on in g
            else pd.Series(False, index=g.index)
        )
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
                labels.append((r[x], yv, text))
            alt.append(f"{str(name) + ': ' if name != '' else ''}{text} ({when})")
    if total:
        ax.axhline(total / div, color="#777777", linestyle="--", linewidth=1, zorder=1)
        ax.annotate(f"total {number_label(total, unit)}", (0, total / div),
                    xycoords=("axes fraction", "data"), textcoords="offset points",
                    xytext=(4, 4), fontsize=MIN_FONT, color="#555555")  # fmt: skip
        alt.append(f"total {number_label(total, unit)}")
    xs = [*d[x], *(tg[x] if tg is not None else [])]
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
        ax.set_ylabel(ylabel or _axis_label(unit, word))
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    taken: list[tuple[float, float, float]] = []  # labels placed: x from, x to, y (axes)
    ax_pt = ax.get_window_extent().width * 72 / fig.dpi
    for xv, yv, text in labels:  # above the point, else below, else further; inside the plot
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
    if tg is not None:
        alt += _target_column(ax, tg, x, y, div, unit, target_label, hue, colors)
    ax.set_xlabel("Date the value refers to\n(hollow: as reported on)", loc="left")
    _title(ax, title, subtitle)
    if len(groups) > 1:
        _legend_below(ax, len(groups))
    return to_chart(fig, f"{title}. " + "; ".join(alt) + ".", caption)


def _target_column(ax, tg, x, y, div, unit, target_label, hue, colors) -> list[str]:
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
        wrapped = _wrap(text, 18)
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


def _target_label(r: pd.Series, unit: str, scoped: bool) -> str:
    """'target 20% by 2025' (the year when due at its end), with the scope when several."""
    when = ""
    if not is_missing(r["deadline"]):
        t = pd.Timestamp(r["deadline"])
        when = f" by {t:%Y}" if (t.month, t.day) == (12, 31) else f" by {t:%Y-%m-%d}"
    who = f"{r['scope']}: " if scoped else ""
    return f"{who}target {value_label(r['value'], unit, r['qualifier'])}{when}"


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
    caption = (
        f"Values: {', '.join(reports) or 'none'}.{targets_text} Filled points: the period the "
        "text names; hollow: the date of the report. Arrows: bounds (over, at least, below)."
    )
    pts = pts.assign(
        link=[
            evidence_link(str(r), str(f)) if not (is_missing(r) or is_missing(f)) else ""
            for r, f in zip(pts["report_id"], pts["figure_id"], strict=True)
        ]
    )
    return timeline(
        pts,
        x="as_of",
        y="value",
        hue="scope" if scoped else None,
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
    ax.xaxis.set_minor_locator(mdates.YearLocator(month=7, day=1))
    ax.xaxis.set_minor_formatter(mdates.DateFormatter("%Y"))
    ax.tick_params(axis="x", which="minor", length=0)
    ax.grid(axis="x", which="major", color="#dddddd", linewidth=0.8)


# -- bars -------------------------------------------------------------------------------------


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
    fig, ax = plt.subplots(figsize=(WIDTH_IN, 0.7 * n + 1.3))
    top = max([float(v) for v in d[x]] + [1.0])
    div, word = _scale(unit, top)
    ys = list(range(n))[::-1]
    alt = []
    for yi, (_, r) in zip(ys, d.iterrows(), strict=True):
        q = r[qualifier] if qualifier and qualifier in r else "="
        text = r[label] if label and label in r else value_label(r[x], unit, q)
        if is_bound(q):  # an arrow at the bound, pointing the way the truth lies
            ax.scatter([r[x] / div], [yi], marker=">" if str(q) in (">", ">=") else "<", s=110,
                       color=PALETTE[0], zorder=3)  # fmt: skip
            ax.plot([r[x] / div] * 2, [yi - 0.3, yi + 0.3], color=PALETTE[0], linewidth=2)
        else:
            ax.barh([yi], [r[x] / div], color=PALETTE[0], height=0.6)
        ax.annotate(_wrap(text, 20), (r[x] / div, yi), textcoords="offset points",
                    xytext=(8, 0), va="center", fontsize=MIN_FONT)  # fmt: skip
        alt.append(f"{r[y]}: {text}")
    ax.set_yticks(ys, [_wrap(v, 20) for v in d[y]])
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(0, top / div * 1.08)
    ax.set_xlabel(xlabel or _axis_label(unit, word))
    ax.grid(axis="y", visible=False)
    _title(ax, title)
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
    _title(ax, title)
    fig.legend(handles, [_wrap(t, 44) for t in texts], loc="upper left",
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
    fig, texts = _one_bar(parts, whole, unit, title, f"{_axis_label(unit, '')} (whole bar: "
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


def sources_list(report_ids: Iterable[str]) -> list[str]:
    """Distinct report ids, sorted."""
    return sorted({str(r) for r in report_ids if not is_missing(r)})

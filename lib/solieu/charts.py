"""One look for every chart and table of the report site.

Charts are returned as :class:`Chart` objects that display as an HTML ``<figure>`` with the PNG
embedded, alt text and a caption naming the sources, so that Quarto and the fallback renderer
show the same thing. Tables of plotted points carry the source sentence of every mark. All text
that comes from reports is HTML-escaped here.
"""

from __future__ import annotations

import base64
import html
import io
import math
from collections.abc import Iterable, Sequence

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

from .progress import STATUS_LABELS  # noqa: E402

__all__ = [
    "STATUS_COLORS",
    "Chart",
    "HtmlBlock",
    "set_theme",
    "bilingual",
    "format_value",
    "sources_caption",
    "status_badge",
    "table_html",
    "to_chart",
    "progress_bars",
    "timeline",
    "rank_chart",
    "bar_chart",
]

# Okabe-Ito colours (safe for colour-blind readers); every status is also written out in words.
STATUS_COLORS = {
    "achieved": "#009E73",
    "on_track": "#56B4E9",
    "acceleration_needed": "#E69F00",
    "limited_progress": "#D55E00",
    "deterioration": "#CC79A7",
    "insufficient_data": "#999999",
    "no_target": "#BBBBBB",
}
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"]
TARGET_COLOR = "#D55E00"
FONT = "DejaVu Sans"  # ships with matplotlib and has every Vietnamese diacritic


def set_theme() -> None:
    """Seaborn theme, DejaVu Sans, colour-blind-safe palette; deterministic PNG output."""
    sns.set_theme(style="whitegrid", palette=PALETTE, font=FONT)
    plt.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "axes.titleweight": "bold",
            "axes.titlesize": 12,
            "axes.labelsize": 10,
            "svg.hashsalt": "solieu",
        }
    )


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
    """A rendered chart: PNG inside a <figure> with alt text and caption."""

    def __init__(self, png: bytes, alt: str, caption: str, width: int) -> None:
        data = base64.b64encode(png).decode("ascii")
        markup = (
            '<figure class="solieu-chart">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            f'style="max-width:100%;height:auto" width="{width}">'
            f"<figcaption>{html.escape(caption)}</figcaption></figure>"
        )
        super().__init__(markup, f"Chart: {alt}\n{caption}")
        self.alt = alt
        self.caption = caption


def to_chart(fig: plt.Figure, alt: str, caption: str) -> Chart:
    """Render ``fig`` to PNG and wrap it with alt text and caption; closes the figure."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", metadata={"Software": None})
    width = int(fig.get_figwidth() * fig.dpi)
    plt.close(fig)
    return Chart(buf.getvalue(), alt, caption, width)


def bilingual(label_en: str, label_vi: str | None) -> str:
    """'English (Tiếng Việt)': English first, Vietnamese in brackets."""
    return f"{label_en} ({label_vi})" if label_vi else label_en


def format_value(value: float, unit: str, denominator: float | None = None) -> str:
    """A value for readers: '21/25', '45.7%', '78 million', '71.79 Mbps', '86th'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if denominator is not None and not (isinstance(denominator, float) and math.isnan(denominator)):
        if unit == "rank":
            return f"{_ordinal(value)} of {denominator:,.0f}"
        return f"{_num(value)}/{_num(denominator)}"
    if unit == "percent":
        return f"{_num(value)}%"
    if unit == "rank":
        return _ordinal(value)
    if unit == "times":
        return f"×{_num(value)}"
    if unit == "Mbps":
        return f"{_num(value)} Mbps"
    if unit == "per_1000_people":
        return f"{_num(value)} per 1,000 people"
    if unit == "VND":
        return f"{_big(value)} VND"
    return _big(value)


def _num(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def _big(v: float) -> str:
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size:
            return f"{_num(v / size)} {word}"
    return _num(v)


def _ordinal(v: float) -> str:
    n = int(v)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


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


def status_badge(status: str) -> str:
    """Coloured chip with the status in words (colour is never the only signal)."""
    color = STATUS_COLORS.get(status, "#BBBBBB")
    label = STATUS_LABELS.get(status, status)
    return (
        f'<span class="status status-{html.escape(status)}" style="background:{color};'
        'color:#000;padding:1px 6px;border-radius:3px;white-space:nowrap">'
        f"{html.escape(label)}</span>"
    )


_TABLE_JS = """<script>
(function () {
  if (window.solieuTables) { window.solieuTables(); return; }
  window.solieuTables = function () {
    document.querySelectorAll('table.solieu-table:not([data-ready])').forEach(function (t) {
      t.setAttribute('data-ready', '1');
      var box = t.parentElement.querySelector('input.solieu-filter');
      var rows = Array.prototype.slice.call(t.tBodies[0].rows);
      if (box) box.addEventListener('input', function () {
        var q = box.value.toLowerCase();
        rows.forEach(function (r) {
          r.style.display = r.textContent.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
        });
      });
      Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {
        th.style.cursor = 'pointer';
        th.title = 'Sort';
        th.addEventListener('click', function () {
          var asc = th.getAttribute('data-sort') !== 'asc';
          th.setAttribute('data-sort', asc ? 'asc' : 'desc');
          rows.sort(function (a, b) {
            var x = a.cells[i].getAttribute('data-value') || a.cells[i].textContent;
            var y = b.cells[i].getAttribute('data-value') || b.cells[i].textContent;
            var nx = parseFloat(x), ny = parseFloat(y);
            var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y, 'vi');
            return asc ? c : -c;
          });
          rows.forEach(function (r) { t.tBodies[0].appendChild(r); });
        });
      });
    });
  };
  window.solieuTables();
})();
</script>"""


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


# -- chart types ------------------------------------------------------------------------------


def _wrap(label: str, width: int = 38) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(label, width)) or label


def progress_bars(
    labels: Sequence[str],
    values: Sequence[float],
    totals: Sequence[float],
    title: str,
    caption: str,
    value_text: Sequence[str] | None = None,
    colors: Sequence[str] | None = None,
    xlabel: str = "Share of the total reached (%)",
) -> Chart:
    """Horizontal progress bars: each fraction drawn against its total (100%)."""
    set_theme()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(8, 0.55 * n + 1.4))
    shares = [100 * v / t if t else 0 for v, t in zip(values, totals, strict=True)]
    y = list(range(n))[::-1]
    ax.barh(y, [100] * n, color="#EEEEEE", edgecolor="#999999", height=0.6, label="Total")
    ax.barh(y, shares, color=colors or PALETTE[0], height=0.6, label="Reached")
    texts = value_text or [f"{_num(v)}/{_num(t)}" for v, t in zip(values, totals, strict=True)]
    for yi, s, txt in zip(y, shares, texts, strict=True):
        ax.text(min(s, 100) + 1, yi, txt, va="center", fontsize=9)
    ax.set_yticks(y, [_wrap(lbl) for lbl in labels], fontsize=9)
    ax.set_xlim(0, 118)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    alt = f"{title}. " + "; ".join(
        f"{lbl}: {txt} ({s:.0f}%)" for lbl, txt, s in zip(labels, texts, shares, strict=True)
    )
    return to_chart(fig, alt, caption)


def timeline(
    data: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    title: str,
    ylabel: str,
    caption: str,
    targets: pd.DataFrame | None = None,
) -> Chart:
    """Values over time, one line per series; targets as hollow markers with a dashed guide."""
    set_theme()
    fig, ax = plt.subplots(figsize=(8, 4.2))
    alt_parts = []
    for i, (name, g) in enumerate(data.sort_values(x).groupby(series, sort=False)):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(g[x], g[y], marker="o", color=color, label=_wrap(str(name), 50))
        alt_parts.append(
            f"{name}: "
            + ", ".join(f"{v:g} on {d:%Y-%m-%d}" for d, v in zip(g[x], g[y], strict=True))
        )
        if targets is not None and len(targets):
            t = targets[targets[series] == name]
            for d, v in zip(t[x], t[y], strict=True):
                ax.scatter(
                    [d], [v], s=90, facecolors="none", edgecolors=color, linewidths=2, zorder=3
                )
                ax.axhline(v, color=color, linestyle="--", linewidth=1)
                alt_parts.append(f"target for {name}: {v:g} by {d:%Y-%m-%d}")
    if targets is not None and len(targets):
        ax.scatter([], [], s=90, facecolors="none", edgecolors="#444444", label="Target (dashed)")
    return _finish_dated(
        fig, ax, title, ylabel, "Date the figure refers to", "best", alt_parts, caption
    )


def _finish_dated(
    fig: plt.Figure,
    ax: plt.Axes,
    title: str,
    ylabel: str,
    xlabel: str,
    legend_loc: str,
    alt_parts: list[str],
    caption: str,
) -> Chart:
    """Labels, title, legend and dated x axis of a chart over time, then render it."""
    ax.set_ylabel(ylabel)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    ax.legend(fontsize=8, loc=legend_loc)
    fig.autofmt_xdate()
    return to_chart(fig, f"{title}. " + "; ".join(alt_parts), caption)


def rank_chart(
    data: pd.DataFrame,
    x: str,
    y: str,
    series: str,
    title: str,
    caption: str,
    targets: pd.DataFrame | None = None,
    ylabel: str = "Rank (1 = best; axis inverted)",
    out_of: float | None = None,
) -> Chart:
    """Ranks over time with the axis inverted (up is better) and targets as dashed lines."""
    set_theme()
    fig, ax = plt.subplots(figsize=(8, 4))
    alt = []
    for i, (name, g) in enumerate(data.sort_values(x).groupby(series, sort=False)):
        color = PALETTE[i % len(PALETTE)]
        ax.plot(g[x], g[y], marker="o", markersize=8, color=color, label=_wrap(str(name), 50))
        for d, v in zip(g[x], g[y], strict=True):
            ax.annotate(_ordinal(v), (d, v), textcoords="offset points", xytext=(6, 6), fontsize=9)
        alt.append(
            f"{name}: "
            + ", ".join(f"{_ordinal(v)} on {d:%Y-%m-%d}" for d, v in zip(g[x], g[y], strict=True))
        )
    if targets is not None:
        for name, g in targets.groupby(series, sort=False):
            for d, v in zip(g[x], g[y], strict=True):
                ax.axhline(v, color=TARGET_COLOR, linestyle="--", linewidth=1.5)
                ax.scatter(
                    [d], [v], marker="D", s=60, facecolors="none", edgecolors=TARGET_COLOR, zorder=3
                )
                ax.annotate(
                    f"target: {_ordinal(v)} or better by {d:%Y}",
                    (d, v),
                    textcoords="offset points",
                    xytext=(-10, -16),
                    fontsize=9,
                    color=TARGET_COLOR,
                    ha="right",
                )
                alt.append(f"target for {name}: {_ordinal(v)} or better by {d:%Y-%m-%d}")
    if out_of:  # show the whole field, 1st to last, so the place reads in context
        ax.set_ylim(0.5, out_of + 0.5)
    ax.invert_yaxis()
    return _finish_dated(
        fig, ax, title, ylabel, "Date the rank refers to", "lower right", alt, caption
    )


def bar_chart(
    labels: Sequence[str],
    values: Sequence[float],
    title: str,
    xlabel: str,
    caption: str,
    colors: Sequence[str] | None = None,
    value_text: Sequence[str] | None = None,
    targets: Sequence[float | None] | None = None,
) -> Chart:
    """Horizontal bars with value labels; optional targets drawn as dashed ticks."""
    set_theme()
    n = len(labels)
    fig, ax = plt.subplots(figsize=(8, 0.55 * n + 1.4))
    y = list(range(n))[::-1]
    ax.barh(y, values, color=colors or PALETTE[0], height=0.6)
    texts = value_text or [_num(v) for v in values]
    top = max([*values, *[t for t in (targets or []) if t is not None], 1])
    for yi, v, txt in zip(y, values, texts, strict=True):
        ax.text(v + top * 0.01, yi, txt, va="center", fontsize=9)
    alt_t = []
    if targets:
        for yi, t, lbl in zip(y, targets, labels, strict=True):
            if t is not None and not (isinstance(t, float) and math.isnan(t)):
                ax.plot(
                    [t, t], [yi - 0.4, yi + 0.4], color=TARGET_COLOR, linestyle="--", linewidth=2
                )
                alt_t.append(f"target for {lbl}: {_num(t)}")
        ax.plot([], [], color=TARGET_COLOR, linestyle="--", linewidth=2, label="Target")
        ax.legend(fontsize=8, loc="lower right")
    ax.set_yticks(y, [_wrap(lbl) for lbl in labels], fontsize=9)
    ax.set_xlim(0, top * 1.2)
    ax.set_xlabel(xlabel)
    ax.set_title(title, loc="left")
    alt = f"{title}. " + "; ".join(f"{lbl}: {t}" for lbl, t in zip(labels, texts, strict=True))
    if alt_t:
        alt += "; " + "; ".join(alt_t)
    return to_chart(fig, alt, caption)

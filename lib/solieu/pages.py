"""Generate the reader's data pages from the tables: one page per indicator (with its CSV and
JSON beside it), one page per report quoting the paragraphs that carry figures (a stable anchor
per figure), the indicators list, the provinces page, and the "data through" stamp.

The pages are Markdown files whose content is static HTML in raw ``{=html}`` blocks, so Quarto
renders them without executing code and the fallback renderer (``site.py``) shows the same thing.
They are outputs: ``python -m solieu pages`` writes them (``make site`` runs it first), git
ignores them, nobody edits them by hand. Every text taken from a report is HTML-escaped here.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import os
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from . import config
from .build import Tables, load
from .charts import indicator_chart, status_badge
from .corpus import ReportReadError, read_report
from .labels import figure_anchor, value_label
from .tables import write_csv
from .views import IndicatorView, indicator_view

__all__ = [
    "GENERATED_DIRS",
    "STAMP_FILE",
    "SiteFacts",
    "fold",
    "site_facts",
    "figure_anchor",
    "write_pages",
]

GENERATED_DIRS = ("indicators", "sources", "provinces")
STAMP_FILE = "_generated/stamp.html"
QUOTE_MAX = 900  # characters of a paragraph quoted around the sentences that carry figures
PILLARS = {
    "de_an_06": "Đề án 06 (population data, identification and authentication)",
    "digital_government": "Digital government",
    "digital_economy": "Digital economy",
    "digital_society": "Digital society",
    "digital_infrastructure": "Digital infrastructure",
    "cybersecurity": "Cybersecurity",
}
MERGER_DATE = "2025-07-01"
POINT_CSV_COLUMNS = [
    "indicator_id", "scope", "period", "as_of", "date_label", "time_source", "value", "qualifier",
    "denominator", "unit", "measure", "value_label", "report_id", "figure_id", "source_page",
    "report_url", "sentence",
]  # fmt: skip


# -- small helpers ------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without tones or other marks, đ as d: what a reader types without diacritics."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def _e(text: object) -> str:
    return html.escape("" if _missing(text) else str(text))


def _missing(v: object) -> bool:
    if v is None or v is pd.NA or v is pd.NaT:
        return True
    try:
        return bool(isinstance(v, float) and math.isnan(v)) or bool(pd.isna(v) is True)
    except (TypeError, ValueError):
        return False


def _date(v: object) -> str:
    if _missing(v):
        return ""
    return pd.Timestamp(v).strftime("%Y-%m-%d")


def _num(v: object) -> float | None:
    return None if _missing(v) else float(v)  # type: ignore[arg-type]


def value_text(
    value: object, unit: str, qualifier: object = "=", denominator: object = None
) -> str:
    """A value for readers with its qualifier ('over 78 million'), as everywhere on the site."""
    q = "=" if _missing(qualifier) else str(qualifier)
    return value_label(_num(value), unit, q, _num(denominator))


def _raw(markup: str) -> str:
    """A raw HTML block: Quarto passes it through untouched, and so does the fallback."""
    return f"\n```{{=html}}\n{markup.strip()}\n```\n"


def _front(title: str, description: str, extra: str = "") -> str:
    return (
        "---\n"
        f"title: {json.dumps(title, ensure_ascii=False)}\n"
        f"description: {json.dumps(description, ensure_ascii=False)}\n"
        f"{extra}"
        "---\n"
    )


def _table(
    columns: Sequence[str],
    rows: Iterable[Sequence[tuple[str, str | None]]],
    caption: str = "",
    searchable: bool = True,
    numeric: Sequence[int] = (),
) -> str:
    """A sortable, filterable table. Each cell is (markup, sort key or None); the markup is
    already escaped by the caller. The site's table script (``_includes/solieu-head.html``)
    makes headers sort (numerically where a ``data-value`` is given) and the box filter."""
    head = "".join(
        f'<th scope="col"{" class=num" if i in numeric else ""}>{html.escape(c)}</th>'
        for i, c in enumerate(columns)
    )
    when = {i for i, c in enumerate(columns) if c in ("Period", "Deadline", "Date")}
    body = []
    for row in rows:
        cells = []
        for i, (markup, key) in enumerate(row):
            attrs = f' data-value="{html.escape(key)}"' if key not in (None, "") else ""
            if i in numeric:
                attrs += ' class="num"'
            elif i in when:
                attrs += ' class="when"'
            elif i == 0:
                attrs += ' class="first"'
            cells.append(f"<td{attrs}>{markup}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    box = (
        '<input class="solieu-filter" type="search" placeholder="Filter rows…" '
        'aria-label="Filter rows">'
        if searchable
        else ""
    )
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (
        f'<div class="solieu-table-wrap">{box}<div class="solieu-scroll">'
        f'<table class="solieu-table table table-sm">{cap}<thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table></div></div>"
    )


def _vi(text: object) -> str:
    return f'<span lang="vi">{_e(text)}</span>' if not _missing(text) and str(text) else ""


# -- facts about the whole site ----------------------------------------------------------------


@dataclass(frozen=True)
class SiteFacts:
    """What every page says about the data: latest as-of date, build date, number of reports."""

    data_through: str
    built: str
    n_reports: int
    version: str

    def stamp(self) -> str:
        return (
            f"Data through {self.data_through} · built {self.built} from {self.n_reports} "
            f"report{'s' if self.n_reports != 1 else ''} · solieu {self.version}"
        )

    def citation(self, what: str = "") -> str:
        year = self.built[:4]
        thing = f"“{what}”, in " if what else ""
        return (
            f"solieu contributors ({year}). {thing}solieu: Vietnam's digital transformation in "
            f"figures, version {self.version}, data through {self.data_through} "
            f"(built {self.built})."
        )


def site_facts(tables: Tables) -> SiteFacts:
    """Facts derived from the inputs only, so that two builds of the same inputs are identical:
    the build date is ``SOURCE_DATE_EPOCH`` when set, else the newest access or as-of date."""
    as_of = pd.to_datetime(tables.observations["as_of"], errors="coerce")
    dates = [d for d in as_of if pd.notna(d)]
    through = max(dates).strftime("%Y-%m-%d") if dates else "–"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        built = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    else:
        cands = []
        for col in ("date_accessed", "date_published", "event_date", "reference_date"):
            if col in tables.reports:
                cands += [str(v) for v in tables.reports[col] if isinstance(v, str) and v]
        cands = [c for c in cands if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)]
        built = max(cands) if cands else through
    from . import __version__

    return SiteFacts(through, built, len(tables.reports), __version__)


# -- the view of one indicator -----------------------------------------------------------------


CHART_CACHE = "_generated/charts"


def _chart_key(view: IndicatorView) -> str:
    """A digest of everything a chart is drawn from: the view's data and the chart code."""
    from . import charts, labels

    h = hashlib.sha256()
    for mod in (charts, labels):
        h.update(Path(str(mod.__file__)).read_bytes())
    h.update(view.indicator.to_json(default_handler=str).encode())
    for df in (view.points, view.targets, view.status):
        h.update(df.to_json(orient="split", date_format="iso", default_handler=str).encode())
    return h.hexdigest()[:24]


def _chart_markup(view: IndicatorView, cache: Path | None = None) -> str:
    """The indicator's chart (``charts.indicator_chart``) as markup. Drawing is most of the
    generation time, so a chart is kept under its digest and drawn again only when its data or
    the chart code changed (the output is the same bytes either way)."""
    path = cache / f"{_chart_key(view)}.html" if cache is not None else None
    if path is not None and path.is_file():
        return path.read_text(encoding="utf-8")
    chart = indicator_chart(view)
    markup = "" if chart is None else str(chart._repr_html_())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(markup, encoding="utf-8")
        os.replace(tmp, path)
    return markup


# -- pages ---------------------------------------------------------------------------------------


def _indicator_ids(tables: Tables) -> list[str]:
    used = set(tables.observations["indicator_id"].dropna()) | set(
        tables.targets["indicator_id"].dropna()
    )
    return [i for i in tables.indicators["id"] if i in used]


def _report_meta(tables: Tables) -> dict[str, dict[str, str]]:
    out = {}
    for _, r in tables.reports.iterrows():
        out[str(r["report_id"])] = {k: ("" if _missing(v) else str(v)) for k, v in r.items()}
    return out


def _http(url: str) -> str:
    return url if re.match(r"https?://", url or "", re.I) else ""


def _report_name(meta: dict[str, str]) -> str:
    return meta.get("title") or meta.get("event") or meta.get("file") or "report"


def _source_link(report_id: str, figure_id: str, prefix: str = "../") -> str:
    return f"{prefix}sources/{report_id}.html#{figure_anchor(figure_id)}"


def _points_rows(view, reports: dict) -> list[dict]:
    ind = view.indicator
    rows = []
    for _, p in view.points.iterrows():
        rid, fid = str(p["report_id"]), str(p["figure_id"])
        period = "" if _missing(p["period"]) else str(p["period"])
        rows.append(
            {
                "indicator_id": ind["id"],
                "scope": str(p["scope"]),
                "period": period,
                "as_of": _date(p["as_of"]),
                "date_label": str(p["date_label"]),
                "time_source": str(p["time_source"]),
                "value": _num(p["value"]),
                "qualifier": "=" if _missing(p["qualifier"]) else str(p["qualifier"]),
                "denominator": _num(p["denominator"]),
                "unit": str(p["unit"]),
                "measure": str(p["measure"]),
                "value_label": str(p["value_label"]),
                "report_id": rid,
                "figure_id": fid,
                "source_page": _source_link(rid, fid, prefix=""),
                "report_url": _http(reports.get(rid, {}).get("url", "")),
                "sentence": "" if _missing(p["sentence"]) else str(p["sentence"]),
            }
        )
    return rows


def _target_rows(view, reports: dict) -> list[dict]:
    rows = []
    for _, t in view.targets.iterrows():
        fid = "" if _missing(t.get("figure_id")) else str(t.get("figure_id"))
        rid = "" if _missing(t.get("report_id")) else str(t.get("report_id", ""))
        kind = "" if _missing(t.get("source_kind")) else str(t.get("source_kind"))
        src = "" if _missing(t.get("source")) else str(t.get("source"))
        url = _http("" if _missing(t.get("url")) else str(t.get("url")))
        if fid and not rid:
            rid = src
        rows.append(
            {
                "scope": str(t["scope"]),
                "value": _num(t["value"]),
                "qualifier": "=" if _missing(t.get("qualifier")) else str(t.get("qualifier")),
                "value_label": str(t["value_label"]),
                "article": "" if _missing(t.get("article")) else str(t.get("article")),
                "deadline": _date(t.get("deadline")),
                "source_kind": kind,
                "source": src,
                "url": url,
                "report_id": rid,
                "figure_id": fid,
                "source_page": _source_link(rid, fid, prefix="") if fid and rid else "",
            }
        )
    return rows


def _target_origin(targets: list[dict]) -> str:
    """Where this indicator's targets come from, in words."""
    docs = sorted({t["source"] for t in targets if t["source_kind"] == "register" and t["source"]})
    reports = sorted({t["report_id"] for t in targets if t["source_kind"] != "register"})
    parts = []
    if docs:
        parts.append("programme documents (the register data/targets.yml): " + ", ".join(docs))
    if reports:
        parts.append("sentences of reports " + ", ".join(reports) + " stating a plan or goal")
    if not parts:
        return "No target found in the reports or in the register of programme documents."
    return _e("From " + "; and from ".join(parts) + ".")


def _status_cell(view) -> str:
    if view.status is None or len(view.status) == 0:
        return ""
    parts = []
    for _, s in view.status.iterrows():
        parts.append(f"{_e(s['scope'])}: {status_badge(str(s['status']))}")
    return " · ".join(parts)


def _latest(points: list[dict]) -> dict | None:
    national = [p for p in points if p["scope"] == "VN" and p["measure"] != "change"]
    pool = national or [p for p in points if p["measure"] != "change"] or points
    if not pool:
        return None
    return max(pool, key=lambda p: (p["as_of"], p["figure_id"]))  # as_of: the period's end


def _indicator_page(
    view, reports: dict, facts: SiteFacts, cache: Path | None = None
) -> tuple[str, list[dict], dict]:
    ind = view.indicator
    iid = str(ind["id"])
    points = _points_rows(view, reports)
    targets = _target_rows(view, reports)
    desc = "Every value with the sentence it comes from, targets with their source, status."
    out = [_front(str(ind["label_en"]), desc)]
    latest = _latest(points)
    head = [f'<p class="solieu-vi-title">{_vi(ind["label_vi"])}</p>', '<p class="solieu-lead">']
    if latest:
        head.append(
            f"Latest: <b>{_e(latest['value_label'])}</b> ({_e(latest['scope'])}, "
            f'{_e(latest["date_label"])}, <a href="../{_e(latest["source_page"])}">source</a>)'
        )
    else:
        head.append("No value reported yet; targets only.")
    status = _status_cell(view)
    if status:
        head.append(f"<br>Status: {status}")
    head.append(
        f'<br>Pillar: <a href="index.html#{_e(ind["pillar"])}">'
        f"{_e(PILLARS.get(str(ind['pillar']), ind['pillar']))}</a> · "
        f'Download: <a href="{iid}.csv" download>{iid}.csv</a> · '
        f'<a href="{iid}.json" download>{iid}.json</a></p>'
    )
    out.append(_raw("".join(head)))
    chart = _chart_markup(view, cache)
    if chart:
        out.append("\n## Chart\n")
        out.append(_raw(f'<div class="solieu-chart-box">{chart}</div>'))
    out.append("\n## Table\n")
    if points:
        rows = []
        for p in points:
            link = f"../{p['source_page']}"
            rows.append(
                [
                    (_e(p["scope"]), None),
                    (_e(p["date_label"]), p["as_of"]),
                    (
                        f'<a href="{_e(link)}" title="The sentence this value comes from">'
                        f"{_e(p['value_label'])}</a>",
                        "" if p["value"] is None else repr(p["value"]),
                    ),
                    (_e(p["measure"]), None),
                    (f'<a href="{_e(link)}">report {_e(p["report_id"])}</a>', None),
                ]
            )
        out.append(
            _raw(
                _table(
                    ["Scope", "Period", "Value", "Measure", "Source"],
                    rows,
                    caption=f"Every value of this indicator ({len(points)}); each links to "
                    "its source sentence.",
                    numeric=[2],
                )
            )
        )
    else:
        out.append("\nNo value has been reported for this indicator yet.\n")
    out.append("\n## Targets\n")
    if targets:
        rows = []
        for t in targets:
            if t["source_page"]:
                src = f'<a href="../{_e(t["source_page"])}">report {_e(t["report_id"])}</a>'
            elif t["url"]:
                name = ", ".join(x for x in (t["source"], t["article"]) if x) or t["url"]
                src = f'<a href="{_e(t["url"])}" rel="noopener">{_e(name)}</a>'
            else:
                src = _e(", ".join(x for x in (t["source"], t["article"]) if x))
            rows.append(
                [
                    (_e(t["scope"]), None),
                    (_e(t["value_label"]), "" if t["value"] is None else repr(t["value"])),
                    (_e(t["deadline"]), t["deadline"]),
                    (src, None),
                ]
            )
        out.append(
            _raw(
                _table(
                    ["Scope", "Target", "Deadline", "Source"],
                    rows,
                    caption="Targets and where they come from",
                    searchable=False,
                    numeric=[1],
                )
            )
        )
    else:
        out.append("\nNo target found in the reports or the register of programme documents.")
        total = view.total
        judged = (
            ind.get("unit") != "rank"
            and ind.get("direction") != "lower_is_better"
            and total is not None
            and not _missing(total)
        )
        if judged:  # what the status on this page is judged by (progress.py)
            out.append(
                f" Its status is judged against its natural total: all {_e(f'{total:,.0f}')} "
                "(the whole of what is counted), with no deadline."
            )
        out.append("\n")
    out.append("\n## Sources\n")
    items = []
    for p in points:
        meta = reports.get(p["report_id"], {})
        items.append(
            f'<li><a href="../{_e(p["source_page"])}">{_e(p["value_label"])}</a> '
            f"({_e(p['scope'])}, {_e(p['date_label'])}) – report {_e(p['report_id'])}, "
            f"{_e(_report_name(meta))}: "
            f'<q lang="vi">{_e(p["sentence"])}</q></li>'
        )
    out.append(_raw(f'<ol class="solieu-sources">{"".join(items)}</ol>') if items else "\nNone.\n")
    out.append("\n## About\n")
    about = [
        "<dl class=solieu-about>",
        f"<dt>Definition</dt><dd>{_e(ind.get('description', ''))}</dd>",
        f"<dt>Vietnamese name</dt><dd>{_vi(ind['label_vi'])}</dd>",
        f"<dt>Unit</dt><dd>{_e(ind['unit'])}"
        + (
            f" (out of a total of {_e(value_text(ind['denominator'], 'count'))})"
            if not _missing(ind.get("denominator"))
            else ""
        )
        + "</dd>",
        f"<dt>Pillar</dt><dd>{_e(PILLARS.get(str(ind['pillar']), ind['pillar']))}</dd>",
        f"<dt>Direction</dt><dd>{_e(str(ind['direction']).replace('_', ' '))}</dd>",
        f"<dt>Targets</dt><dd>{_target_origin(targets)}</dd>",
        f"<dt>Identifier</dt><dd><code>{_e(iid)}</code></dd>",
        "</dl>",
    ]
    out.append(_raw("".join(about)))
    out.append("\n## Cite this\n")
    out.append(_raw(f'<p class="solieu-cite">{_e(facts.citation(str(ind["label_en"])))}</p>'))
    record = {
        "indicator": {
            k: (None if _missing(v) else (v.item() if hasattr(v, "item") else v))
            for k, v in ind.items()
            if k != "match"
        },
        "observations": points,
        "targets": targets,
        "status": [
            {k: (None if _missing(v) else str(v)) for k, v in s.items()}
            for _, s in view.status.iterrows()
        ],
        "data_through": facts.data_through,
        "built": facts.built,
    }
    return "".join(out), points, record


def _indicators_index(tables: Tables, summary: list[dict], facts: SiteFacts) -> str:
    out = [
        _front(
            "Indicators",
            "Every indicator with a value or a target, by pillar: latest value, status, sources.",
        )
    ]
    out.append(
        _raw(
            "<p>Each indicator has its own page: chart, every value with the sentence it comes "
            "from, targets with their source, and downloads (CSV, JSON). Values keep their "
            "qualifier (over, about, below); a value without a period of its own is marked "
            "“as reported on” its report's date.</p>"
        )
    )
    by_pillar: dict[str, list[dict]] = {}
    for s in summary:
        by_pillar.setdefault(s["pillar"], []).append(s)
    order = [p for p in PILLARS if p in by_pillar] + sorted(set(by_pillar) - set(PILLARS))
    for pillar in order:
        out.append(f"\n## {PILLARS.get(pillar, pillar)} {{#{pillar}}}\n")
        rows = []
        for s in by_pillar[pillar]:
            latest = s["latest"]
            rows.append(
                [
                    (
                        f'<a href="{_e(s["id"])}.html">{_e(s["label_en"])}</a><br>'
                        f"<small>{_vi(s['label_vi'])}</small>",
                        None,
                    ),
                    (
                        f'<a href="../{_e(latest["source_page"])}">{_e(latest["value_label"])}</a>'
                        if latest
                        else "–",
                        repr(latest["value"]) if latest and latest["value"] is not None else "",
                    ),
                    (_e(latest["scope"]) if latest else "", None),
                    (_e(latest["date_label"]) if latest else "", latest["as_of"] if latest else ""),
                    (s["status"], None),
                    (str(s["n"]), str(s["n"])),
                ]
            )
        out.append(
            _raw(
                _table(
                    ["Indicator", "Latest", "Scope", "Period", "Status", "Values"],
                    rows,
                    numeric=[1, 5],
                )
            )
        )
    out.append("\n## Cite this {#cite-this}\n")
    out.append(
        _raw(
            f'<p class="solieu-cite">{_e(facts.citation())}</p><p>The repository holds a '
            "<code>CITATION.cff</code> file; the tables are CC BY 4.0, the quoted sentences "
            "remain the publishers'.</p>"
        )
    )
    return "".join(out)


_SENT_END = re.compile(r"[.!?…]+[\"”’)]*\s+")


def _paragraph(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, (len(text) if end < 0 else end)


def _quote(text: str, a: int, b: int, figs: list[dict], sents: list[tuple[int, int]]) -> str:
    """text[a:b] escaped, with sentence spans and figure marks (ids f<offset>) nested inside."""
    events: list[tuple[int, int, str]] = []
    for s, e in sents:
        events.append((s, 1, '<span class="solieu-sentence">'))
        events.append((e, 0, "</span>"))
    for f in figs:
        if f["indicator_id"]:
            tag = (
                f'<a class="solieu-fig" id="{f["anchor"]}" href="../indicators/'
                f'{_e(f["indicator_id"])}.html" title="{_e(f["title"])}">'
            )
            close = "</a>"
        else:
            tag = f'<mark class="solieu-fig solieu-unlinked" id="{f["anchor"]}">'
            close = "</mark>"
        events.append((f["start"], 2, tag))
        events.append((f["end"], -1, close))
    events.sort(key=lambda ev: (ev[0], ev[1]))
    out, cur = [], a
    for pos, _, tag in events:
        pos = min(max(pos, a), b)
        out.append(html.escape(text[cur:pos]))
        out.append(tag)
        cur = pos
    out.append(html.escape(text[cur:b]))
    return "".join(out)


def _source_page(rid: str, meta: dict[str, str], figs: pd.DataFrame, labels: dict[str, str]) -> str:
    name = _report_name(meta)
    title = f"Report {rid}: {name}"
    out = [_front(title, "The paragraphs of this report that carry figures, each figure anchored.")]
    url = _http(meta.get("url", ""))
    when = meta.get("date_published") or meta.get("event_date") or meta.get("reference_date")
    facts = [
        "<dl class=solieu-about>",
        f"<dt>Title</dt><dd>{_vi(meta.get('title') or '–')}</dd>",
        f"<dt>Event</dt><dd>{_vi(meta.get('event') or '–')}</dd>",
        f"<dt>Outlet</dt><dd>{_e(meta.get('outlet') or 'not recorded')}</dd>",
        f"<dt>Date</dt><dd>{_e(when or 'not recorded')}</dd>",
        f"<dt>Scope</dt><dd>{_e(meta.get('scope') or '–')}</dd>",
        "<dt>Original</dt><dd>"
        + (f'<a href="{_e(url)}" rel="noopener">{_e(url)}</a>' if url else "URL not recorded")
        + "</dd>",
        f"<dt>File</dt><dd><code>{_e(meta.get('file', ''))}</code>, sha256 "
        f"<code class=solieu-hash>{_e(meta.get('sha256', ''))}</code></dd>",
        "</dl>",
    ]
    out.append(_raw("".join(facts)))
    path = config.RAW_REPORTS / meta.get("file", "")
    try:
        text = read_report(path) if meta.get("file") else ""
    except ReportReadError:
        text = ""
    out.append("\n## Figures in their paragraphs\n")
    linked = figs[figs["indicator_id"].fillna("") != ""]
    if not text or linked.empty:
        out.append("\nNo figure of this report is linked to an indicator.\n")
        return "".join(out)
    out.append(
        _raw(
            "<p>Only the paragraphs that carry figures are quoted (the text is the publisher's; "
            "the original URL leads to the rest). Each highlighted number links to its "
            "indicator.</p>"
        )
    )
    paras: dict[tuple[int, int], list[dict]] = {}
    for _, f in figs.iterrows():
        start, end = int(f["start"]), int(f["end"])
        if end > len(text):
            continue
        ind = "" if _missing(f["indicator_id"]) else str(f["indicator_id"])
        ss = int(f["sentence_start"]) if not _missing(f["sentence_start"]) else start
        sent = "" if _missing(f["sentence"]) else str(f["sentence"])
        se = ss + len(sent) if text[ss : ss + len(sent)] == sent else end
        paras.setdefault(_paragraph(text, start), []).append(
            {
                "start": start,
                "end": end,
                "anchor": figure_anchor(str(f["figure_id"])),
                "indicator_id": ind,
                "title": labels.get(ind, "") if ind else "",
                "sentence": (min(ss, start), max(se, end)),
                "value_label": value_text(f["value"], f["unit"], f["qualifier"], f["denominator"]),
            }
        )
    keep = {_paragraph(text, int(s)) for s in linked["start"]}
    blocks = []
    for (a, b), fl in sorted(paras.items()):
        if (a, b) not in keep:
            continue
        fl.sort(key=lambda f: f["start"])
        clean, last = [], -1
        for f in fl:
            if f["start"] >= last:
                clean.append(f)
                last = f["end"]
        sents: list[tuple[int, int]] = []
        for s, e in sorted({f["sentence"] for f in clean if f["indicator_id"]}):
            if sents and s < sents[-1][1]:
                continue
            sents.append((s, e))
        lo = min(s for s, _ in sents) if sents else clean[0]["start"]
        hi = max(e for _, e in sents) if sents else clean[-1]["end"]
        qa, qb = max(a, lo - QUOTE_MAX // 3), min(b, hi + QUOTE_MAX // 3)
        qa = a if qa - a < 40 else qa
        qb = b if b - qb < 40 else qb
        inside = [f for f in clean if qa <= f["start"] and f["end"] <= qb]
        body = _quote(text, qa, qb, inside, [(max(s, qa), min(e, qb)) for s, e in sents])
        pre = "… " if qa > a else ""
        post = " …" if qb < b else ""
        notes = "".join(
            f'<li><a href="#{f["anchor"]}">{_e(f["value_label"])}</a> → '
            f'<a href="../indicators/{_e(f["indicator_id"])}.html">{_e(f["title"])}</a></li>'
            for f in inside
            if f["indicator_id"]
        )
        blocks.append(
            f'<figure class="solieu-quote" id="p{a}"><blockquote lang="vi">{pre}{body}{post}'
            f"</blockquote><figcaption><ul>{notes}</ul></figcaption></figure>"
        )
    out.append(_raw("".join(blocks)))
    return "".join(out)


def _sources_index(tables: Tables, reports: dict, counts: dict[str, int]) -> str:
    out = [_front("Reports", "Every report the figures come from, with its quoted paragraphs.")]
    rows = []
    for rid, meta in sorted(reports.items()):
        when = meta.get("date_published") or meta.get("event_date") or meta.get("reference_date")
        url = _http(meta.get("url", ""))
        rows.append(
            [
                (f'<a href="{_e(rid)}.html">{_e(rid)}</a>', None),
                (_vi(_report_name(meta)), None),
                (_e(when), when or ""),
                (_e(meta.get("scope", "")), None),
                (str(counts.get(rid, 0)), str(counts.get(rid, 0))),
                (f'<a href="{_e(url)}" rel="noopener">original</a>' if url else "–", None),
            ]
        )
    out.append(
        _raw(
            _table(
                ["Report", "Title or event", "Date", "Scope", "Linked figures", "URL"],
                rows,
                numeric=[4],
            )
        )
    )
    return "".join(out)


def _provinces_page(tables: Tables, facts: SiteFacts) -> str:
    gaz = pd.read_csv(
        Path(__file__).with_name("data") / "provinces.csv", dtype=str, keep_default_na=False
    )
    old = gaz[gaz["valid_to"] != ""]
    new = gaz[gaz["valid_from"] >= MERGER_DATE]
    successor = dict(zip(old["name"], old["successor"], strict=True))
    obs = tables.observations[tables.observations["scope"] != "VN"]
    tg = tables.targets[tables.targets["scope"] != "VN"]
    with_data = sorted(set(obs["scope"]) | set(tg["scope"]), key=fold)
    none = len(old) - len([p for p in with_data if p in successor])
    cat = tables.indicators.set_index("id")
    out = [
        _front(
            "Provinces",
            "Every province with figures, the latest value of each indicator, and the 2025 "
            "merger of provinces.",
        )
    ]
    out.append(
        _raw(
            f"<p><b>{len(with_data)} of {len(old)} provinces</b> have figures in the reports "
            f"read so far; <b>{none} have none</b>. A province with no figure here is not a "
            "province with no progress: no report about it has been read yet.</p>"
            f'<p>Charts of provinces beside the nation: <a href="../notebooks/04_provinces.html">'
            "Provinces (charts)</a>.</p>"
        )
    )
    out.append("\n## Provinces with figures\n")
    items = []
    for p in with_data:
        o = obs[obs["scope"] == p]
        inds = ", ".join(
            f'<a href="../indicators/{_e(i)}.html">{_e(cat.at[i, "label_en"])}</a>'
            for i in sorted(set(o["indicator_id"]) | set(tg[tg["scope"] == p]["indicator_id"]))
        )
        after = successor.get(p, "")
        # the other units merged into the same successor (Bắc Giang into Bắc Ninh ...)
        joined = sorted(q for q, s in successor.items() if s == after and q != p) if after else []
        if after and after != p:
            since = f"; part of {_vi(after)} since 1 July 2025"
        elif joined:
            others = ", ".join(_vi(q) for q in joined)
            since = f"; since 1 July 2025 {_vi(p)} also takes in {others} (name kept)"
        else:
            since = "; unchanged by the 2025 merger" if after else ""
        n_tg = int((tg["scope"] == p).sum())
        counts = f"{len(o)} value{'s' if len(o) != 1 else ''}" + (
            f" and {n_tg} target{'s' if n_tg != 1 else ''}" if n_tg else ""
        )
        items.append(f"<li><b>{_vi(p)}</b>: {counts}{since}.<br><small>{inds}</small></li>")
    out.append(_raw(f'<ul class="solieu-provinces">{"".join(items)}</ul>'))
    out.append("\n## Latest value by province and indicator\n")
    inds = [i for i in tables.indicators["id"] if i in set(obs["indicator_id"])]
    rows = []
    for p in with_data:
        row = [(_vi(p), fold(p))]
        for i in inds:
            o = obs[(obs["scope"] == p) & (obs["indicator_id"] == i)]
            if o.empty:
                row.append(("", None))
                continue
            last = o.sort_values(["as_of", "figure_id"]).iloc[-1]  # as_of: the period's end
            label = value_text(last["value"], last["unit"], last["qualifier"], last["denominator"])
            link = _source_link(str(last["report_id"]), str(last["figure_id"]))
            when = (
                last["period"]
                if not _missing(last["period"]) and last["period"]
                else (f"as reported on {_date(last['as_of'])}")
            )
            row.append(
                (
                    f'<a href="{_e(link)}" title="{_e(when)}">{_e(label)}</a>',
                    repr(float(last["value"])),
                )
            )
        rows.append(row)
    heads = ["Province"] + [str(cat.at[i, "label_en"]) for i in inds]
    out.append(
        _raw(
            _table(
                heads,
                rows,
                caption="Latest value of each indicator reported for each province; each links "
                "to its source sentence",
                numeric=list(range(1, len(heads))),
            )
        )
    )
    out.append("\n## The merger of 1 July 2025 {#merger}\n")
    out.append(
        _raw(
            f"<p>On 1 July 2025 Vietnam's {len(old)} provinces and centrally governed cities "
            f"were merged into {len(new)} units. The reports read here predate the merger, so "
            "each figure keeps the province that reported it; the table above names the unit "
            "each province belongs to since then, from the project's gazetteer "
            "(<code>lib/solieu/data/provinces.csv</code>). Figures of provinces merged into one "
            "unit are not added together: they were measured separately, often on different "
            "dates.</p>"
        )
    )
    merged: dict[str, list[str]] = {}
    for name, succ in successor.items():
        merged.setdefault(succ, []).append(name)
    rows = []
    for succ in sorted(merged, key=fold):
        parts = sorted(merged[succ], key=fold)
        rows.append(
            [
                (_vi(succ), fold(succ)),
                (", ".join(_vi(x) for x in parts), None),
                (str(len(parts)), str(len(parts))),
                (
                    ", ".join(_vi(x) for x in parts if x in with_data) or "–",
                    None,
                ),
            ]
        )
    out.append(
        _raw(
            _table(
                ["Unit since 1 July 2025", "Provinces before", "Count", "With figures"],
                rows,
                caption=f"{len(new)} units and the {len(old)} provinces they were formed from",
                numeric=[2],
            )
        )
    )
    return "".join(out)


def _stamp(facts: SiteFacts) -> str:
    """The line every page ends with. Its link is relative to the site's root; the post-render
    step (``site.finish_site``) rewrites it for each page's depth."""
    return (
        '<div class="solieu-stamp" data-pagefind-ignore>'
        f"{html.escape(facts.stamp())} · "
        '<a class="solieu-root-link" href="indicators/index.html#cite-this">Cite this</a></div>\n'
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def write_pages(tables: Tables | None = None, root: Path | None = None) -> list[Path]:
    """Write every generated page, its data files and the stamp under ``root``; returns the
    pages. Earlier generated folders are replaced whole (no stale page survives)."""
    root = Path(root or config.ROOT)
    tables = tables if tables is not None else load()
    facts = site_facts(tables)
    reports = _report_meta(tables)
    for d in GENERATED_DIRS:
        shutil.rmtree(root / d, ignore_errors=True)
    written: list[Path] = []
    summary = []
    cat = tables.indicators.set_index("id")
    labels = {i: str(cat.at[i, "label_en"]) for i in cat.index}
    for iid in _indicator_ids(tables):
        view = indicator_view(tables, iid)
        page, points, record = _indicator_page(view, reports, facts, root / CHART_CACHE)
        _write(root / "indicators" / f"{iid}.md", page)
        df = pd.DataFrame(points, columns=POINT_CSV_COLUMNS)
        write_csv(df, root / "indicators" / f"{iid}.csv")  # formulas neutralised (OWASP)
        _write(
            root / "indicators" / f"{iid}.json",
            json.dumps(record, ensure_ascii=False, indent=1, sort_keys=True, default=str) + "\n",
        )
        written.append(root / "indicators" / f"{iid}.md")
        summary.append(
            {
                "id": iid,
                "label_en": str(cat.at[iid, "label_en"]),
                "label_vi": str(cat.at[iid, "label_vi"]),
                "pillar": str(cat.at[iid, "pillar"]),
                "latest": _latest(points),
                "status": _status_cell(view),
                "n": len(points),
            }
        )
    _write(root / "indicators" / "index.md", _indicators_index(tables, summary, facts))
    written.append(root / "indicators" / "index.md")
    figs = tables.figures
    counts = {}
    for rid, meta in sorted(reports.items()):
        mine = figs[figs["report_id"] == rid]
        counts[rid] = int((mine["indicator_id"].fillna("") != "").sum())
        _write(root / "sources" / f"{rid}.md", _source_page(rid, meta, mine, labels))
        written.append(root / "sources" / f"{rid}.md")
    _write(root / "sources" / "index.md", _sources_index(tables, reports, counts))
    written.append(root / "sources" / "index.md")
    _write(root / "provinces" / "index.md", _provinces_page(tables, facts))
    written.append(root / "provinces" / "index.md")
    _write(root / STAMP_FILE, _stamp(facts))
    return written

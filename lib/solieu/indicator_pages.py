"""The page of one indicator (latest value, chart, table, targets, sources, about, citation)
and the "Indicators" page that lists them by pillar."""

from __future__ import annotations

from .build import Tables
from .page_markup import data_table, esc, front_matter, is_missing, raw_html, value_text, vi_span
from .page_records import (
    latest_point,
    point_records,
    report_name,
    status_cell,
    target_origin,
    target_records,
)
from .stamp import SiteFacts

__all__ = ["PILLARS", "indicator_page", "indicators_index"]


PILLARS = {
    "de_an_06": "Đề án 06 (population data, identification and authentication)",
    "digital_government": "Digital government",
    "digital_economy": "Digital economy",
    "digital_society": "Digital society",
    "digital_infrastructure": "Digital infrastructure",
    "cybersecurity": "Cybersecurity",
}


def indicator_page(
    view, reports: dict, facts: SiteFacts, chart: str = ""
) -> tuple[str, list[dict], dict]:
    """The page of one indicator (Markdown with raw HTML), its points (the rows of its CSV) and
    its record (its JSON). ``chart`` is the chart's markup (``chart_cache.chart_markup``)."""
    ind = view.indicator
    iid = str(ind["id"])
    points = point_records(view, reports)
    targets = target_records(view, reports)
    desc = "Every value with the sentence it comes from, targets with their source, status."
    out = [front_matter(str(ind["label_en"]), desc)]
    latest = latest_point(points)
    head = [f'<p class="solieu-vi-title">{vi_span(ind["label_vi"])}</p>', '<p class="solieu-lead">']
    if latest:
        head.append(
            f"Latest: <b>{esc(latest['value_label'])}</b> ({esc(latest['scope'])}, "
            f'{esc(latest["date_label"])}, <a href="../{esc(latest["source_page"])}">source</a>)'
        )
    else:
        head.append("No value reported yet; targets only.")
    status = status_cell(view)
    if status:
        head.append(f"<br>Status: {status}")
    head.append(
        f'<br>Pillar: <a href="index.html#{esc(ind["pillar"])}">'
        f"{esc(PILLARS.get(str(ind['pillar']), ind['pillar']))}</a> · "
        f'Download: <a href="{iid}.csv" download>{iid}.csv</a> · '
        f'<a href="{iid}.json" download>{iid}.json</a></p>'
    )
    out.append(raw_html("".join(head)))
    if chart:
        out.append("\n## Chart\n")
        out.append(raw_html(f'<div class="solieu-chart-box">{chart}</div>'))
    out.append("\n## Table\n")
    if points:
        rows = []
        for p in points:
            link = f"../{p['source_page']}"
            rows.append(
                [
                    (esc(p["scope"]), None),
                    (esc(p["date_label"]), p["as_of"]),
                    (
                        f'<a href="{esc(link)}" title="The sentence this value comes from">'
                        f"{esc(p['value_label'])}</a>",
                        "" if p["value"] is None else repr(p["value"]),
                    ),
                    (esc(p["measure"]), None),
                    (f'<a href="{esc(link)}">report {esc(p["report_id"])}</a>', None),
                ]
            )
        out.append(
            raw_html(
                data_table(
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
                src = f'<a href="../{esc(t["source_page"])}">report {esc(t["report_id"])}</a>'
            elif t["url"]:
                name = ", ".join(x for x in (t["source"], t["article"]) if x) or t["url"]
                src = f'<a href="{esc(t["url"])}" rel="noopener">{esc(name)}</a>'
            else:
                src = esc(", ".join(x for x in (t["source"], t["article"]) if x))
            rows.append(
                [
                    (esc(t["scope"]), None),
                    (esc(t["value_label"]), "" if t["value"] is None else repr(t["value"])),
                    (esc(t["deadline"]), t["deadline"]),
                    (src, None),
                ]
            )
        out.append(
            raw_html(
                data_table(
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
        # what each status on this page is judged by (progress.py): a natural total, per scope
        by_total = view.status[view.status["method"].eq("total") & view.status["total"].notna()]
        for row in by_total.itertuples():
            where = "Its status" if len(view.status) == 1 else f"The status of {esc(row.scope)}"
            out.append(
                f" {where} is judged against its natural total: all "
                f"{esc(f'{row.total:,.0f}')} (the whole of what is counted), with no deadline."
            )
        out.append("\n")
    out.append("\n## Sources\n")
    # the values one sentence gives are listed together, the sentence quoted once
    by_sentence: dict[tuple[str, str], list[dict]] = {}
    for p in points:
        by_sentence.setdefault((p["report_id"], p["sentence"]), []).append(p)
    items = []
    for (rid, sentence), group in by_sentence.items():
        where = [f"({esc(p['scope'])}, {esc(p['date_label'])})" for p in group]
        links = [f'<a href="../{esc(p["source_page"])}">{esc(p["value_label"])}</a>' for p in group]
        if len(set(where)) == 1:
            values = f"{', '.join(links)} {where[0]}"
        else:
            values = ", ".join(f"{a} {w}" for a, w in zip(links, where, strict=True))
        items.append(
            f"<li>{values} – report {esc(rid)}, {esc(report_name(reports.get(rid, {})))}: "
            f'<q lang="vi">{esc(sentence)}</q></li>'
        )
    out.append(
        raw_html(f'<ol class="solieu-sources">{"".join(items)}</ol>') if items else "\nNone.\n"
    )
    out.append("\n## About\n")
    about = [
        "<dl class=solieu-about>",
        f"<dt>Definition</dt><dd>{esc(ind.get('description', ''))}</dd>",
        f"<dt>Vietnamese name</dt><dd>{vi_span(ind['label_vi'])}</dd>",
        f"<dt>Unit</dt><dd>{esc(ind['unit'])}"
        + (
            f" (out of a total of {esc(value_text(ind['denominator'], 'count'))})"
            if not is_missing(ind.get("denominator"))
            else ""
        )
        + "</dd>",
        f"<dt>Pillar</dt><dd>{esc(PILLARS.get(str(ind['pillar']), ind['pillar']))}</dd>",
        f"<dt>Direction</dt><dd>{esc(str(ind['direction']).replace('_', ' '))}</dd>",
        f"<dt>Targets</dt><dd>{target_origin(targets)}</dd>",
        f"<dt>Identifier</dt><dd><code>{esc(iid)}</code></dd>",
        "</dl>",
    ]
    out.append(raw_html("".join(about)))
    out.append("\n## Cite this\n")
    out.append(raw_html(f'<p class="solieu-cite">{esc(facts.citation(str(ind["label_en"])))}</p>'))
    record = {
        "indicator": {
            k: (None if is_missing(v) else (v.item() if hasattr(v, "item") else v))
            for k, v in ind.items()
            if k != "match"
        },
        "observations": points,
        "targets": targets,
        "status": [
            {k: (None if is_missing(v) else str(v)) for k, v in s.items()}
            for _, s in view.status.iterrows()
        ],
        "data_through": facts.data_through,
        "built": facts.built,
    }
    return "".join(out), points, record


def indicators_index(tables: Tables, summary: list[dict], facts: SiteFacts) -> str:
    """The "Indicators" page: each indicator's latest value and status, by pillar."""
    out = [
        front_matter(
            "Indicators",
            "Every indicator with a value or a target, by pillar: latest value, status, sources.",
        )
    ]
    out.append(
        raw_html(
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
                        f'<a href="{esc(s["id"])}.html">{esc(s["label_en"])}</a><br>'
                        f"<small>{vi_span(s['label_vi'])}</small>",
                        None,
                    ),
                    (
                        f'<a href="../{esc(latest["source_page"])}">'
                        f"{esc(latest['value_label'])}</a>"
                        if latest
                        else "–",
                        repr(latest["value"]) if latest and latest["value"] is not None else "",
                    ),
                    (esc(latest["scope"]) if latest else "", None),
                    (
                        esc(latest["date_label"]) if latest else "",
                        latest["as_of"] if latest else "",
                    ),
                    (s["status"], None),
                    (str(s["n"]), str(s["n"])),
                ]
            )
        out.append(
            raw_html(
                data_table(
                    ["Indicator", "Latest", "Scope", "Period", "Status", "Values"],
                    rows,
                    numeric=[1, 5],
                )
            )
        )
    out.append("\n## Cite this {#cite-this}\n")
    out.append(
        raw_html(
            f'<p class="solieu-cite">{esc(facts.citation())}</p><p>The repository holds a '
            "<code>CITATION.cff</code> file; the tables are CC BY 4.0, the quoted sentences "
            "remain the publishers'.</p>"
        )
    )
    return "".join(out)

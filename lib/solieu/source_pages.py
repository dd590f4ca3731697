"""The page of one report: its facts (title, outlet, date, URL, sha256) and the paragraphs that
carry figures, each figure with a stable anchor; and the "Reports" page listing them."""

from __future__ import annotations

import html

import pandas as pd

from . import config
from .build import Tables
from .corpus import ReportReadError, read_report
from .labels import figure_anchor
from .page_markup import (
    data_table,
    esc,
    front_matter,
    is_change_figure,
    is_missing,
    raw_html,
    value_text,
    vi_span,
)
from .page_records import report_name, web_url

__all__ = ["QUOTE_MAX", "source_page", "sources_index"]


QUOTE_MAX = 900  # characters of a paragraph quoted around the sentences that carry figures


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
                f'{esc(f["indicator_id"])}.html" title="{esc(f["title"])}">'
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


def source_page(rid: str, meta: dict[str, str], figs: pd.DataFrame, labels: dict[str, str]) -> str:
    """The page of report ``rid``: its facts and its figures in their paragraphs (``figs``: its
    figures; ``labels``: indicator names by id)."""
    name = report_name(meta)
    title = f"Report {rid}: {name}"
    out = [
        front_matter(
            title, "The paragraphs of this report that carry figures, each figure anchored."
        )
    ]
    url = web_url(meta.get("url", ""))
    dates = [
        f"{what} {meta[key]}"
        for key, what in (("date_published", "published"), ("event_date", "event"))
        if meta.get(key)
    ] or ([f"reference date {meta['reference_date']}"] if meta.get("reference_date") else [])
    when = ", ".join(dates)
    scope = meta.get("scope") or ""
    if scope and scope != "VN":
        # a provincial report often relays a national meeting: say where the figures belong
        counts = figs["scope"].fillna("").replace({"VN": "national"}).value_counts()
        split = ", ".join(f"{n} {esc(k)}" for k, n in counts.items() if k)
        scope_text = (
            f"{esc(scope)}: the province the report was written for or from; each figure keeps "
            f"its own scope ({split})"
        )
    else:
        scope_text = "national" if scope == "VN" else "–"
    facts = [
        "<dl class=solieu-about>",
        f"<dt>Title</dt><dd>{vi_span(meta.get('title') or '–')}</dd>",
        f"<dt>Event</dt><dd>{vi_span(meta.get('event') or '–')}</dd>",
        f"<dt>Outlet</dt><dd>{esc(meta.get('outlet') or 'not recorded')}</dd>",
        f"<dt>Date</dt><dd>{esc(when or 'not recorded')}</dd>",
        f"<dt>Scope</dt><dd>{scope_text}</dd>",
        "<dt>Original</dt><dd>"
        + (f'<a href="{esc(url)}" rel="noopener">{esc(url)}</a>' if url else "URL not recorded")
        + "</dd>",
        f"<dt>File</dt><dd><code>{esc(meta.get('file', ''))}</code>, sha256 "
        f"<code class=solieu-hash>{esc(meta.get('sha256', ''))}</code></dd>",
        *([f"<dt>Notes</dt><dd>{esc(meta['notes'])}</dd>"] if meta.get("notes") else []),
        "</dl>",
    ]
    out.append(raw_html("".join(facts)))
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
        raw_html(
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
        ind = "" if is_missing(f["indicator_id"]) else str(f["indicator_id"])
        ss = int(f["sentence_start"]) if not is_missing(f["sentence_start"]) else start
        sent = "" if is_missing(f["sentence"]) else str(f["sentence"])
        se = ss + len(sent) if text[ss : ss + len(sent)] == sent else end
        paras.setdefault(_paragraph(text, start), []).append(
            {
                "start": start,
                "end": end,
                "anchor": figure_anchor(str(f["figure_id"])),
                "indicator_id": ind,
                "title": labels.get(ind, "") if ind else "",
                "sentence": (min(ss, start), max(se, end)),
                "value_label": value_text(
                    f["value"], f["unit"], f["qualifier"], f["denominator"], is_change_figure(f)
                ),
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
            f'<li><a href="#{f["anchor"]}">{esc(f["value_label"])}</a> → '
            f'<a href="../indicators/{esc(f["indicator_id"])}.html">{esc(f["title"])}</a></li>'
            for f in inside
            if f["indicator_id"]
        )
        blocks.append(
            f'<figure class="solieu-quote" id="p{a}"><blockquote lang="vi">{pre}{body}{post}'
            f"</blockquote><figcaption><ul>{notes}</ul></figcaption></figure>"
        )
    out.append(raw_html("".join(blocks)))
    return "".join(out)


def sources_index(tables: Tables, reports: dict, counts: dict[str, int]) -> str:
    """The "Reports" page: every report with its date, scope and number of linked figures."""
    out = [
        front_matter("Reports", "Every report the figures come from, with its quoted paragraphs.")
    ]
    rows = []
    for rid, meta in sorted(reports.items()):
        when = meta.get("date_published") or meta.get("event_date") or meta.get("reference_date")
        url = web_url(meta.get("url", ""))
        rows.append(
            [
                (f'<a href="{esc(rid)}.html">{esc(rid)}</a>', None),
                (vi_span(report_name(meta)), None),
                (esc(when), when or ""),
                (esc(meta.get("scope", "")), None),
                (str(counts.get(rid, 0)), str(counts.get(rid, 0))),
                (f'<a href="{esc(url)}" rel="noopener">original</a>' if url else "–", None),
            ]
        )
    out.append(
        raw_html(
            data_table(
                ["Report", "Title or event", "Date", "Scope", "Linked figures", "URL"],
                rows,
                numeric=[4],
            )
        )
    )
    return "".join(out)

"""The records behind an indicator's page and its downloads: reports by id, every point and
target as a plain dict (the rows of ``<id>.csv`` and ``<id>.json``), links to the sentence a
figure comes from, the latest value and the status."""

from __future__ import annotations

import re

from .build import Tables
from .charts import status_badge
from .labels import evidence_link
from .page_markup import as_float, esc, is_missing, iso_date

__all__ = [
    "POINT_CSV_COLUMNS",
    "indicator_ids",
    "latest_point",
    "point_records",
    "report_meta",
    "report_name",
    "status_cell",
    "target_origin",
    "target_records",
    "web_url",
]


POINT_CSV_COLUMNS = [
    "indicator_id", "scope", "period", "as_of", "date_label", "time_source", "value", "qualifier",
    "denominator", "unit", "measure", "value_label", "report_id", "figure_id", "source_page",
    "report_url", "sentence",
]  # fmt: skip


def indicator_ids(tables: Tables) -> list[str]:
    """Indicators with a value or a target, in catalog order."""
    used = set(tables.observations["indicator_id"].dropna()) | set(
        tables.targets["indicator_id"].dropna()
    )
    return [i for i in tables.indicators["id"] if i in used]


def report_meta(tables: Tables) -> dict[str, dict[str, str]]:
    """Each report's row of reports.csv by report id, missing values as empty text."""
    out = {}
    for _, r in tables.reports.iterrows():
        out[str(r["report_id"])] = {k: ("" if is_missing(v) else str(v)) for k, v in r.items()}
    return out


def web_url(url: str) -> str:
    """``url`` when it is an http(s) address, else empty."""
    return url if re.match(r"https?://", url or "", re.I) else ""


def report_name(meta: dict[str, str]) -> str:
    """A report's title, else its event, else its file."""
    return meta.get("title") or meta.get("event") or meta.get("file") or "report"


def point_records(view, reports: dict) -> list[dict]:
    """Every point of an indicator's view as a row of its CSV (``POINT_CSV_COLUMNS``)."""
    ind = view.indicator
    rows = []
    for _, p in view.points.iterrows():
        rid, fid = str(p["report_id"]), str(p["figure_id"])
        period = "" if is_missing(p["period"]) else str(p["period"])
        rows.append(
            {
                "indicator_id": ind["id"],
                "scope": str(p["scope"]),
                "period": period,
                "as_of": iso_date(p["as_of"]),
                "date_label": str(p["date_label"]),
                "time_source": str(p["time_source"]),
                "value": as_float(p["value"]),
                "qualifier": "=" if is_missing(p["qualifier"]) else str(p["qualifier"]),
                "denominator": as_float(p["denominator"]),
                "unit": str(p["unit"]),
                "measure": str(p["measure"]),
                "value_label": str(p["value_label"]),
                "report_id": rid,
                "figure_id": fid,
                "source_page": evidence_link(rid, fid, prefix=""),
                "report_url": web_url(reports.get(rid, {}).get("url", "")),
                "sentence": "" if is_missing(p["sentence"]) else str(p["sentence"]),
            }
        )
    return rows


def target_records(view, reports: dict) -> list[dict]:
    """Every target of an indicator's view, with where it comes from."""
    rows = []
    for _, t in view.targets.iterrows():
        fid = "" if is_missing(t.get("figure_id")) else str(t.get("figure_id"))
        rid = "" if is_missing(t.get("report_id")) else str(t.get("report_id", ""))
        kind = "" if is_missing(t.get("source_kind")) else str(t.get("source_kind"))
        src = "" if is_missing(t.get("source")) else str(t.get("source"))
        url = web_url("" if is_missing(t.get("url")) else str(t.get("url")))
        if fid and not rid:
            rid = src
        rows.append(
            {
                "scope": str(t["scope"]),
                "value": as_float(t["value"]),
                "qualifier": "=" if is_missing(t.get("qualifier")) else str(t.get("qualifier")),
                "value_label": str(t["value_label"]),
                "article": "" if is_missing(t.get("article")) else str(t.get("article")),
                "deadline": iso_date(t.get("deadline")),
                "source_kind": kind,
                "source": src,
                "url": url,
                "report_id": rid,
                "figure_id": fid,
                "source_page": evidence_link(rid, fid, prefix="") if fid and rid else "",
            }
        )
    return rows


def target_origin(targets: list[dict]) -> str:
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
    return esc("From " + "; and from ".join(parts) + ".")


def status_cell(view) -> str:
    """The status of each scope as badges, for a table cell."""
    if view.status is None or len(view.status) == 0:
        return ""
    parts = []
    for _, s in view.status.iterrows():
        parts.append(f"{esc(s['scope'])}: {status_badge(str(s['status']))}")
    return " · ".join(parts)


def latest_point(points: list[dict]) -> dict | None:
    """The latest level, national first (a change is no latest value)."""
    national = [p for p in points if p["scope"] == "VN" and p["measure"] != "change"]
    pool = national or [p for p in points if p["measure"] != "change"] or points
    if not pool:
        return None
    return max(pool, key=lambda p: (p["as_of"], p["figure_id"]))  # as_of: the period's end

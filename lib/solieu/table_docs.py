"""What each table and field of ``data/processed`` means, and the ``datapackage.json`` that
says so (Frictionless tabular data package)."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pandas as pd

from .targets import TARGET_FIELD_DOCS
from .units import UNITS

__all__ = ["CSV_NOTE", "FIELD_DOCS", "TABLE_DOCS", "TABLE_NAMES", "datapackage"]


TABLE_NAMES = ("figures", "observations", "targets", "conflicts", "unlinked", "status", "skipped")


FIELD_DOCS: dict[str, str] = {
    "doc": "File name of the report",
    "figure_id": "Stable id of the figure: report file and character offset",
    "number": "The number exactly as written (digits, separators, /b of a fraction, scale word)",
    "start": "Character offset of the number in the NFC text of the report",
    "end": "Offset just after the number",
    "value": "The number in base units (scale words applied; decreases negative)",
    "denominator": "The b of a/b (progress fraction, rank out of N); empty otherwise",
    "unit": ", ".join(UNITS[:-1]) + " or " + UNITS[-1],
    "qualifier": "= plain, > over, >= at least, < under, ~ about",
    "is_target": "True for a goal, plan or requirement; False for a reported result",
    "is_change": "True for a change against another period (tăng, giảm, gấp)",
    "scope": "VN for the country, else the province or city the figure belongs to",
    "subject": "Short Vietnamese phrase of what is measured (heuristic, free text)",
    "sentence": "The sentence the figure comes from, as printed",
    "sentence_start": "Character offset of the sentence",
    "report_id": "Id of the report in data/raw/reports.csv",
    "indicator_id": "Indicator of data/indicators.yml the figure measures; empty if none",
    "measure": "level, change (a change figure) or share (a percentage restating a fraction)",
    "period": "Period the figure refers to (2022, 2022-H1, 2023-Q4, 2023-01/2023-02, 2023-01)",
    "as_of": "Date the figure is valid at (end of its period, or the report's date)",
    "period_source": "Where the period came from: sentence, paragraph, report_date or none",
    "share": "value/denominator, or value/100 for a percentage; empty otherwise",
    "target_date": "Date by which the target is to be met",
    "kind": "value (different values for one date) or denominator (different totals)",
    "values": "The disagreeing values, with the reports that give them",
    "report_ids": "Reports involved",
    "figure_ids": "Figures involved",
    "detail": "Plain-language explanation",
    "token": "The skipped digit-bearing token as written",
    "reason": "Why it is not a figure (date, time, year_or_period, document_or_programme, ...)",
    "context": "Thirty characters either side of the token",
    "label_en": "Indicator name in English",
    "label_vi": "Indicator name in Vietnamese",
    "pillar": "Pillar of the national digital transformation programme, or de_an_06",
    "direction": "higher_is_better, or lower_is_better (ranks)",
    "baseline_value": "Earliest observed value",
    "baseline_as_of": "Date of the earliest observed value",
    "latest_value": "Latest observed value",
    "latest_denominator": "Denominator of the latest value",
    "latest_as_of": "Date of the latest observed value",
    "latest_report_id": "Report of the latest value",
    "latest_figure_id": "Figure of the latest value",
    "n_observations": "Number of dated observations",
    "target_value": "Target value",
    "target_qualifier": "Qualifier of the target (>= at least ...)",
    "target_report_id": "Report stating the target",
    "observed_rate": "Observed annual rate of change since the baseline",
    "required_rate": "Annual rate of change needed to reach the target by its date",
    "ratio": "observed_rate / required_rate",
    "status": "achieved, reported_achieved, on_track, acceleration_needed, limited_progress, "
    "deterioration, one_value, insufficient_data or no_target (see progress.py)",
    "status_label": "Status in words",
    "latest_qualifier": "Qualifier of the latest value (> over, ~ about ...)",
    "total": "Natural total the indicator is judged against (25 services, 63 localities)",
    "target_source_kind": "report or register: where the target comes from",
    "target_source": "Report id, or the programme document that sets the target",
    "method": "How the status was reached: target, total, trend, reported, or empty",
    "distance": "How far the latest value is from the target or total",
    "years_left": "Years from the latest value to the target's deadline",
    "note": "The status in a sentence (distance and time left, or what the report says)",
    **TARGET_FIELD_DOCS,
}
TABLE_DOCS = {
    "figures": "Every figure extracted from every report, with period, as_of and indicator.",
    "observations": "Reported results linked to an indicator (one row per report and value).",
    "targets": "Goals linked to an indicator, with the date they are due.",
    "conflicts": "Reports that disagree on one indicator, scope and date, or on a total.",
    "unlinked": "Figures that match no catalog entry (for curating data/indicators.yml).",
    "status": "Progress of each indicator and scope towards its target (Open SDG method).",
    "skipped": "Every digit-bearing token that is not a figure, with the reason.",
}

_FRICTIONLESS_TYPES = {"i": "integer", "f": "number", "b": "boolean", "M": "date"}


def _field_type(s: pd.Series) -> str:
    if str(s.dtype) == "boolean":
        return "boolean"
    return _FRICTIONLESS_TYPES.get(s.dtype.kind, "string")


_WEB_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)


def datapackage(reports: pd.DataFrame, tables: Mapping[str, pd.DataFrame]) -> dict:
    """``datapackage.json`` (Frictionless tabular data package) for ``tables``, with
    ``reports`` as its sources (a web address only, never a file or a script)."""
    sources = []
    for _, r in reports.iterrows():
        src = {"title": r.get("title") or r.get("event") or r["file"]}
        url = str(r.get("url") or "").strip()
        if _WEB_URL.fullmatch(url):  # only a web address; never a file or a script
            src["path"] = url
        sources.append(src)
    resources = []
    for name in TABLE_NAMES:
        df = tables[name]
        resources.append(
            {
                "name": name,
                "profile": "tabular-data-resource",
                "path": f"{name}.csv",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": f"{TABLE_DOCS[name]} Also as {name}.parquet. {CSV_NOTE}",
                "schema": {
                    "fields": [
                        {
                            "name": c,
                            "type": _field_type(df[c]),
                            "description": FIELD_DOCS.get(c, c),
                        }
                        for c in df.columns
                    ]
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": "solieu-figures",
        "title": "Figures from Vietnamese digital-transformation reports (solieu)",
        "description": (
            "Figures extracted from Vietnamese press reports on the national digital "
            "transformation programme and Đề án 06, linked to indicators, with periods, "
            "targets, progress status and the source sentence of every number. " + CSV_NOTE
        ),
        "version": "0.1.0",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 (the derived tables). The source "
                "sentences quote press reports; their copyright stays with the publishers.",
            }
        ],
        "sources": sources,
        "resources": resources,
    }


CSV_NOTE = (
    "In the CSV files, a text cell that a spreadsheet would run as a formula (one starting "
    "with =, +, -, @, a tab or a carriage return) starts with a single quote (OWASP, CSV "
    "Injection). The Parquet files hold every value exactly as extracted."
)

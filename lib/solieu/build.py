"""Build the tidy tables from data/raw and the indicator catalog; load them for notebooks.

``build()`` writes ``data/processed/`` atomically: every file goes to a temporary folder beside
it, which replaces the old folder only once everything is written, so a failed build leaves the
previous outputs whole. ``load()`` reads those files, or builds in memory when they are missing
or older than their inputs.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .atomic import recover, replaced_atomically
from .corpus import ReportReadError, list_reports, load_register, read_report
from .errors import SolieuError
from .extract import FIGURE_COLUMNS, SKIPPED_COLUMNS, UNITS, extract_with_periods
from .indicators import Catalog, link_figures, load_catalog
from .progress import status_table
from .tables import write_csv
from .targets import (
    CONFLICT_COLUMNS,
    TARGET_FIELD_DOCS,
    TARGETS_PATH,
    disagreements,
    load_targets,
    merge_targets,
    target_conflicts,
)

__all__ = ["Tables", "TABLE_NAMES", "build", "build_tables", "load", "write_tables"]

TABLE_NAMES = ("figures", "observations", "targets", "conflicts", "unlinked", "status", "skipped")

FIGURE_EXTRA = ["report_id", "indicator_id", "measure", "period", "as_of", "period_source"]
OBS_COLUMNS = [
    "indicator_id", "scope", "period", "as_of", "value", "denominator", "share", "unit",
    "qualifier", "measure", "report_id", "figure_id", "number", "subject", "sentence",
]  # fmt: skip
TARGET_COLUMNS = [c if c != "as_of" else "target_date" for c in OBS_COLUMNS]
UNLINKED_COLUMNS = [
    "figure_id", "report_id", "number", "value", "denominator", "unit", "is_target",
    "is_change", "scope", "subject", "sentence",
]  # fmt: skip

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


@dataclass
class Tables:
    """The project's tables as DataFrames."""

    figures: pd.DataFrame
    observations: pd.DataFrame
    targets: pd.DataFrame
    conflicts: pd.DataFrame
    unlinked: pd.DataFrame
    status: pd.DataFrame
    skipped: pd.DataFrame
    reports: pd.DataFrame
    indicators: pd.DataFrame

    def __getitem__(self, name: str) -> pd.DataFrame:
        return getattr(self, name)

    def items(self) -> Iterable[tuple[str, pd.DataFrame]]:
        return ((f.name, getattr(self, f.name)) for f in fields(self))


# -- per report -------------------------------------------------------------------------------


_catalogs: dict[str, tuple[Catalog, bool]] = {}  # path -> (catalog, validated)


def _catalog(path: str, validate: bool = True) -> Catalog:
    """The catalog at ``path``, read once per process; a validated one serves both kinds of
    request (a one-process build validates, then reads it again for every report)."""
    got = _catalogs.get(path)
    if got is None or (validate and not got[1]):
        got = _catalogs[path] = (load_catalog(path, validate=validate), validate)
    return got[0]


def _ref_date(row: dict[str, str]) -> dt.date | None:
    for key in ("event_date", "reference_date", "date_published"):
        v = (row.get(key) or "").strip()
        if v:
            try:
                return dt.date.fromisoformat(v)
            except ValueError:
                continue
    return None


def process_report(task: tuple[str, dict[str, str], str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures (with period, as_of, indicator) and skipped tokens of one report file. Any
    failure is a :class:`SolieuError` naming the file (it crosses process boundaries intact)."""
    path = task[0]
    try:
        return _process_report(*task)
    except SolieuError:
        raise
    except MemoryError:
        raise SolieuError("ran out of memory while extracting", path) from None
    except Exception as exc:  # a bug: say which report shows it, and what it was
        raise SolieuError(f"failed: {type(exc).__name__}: {exc}", path) from exc


def _process_report(
    path: str, row: dict[str, str], catalog_path: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    text = read_report(path)
    name = Path(path).name
    ref = _ref_date(row)
    figs, skipped, _ = extract_with_periods(text, doc=name, ref_date=ref)
    report_id = row.get("report_id") or Path(path).stem
    figs["report_id"] = pd.array([report_id] * len(figs), "string")
    links = link_figures(figs, _catalog(catalog_path, validate=False))  # checked by the parent
    figs["indicator_id"] = links["indicator_id"]
    figs["measure"] = links["measure"]
    skipped["report_id"] = pd.array([report_id] * len(skipped), "string")
    return figs, skipped


def _tasks(reports_dir: Path, register: list[dict[str, str]], catalog: Path) -> list[tuple]:
    by_file = {r["file"]: r for r in register}
    files = list_reports(reports_dir)
    if not files:  # never replace the outputs with empty tables
        raise SolieuError("no report (.txt file) found", reports_dir)
    present = {p.name for p in files}
    for r in register:
        if r["file"] not in present and reports_dir == config.RAW_REPORTS:
            raise ReportReadError(reports_dir / r["file"], "is listed in reports.csv but missing")
    return [(str(p), by_file.get(p.name, {}), str(catalog)) for p in files]


def _worker_init() -> None:
    """In each worker of a parallel build: die with the main process, whatever kills it
    (Linux's parent-death signal), so that no worker is left running after a killed build."""
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before the signal was set
            os._exit(1)
    except (OSError, AttributeError):  # not Linux: the pool's own checks remain
        pass


# -- tables -----------------------------------------------------------------------------------


def _share(df: pd.DataFrame) -> pd.Series:
    share = df["value"] / df["denominator"]
    pct = (df["unit"] == "percent") & df["denominator"].isna()
    return share.where(df["denominator"].notna(), (df["value"] / 100).where(pct))


def _linked(figs: pd.DataFrame, target: bool) -> pd.DataFrame:
    is_t = figs["is_target"].fillna(False).astype(bool)
    sel = figs[figs["indicator_id"].notna() & (is_t if target else ~is_t)].copy()
    sel["share"] = _share(sel)
    cols = TARGET_COLUMNS if target else OBS_COLUMNS
    if target:
        sel = sel.rename(columns={"as_of": "target_date"})
    key = [c for c in cols if c not in ("figure_id", "sentence", "number", "subject", "period")]
    # a report that prints its text twice states each value once
    return sel[cols].drop_duplicates(subset=key).reset_index(drop=True)


def _conflicts(obs: pd.DataFrame, catalog: Catalog) -> pd.DataFrame:
    level = obs[obs["measure"] == "level"]
    values = disagreements(
        level,
        "as_of",
        "report_id",
        "value",
        "Reports give different values for the same indicator and date.",
    )
    rows = values.to_dict("records")
    # totals: a fixed denominator in the catalog, the denominators reports use, and the
    # totals they state through a `denominator_of` indicator
    for ind in catalog:
        totals: dict[float, set[str]] = {}
        fig_ids: list[str] = []
        if ind.denominator:
            totals.setdefault(float(ind.denominator), set()).add("catalog")
        mine = obs[(obs["indicator_id"] == ind.id) & obs["denominator"].notna()]
        for d, g in mine.groupby("denominator"):
            totals.setdefault(float(d), set()).update(g["report_id"])
            fig_ids += list(g["figure_id"])
        for other in catalog:
            if other.denominator_of == ind.id:
                stated = obs[obs["indicator_id"] == other.id]
                for v, g in stated.groupby("value"):
                    totals.setdefault(float(v), set()).update(g["report_id"])
                    fig_ids += list(g["figure_id"])
        if len(totals) > 1:
            rows.append(
                {
                    "indicator_id": ind.id,
                    "scope": "VN" if ind.scope != "provincial" else "",
                    "as_of": pd.NaT,
                    "kind": "denominator",
                    "values": "; ".join(
                        f"{v:g} ({', '.join(sorted(src))})" for v, src in sorted(totals.items())
                    ),
                    "report_ids": ", ".join(
                        sorted({r for s in totals.values() for r in s} - {"catalog"})
                    ),
                    "figure_ids": ", ".join(fig_ids),
                    "detail": f"Reports count a different total for {ind.label_en.lower()}.",
                }
            )
    df = pd.DataFrame(rows, columns=CONFLICT_COLUMNS)
    df["as_of"] = pd.to_datetime(df["as_of"])
    return df


class _Batches:
    """Figures and skipped tokens of many reports, merged every ``size`` reports."""

    def __init__(self, size: int = 64) -> None:
        self.size = size
        self.pending: tuple[list[pd.DataFrame], list[pd.DataFrame]] = ([], [])
        self.merged: tuple[list[pd.DataFrame], list[pd.DataFrame]] = ([], [])

    def add(self, figs: pd.DataFrame, skipped: pd.DataFrame) -> None:
        for frames, df in zip(self.pending, (figs, skipped), strict=True):
            if len(df):
                frames.append(df)
        if max(len(self.pending[0]), len(self.pending[1])) >= self.size:
            self._merge()

    def _merge(self) -> None:
        for frames, into in zip(self.pending, self.merged, strict=True):
            if frames:
                into.append(pd.concat(frames, ignore_index=True))
                frames.clear()

    def tables(self) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
        self._merge()
        return tuple(  # type: ignore[return-value]
            pd.concat(frames, ignore_index=True) if frames else None for frames in self.merged
        )


def build_tables(
    jobs: int | None = None,
    progress: bool = False,
    reports_dir: Path | None = None,
    register_path: Path | None = None,
    catalog_path: Path | None = None,
) -> Tables:
    """Extract every report and derive all tables, in memory."""
    reports_dir = Path(reports_dir or config.RAW_REPORTS)
    reg_path = Path(register_path or config.REPORTS_CSV)
    # the register describes data/raw/reports; another folder of reports is taken as it is
    own = reports_dir.resolve() == config.RAW_REPORTS.resolve() or register_path is not None
    register = load_register(reg_path) if reg_path.is_file() and own else []
    catalog_path = Path(catalog_path or config.INDICATORS)
    tasks = _tasks(reports_dir, register, catalog_path)
    jobs = jobs or os.cpu_count() or 1
    # Reports' tables are merged in batches as they arrive: a thousand small frames would cost
    # several times the memory of the few large ones they make.
    batches = _Batches()
    bar = None
    if progress and len(tasks) > 20:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), unit="report", disable=None, file=sys.stderr)
    if jobs > 1 and len(tasks) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_init)
        try:
            chunk = max(1, min(8, len(tasks) // (jobs * 8)))
            results = pool.map(process_report, tasks, chunksize=chunk)
            # validated while the workers run (importing the validator takes seconds);
            # the workers read the same file without validating it
            catalog = _catalog(str(catalog_path))
            for res in results:
                batches.add(*res)
                if bar:
                    bar.update()
        except BaseException:
            _stop(pool)
            raise
        pool.shutdown()
    else:
        catalog = _catalog(str(catalog_path))
        for t in tasks:
            batches.add(*process_report(t))
            if bar:
                bar.update()
    if bar:
        bar.close()
    figs_cols = FIGURE_COLUMNS + FIGURE_EXTRA
    figures, skipped = batches.tables()
    if figures is None:
        figures = _empty(figs_cols)
    if skipped is None:
        skipped = _empty([*SKIPPED_COLUMNS, "report_id"])
    figures = figures[figs_cols]
    observations = _linked(figures, target=False)
    goals = load_targets(catalog.table(), strict=catalog_path == config.INDICATORS)
    targets = merge_targets(_linked(figures, target=True), goals)
    unlinked = figures[figures["indicator_id"].isna()].copy()
    unlinked = unlinked[UNLINKED_COLUMNS].reset_index(drop=True)
    conflicts = _conflicts(observations, catalog)
    if len(tc := target_conflicts(targets)):
        conflicts = pd.concat(
            [conflicts, tc.astype({"as_of": "datetime64[ns]"})], ignore_index=True
        )
    status = status_table(observations, targets, catalog.table(), figures)
    reports = pd.DataFrame(register) if register else pd.DataFrame(columns=["report_id", "file"])
    return Tables(
        figures=figures,
        observations=observations,
        targets=targets,
        conflicts=conflicts,
        unlinked=unlinked,
        status=status,
        skipped=skipped,
        reports=reports,
        indicators=catalog.table(),
    )


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: queued reports are dropped and running workers are ended."""
    workers = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for w in workers:
        if w.is_alive():
            w.terminate()
    for w in workers:
        w.join(timeout=5)


def _empty(cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})


# -- writing ----------------------------------------------------------------------------------

_FRICTIONLESS_TYPES = {"i": "integer", "f": "number", "b": "boolean", "M": "date"}


def _field_type(s: pd.Series) -> str:
    if str(s.dtype) == "boolean":
        return "boolean"
    return _FRICTIONLESS_TYPES.get(s.dtype.kind, "string")


_WEB_URL = re.compile(r"https?://[^\s\"'<>]+", re.IGNORECASE)


def _datapackage(tables: Tables) -> dict:
    sources = []
    for _, r in tables.reports.iterrows():
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


def write_tables(tables: Tables, out_dir: Path | None = None) -> Path:
    """Write all tables (CSV, Parquet, per-table metadata YAML) and datapackage.json into
    ``out_dir`` atomically: a failure leaves the previous folder untouched."""
    out_dir = Path(out_dir or config.PROCESSED)
    with replaced_atomically(out_dir) as tmp:
        for name in TABLE_NAMES:
            df = tables[name]
            write_csv(df, tmp / f"{name}.csv")  # text cells safe to open in a spreadsheet
            df.to_parquet(tmp / f"{name}.parquet", index=False)
            meta = {
                "table": name,
                "description": TABLE_DOCS[name],
                "rows": len(df),
                "fields": {c: FIELD_DOCS.get(c, c) for c in df.columns},
                "processing": "python -m solieu build (see README.md); do not edit by hand",
            }
            (tmp / f"{name}.meta.yml").write_text(
                yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        (tmp / "datapackage.json").write_text(
            json.dumps(_datapackage(tables), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
    return out_dir


def build(
    out_dir: Path | None = None,
    jobs: int | None = None,
    progress: bool = False,
    reports_dir: Path | None = None,
) -> Tables:
    """Build every table and write them to ``out_dir`` (default data/processed)."""
    recover(Path(out_dir or config.PROCESSED))  # a run killed earlier left it half-swapped
    tables = build_tables(jobs=jobs, progress=progress, reports_dir=reports_dir)
    path = write_tables(tables, out_dir)
    print(
        f"built {config.rel(path)}/: {len(tables.figures)} figures from "
        f"{tables.figures['doc'].nunique()} reports, {len(tables.observations)} observations, "
        f"{len(tables.targets)} targets, {len(tables.unlinked)} unlinked, "
        f"{len(tables.conflicts)} conflicts"
    )
    return tables


# -- loading ----------------------------------------------------------------------------------


def _inputs() -> list[Path]:
    pkg = Path(__file__).resolve().parent
    return [
        config.REPORTS_CSV,
        config.INDICATORS,
        TARGETS_PATH,
        TARGETS_PATH.with_name("targets.schema.json"),
        *config.RAW_REPORTS.glob("*.txt"),
        *pkg.rglob("*.py"),  # the code, subpackages included
        *pkg.glob("data/*"),  # gazetteer, schemas, word lists
        *pkg.rglob("lang/**/*.yml"),  # the lexicons
        *pkg.glob("lang/*.json"),
    ]


def is_stale(out_dir: Path | None = None) -> bool:
    """Are the processed tables missing or older than any of their inputs?"""
    out_dir = Path(out_dir or config.PROCESSED)
    stamp = out_dir / "datapackage.json"
    if not stamp.is_file() or any(not (out_dir / f"{n}.parquet").is_file() for n in TABLE_NAMES):
        return True
    built = stamp.stat().st_mtime
    return any(p.is_file() and p.stat().st_mtime > built for p in _inputs())


def load(rebuild: bool = False, out_dir: Path | None = None) -> Tables:
    """The tables for analysis: read from data/processed, or built in memory from data/raw
    when those files are missing or older than their inputs (nothing is written then)."""
    # one version of the outputs, even if a build replaces them while this reads
    out_dir = Path(out_dir or config.PROCESSED).resolve()
    if rebuild or is_stale(out_dir):
        return build_tables(jobs=1)
    frames = {n: pd.read_parquet(out_dir / f"{n}.parquet") for n in TABLE_NAMES}
    for name, df in frames.items():
        for c in df.columns:
            if df[c].dtype == object or str(df[c].dtype).startswith("str"):
                frames[name][c] = df[c].astype("string")
    register = load_register()
    catalog = _catalog(str(config.INDICATORS))
    return Tables(**frames, reports=pd.DataFrame(register), indicators=catalog.table())

"""Build the tidy tables from data/raw and the indicator catalog; load them for notebooks.

``build()`` writes ``data/processed/`` atomically: every file goes to a temporary folder beside
it, which replaces the old folder only once everything is written, so a failed build leaves the
previous outputs whole. ``load()`` reads those files, or builds in memory when they are missing
or older than their inputs. Each report is extracted by ``report_jobs`` (in worker processes
when there are several); what the tables and fields mean is in ``table_docs``.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .atomic import recover, replaced_atomically
from .corpus import load_register
from .extract import FIGURE_COLUMNS, SKIPPED_COLUMNS
from .indicators import Catalog
from .progress import status_table
from .report_jobs import (
    Batches,
    cached_catalog,
    process_report,
    report_tasks,
    stop_pool,
    worker_init,
)
from .table_docs import CSV_NOTE as CSV_NOTE
from .table_docs import FIELD_DOCS, TABLE_DOCS, TABLE_NAMES, datapackage
from .tables import write_csv
from .targets import (
    CONFLICT_COLUMNS,
    TARGETS_PATH,
    disagreements,
    load_targets,
    merge_targets,
    target_conflicts,
)

__all__ = ["Tables", "TABLE_NAMES", "build", "build_tables", "load", "write_tables"]

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
    tasks = report_tasks(reports_dir, register, catalog_path)
    jobs = jobs or os.cpu_count() or 1
    # Reports' tables are merged in batches as they arrive: a thousand small frames would cost
    # several times the memory of the few large ones they make.
    batches = Batches()
    bar = None
    if progress and len(tasks) > 20:
        from tqdm import tqdm

        bar = tqdm(total=len(tasks), unit="report", disable=None, file=sys.stderr)
    if jobs > 1 and len(tasks) > 1:
        pool = ProcessPoolExecutor(max_workers=jobs, initializer=worker_init)
        try:
            chunk = max(1, min(8, len(tasks) // (jobs * 8)))
            results = pool.map(process_report, tasks, chunksize=chunk)
            # validated while the workers run (importing the validator takes seconds);
            # the workers read the same file without validating it
            catalog = cached_catalog(str(catalog_path))
            for res in results:
                batches.add(*res)
                if bar:
                    bar.update()
        except BaseException:
            stop_pool(pool)
            raise
        pool.shutdown()
    else:
        catalog = cached_catalog(str(catalog_path))
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


def _empty(cols: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})


# -- writing ----------------------------------------------------------------------------------


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
            json.dumps(
                datapackage(tables.reports, {n: tables[n] for n in TABLE_NAMES}),
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
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
    catalog = cached_catalog(str(config.INDICATORS))
    return Tables(**frames, reports=pd.DataFrame(register), indicators=catalog.table())

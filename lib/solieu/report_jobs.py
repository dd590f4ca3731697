"""One report of a build, in this process or in a worker: its figures (with period, as_of and
indicator) and skipped tokens; the list of reports to do; and the worker pool's helpers (workers
that die with the build, a pool stopped at once, results merged in batches)."""

from __future__ import annotations

import datetime as dt
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd

from . import config
from .corpus import ReportReadError, list_reports, read_report
from .errors import SolieuError
from .extract import extract_with_periods
from .indicators import Catalog, link_figures, load_catalog

__all__ = [
    "Batches",
    "cached_catalog",
    "process_report",
    "report_tasks",
    "stop_pool",
    "worker_init",
]


_catalogs: dict[str, tuple[Catalog, bool]] = {}  # path -> (catalog, validated)


def cached_catalog(path: str, validate: bool = True) -> Catalog:
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
    links = link_figures(
        figs, cached_catalog(catalog_path, validate=False)
    )  # checked by the parent
    figs["indicator_id"] = links["indicator_id"]
    figs["measure"] = links["measure"]
    skipped["report_id"] = pd.array([report_id] * len(skipped), "string")
    return figs, skipped


def report_tasks(reports_dir: Path, register: list[dict[str, str]], catalog: Path) -> list[tuple]:
    """One task per report file: its path, its row of the register, the catalog's path."""
    by_file = {r["file"]: r for r in register}
    files = list_reports(reports_dir)
    if not files:  # never replace the outputs with empty tables
        raise SolieuError("no report (.txt file) found", reports_dir)
    present = {p.name for p in files}
    for r in register:
        if r["file"] not in present and reports_dir == config.RAW_REPORTS:
            raise ReportReadError(reports_dir / r["file"], "is listed in reports.csv but missing")
    return [(str(p), by_file.get(p.name, {}), str(catalog)) for p in files]


def worker_init() -> None:
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


class Batches:
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


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: queued reports are dropped and running workers are ended."""
    workers = list(getattr(pool, "_processes", {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for w in workers:
        if w.is_alive():
            w.terminate()
    for w in workers:
        w.join(timeout=5)

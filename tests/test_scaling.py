"""Extraction is a pure function of one document, so it runs per partition on existing engines.

Dask is not a dependency of solieu; this test runs only where Dask is installed.
"""

import pandas as pd
import pytest

import solieu
from solieu.extract import FIGURE_COLUMNS

from .conftest import RAW_REPORTS


def extract_partition(part: pd.DataFrame) -> pd.DataFrame:
    """The function a researcher hands to map_partitions / mapInPandas: (doc, text) -> figures."""
    frames = [solieu.extract(t, doc=d) for d, t in zip(part["doc"], part["text"], strict=True)]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=FIGURE_COLUMNS)


def docs() -> pd.DataFrame:
    from solieu.corpus import read_report

    paths = sorted(RAW_REPORTS.glob("*.txt"))
    return pd.DataFrame({"doc": [p.name for p in paths], "text": [read_report(p) for p in paths]})


def test_partition_function_equals_whole_run():
    d = docs()
    whole = extract_partition(d)
    parts = [extract_partition(d.iloc[:2]), extract_partition(d.iloc[2:])]
    halves = pd.concat(parts, ignore_index=True)
    pd.testing.assert_frame_equal(whole, halves)


def test_dask_local_scheduler():
    dd = pytest.importorskip("dask.dataframe")
    d = docs()
    meta = extract_partition(d.iloc[:0])
    got = dd.from_pandas(d, npartitions=3).map_partitions(extract_partition, meta=meta)
    result = got.compute(scheduler="processes").reset_index(drop=True)
    pd.testing.assert_frame_equal(result, extract_partition(d), check_dtype=False)

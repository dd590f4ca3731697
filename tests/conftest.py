from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
RAW_REPORTS = ROOT / "data" / "raw" / "reports"
SHARED = ROOT.parent / "shared"


def load_gold() -> pd.DataFrame:
    from solieu.score import read_gold

    return read_gold(FIXTURES / "gold_seeds.csv")


@pytest.fixture(scope="session")
def gold() -> pd.DataFrame:
    return load_gold()


@pytest.fixture(scope="session")
def nonfigures() -> pd.DataFrame:
    return pd.read_csv(FIXTURES / "gold_seeds_nonfigures.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def seed_texts() -> dict[str, str]:
    from solieu.corpus import read_report

    return {p.name: read_report(p) for p in sorted(RAW_REPORTS.glob("*.txt"))}


@pytest.fixture(scope="session")
def seed_extraction(seed_texts) -> tuple[pd.DataFrame, pd.DataFrame]:
    from solieu import extract

    figs, skips = [], []
    for name, text in seed_texts.items():
        f, s = extract(text, doc=name, skipped=True)
        figs.append(f)
        skips.append(s)
    return pd.concat(figs, ignore_index=True), pd.concat(skips, ignore_index=True)

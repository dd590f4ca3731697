"""The raw inputs are unchanged and the test fixtures match the shared gold."""

import csv
import filecmp
import hashlib

import pytest

from .conftest import FIXTURES, RAW_REPORTS, ROOT, SHARED


def test_raw_reports_match_their_sha256():
    with open(ROOT / "data" / "raw" / "reports.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["file"] for r in rows} == {p.name for p in RAW_REPORTS.glob("*.txt")}
    for r in rows:
        digest = hashlib.sha256((RAW_REPORTS / r["file"]).read_bytes()).hexdigest()
        assert digest == r["sha256"], f"{r['file']} changed: data/raw is read-only input"


def test_register_has_the_origin_columns():
    with open(ROOT / "data" / "raw" / "reports.csv", encoding="utf-8", newline="") as fh:
        header = next(csv.reader(fh))
    assert header[:11] == [
        "report_id", "file", "title", "outlet", "url", "date_published",
        "event", "event_date", "scope", "language", "sha256",
    ]  # fmt: skip


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared next to this clone")
@pytest.mark.parametrize(
    ("fixture", "shared"),
    [
        ("gold_seeds.csv", "gold/seeds.csv"),
        ("gold_seeds_nonfigures.csv", "gold/seeds_nonfigures.csv"),
    ],
)
def test_fixtures_identical_to_shared(fixture, shared):
    assert filecmp.cmp(FIXTURES / fixture, SHARED / shared, shallow=False)


@pytest.mark.skipif(not SHARED.is_dir(), reason="no ../shared next to this clone")
def test_raw_reports_identical_to_shared_seeds():
    for p in RAW_REPORTS.glob("*.txt"):
        assert filecmp.cmp(p, SHARED / "seeds" / p.name, shallow=False)

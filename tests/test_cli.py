"""The command line: formats, bad inputs, scoring."""

import io
import json
import subprocess
import sys

import pandas as pd
import pytest

from solieu import FIGURE_COLUMNS, SKIPPED_COLUMNS

from .conftest import FIXTURES, RAW_REPORTS


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "solieu", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
    )


@pytest.fixture
def reports(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("Tỉnh đã cấp 1.025.067/1.025.067 thẻ, đạt 100%.", encoding="utf-8")
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffĐạt 21/25 dịch vụ công.".encode())
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"T\xe1\xbb\x89nh \xff\xfe 12%")
    nul = tmp_path / "nul.txt"
    nul.write_bytes("Đạt 5%".encode() + b"\x00abc")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    return {"good": good, "bom": bom, "bad": bad, "nul": nul, "empty": empty}


def test_csv_on_stdout_with_columns(reports):
    r = run("extract", reports["good"])
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout))
    assert list(df.columns) == FIGURE_COLUMNS
    assert list(df["number"]) == ["1.025.067/1.025.067", "100"]
    assert set(df["doc"]) == {"good.txt"}


def test_bom_is_not_part_of_the_text(reports):
    df = pd.read_csv(io.StringIO(run("extract", reports["bom"]).stdout))
    assert df.loc[0, "start"] == 4 and df.loc[0, "number"] == "21/25"


def test_bad_files_are_named_and_the_rest_processed(reports):
    r = run("extract", reports["bad"], reports["nul"], reports["empty"], reports["good"])
    assert r.returncode == 2
    assert "Traceback" not in r.stderr
    lines = r.stderr.splitlines()
    assert (
        f"solieu: error: is not valid UTF-8 (invalid start byte) at byte 7 ({reports['bad']})"
        in lines
    )
    assert (
        f"solieu: error: contains a NUL byte (not a text file?) at byte 9 ({reports['nul']})"
        in lines
    )
    assert len(lines) == 2
    df = pd.read_csv(io.StringIO(r.stdout))
    assert set(df["doc"]) == {"good.txt"}  # the empty file gives no rows, no error


def test_output_formats(tmp_path, reports):
    for ext in ("csv", "parquet", "jsonl"):
        out = tmp_path / f"figs.{ext}"
        r = run("extract", reports["good"], "-o", out)
        assert r.returncode == 0, r.stderr
        if ext == "csv":
            df = pd.read_csv(out)
        elif ext == "parquet":
            df = pd.read_parquet(out)
        else:
            df = pd.DataFrame([json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()])
        assert list(df.columns) == FIGURE_COLUMNS and len(df) == 2
    r = run("extract", reports["good"], "-o", tmp_path / "figs.xlsx")
    assert r.returncode == 2 and "unknown table format" in r.stderr


def test_directory_argument_and_skipped(tmp_path):
    r = run("extract", RAW_REPORTS, "--skipped")
    assert r.returncode == 0, r.stderr
    df = pd.read_csv(io.StringIO(r.stdout))
    assert list(df.columns) == SKIPPED_COLUMNS
    assert df["doc"].nunique() == 5 and len(df) >= 174


def test_score_command():
    r = run("score", FIXTURES / "gold_seeds.csv", RAW_REPORTS, "-v")
    assert r.returncode == 0, r.stderr
    last = r.stdout.strip().splitlines()[-1]
    assert last.startswith("precision=") and "recall=" in last and "scope=" in last
    assert "precision " in r.stdout and "qualifier  accuracy" in r.stdout

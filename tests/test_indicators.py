"""Indicator catalog, linking, periods, tables, data package and atomic builds."""

import datetime as dt
import json
import shutil
import subprocess
import sys

import jsonschema
import pandas as pd
import pytest

from solieu import build as build_mod
from solieu.errors import SolieuError
from solieu.indicators import SCHEMA_PATH, CatalogError, load_catalog

from .conftest import ROOT


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build") / "processed"
    tables = build_mod.build(out_dir=out, jobs=1)
    return tables, out


def test_schema_is_a_valid_json_schema():
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


def test_catalog_loads_and_ids_are_unique():
    cat = load_catalog()
    ids = [i.id for i in cat]
    assert len(ids) == len(set(ids)) >= 60
    assert cat.get("essential_services_online").denominator == 25
    assert cat.get("egov_rank").direction == "lower_is_better"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("unit", "percentage", "entry 2 (broken_entry): unit"),
        ("pillar", "digital_stuff", "entry 2 (broken_entry): pillar"),
        ("direction", "up", "entry 2 (broken_entry): direction"),
        ("colour", "red", "entry 2 (broken_entry)"),
    ],
)
def test_bad_catalog_entry_is_named(tmp_path, field, value, message):
    import yaml

    entries = yaml.safe_load((ROOT / "data" / "indicators.yml").read_text(encoding="utf-8"))[:2]
    entries[1]["id"] = "broken_entry"
    entries[1][field] = value
    bad = tmp_path / "indicators.yml"
    bad.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError) as exc:
        load_catalog(bad)
    assert message in str(exc.value)


def test_duplicate_id_and_bad_reference_are_named(tmp_path):
    import yaml

    entries = yaml.safe_load((ROOT / "data" / "indicators.yml").read_text(encoding="utf-8"))[:2]
    entries[1]["id"] = entries[0]["id"]
    bad = tmp_path / "dup.yml"
    bad.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match="duplicate id"):
        load_catalog(bad)
    entries[1]["id"] = "other"
    entries[1]["denominator_of"] = "no_such_indicator"
    bad.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match="entry 2 \\(other\\).*no_such_indicator"):
        load_catalog(bad)


@pytest.mark.parametrize("jobs", [1, 2])
def test_build_stops_on_a_bad_catalog(tmp_path, jobs):
    """Worker processes read the catalog without validating it; the build validates it once
    (while the workers run) and stops with the entry named."""
    import yaml

    from solieu.build import build_tables

    entries = yaml.safe_load((ROOT / "data" / "indicators.yml").read_text(encoding="utf-8"))
    entries[3]["unit"] = "percentage"
    bad = tmp_path / "indicators.yml"
    bad.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogError, match=f"entry 4 \\({entries[3]['id']}\\): unit"):
        build_tables(jobs=jobs, catalog_path=bad)


def test_gold_figures_link_to_indicators(built, gold):
    tables, _ = built
    g = gold[gold["optional"] == "0"].copy()
    g["start"] = g["start"].astype(int)
    m = g.merge(tables.figures, on=["doc", "start"], how="left", suffixes=("_gold", ""))
    linked = m["indicator_id"].notna()
    share = linked.mean()
    print(
        f"\nnon-optional gold figures linked to an indicator: {linked.sum()}/{len(m)} = {share:.1%}"
    )
    for r in m[~linked].itertuples():
        print("  unlinked:", r.doc, r.number_gold, r.subject_gold)
    assert share >= 0.95


def test_links_of_known_figures(built):
    f = built[0].figures.set_index("figure_id")
    expect = {
        "000_8311bf7b884e87d0.txt:1339": "essential_services_online",
        "001_480d2b77f0b2481f.txt:3144": "dti_rank",
        "001_480d2b77f0b2481f.txt:3234": "public_service_portal_rank",
        "003_b0b016bded06befe.txt:964": "fixed_broadband_speed",
        "003_b0b016bded06befe.txt:981": "fixed_broadband_speed",  # "tăng 32,7%": a change
        "004_89b61983685afa9e.txt:5041": "egov_rank",
    }
    for fid, ind in expect.items():
        assert f.loc[fid, "indicator_id"] == ind, fid
    assert f.loc["003_b0b016bded06befe.txt:981", "measure"] == "change"


# A dozen figures whose period and as_of were checked by hand against the text.
PERIODS = [
    ("003_b0b016bded06befe.txt:964", "2022-H1", "2022-06-30"),  # Trong 6 tháng đầu năm nay
    ("003_b0b016bded06befe.txt:3287", "2022-H1", "2022-06-30"),  # framed by the paragraph
    ("000_8311bf7b884e87d0.txt:1719", "2023-01/2023-02", "2023-02-28"),  # 2 tháng đầu năm 2023
    ("000_8311bf7b884e87d0.txt:2058", "2022", "2022-12-31"),  # Tại BR-VT, năm 2022
    ("000_8311bf7b884e87d0.txt:1339", "", "2023-02-25"),  # đến nay -> report date
    ("001_480d2b77f0b2481f.txt:430", "2023-H1", "2023-06-30"),  # 6 tháng đầu năm (2023)
    ("001_480d2b77f0b2481f.txt:2313", "2023", "2023-12-31"),  # đến cuối năm 2023 (target)
    ("001_480d2b77f0b2481f.txt:3144", "2022", "2022-12-31"),  # DTI năm 2022
    ("002_6248e89abf8ffdb9.txt:2571", "", "2022-12-25"),  # đến nay
    ("002_6248e89abf8ffdb9.txt:7800", "2023-01", "2023-01-31"),  # trong tháng 1/2023 (target)
    ("002_6248e89abf8ffdb9.txt:13413", "2023", "2023-12-31"),  # trong năm 2023 (target)
    ("004_89b61983685afa9e.txt:5041", "2024", "2024-12-31"),  # năm 2024 (target)
    ("004_89b61983685afa9e.txt:6166", "2023", "2023-02-25"),  # năm 2023, still running
]


@pytest.mark.parametrize(("fid", "period", "as_of"), PERIODS)
def test_period_and_as_of(built, fid, period, as_of):
    row = built[0].figures.set_index("figure_id").loc[fid]
    assert (row["period"] if pd.notna(row["period"]) else "") == period
    assert row["as_of"].date() == dt.date.fromisoformat(as_of)


def test_report_date_source_is_marked(built):
    row = built[0].figures.set_index("figure_id").loc["000_8311bf7b884e87d0.txt:1339"]
    assert row["period_source"] == "report_date"


def test_essential_services_25_versus_26_is_a_conflict(built):
    c = built[0].conflicts
    row = c[(c["indicator_id"] == "essential_services_online") & (c["kind"] == "denominator")]
    assert len(row) == 1
    assert "25" in row.iloc[0]["values"] and "26" in row.iloc[0]["values"]


def test_tables_shapes(built):
    t, out = built
    assert len(t.observations) > 60 and len(t.targets) >= 15
    assert set(t.status["status"]) <= set(build_mod.status_table.__globals__["STATUS_LABELS"])
    assert t.observations["share"].dropna().between(-1, 10).all()
    assert not t.observations.duplicated(["report_id", "indicator_id", "value", "as_of"]).any()
    for name in build_mod.TABLE_NAMES:
        assert (out / f"{name}.csv").is_file() and (out / f"{name}.parquet").is_file()
        assert (out / f"{name}.meta.yml").is_file()


def test_frictionless_validates_the_data_package(built):
    _, out = built
    exe = shutil.which("frictionless", path=str(ROOT / ".venv" / "bin")) or shutil.which(
        "frictionless"
    )
    assert exe, "frictionless is not installed (it is in the dev dependencies)"
    r = subprocess.run(
        [exe, "validate", str(out / "datapackage.json")], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]


def test_failed_build_leaves_previous_outputs_intact(built, tmp_path, monkeypatch):
    tables, _ = built
    out = tmp_path / "processed"
    build_mod.write_tables(tables, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    calls = {"n": 0}
    real = pd.DataFrame.to_parquet

    def failing(self, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full (simulated)")
        return real(self, *a, **kw)

    monkeypatch.setattr(pd.DataFrame, "to_parquet", failing)
    with pytest.raises(SolieuError, match=r"cannot write the output: disk full \(simulated\)"):
        build_mod.write_tables(tables, out)
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before
    left = sorted(p.name for p in tmp_path.iterdir())  # no temporary folder left
    assert not [n for n in left if "-tmp-" in n]
    assert "processed" in left


def test_load_builds_in_memory_when_processed_is_missing(tmp_path):
    t = build_mod.load(out_dir=tmp_path / "nothing-here")
    assert len(t.figures) > 100 and not (tmp_path / "nothing-here").exists()
    assert {"observations", "targets", "status", "conflicts"} <= set(dict(t.items()))


def test_load_reads_a_fresh_build(built):
    _, out = built
    t = build_mod.load(out_dir=out)
    assert len(t.figures) == len(built[0].figures)


def test_parallel_build_gives_identical_tables():
    a = build_mod.build_tables(jobs=1)
    b = build_mod.build_tables(jobs=2)
    for name in build_mod.TABLE_NAMES:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_cli_build_writes_tables(tmp_path):
    r = subprocess.run(
        [sys.executable, "-m", "solieu", "build", "--jobs", "1", "--out", str(tmp_path / "p")],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert "figures from 5 reports" in r.stdout
    assert (tmp_path / "p" / "datapackage.json").is_file()

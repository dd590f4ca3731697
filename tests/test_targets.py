"""The register of targets (data/targets.yml): schema, errors that name the entry and key, one
targets table with provenance, conflicts between sources."""

import pandas as pd
import pytest
import yaml

from solieu.errors import SolieuError
from solieu.indicators import load_catalog
from solieu.targets import (
    TARGETS_PATH,
    load_register,
    merge_targets,
    register_table,
    target_conflicts,
)

GOOD = {
    "indicator": "egov_rank",
    "scope": "VN",
    "value": 70,
    "qualifier": ">=",
    "deadline": "2025-12-31",
    "source": {
        "document": "749/QĐ-TTg",
        "date": "2020-06-03",
        "article": "Article 1, section II.1",
        "url": "https://vanban.chinhphu.vn/?docid=200163&pageid=27160",
    },
}


def write(tmp_path, entries):
    p = tmp_path / "targets.yml"
    p.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return p


def test_the_register_is_valid_sourced_and_names_known_indicators():
    ids = set(load_catalog().table()["id"])
    entries = load_register(TARGETS_PATH, indicator_ids=ids)
    assert len(entries) >= 8
    for e in entries:
        assert e["source"]["url"].startswith(("https://", "http://"))
        assert e["source"]["document"] and e["source"]["article"]
    assert len({e["source"]["document"] for e in entries}) >= 3


@pytest.mark.parametrize(
    ("change", "key"),
    [
        ({"value": "seventy"}, "value"),
        ({"qualifier": "about"}, "qualifier"),
        ({"deadline": "end of 2025"}, "deadline"),
        ({"source": {**GOOD["source"], "url": "vanban.chinhphu.vn"}}, "source/url"),
        ({"source": {k: v for k, v in GOOD["source"].items() if k != "article"}}, "source"),
        ({"colour": "red"}, "(entry)"),
    ],
)
def test_a_bad_entry_is_named_with_its_key(tmp_path, change, key):
    p = write(tmp_path, [GOOD, {**GOOD, **change}])
    with pytest.raises(SolieuError) as err:
        load_register(p)
    msg = str(err.value)
    assert "entry 2 (egov_rank)" in msg and f"{key}:" in msg and "targets.yml" in msg


def test_unknown_indicator_deadline_before_document_and_duplicates_are_errors(tmp_path):
    with pytest.raises(SolieuError, match="entry 1 .*not in the catalog"):
        load_register(write(tmp_path, [{**GOOD, "indicator": "no_such"}]), indicator_ids={"x"})
    with pytest.raises(SolieuError, match="deadline: 2019-12-31 is not after"):
        load_register(write(tmp_path, [{**GOOD, "deadline": "2019-12-31"}]))
    with pytest.raises(SolieuError, match="entry 2 .*twice"):
        load_register(write(tmp_path, [GOOD, GOOD]))
    with pytest.raises(SolieuError, match="not valid YAML"):
        load_register(_bad_yaml(tmp_path))


def _bad_yaml(tmp_path):
    p = tmp_path / "bad.yml"
    p.write_text("- indicator: [unclosed\n", encoding="utf-8")
    return p


def test_one_table_with_provenance_and_conflicts_between_sources():
    cat = load_catalog().table()
    reg = register_table([GOOD, {**GOOD, "indicator": "digital_economy_share_gdp", "value": 20,
                                 "qualifier": "="}], cat)  # fmt: skip
    extracted = pd.DataFrame(
        {
            "indicator_id": ["egov_rank"],
            "scope": ["VN"],
            "period": ["2025"],
            "target_date": [pd.Timestamp("2025-12-31")],
            "value": [50.0],
            "denominator": [None],
            "share": [None],
            "unit": ["rank"],
            "qualifier": [">="],
            "measure": ["level"],
            "report_id": ["009"],
            "figure_id": ["009_x.txt:10"],
            "number": ["50"],
            "subject": [""],
            "sentence": ["(a sentence of the report)"],
        }
    )
    both = merge_targets(extracted, reg)
    assert list(both["source_kind"]) == ["report", "register", "register"]
    assert both.loc[0, "source"] == "009"
    assert both.loc[1, "source"] == "749/QĐ-TTg of 2020-06-03"
    assert both.loc[1, "url"].startswith("https://")
    conflicts = target_conflicts(both)
    assert list(conflicts["indicator_id"]) == ["egov_rank"]
    assert conflicts.loc[0, "kind"] == "target" and "749/QĐ-TTg" in conflicts.loc[0, "values"]


def test_the_build_merges_the_register_into_targets():
    from solieu import load

    t = load()
    reg = t.targets[t.targets["source_kind"] == "register"]
    assert len(reg) >= 8 and reg["url"].notna().all()
    assert (t.targets["source_kind"] == "report").sum() >= 1


def test_most_national_headline_indicators_can_be_judged():
    # the analysis promise: at least 70 % of the scorecard's national indicators have a target
    # (register or report) or a natural total, each traceable to a document or a sentence
    from solieu import load, views

    t = load()
    n, with_goal, _ = views.judged_share(t)
    assert with_goal / n >= 0.70, (with_goal, n)
    card = views.scorecard(t).set_index("indicator_id")
    assert card.at["fixed_broadband_speed", "goal"].endswith("(36/QĐ-TTg of 2024-01-11)")

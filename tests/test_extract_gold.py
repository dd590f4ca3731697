"""The extractor against the gold annotation of the five seed reports (docs/FIGURES.md)."""

import re

from solieu import score

THRESHOLDS = {
    "precision": 0.98,
    "recall": 0.98,
    "unit": 0.97,
    "qualifier": 0.97,
    "is_change": 0.97,
    "is_target": 0.95,
    "scope": 0.95,
}


def test_seed_gold_scores(seed_extraction, gold):
    figs, _ = seed_extraction
    sc = score(figs, gold)
    print("\nseed gold:", sc.summary())
    for m in sc.misses:
        print("  miss", m)
    for m in sc.extras:
        print("  extra", m)
    for w in sc.wrong:
        print("  wrong", w)
    got = sc.as_dict()
    low = {k: round(got[k], 3) for k, t in THRESHOLDS.items() if got[k] < t}
    assert not low, f"below threshold: {low} ({sc.summary()})"


def test_every_nonfigure_is_skipped_with_its_reason(seed_extraction, nonfigures):
    _, skipped = seed_extraction
    found = same = 0
    lost = []
    for r in nonfigures.itertuples():
        st = int(r.start)
        en = st + len(r.token)
        hit = skipped[(skipped.doc == r.doc) & (skipped.start < en) & (skipped.end > st)]
        if len(hit):
            found += 1
            same += bool((hit.reason == r.reason).any())
        else:
            lost.append((r.doc, r.token, st, r.reason))
    share = same / len(nonfigures)
    print(f"\nnon-figures skipped {found}/{len(nonfigures)}, same reason {same} ({share:.1%})")
    assert not lost, f"non-figures not in the skipped list: {lost}"
    assert share >= 0.90


def test_figures_and_skipped_cover_every_digit_run_once(seed_texts, seed_extraction):
    figs, skipped = seed_extraction
    total = 0
    for doc, text in seed_texts.items():
        spans = [(r.start, r.end) for r in figs[figs.doc == doc].itertuples()]
        spans += [(r.start, r.end) for r in skipped[skipped.doc == doc].itertuples()]
        for m in re.finditer(r"\d+", text):
            total += 1
            inside = [s for s in spans if s[0] <= m.start() and m.end() <= s[1]]
            cut = [s for s in spans if s[0] < m.end() and m.start() < s[1] and s not in inside]
            assert len(inside) == 1, (doc, m.group(), m.start(), inside)
            assert not cut, (doc, m.group(), m.start(), cut)
    print(f"\n{total} digit runs covered exactly once")


def test_columns_and_types(seed_extraction):
    from solieu import FIGURE_COLUMNS

    figs, _ = seed_extraction
    assert list(figs.columns) == FIGURE_COLUMNS
    assert str(figs["value"].dtype) == "float64"
    assert str(figs["is_target"].dtype) == "boolean"
    assert figs["figure_id"].is_unique


def test_offsets_point_at_the_number(seed_texts, seed_extraction):
    figs, skipped = seed_extraction
    for r in figs.itertuples():
        text = seed_texts[r.doc]
        assert text[r.start : r.end] == r.number
        assert text[r.sentence_start : r.sentence_start + len(r.sentence)] == r.sentence
        assert r.sentence_start <= r.start < r.end <= r.sentence_start + len(r.sentence)
    for r in skipped.itertuples():
        assert seed_texts[r.doc][r.start : r.end] == r.token

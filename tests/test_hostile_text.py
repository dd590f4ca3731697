"""Hostile text: over-long "sentences", numbers grouped by odd spaces, invisible characters.

Every figure carries a bounded quote of its sentence, so cost stays linear in the input
whatever the text (a table flattened out of a PDF is one line of thousands of numbers)."""

import pytest

from solieu import extract
from solieu.context import MAX_SENTENCE, DocContext
from solieu.extract import CUT_MARK, MAX_QUOTE


def _table_line(rows: int) -> str:
    # one line, no full stop: "1 Hà Nội 10,5 100.123 2 Hà Nội 11,5 ..." as PDFs flatten tables
    return " ".join(f"{i} Hà Nội {i % 90},5 {100 + i % 900}.{i % 1000:03d}" for i in range(rows))


@pytest.mark.parametrize(
    "text",
    [
        _table_line(3000),
        "đạt 12,5% tăng 3 lần " * 4000,
        "Tỉnh có " + ", ".join(f"xã số {i} đạt {i % 97} điểm" for i in range(2000)) + ".",
    ],
    ids=["flattened-table", "repeated-clauses", "list-without-stops"],
)
def test_sentence_of_a_figure_is_bounded(text):
    figs = extract(text)
    assert len(figs) > 1000
    lengths = figs["sentence"].str.len()
    assert lengths.max() <= MAX_QUOTE
    # quotes of one long line are shared windows, not one copy per figure
    assert figs["sentence"].nunique() < len(figs) / 10
    # a cut is marked, and offsets still hold: the number sits at start - sentence_start
    assert figs["sentence"].str.contains(CUT_MARK, regex=False).all()
    for r in figs.sample(200, random_state=1).itertuples():
        i = r.start - r.sentence_start
        assert r.sentence[i : i + len(r.number)] == r.number
        body = r.sentence.strip(CUT_MARK)
        offset = r.sentence_start + (1 if r.sentence.startswith(CUT_MARK) else 0)
        assert text[offset : offset + len(body)] == body


def test_ordinary_sentences_are_quoted_whole():
    text = "Mở đầu.\nĐến nay, tỷ lệ hồ sơ trực tuyến đạt 45,2%, tăng 3 lần so với năm 2022."
    figs = extract(text)
    assert set(figs["sentence"]) == {text.splitlines()[1]}
    assert CUT_MARK not in figs["sentence"].iloc[0]


@pytest.mark.parametrize(
    ("text", "boundary"),
    [
        ("Phấn đấu " + "; ".join(f"mục {i} có {i + 10} hồ sơ" for i in range(1500)), ";"),
        (" | ".join(f"Xã {i} | {i % 50},5 | {i}" for i in range(1500)), "|"),
        ("Có " + ", ".join(f"xã {i} đạt {i % 90},5 điểm" for i in range(1500)), ","),
        (_table_line(1500), " "),
    ],
    ids=["semicolons", "table-cells", "commas", "spaces-only"],
)
def test_overlong_run_is_read_in_pieces_cut_at_boundaries(text, boundary):
    # the rules read a sentence at a time: a run far longer than any real sentence is cut at
    # its clause or list boundaries into pieces of bounded length, never inside a number
    ctx = DocContext.build(text)
    pieces = ctx.sentences
    assert len(pieces) > 1
    assert max(p.end - p.start for p in pieces) <= MAX_SENTENCE
    for p in pieces[:-1]:
        assert text[p.end - 1] == boundary or text[p.end] == boundary
    figs = extract(text)
    assert (figs["number"] == figs.apply(lambda r: text[r.start : r.end], axis=1)).all()


@pytest.mark.parametrize("space", ["\u00a0", "\u202f", "\u2009"])
def test_number_grouped_by_no_break_spaces_is_one_number(space):
    number = f"1{space}025{space}067"
    figs = extract(f"Có {number} người dân đã kích hoạt tài khoản.")
    assert list(figs["number"]) == [number]
    assert list(figs["value"]) == [1025067]


def test_ordinary_space_between_numbers_still_separates_them():
    figs, skipped = extract("Năm 2023 150 hồ sơ được giải quyết.", skipped=True)
    assert list(figs["value"]) == [150]


@pytest.mark.parametrize("mark", ["\ufeff", "\u200b", "\u2060"])
def test_invisible_character_inside_a_number_does_not_split_it(mark):
    figs, skipped = extract(f"Đã cấp 1.0{mark}25.067 thẻ và đạt 12{mark},5%.", skipped=True)
    assert list(figs["value"]) == [1025067, 12.5]
    assert skipped.empty

"""The fast scans of extraction find exactly what the plain patterns find."""

from __future__ import annotations

import re

from solieu.lang import alternation, first_letter_alternation, load_lexicon
from solieu.segment import _CLAUSE_SCAN, _CLAUSE_WORD
from solieu.text import scan_matches
from solieu.time import _FUTURE_LEAD, _FUTURE_YEAR

_LEX = load_lexicon()
_SAMPLES = [
    "doanh thu tăng thêm",
    "Tăng trưởng",
    "giảm gấp",
    "ít hơn khoảng",
    "tổng số hồ sơ tăng",
    "chỉ tiêu đạt và vượt",
    "không ít hơn",
    "Ước đạt",
    "mức độ",
    "Tổ dân phố",
    "khu vực",
    "nằm ở tầng",
    "Tier",
    "phiên bản ",
    "chưa tới mức",
    "x" * 30,
    "",
]


def test_words_grouped_by_first_letter_match_as_the_plain_alternation() -> None:
    lists = [
        list(_LEX["qualifiers"]),
        _LEX["change"]["verbs"],
        _LEX["skip"]["label_before"] + _LEX["skip"]["name_heads"],
        _LEX["skip"]["year_after_names"],
    ]
    for words in lists:
        for flags in (re.I, 0):
            grouped = re.compile(
                rf"\b(?P<w>{first_letter_alternation(words, flags & re.I)})\s*$", flags
            )
            plain = re.compile(rf"\b(?P<w>{alternation(words)})\s*$", flags)
            for head in _SAMPLES:
                for w in words:
                    for text in (f"{head} {w}", f"{head} {w.upper()} ", w.capitalize()):
                        a, b = plain.search(text), grouped.search(text)
                        assert (a and (a.span(), a.group("w"))) == (
                            b and (b.span(), b.group("w"))
                        ), (text, flags)
            assert grouped.pattern.count("|") <= plain.pattern.count("|")


def test_a_phrase_with_a_placeholder_is_joined_plainly() -> None:
    got = first_letter_alternation(["quý {roman}", "quý"])
    assert re.fullmatch(got, "quý IV") and re.fullmatch(got, "quý")


def test_scan_matches_finds_what_finditer_finds() -> None:
    texts = [
        "đến năm 2030 và tháng 12/2025, năm 2024 - cuối năm 2026; trong năm 2025",
        "đến hết năm 2027 đến cuối năm 2028 hết năm 2029 tháng 3/2031 năm năm 2020",
        "Trong khi đó, doanh thu tăng; còn chi phí giảm, nhưng vẫn cao trong khi",
        "năm",
        "",
    ]
    for text in texts:
        low = text.lower()
        want = [(m.span(), m.groups()) for m in _FUTURE_YEAR.finditer(low)]
        got = [(m.span(), m.groups()) for m in scan_matches(_FUTURE_YEAR, _FUTURE_LEAD, low)]
        assert got == want
        for a in range(0, len(text), 7):
            want = [(m.span(), m.lastgroup) for m in _CLAUSE_WORD.finditer(text, a)]
            got = [(m.span(), _CLAUSE_WORD.match(text, m.start()).lastgroup) for m in
                   _CLAUSE_SCAN.finditer(text, a)]  # fmt: skip
            assert got == want

"""Properties that must hold on any text."""

import re
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solieu import extract
from solieu.extract import normalise_text

# Text made of the pieces reports are made of: Vietnamese words, cue words, numerals in every
# format, separators and odd characters.
PIECES = st.sampled_from(
    [
        "đạt",
        "tăng",
        "giảm",
        "gấp",
        "lần",
        "trên",
        "hơn",
        "khoảng",
        "ít nhất",
        "dưới",
        "phấn đấu",
        "mục tiêu",
        "năm",
        "tháng",
        "ngày",
        "quý",
        "thứ",
        "xếp thứ",
        "số",
        "Đề án",
        "Quyết định số",
        "tỉnh",
        "Bắc Ninh",
        "TP HCM",
        "cả nước",
        "điểm cầu",
        "triệu",
        "tỷ",
        "nghìn",
        "nghìn tỷ",
        "đồng",
        "%",
        " %",
        "Mbps",
        "tuổi",
        "dân",
        "1.025.067",
        "71,79",
        "08",
        "2.5",
        "21/25",
        "25/2",
        "1/2023",
        "25/12/2022",
        "07:49:53",
        "14h30",
        "422/QĐ-TTg",
        "IPv6",
        "4G",
        "-0",
        "2022-2025",
        "4.0",
        "1.000",
        ".",
        ",",
        ";",
        ":",
        "(",
        ")",
        "…",
        "\n",
        "\n\n",
        " ",
        "\u00a0",
        "\ufeff",
        "“",
        "”",
    ]
)
TEXTS = st.one_of(
    st.lists(st.one_of(PIECES, st.integers(0, 10**7).map(str)), max_size=40).map(" ".join),
    st.lists(st.one_of(PIECES, st.integers(0, 999).map(str)), max_size=40).map("".join),
    st.text(max_size=200),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXTS)
def test_never_raises_and_offsets_hold(text):
    figs, skipped = extract(text, doc="t", skipped=True)
    nfc = normalise_text(text)  # NFC, zero-width characters removed
    for r in figs.itertuples():
        assert nfc[r.start : r.end] == r.number
    for r in skipped.itertuples():
        assert nfc[r.start : r.end] == r.token
    # figures plus skipped cover every ASCII digit run exactly once
    spans = [(r.start, r.end) for r in figs.itertuples()]
    spans += [(r.start, r.end) for r in skipped.itertuples()]
    for m in re.finditer(r"[0-9]+", nfc):
        inside = [s for s in spans if s[0] <= m.start() and m.end() <= s[1]]
        assert len(inside) == 1, (m.group(), m.start(), inside)


@settings(max_examples=150, deadline=None)
@given(TEXTS)
def test_nfd_input_gives_the_same_figures(text):
    a = extract(unicodedata.normalize("NFC", text), doc="t")
    b = extract(unicodedata.normalize("NFD", text), doc="t")
    assert a.equals(b)


def test_nfd_seed_report_gives_the_same_figures(seed_texts):
    name, text = next(iter(seed_texts.items()))
    a = extract(text, doc=name)
    b = extract(unicodedata.normalize("NFD", text), doc=name)
    assert len(a) > 10 and a.equals(b)

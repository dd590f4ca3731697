"""A long text is read in pieces of whole paragraphs (memory stays bounded); the result must be
exactly that of reading it in one pass, whatever the piece size."""

from __future__ import annotations

import importlib

import pandas as pd
import pytest

extract_module = importlib.import_module("solieu.extract")

# Paragraph-crossing cases written for this test: a province named in one paragraph and
# referred back to as "tỉnh" several paragraphs later, back-reference sentences ("Trong đó")
# that continue the goal of the paragraphs before (a chain of two), a caption repeated across
# the text, odd spaces, a year range broken over a line, a per-1,000 figure and its "1.000".
CROSSING = """Bắc Ninh: chuyển đổi số năm 2024

Sáng 12/3/2024, UBND tỉnh Bắc Ninh tổ chức hội nghị triển khai Đề án 06.

Ảnh minh họa -0

Đến nay, tỉnh đã cấp 1.250.000 tài khoản định danh điện tử mức 2, đạt 92,5% dân số.

Phấn đấu đến hết năm 2025, 100% hồ sơ được số hóa.
Trong đó, 80% thủ tục được giải quyết trực tuyến toàn trình.
Trong đó, 60% thủ tục thu phí trực tuyến.

Ảnh minh họa -0

Tốc độ mạng di động đạt 45,6\u00a0Mbps, tăng 12\u00a0% so với năm 2023; xếp thứ 5/63 cả nước.
Giai đoạn 2021 -
2025 có 21/25 chỉ tiêu đạt và vượt kế hoạch.
Cả nước có 63/63 tỉnh kết nối; tỉnh có 3.200 doanh nghiệp số, 0,69 doanh nghiệp trên 1.000 dân.
"""


def _read(text: str, piece_chars: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    figs, skipped, _ = extract_module._extract_frames(
        text, "t.txt", None, periods=True, piece_chars=piece_chars
    )
    return figs, skipped


@pytest.mark.parametrize("piece_chars", [1, 40, 300, 5000])
def test_pieces_give_the_one_pass_result_on_seeds(seed_texts, piece_chars):
    for name, text in seed_texts.items():
        whole = _read(text, 1 << 30)
        split = _read(text, piece_chars)
        pd.testing.assert_frame_equal(whole[0], split[0], obj=f"{name} figures")
        pd.testing.assert_frame_equal(whole[1], split[1], obj=f"{name} skipped")


@pytest.mark.parametrize("piece_chars", [1, 25, 120])
def test_pieces_give_the_one_pass_result_across_paragraphs(piece_chars):
    whole = _read(CROSSING, 1 << 30)
    split = _read(CROSSING, piece_chars)
    pd.testing.assert_frame_equal(whole[0], split[0])
    pd.testing.assert_frame_equal(whole[1], split[1])
    figs = whole[0].set_index("number")
    # the cases above do what they are meant to, so that the comparison means something
    assert figs.loc["1.250.000", "scope"] == "Bắc Ninh"
    assert figs.loc["100", "period"] == "2025"
    assert figs.loc["80", "is_target"]  # "Trong đó" continues the goal of the paragraph before
    assert figs.loc["60", "is_target"]  # ... and of the one before that
    assert figs.loc["63/63", "scope"] == "VN"
    assert figs.loc["45,6", "unit"] == "Mbps"
    assert "year_or_period" in set(whole[1]["reason"])
    assert (whole[1]["reason"] == "artefact").sum() == 2
    assert "unit_part" in set(whole[1]["reason"])


def test_pieces_reach_past_long_runs_of_blank_lines():
    text = CROSSING.replace("\n\n", "\n" + "\n" * 5000 + " \t\n")
    whole = _read(text, 1 << 30)
    split = _read(text, 60)
    pd.testing.assert_frame_equal(whole[0], split[0])
    pd.testing.assert_frame_equal(whole[1], split[1])


def test_every_digit_run_is_covered_once_when_read_in_pieces():
    figs, skipped = _read(CROSSING * 3, 50)
    spans = sorted(
        [
            *zip(figs["start"], figs["end"], strict=True),
            *zip(skipped["start"], skipped["end"], strict=True),
        ]
    )
    for (a, b), (c, _d) in zip(spans, spans[1:], strict=False):
        assert b <= c, f"overlapping tokens at {a}:{b} and {c}"
    covered = {i for a, b in spans for i in range(a, b)}
    text = CROSSING * 3
    digits = {i for i, ch in enumerate(text) if ch.isdigit()}
    assert digits <= covered

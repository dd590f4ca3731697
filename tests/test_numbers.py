from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from solieu.numbers import NumberParseError, format_vi, parse_number, parse_numeral

CASES = [
    # (as written, value, denominator)
    ("1.025.067", Decimal("1025067"), None),
    ("71,79", Decimal("71.79"), None),
    ("0,69", Decimal("0.69"), None),
    ("08", Decimal("8"), None),
    ("2.5", Decimal("2.5"), None),  # a dot not followed by three digits is a decimal mark
    ("1.000", Decimal("1000"), None),
    ("67.300", Decimal("67300"), None),
    ("1,5 triệu", Decimal("1500000"), None),
    ("1.418 tỷ", Decimal("1418000000000"), None),
    ("1.600 tỷ", Decimal("1600000000000"), None),
    ("136 nghìn", Decimal("136000"), None),
    ("136 ngàn", Decimal("136000"), None),
    ("3 tỉ", Decimal("3000000000"), None),
    ("2 nghìn tỷ", Decimal("2000000000000"), None),
    ("1,5\u00a0triệu", Decimal("1500000"), None),  # NBSP before the scale word
    ("21/25", Decimal("21"), Decimal("25")),
    ("1.025.067/1.025.067", Decimal("1025067"), Decimal("1025067")),
    ("74,2", Decimal("74.2"), None),
]


@pytest.mark.parametrize(("written", "value", "den"), CASES)
def test_parse_number_table(written, value, den):
    v, d = parse_number(written)
    assert v == value
    assert d == den


def test_percent_with_space_is_found_by_extract():
    from solieu import extract

    df = extract("Tỷ lệ hồ sơ trực tuyến đạt 74,2 % trong năm.")
    assert list(df["number"]) == ["74,2"]
    assert df.loc[0, "unit"] == "percent" and df.loc[0, "value"] == pytest.approx(74.2)


def test_nbsp_before_scale_word_in_text():
    from solieu import extract

    text = "Đã cấp hơn 1,5\u00a0triệu thẻ căn cước."
    df = extract(text)
    assert df.loc[0, "value"] == 1_500_000
    assert text[df.loc[0, "start"] : df.loc[0, "end"]] == df.loc[0, "number"]


@pytest.mark.parametrize("bad", ["", "abc", "1,2,3", "1..2", "1.2.3"])
def test_parse_numeral_rejects(bad):
    with pytest.raises(NumberParseError):
        parse_numeral(bad)


@given(
    st.decimals(
        min_value=Decimal("-1e15"), max_value=Decimal("1e15"), allow_nan=False, places=None
    ).filter(lambda d: d.is_finite())
)
def test_format_then_parse_round_trips(d):
    d = d.normalize() if d != 0 else Decimal(0)
    text = format_vi(d)
    sign = -1 if text.startswith("-") else 1
    back = parse_numeral(text.lstrip("-")) * sign
    assert back == d


@given(st.integers(min_value=0, max_value=10**12), st.integers(min_value=0, max_value=4))
def test_format_with_decimals_round_trips(n, places):
    d = Decimal(n) / (Decimal(10) ** places)
    assert parse_numeral(format_vi(d)) == d


def test_format_examples():
    assert format_vi(1025067) == "1.025.067"
    assert format_vi(Decimal("71.79")) == "71,79"
    assert format_vi(Decimal("0.69")) == "0,69"
    assert format_vi(Decimal("-3.1")) == "-3,1"

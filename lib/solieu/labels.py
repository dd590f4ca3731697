"""Values and dates as a reader sees them, with their qualifier, unit and time.

Every place that shows a value (tables, chart labels, alt text, prose) goes through
:func:`value_label`, so that "trên 78 triệu" is never shown as a bare "78 million":

>>> value_label(78e6, "count", ">")
'over 78 million'
>>> value_label(80, "percent", ">=")
'at least 80%'
>>> value_label(1.5, "times", "~")
'about 1.5 times'
>>> value_label(21, "count", "=", denominator=25)
'21 of 25'
>>> value_label(1.6e9, "USD")
'$1.6 billion'
>>> value_label(0.6418, "index")
'0.6418'
>>> value_label(-2, "rank", is_change=True)
'−2 places'
>>> value_label(32.7, "percent", is_change=True)
'+32.7%'
"""

from __future__ import annotations

import math

import pandas as pd

__all__ = [
    "BOUNDS",
    "QUALIFIER_WORDS",
    "date_label",
    "is_bound",
    "is_missing",
    "number_label",
    "ordinal",
    "value_label",
]

# qualifier code (figures.qualifier) -> the words a reader sees before the value
QUALIFIER_WORDS = {
    "=": "",
    "": "",
    ">": "over",
    ">=": "at least",
    "<": "below",
    "<=": "at most",
    "~": "about",
}
# qualifiers that make a value a bound, not a level: never drawn or summed as a level
BOUNDS = frozenset({">", ">=", "<", "<="})


def is_missing(v: object) -> bool:
    """None, NaN, NaT or pandas NA."""
    if v is None:
        return True
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def is_bound(qualifier: object) -> bool:
    """Is a value with this qualifier a bound ("over", "below", "at least") rather than a level?"""
    return not is_missing(qualifier) and str(qualifier) in BOUNDS


def _num(v: float, places: int = 2) -> str:
    v = float(v)
    if v.is_integer():
        return f"{v:,.0f}"
    return f"{v:,.{places}f}".rstrip("0").rstrip(".")


def _big(v: float) -> str:
    """'78 million', '1.418 trillion'; a number that would lose digits stays in full."""
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(v) >= size and math.isclose(round(v / size, 3) * size, v, rel_tol=1e-12):
            return f"{_num(v / size, 3)} {word}"
    return _num(v)


def ordinal(v: float) -> str:
    """1st, 2nd, 3rd, 86th."""
    n = int(v)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def number_label(
    value: float, unit: str, denominator: float | None = None, is_change: bool = False
) -> str:
    """The value with its unit, without qualifier: '21 of 25', '45.7%', '78 million', '86th';
    a change (``is_change``) carries its sign: '+7 places', '−2 places', '+32.7%', '−3.1%'
    (a multiplier, '5 times', has none)."""
    if is_missing(value):
        return "–"
    if unit == "rank" and is_change:
        n = abs(int(value))
        return f"{'−' if value < 0 else '+'}{n} place{'' if n == 1 else 's'}"
    if is_change and unit != "times":  # a multiplier ("5 times") needs no sign
        sign = "−" if value < 0 else "+"
        return sign + number_label(abs(value), unit, denominator)
    if not is_missing(denominator):
        if unit == "rank":
            return f"{ordinal(value)} of {denominator:,.0f}"
        return f"{_big(value)} of {_big(denominator)}"
    if unit == "percent":
        return f"{_num(value)}%"
    if unit == "rank":
        return ordinal(value)
    if unit == "times":
        return f"{_num(value)} times"
    if unit == "Mbps":
        return f"{_num(value)} Mbps"
    if unit == "per_1000_people":
        return f"{_num(value)} per 1,000 people"
    if unit == "VND":
        return f"{_big(value)} VND"
    if unit == "USD":
        return f"{'−' if value < 0 else ''}${_big(abs(value))}"
    if unit == "index":
        return _num(value, 4)
    if unit == "per_person":
        return f"{_num(value)} per person"
    return _big(value)


def value_label(
    value: float,
    unit: str,
    qualifier: str | None = "=",
    denominator: float | None = None,
    is_change: bool = False,
) -> str:
    """A value for readers WITH its qualifier: 'over 78 million', 'at least 80%', 'about 1.5 times',
    'below 70%', '21 of 25'. Ranks read as places: 'at least' a rank is 'Nth or better'."""
    text = number_label(value, unit, denominator, is_change)
    if text == "–" or is_missing(qualifier):
        return text
    q = str(qualifier)
    if unit == "rank" and q in (">=", "<="):
        # a rank "at least 70" (ít nhất … 70) is 70th place or better
        return f"{text} or {'better' if q == '>=' else 'worse'}"
    word = QUALIFIER_WORDS.get(q, q)
    return f"{word} {text}" if word else text


def date_label(when: object, period: object = None, time_source: str = "period") -> str:
    """'2022-H1' (the period the text names) or 'as reported on 2023-02-25' (no period given)."""
    if time_source == "period" and not is_missing(period) and str(period):
        return str(period)
    if is_missing(when):
        return "undated"
    return "as reported on " + pd.Timestamp(when).strftime("%Y-%m-%d")


def figure_anchor(figure_id: str) -> str:
    """Id of a figure's anchor on its report's page: 'f' and its character offset."""
    return "f" + str(figure_id).rsplit(":", 1)[-1]


def evidence_link(report_id: str, figure_id: str, prefix: str = "../") -> str:
    """Where a figure's sentence is shown on the site, from a page one folder deep."""
    return f"{prefix}sources/{report_id}.html#{figure_anchor(figure_id)}"

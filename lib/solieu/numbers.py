"""Vietnamese (vi-VN) numerals: parse and format.

Conventions (docs/FIGURES.md):
- ``.`` groups thousands and ``,`` is the decimal mark: ``1.025.067`` = 1025067, ``71,79`` = 71.79.
- A dot followed by exactly three digits is a thousands group; any other dot between digits is
  a decimal mark (``2.5`` = 2.5), as careless writers use it.
- Scale words multiply: nghìn/ngàn 10**3, triệu 10**6, tỷ/tỉ 10**9, nghìn tỷ 10**12.
- Leading zeros are dropped in the value (``08`` -> 8).
- ``a/b`` is one figure with a denominator.
"""

from __future__ import annotations

import re
from decimal import Decimal

from .lang import load_lexicon
from .text import ODD_SPACES, ZERO_WIDTH

__all__ = [
    "SCALE_WORDS",
    "NumberParseError",
    "format_vi",
    "parse_numeral",
    "parse_number",
]

#: Scale words and their multipliers; compound forms first so that the longest wins (the
#: lexicon's ``scale`` role, which gives powers of ten).
SCALE_WORDS: dict[str, int] = {w: 10**p for w, p in load_lexicon()["scale"].items()}

_SPACES = re.compile(f"[\\s{ODD_SPACES}{ZERO_WIDTH}]+")
_PLAIN = re.compile(r"\d+")
_GROUPED = re.compile(r"(\d{1,3}(?:\.\d{3})+)(?:,(\d+))?")
_COMMA_DECIMAL = re.compile(r"(\d+),(\d+)")
_DOT_DECIMAL = re.compile(r"(\d+)\.(\d+)")
_SCALED = re.compile(r"(.+?)\s+(" + "|".join(SCALE_WORDS) + r")", re.IGNORECASE)


class NumberParseError(ValueError):
    """Raised when a string is not a vi-VN numeral."""


def parse_numeral(s: str) -> Decimal:
    """Parse one vi-VN numeral without scale word: ``1.025.067``, ``71,79``, ``08``, ``2.5``."""
    s = s.strip()
    if _PLAIN.fullmatch(s):
        return Decimal(s)
    m = _GROUPED.fullmatch(s)
    if m:
        whole = m.group(1).replace(".", "")
        return Decimal(whole + ("." + m.group(2) if m.group(2) else ""))
    m = _COMMA_DECIMAL.fullmatch(s)
    if m:
        return Decimal(f"{m.group(1)}.{m.group(2)}")
    m = _DOT_DECIMAL.fullmatch(s)
    if m:
        return Decimal(s)
    raise NumberParseError(f"not a vi-VN numeral: {s!r}")


def parse_number(number: str) -> tuple[Decimal, Decimal | None]:
    """Parse a figure's ``number`` as written (scale word included) into (value, denominator).

    >>> parse_number("1,5 triệu")
    (Decimal('1500000.0'), None)
    >>> parse_number("21/25")
    (Decimal('21'), Decimal('25'))
    """
    if number.isdecimal():  # the common case: digits only
        return Decimal(number), None
    s = _SPACES.sub(" ", number).strip()
    scale = 1
    m = _SCALED.fullmatch(s)
    if m:
        s, scale = m.group(1), SCALE_WORDS[m.group(2).lower()]
    if "/" in s:
        a, _, b = s.partition("/")
        return parse_numeral(a) * scale, parse_numeral(b)
    return parse_numeral(s) * scale, None


def format_vi(value: Decimal | int | float | str, decimals: int | None = None) -> str:
    """Format a number the vi-VN way: ``.`` between thousands, ``,`` before decimals.

    ``decimals=None`` keeps exactly the digits of ``value`` (a Decimal or its string);
    floats are formatted with ``repr`` precision.
    """
    d = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if decimals is not None:
        d = round(d, decimals)
    sign = "-" if d < 0 else ""
    text = format(abs(d), "f")
    whole, _, frac = text.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    out = ".".join(groups)
    if frac:
        out += "," + frac
    return sign + out

"""Units of a figure, defined once (the lexicon's ``units`` role): their names, the words that
give them right after a number, and the one pattern that finds which of them follows.

:data:`UNITS` is what the indicator schema, the tables, the charts and docs/FIGURES.md list.
"""

from __future__ import annotations

import re

from .lang import alternation, load_lexicon

__all__ = ["UNITS", "UNIT_WORDS", "unit_after", "UNIT_AFTER", "UNIT_START"]

_UNITS = load_lexicon()["units"]

#: Every unit a figure can have, in the order the contract lists them.
UNITS: tuple[str, ...] = tuple(_UNITS)
#: unit -> the words right after a number that give it (units given by a rule have none)
UNIT_WORDS: dict[str, tuple[str, ...]] = {
    u: tuple(spec["after"]) for u, spec in _UNITS.items() if spec.get("after")
}


def _word(w: str) -> str:
    # a word ends where a word character does not follow ("đ" is not the "đ" of "đô la")
    return re.escape(w) + (r"(?!\w)" if w[-1].isalnum() else "")


def unit_after(unit: str) -> str:
    """The regex of the words of ``unit`` (not anchored), with the words that must not follow
    ("lần", not "lần thứ")."""
    spec = _UNITS[unit]
    body = "(?:" + "|".join(_word(w) for w in spec["after"]) + ")"
    if spec.get("not_before"):
        body += rf"(?!\s+{alternation(spec['not_before'])})"
    return body


#: All unit words as one pattern, tried once per figure: the name of the group that matched.
UNIT_AFTER = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{u}>{unit_after(u)})" for u in UNIT_WORDS) + ")", re.I
)
#: A cheap first test for :data:`UNIT_AFTER`: the first character of one of the unit words
#: (in any case) after any spaces. Where it fails, UNIT_AFTER cannot match.
UNIT_START = re.compile(
    r"^\s*[" + "".join(sorted({re.escape(w[0]) for ws in UNIT_WORDS.values() for w in ws})) + "]",
    re.I,
)

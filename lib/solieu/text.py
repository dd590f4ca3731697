"""Text as the rules read it: NFC, one kind of space, no invisible characters, word starts.

Every later module reads text through these helpers; none of them knows a word of the language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

__all__ = [
    "ODD_SPACES",
    "ZERO_WIDTH",
    "normalise_text",
    "normalise_spaces",
    "starts_word",
    "last_word",
    "scan_matches",
]

#: Unicode spaces other than U+0020 and the ASCII controls (NBSP, Ogham, en/em/thin/hair...,
#: narrow NBSP, math space, ideographic space), as the body of a character class.
ODD_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: Invisible format characters (zero-width space, joiners, word joiner, a byte order mark left
#: inside the text): they carry nothing in Vietnamese text and would split a number.
ZERO_WIDTH = "\u200b\u200c\u200d\u2060\ufeff"
# Print layouts group the digits of a number with a no-break, narrow no-break, thin or figure
# space ("1 025 067"): such a space between digit groups is a thousands separator, the "." of
# vi-VN, not a break between two numbers. (An ordinary space is not: "năm 2023 150 hồ sơ".)
GROUP_SPACES = "\u00a0\u2007\u2009\u202f"

_ODD_SPACES = re.compile(f"[{ODD_SPACES}]")
_ZERO_WIDTH = re.compile(f"[{ZERO_WIDTH}]")
_SPACE_GROUPED = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[{GROUP_SPACES}]\d{{3}})+(?!\d)")
_GROUP_SPACE = re.compile(rf"[{GROUP_SPACES}]")
# a grouping space between two digits (the pattern starts with the space's character class, so
# the engine skips to the spaces; a look-behind first would make it try every position)
_GROUP_BETWEEN = re.compile(rf"[{GROUP_SPACES}](?<=\d[{GROUP_SPACES}])(?=\d)")


def normalise_text(text: str) -> str:
    """NFC form of ``text`` without zero-width characters; already-normal input is returned
    as is, without a copy. Offsets of figures refer to this text.

    ``unicodedata.normalize`` runs the NFC quick check itself and returns its input when that
    says yes (as ``is_normalized`` would, at the same cost); calling ``is_normalized`` first
    would make decomposed input be normalised twice over."""
    if any(c in text for c in ZERO_WIDTH):  # a string search each: cheaper than a regex scan
        text = _ZERO_WIDTH.sub("", text)
    return unicodedata.normalize("NFC", text)


def normalise_spaces(text: str) -> str:
    """Replace Unicode space characters by U+0020, one for one (offsets are kept), and a
    space grouping the digits of a number by "." (``1 025 067`` -> ``1.025.067``).
    Text without any is returned as is, without a copy."""
    if _ODD_SPACES.search(text) is None:
        return text
    if any(_between_digits(text, c) for c in GROUP_SPACES):
        text = _regroup(text)
    return _ODD_SPACES.sub(" ", text)


def _between_digits(text: str, space: str) -> bool:
    """Does ``space`` stand between two digits somewhere in ``text``? (A string search from
    one such space to the next: far cheaper than a regex scan of the whole text.)"""
    i = text.find(space)
    while i >= 0:
        if i and text[i - 1].isdecimal() and text[i + 1 : i + 2].isdecimal():
            return True
        i = text.find(space, i + 1)
    return False


def _regroup(text: str) -> str:
    """``text`` with the spaces grouping the digits of a number replaced by ".". Only the runs
    of digits, separators and spaces around a grouping space are rewritten: a number grouped so
    lies inside one such run, and the run's ends give the same look-arounds as the whole text."""
    parts = []
    done = 0
    n = len(text)
    for m in _GROUP_BETWEEN.finditer(text):
        if m.start() < done:
            continue  # inside the run just rewritten
        a, b = m.start(), m.end()
        while a > 0 and (text[a - 1].isdecimal() or text[a - 1] in _RUN):
            a -= 1
        while b < n and (text[b].isdecimal() or text[b] in _RUN):
            b += 1
        parts.append(text[done:a])
        parts.append(_SPACE_GROUPED.sub(lambda g: _GROUP_SPACE.sub(".", g.group()), text[a:b]))
        done = b
    parts.append(text[done:])
    return "".join(parts)


_RUN = frozenset(".," + GROUP_SPACES)


def starts_word(text: str, i: int) -> bool:
    """Does a word start at ``i``, as a regex ``\\b`` before a word character would say?"""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def last_word(before: str) -> str:
    """The word right before a number, lower-cased, without brackets or quotes around it
    ("" for a bare "(" or "/")."""
    parts = before.rsplit(None, 1)
    if not parts:
        return ""
    return parts[-1].lower().strip("(“\"'/")


def scan_matches(
    full: re.Pattern[str], lead: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """The matches of ``full`` in ``text[start:end]``, the very ones ``full.finditer`` gives,
    where ``lead`` matches wherever a match of ``full`` can start (one flat alternation of the
    literal words ``full`` opens with: the engine skips at once to them) and ``full`` is tried
    only there. ``full`` never matches the empty string."""
    end = len(text) if end is None else end
    search, match = lead.search, full.match
    pos = start
    while (c := search(text, pos, end)) is not None:
        m = match(text, c.start(), end)
        if m is None:
            pos = c.start() + 1
        else:
            yield m
            pos = m.end()

"""Digit-bearing tokens of a text, in one pass: each digit run ends up in exactly one token,
whose kind (the name of the branch that matched) is its first classification.

Kinds: ``artefact`` (a "-N" ending a caption line), ``date``, ``time``, ``yrange`` (2021-2025),
``phone`` (a telephone number, "0269 3824 552", "1900 9068"),
``docno`` (a document code "12/QĐ-UBND"), ``alnum`` (IPv6, 5G), ``num`` (a number, with its
fraction and scale word) and ``stray`` (any other digit run).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .lang import load_lexicon, phrase_regex

__all__ = ["TOKEN", "tokens"]

_LEX = load_lexicon()
_UPPER = _LEX["letters"]["upper"]
_LATIN = _LEX["letters"]["latin"]
# scale words after a number, with any spacing inside a compound ("nghìn  tỷ")
_SCALE = "(?:" + "|".join(phrase_regex(w, r"\s+") for w in _LEX["scale"]) + ")"

#: The tokenizer: alternatives tried in order at each position.
TOKEN = re.compile(
    rf"""
    (?P<artefact>(?<=\s)-\d{{1,2}}(?=[ \t]*(?:\n|\Z)))
  | (?P<date>(?<![\w/.,])(?:
        (?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}
      | \d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:19|20)\d{{2}}
      | (?:19|20)\d{{2}}-(?:0[1-9]|1[0-2])(?![\d\-])
    )(?![\w/])
    | (?<![\w/])[IVX]{{1,4}}/(?:19|20)\d{{2}}(?![\w/]))
  | (?P<time>(?<![\w:])(?:\d{{1,2}}:\d{{2}}(?::\d{{2}})?|\d{{1,2}}h\d{{2}})(?![\w:]))
  | (?P<yrange>(?<![\w/.,])(?:19|20)\d{{2}}\s?[-–]\s?(?:19|20)\d{{2}}(?![\w/]))
  | (?P<docno>(?<![\w/.,])\d+(?:[/.\-]\d+)*[/\-][{_UPPER}][{_LATIN}]*
        (?:[-/.&][{_UPPER}0-9][{_LATIN}0-9]*)*)
  | (?P<phone>(?<![\w/.,])(?:0\d{{2,3}}[ .]\d{{3,4}}[ .]\d{{3,4}}
        | 1[89]00[ .]\d{{3,4}}(?:[ .]\d{{3}})?)(?![\w/]|[.,]\d))
  | (?P<alnum>(?<![\w])(?:[A-Za-z]+-?\d+[A-Za-z0-9]*|\d+[GDK])(?![\w]))
  | (?P<num>(?<![\w])\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)?(?:\s+{_SCALE}(?![\w]))?)
  | (?P<stray>\d+)
    """,
    re.VERBOSE,
)
_DIGITS = re.compile(r"\d+")
_DIGIT = re.compile(r"\d")
# characters a token may carry before its first digit: "IPv6", "II/2024", "-0"
_LEAD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-/")


def tokens(text: str, pos: int = 0, stop: int | None = None) -> Iterator[re.Match[str]]:
    """Tokens in order, from ``pos`` on, whose first digit lies before ``stop``.

    A fast scan jumps from digit to digit (as a bare digit search does);
    the token pattern is then tried only at the few places where a token holding that digit
    can start, so the cost stays close to one scan of the text."""
    stop = len(text) if stop is None else stop
    search, match = _DIGIT.search, TOKEN.match
    while True:
        m = search(text, pos, stop)
        if m is None:
            return
        d = m.start()
        s0, lim = d, max(pos, d - 12)
        while s0 > lim and text[s0 - 1] in _LEAD:
            s0 -= 1
        tok = None
        for c in range(s0, d + 1):
            t = match(text, c)
            if t is not None and t.end() > d:
                tok = t
                break
        if tok is None:  # cannot happen: the "stray" branch matches any digit run
            tok = _DIGITS.match(text, d)
        yield tok
        pos = tok.end()

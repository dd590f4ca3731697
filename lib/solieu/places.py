"""Places: the gazetteer of provinces, their mentions in a text, and what a sentence says about
scope (the whole country, a bridge point of a national meeting, a bare "tỉnh" referring back).

The words are in the lexicon's ``scope`` role; the provinces in ``data/provinces.csv``.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .lang import alternation, literal_trie, load_lexicon
from .text import normalise_spaces, starts_word

__all__ = [
    "Province",
    "load_gazetteer",
    "province_pattern",
    "canonical_province",
    "match_provinces",
    "find_doc_province",
    "national_marks",
    "NATIONAL_LITERALS",
    "BARE_PROVINCE",
    "BARE_LITERALS",
    "BRIDGE",
]

_LEX = load_lexicon()
_SCOPE = _LEX["scope"]
_RANK = _LEX["rank"]
_UPPER = _LEX["letters"]["upper"]


@dataclass(frozen=True)
class Province:
    """One province-level unit with its validity and the spellings reports use."""

    name: str
    kind: str
    valid_from: str
    valid_to: str
    successor: str
    aliases: tuple[str, ...]


@lru_cache(maxsize=1)
def load_gazetteer() -> tuple[Province, ...]:
    """The 63 provinces and cities before 1 July 2025 and the 34 after (data/provinces.csv)."""
    with resources.files("solieu").joinpath("data/provinces.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return tuple(
        Province(
            name=r["name"],
            kind=r["kind"],
            valid_from=r["valid_from"],
            valid_to=r["valid_to"],
            successor=r["successor"],
            aliases=tuple(a for a in r["aliases"].split(";") if a),
        )
        for r in rows
    )


def _alias_regex(alias: str) -> str:
    # Hyphens may carry spaces on either side ("Bà Rịa- Vũng Tàu"); dots after TP are optional.
    out = []
    for ch in alias:
        if ch == "-":
            out.append(r"\s*-\s*")
        elif ch == " ":
            out.append(r"\s+")
        elif ch == ".":
            out.append(r"\.?\s*")
        else:
            out.append(re.escape(ch))
    return "".join(out)


@lru_cache(maxsize=1)
def province_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """One compiled alternation over every spelling, longest first, and spelling -> name."""
    spelling_to_name: dict[str, str] = {}
    for p in load_gazetteer():
        for s in (p.name, *p.aliases):
            spelling_to_name.setdefault(s, p.name)
    # "Huế" alone names Thừa Thiên Huế before the merger and the city after; one canonical name.
    spellings = sorted(spelling_to_name, key=len, reverse=True)
    alt = "|".join(f"(?:{_alias_regex(s)})" for s in spellings)
    # no leading look-behind: an alternation of literals lets the regex engine skip ahead to
    # possible first letters; the word boundary before a match is checked in match_provinces
    pat = re.compile(rf"(?:{alt})(?![\w])")
    folded = {re.sub(r"[\s.\-]+", "", s).lower(): n for s, n in spelling_to_name.items()}
    return pat, folded


@lru_cache(maxsize=4096)
def canonical_province(mention: str) -> str | None:
    """Canonical name of a matched province spelling."""
    _, folded = province_pattern()
    return folded.get(re.sub(r"[\s.\-]+", "", mention).lower())


def match_provinces(text: str) -> list[tuple[int, int, str]]:
    """All province mentions in ``text`` as (start, end, canonical name)."""
    pat, _ = province_pattern()
    out = []
    for m in pat.finditer(text):
        if m.start() and text[m.start() - 1].isalnum():
            continue
        name = canonical_province(m.group(0))
        if name:
            out.append((m.start(), m.end(), name))
    return out


# ---------------------------------------------------------------------------------------------
# What a sentence says about scope
# ---------------------------------------------------------------------------------------------


def _both_cases(word: str) -> tuple[str, str]:
    """``word`` with its first letter upper-cased, then lower-cased ("Bộ", "bộ")."""
    return word[0].upper() + word[1:], word[0].lower() + word[1:]


_ALL = _SCOPE["all_provinces"]
# Markers that a sentence or clause speaks of the whole country (FIGURES.md: cả nước, toàn quốc,
# Chính phủ, a ministry); plus, checked on each hit: a ministry word starts a word; "/63"
# follows a number (see national_marks)
_MINISTRY_AFTER = f"(?:,\\s*{re.escape(_SCOPE['sector'])}|\\s+[{_UPPER}])"
# (one flat alternation whose branches all start with a literal: a fast scan of long sentences)
_NATIONAL = re.compile(
    literal_trie(
        _SCOPE["national"],
        tail=[
            *(re.escape(w) + _MINISTRY_AFTER for w in _both_cases(_SCOPE["ministry"])),
            f"/{_ALL['count']}\\s+{alternation(_ALL['nouns'])}",
        ],
    )
)
#: Every national marker holds one of these (tested before the regex scan).
NATIONAL_LITERALS = (
    *_SCOPE["national"],
    _SCOPE["ministry"],
    _SCOPE["ministry"].lower(),
    f"/{_ALL['count']}",
)
# "đứng thứ 5 cả nước", "dẫn đầu toàn quốc": the field of comparison, not the owner
_RANK_FRAME = re.compile(
    rf"(?:{re.escape(_RANK['marker'])}\s+\d+(?:/\d+)?|{alternation(_RANK['leading'])}"
    rf"|{alternation(_RANK['top'])}\s+\d+)\s*(?:{re.escape(_RANK['field_link'])}\s+)?$",
    re.I,
)
#: A bridge point of a national meeting names a province that is not the subject.
BRIDGE = re.compile(alternation(_SCOPE["bridge"]), re.IGNORECASE)


def _bare_province() -> re.Pattern[str]:
    """A bare "tỉnh" refers back to the province being written about ("UBND tỉnh",
    "của tỉnh", "Tỉnh phấn đấu"), unlike the generic "các tỉnh", "cấp tỉnh", "tỉnh, thành
    phố", or a name ("Tỉnh Lâm Đồng"). The look-behinds come after the first letter, so the
    engine can skip ahead to it."""
    branches = []
    words = _SCOPE["bare_province"]
    for head in dict.fromkeys(w[0].lower() for w in words):
        first = f"[{head.upper()}{head}]"
        behind = "".join(f"(?<!{re.escape(w)} {first})" for w in _SCOPE["bare_not_after"])
        rests = [re.escape(w[1:]) for w in words if w[0].lower() == head]
        branches.append(f"{first}{behind}(?<!\\d {first})(?<!\\w{first})(?:{'|'.join(rests)})")
    not_before = alternation(_SCOPE["bare_not_before"])
    return re.compile(f"(?:{'|'.join(branches)})(?!\\s*,\\s*{not_before})(?!\\s+[{_UPPER}])(?!\\w)")


BARE_PROVINCE = _bare_province()
BARE_LITERALS = tuple(w[1:] for w in _SCOPE["bare_province"])

# A report about one province names it in its title ("Cần Thơ: ...") or makes a provincial body
# the actor of its lead ("UBND tỉnh Lâm Đồng tổ chức hội nghị ...").
_LEAD_ACTOR = re.compile(
    "(?:"
    + "|".join(
        [*(re.escape(a) for a in _SCOPE["lead_actors"])]
        + [f"{re.escape(h)}[^.]{{0,40}}?" for h in _SCOPE["lead_actor_heads"]]
    )
    + r")\s+"
    + alternation(_SCOPE["lead_province_words"])
    + r"?\s*$"
)
_LEAD_VERB = re.compile(
    r"\s*(?:"
    + "|".join(f"{re.escape(a)}\\s+" for a in _SCOPE["lead_aspect"])
    + ")?"
    + alternation(_SCOPE["lead_verbs"])
)


def find_doc_province(text: str) -> str | None:
    """The province a report is about, from its title ("Cần Thơ: ...") or the actor of its
    lead ("UBND tỉnh Lâm Đồng tổ chức ..."); None for a national or unclear report."""
    lines = [ln for ln in text[:4000].splitlines() if ln.strip()][:3]
    if not lines:
        return None
    title = lines[0].strip()
    m = re.match(r"\s*(.{2,40}?)\s*[:–]\s", title)
    if m:
        head = m.group(1)
        whole = match_provinces(head)
        if len(whole) == 1 and whole[0][0] == 0 and whole[0][1] == len(head):
            return whole[0][2]
    lead = " ".join(lines[:3])[:600]
    if BRIDGE.search(lead):
        return None
    for s, _e, name in match_provinces(lead):
        before = lead[max(0, s - 80) : s]
        after = lead[_e : _e + 60]
        if _LEAD_ACTOR.search(before) and _LEAD_VERB.match(after):
            return name
    return None


def doc_province_of(text: str) -> str | None:
    """:func:`find_doc_province` of the head of a raw text (spaces normalised)."""
    return find_doc_province(normalise_spaces(text[:4000]))


def national_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` that speak of the whole country."""
    out = []
    for m in _NATIONAL.finditer(text, start, end):
        a, b = m.span()
        c = text[a]
        if c == "/":  # "21/63 tỉnh": the mark starts with the number
            while a > start and text[a - 1].isdecimal():
                a -= 1
            if a == m.start():
                continue
        elif text.startswith(_MINISTRY, a, a + len(_MINISTRY)) or text.startswith(
            _MINISTRY_LOW, a, a + len(_MINISTRY)
        ):
            if not starts_word(text, a):
                continue
        # "đứng thứ 5 cả nước", "dẫn đầu toàn quốc": the field of comparison, not the owner
        if not _RANK_FRAME.search(text, max(start, a - 20), a):
            out.append((a, b))
    return out


_MINISTRY = _SCOPE["ministry"]
_MINISTRY_LOW = _MINISTRY[0].lower() + _MINISTRY[1:]

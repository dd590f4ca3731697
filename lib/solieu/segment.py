"""Sentences, paragraphs and clauses of a text, as offsets found in one pass.

A sentence ends at . ! ? … followed by a capital, a quote or a bullet, or at a line end (a
paragraph break); an abbreviation's dot ends nothing. A run longer than any real sentence (a
table flattened out of a PDF) is cut at its clause or list boundaries. Clauses are cut at
semicolons and contrastive links (the words are in the lexicon's ``segment`` role).
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from .lang import alternation, load_lexicon, phrase_regex
from .text import ODD_SPACES, normalise_spaces

__all__ = [
    "caption_artefact",
    "caption_lines",
    "Cell",
    "table_cell",
    "MAX_SENTENCE",
    "CUT_START",
    "CUT_END",
    "CLAUSE_LITERALS",
    "Segment",
    "Spans",
    "sentences",
    "clause_breaks",
    "has_any",
]

_LEX = load_lexicon()
_SEG = _LEX["segment"]
_UPPER_ALL = _LEX["letters"]["upper_all"]

# A sentence ends at . ! ? … (or "...") followed by space and an upper-case letter, a quote or a
# bullet, or at a line end (with the blank lines after it: one paragraph break). Dots inside
# numerals (1.025.067) are never followed by a space.
_SENT_END = re.compile(rf"[.!?…]+[\"”’)]*(?=\s+[\"“‘(•\-–]?[{_UPPER_ALL}0-9])|\n\s*")
# The scan looks for one character that can start such an end: a one-class pattern runs several
# times faster than the alternation, which is then tried only where that character is.
_SENT_END_CHAR = re.compile(r"[.!?…\n]")
_PUNCT_RUN = re.compile(r"[.!?…]+")
# abbreviations whose dot does not end a sentence ("TP. Hồ Chí Minh", "PGS. TS.")
_ABBREV = re.compile(r"(?:^|[\s(])" + alternation(_SEG["abbreviations"]) + "$")
# characters an abbreviation that keeps its dot ends with
_ABBREV_LAST = frozenset(a[-1] for a in _SEG["abbreviations"])
# Clause breaks inside a sentence: a semicolon, a link that may come without a comma ("trong
# khi") or one that follows a comma (", còn", ", nhưng"). The spaces and the comma before a word
# are checked on each hit (see clause_breaks).
_CLAUSE_WORD = re.compile(
    r";|(?P<free>"
    + alternation(_SEG["clause_breaks"])
    + r")\b|(?P<comma>"
    + alternation(_SEG["clause_breaks_after_comma"])
    + r")\b"
)
# the same branches in one flat alternation, each starting with a literal: a fast scan for where
# one matches (then read again with _CLAUSE_WORD for which kind it is)
_CLAUSE_SCAN = re.compile(
    "|".join(
        [";"]
        + [
            phrase_regex(p) + r"\b"
            for p in (*_SEG["clause_breaks"], *_SEG["clause_breaks_after_comma"])
        ]
    )
)
#: Every clause break holds one of these (a substring test is far cheaper than a regex scan).
CLAUSE_LITERALS = (";", *_SEG["clause_breaks"], *_SEG["clause_breaks_after_comma"])

# No real sentence is longer than this (the seeds' longest is under 1,000 characters); a run of
# text without sentence ends that is longer, a table flattened out of a PDF or a list without full
# stops, is cut into pieces at its clause or list boundaries, so that the work done per sentence
# (cues, clauses, periods, scope) and everything kept per figure stay bounded.
MAX_SENTENCE = 2000
CUT_START, CUT_END = 1, 2  # a sentence cut out of a longer run: where the run goes on
# Boundaries to cut an over-long run at, strongest first; each piece is at least half the limit.
# (A comma or colon cuts only before a space: inside a number it is a decimal mark or a time.)
_CUT_MARKS = ((";", "|", "\t"), (", ", ": "), (" ",))


@dataclass(slots=True)
class Segment:
    start: int
    end: int


class Spans(Sequence[Segment]):
    """Sentences as two arrays of offsets (a few bytes each on large texts); a
    :class:`Segment` is made only when one is looked at."""

    __slots__ = ("starts", "ends")

    def __init__(self, starts: array, ends: array) -> None:
        self.starts = starts
        self.ends = ends

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [Segment(a, b) for a, b in zip(self.starts[i], self.ends[i], strict=True)]
        return Segment(self.starts[i], self.ends[i])


def has_any(seg: str, literals: Sequence[str]) -> bool:
    for lit in literals:
        if lit in seg:
            return True
    return False


def clause_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause breaks in ``text[start:end]`` as spans, the comma and spaces before included."""
    out = []
    match = _CLAUSE_WORD.match
    for hit in _CLAUSE_SCAN.finditer(text, start, end):
        m = match(text, hit.start(), end)  # the same match, with its group's name
        if m is None:  # (cannot happen: the same branches in the same order)
            continue
        a, b = m.span()
        if text[a] != ";":
            j = a
            while j > start and text[j - 1].isspace():
                j -= 1
            if j == a:
                continue  # the word must follow a space
            if j > start and text[j - 1] == ",":
                j -= 1
            elif m.lastgroup == "comma":  # only a "free" link may come without a comma
                continue
            a = j
        out.append((a, b))
    return out


def sentences(text: str) -> tuple[array, array, array, array]:
    """Start, end and paragraph number of every sentence, in one pass over ``text``, and
    whether it was cut out of a longer run (CUT_START, CUT_END bits). Paragraphs are lines;
    sentences are trimmed of surrounding spaces."""
    starts, ends, paras, cuts = array("q"), array("q"), array("q"), array("b")

    def keep(a: int, b: int, para: int) -> None:  # a non-blank segment, trimmed
        a, b = _trim(text, a, b)
        if b - a <= MAX_SENTENCE:  # the common case, kept at once
            if a < b:
                starts.append(a)
                ends.append(b)
                paras.append(para)
                cuts.append(0)
            return
        flag = 0
        while b - a > MAX_SENTENCE:  # a flattened table or a list without full stops
            cut = _long_sentence_cut(text, a, b)
            keep_one(a, cut, para, flag | CUT_END)
            a, _ = _trim(text, cut, b)
            flag = CUT_START
        keep_one(a, b, para, flag)

    def keep_one(a: int, b: int, para: int, flag: int) -> None:
        a, b = _trim(text, a, b)
        if a < b:
            starts.append(a)
            ends.append(b)
            paras.append(para)
            cuts.append(flag)

    cur = 0
    para = 0
    para_start = 0
    pos = 0
    search, match = _SENT_END_CHAR.search, _SENT_END.match
    while (c := search(text, pos)) is not None:
        ms = c.start()
        m = match(text, ms)
        if m is None:  # no end here, nor anywhere else in this run of dots ("......")
            pos = _PUNCT_RUN.match(text, ms).end()  # type: ignore[union-attr]
            continue
        me = pos = m.end()  # past the whole end ("...", a run of line breaks)
        if text[ms] == "\n":
            seg_end = ms
        else:
            if text[ms] == "." and ms and text[ms - 1] in _ABBREV_LAST:
                ps = para_start  # the trimmed start of the paragraph bounds the look-back
                while ps < ms and text[ps].isspace():
                    ps += 1
                if _ABBREV.search(text, max(ps, ms - 6), ms):
                    continue
            seg_end = me
        keep(cur, seg_end, para)
        cur = me
        if seg_end == ms:  # a line break
            para += 1
            para_start = me
    keep(cur, len(text), para)
    return starts, ends, paras, cuts


def _long_sentence_cut(text: str, a: int, b: int) -> int:
    """Where to end the first piece of the over-long ``text[a:b]``: just after the last clause
    or list boundary in its second half (";" or a table's "|" before a comma before a space),
    else at the limit itself."""
    lo, hi = a + MAX_SENTENCE // 2, min(b, a + MAX_SENTENCE)
    for marks in _CUT_MARKS:
        at = max(text.rfind(m, lo, hi) for m in marks)
        if at >= lo:
            return at + 1
    return hi


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


class Cell(NamedTuple):
    """A number's cell in a table written as text: its column (0: the row's label), the
    header of that column ("" without a header row) and the row's label."""

    col: int
    header: str
    label: str


_ROW = 300  # a table row is a short line


def table_cell(text: str, pos: int) -> Cell | None:
    """The cell of the table written as text (rows of cells between " | " or tabs) that holds
    ``pos``; None when its line is no table row. The header is the first row of the table."""
    a = text.rfind("\n", max(0, pos - _ROW), pos) + 1
    if a == 0 and pos > _ROW:
        return None
    b = text.find("\n", pos, pos + _ROW)
    if b < 0:
        if len(text) - pos > _ROW:
            return None
        b = len(text)
    sep = "|" if text.find("|", a, b) >= 0 else "\t" if text.find("\t", a, b) >= 0 else ""
    if not sep:
        return None
    cells = text[a:b].split(sep)
    col = text.count(sep, a, pos)
    top = a
    while top > 0:
        up = text.rfind("\n", 0, top - 1) + 1
        if text.find(sep, up, top - 1) < 0 or top - up > _ROW:
            break
        top = up
    header = ""
    if top < a:
        heads = text[top : text.find("\n", top)].split(sep)
        header = heads[col].strip() if col < len(heads) else ""
    return Cell(col, header, cells[0].strip())


# Where odd spaces have not been replaced yet, they count as the spaces and tabs of a caption.
_CAPTION_END = re.compile(rf"-\d{{1,2}}[ \t{ODD_SPACES}]*$", re.M)


def caption_lines(text: str) -> Counter:
    """How often each line ending like a caption ("Ảnh minh họa -0") occurs: a caption repeated
    across the page is layout, and its "-N" an artefact. Only such lines can hold artefacts,
    so only they are counted; a line that is only "-N" after a blank line counts as itself."""
    lines: Counter = Counter()
    for m in _CAPTION_END.finditer(text):
        h = m.start()
        if h and text[h - 1].isspace():
            line = text[text.rfind("\n", 0, h - 1) + 1 : m.end()].strip()
            lines[normalise_spaces(line)] += 1
    return lines


def caption_artefact(text: str, s: int, e: int, lines: Counter) -> str:
    """A "-N" ending a line: "artefact" when the line is a caption repeated across the page
    (``lines``, :func:`caption_lines`) or N is 0; else "figure_shifted" (a figure, unsigned)."""
    line_start = text.rfind("\n", 0, s) + 1
    nl = text.find("\n", e)
    line = text[line_start : nl if nl >= 0 else len(text)].strip()
    if lines[line] > 1 or text[s + 1 : e].strip("0") == "":
        return "artefact"
    return "figure_shifted"

"""One figure: its unit, qualifier, change, subject and quoted sentence (docs/FIGURES.md).

The words are the lexicon's ``units``, ``per_people``, ``rank``, ``qualifiers``, ``change`` and
``subject`` roles; the goal-or-result reading is aspect.py's.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .aspect import is_target, row_of
from .classify import RULES
from .context import CUT_END, CUT_START, DocContext, SentenceAt, SentenceCache, sentence_at
from .lang import alternation, first_letter_alternation, last_words, load_lexicon
from .segment import has_any, table_cell
from .text import last_word
from .units import UNIT_AFTER, UNIT_START

__all__ = ["Figure", "FIGURE_COLUMNS", "Piece", "make_figure", "MAX_QUOTE", "CUT_MARK"]


class Figure(NamedTuple):
    """A row of the figures table."""

    doc: str
    figure_id: str
    number: str
    start: int
    end: int
    value: float
    denominator: float | None
    unit: str
    qualifier: str
    is_target: bool
    is_change: bool
    scope: str
    subject: str
    sentence: str
    sentence_start: int


FIGURE_COLUMNS = list(Figure._fields)

_LEX = load_lexicon()
_I = re.IGNORECASE
_PER, _RANK, _CHANGE, _SUBJ = _LEX["per_people"], _LEX["rank"], _LEX["change"], _LEX["subject"]
_LOWER = _LEX["letters"]["lower"]

_PER_1000 = re.compile(
    rf"^[^,.;:()%]{{0,40}}?(?:\b{alternation(_PER['per'])}|/)\s*1\.?000\s*"
    rf"{alternation(_PER['people'])}(?!\w)",
    _I,
)
_RANK_BEFORE = RULES.patterns["rank"]
_GATE_RANK = RULES.gates["rank"][0]
# "Xếp hạng ... của Việt Nam năm 2024 ít nhất cũng là 70": a rank stated as a predicate
_RANK_WORDS = re.compile(alternation(_RANK["predicate_nouns"]), _I)
_RANK_PRED = re.compile(rf"\b{alternation(_RANK['predicate_links'])}\s*$", _I)
_RANK_PRED_ENDS = tuple(last_words(_RANK["predicate_links"]))
_RANK_COORD = RULES.patterns["rank_coordinated"]
_MARKER = _RANK["marker"]
_CLAUSE_SPLIT = re.compile(r"[;.]")
_PAREN_UNIT = re.compile(r"\(([^()]{1,20})\)\s*$")
_IDX = _LEX["index"]
_INDEX_NOUNS = re.compile(rf"(?<!\w){alternation(_IDX['nouns'])}(?!\w)", _I)
_INDEX_PRED = re.compile(rf"\b{alternation(_IDX['links'])}\s*$", _I)
_INDEX_PRED_ENDS = last_words(_IDX["links"])
_PP = _LEX["per_person"]
_PER_PERSON_AFTER = re.compile(rf"^[^,.;:()%\d/]{{0,30}}?(?:{alternation(_PP['after'])})(?!\w)", _I)
_PER_PERSON_BEFORE = re.compile(rf"\b{alternation(_PP['before'])}\s*$", _I)
_GATE_PER_PERSON = last_words(_PP["before"])
# a list of numbers sharing one cue: "xếp thứ 9 và 13", "tăng 14, 11 và 10 bậc"
_CONJ = alternation(_LEX["coordination"]["conjunctions"])
_LIST_ITEM = r"\d[\d.,/]*(?:\s*%)?"
_LIST_BACK = re.compile(rf"(?:{_LIST_ITEM}\s*(?:,|\s{_CONJ})\s*)+$", _I)
_LIST_AHEAD = re.compile(rf"^(?:\s*(?:,|\s{_CONJ})\s*{_LIST_ITEM})+", _I)
_NEXT_COUNTED = re.compile(rf"\s+(?!{_CONJ}(?!\w))[{_LOWER}]", _I)
_CONJ_WORDS = last_words(_LEX["coordination"]["conjunctions"])
_PP_WORDS = last_words(_PP["after"])
_PP_WORDS = tuple(sorted(w for w in _PP_WORDS if not any(o != w and o in w for o in _PP_WORDS)))
_HAS_CONJ = re.compile(rf"\s{_CONJ}\s", _I)
_NEXT_LOWER = re.compile(rf"\s+[{_LOWER}]")

_QUALIFIERS = _LEX["qualifiers"]
_QUAL = re.compile(
    rf"(?:^|[\s(,:;])(?P<q>{first_letter_alternation(_QUALIFIERS)})"
    rf"(?:\s+{alternation(_LEX['qualifier_links'])})?\s*$",
    _I,
)
_QUAL_NOT_AFTER = tuple(_LEX["qualifier_not_after"])
_GATE_QUAL = last_words(_QUALIFIERS, _LEX["qualifier_links"])
_FROM = _LEX["at_least"]["from"]
_PLUS = re.compile(
    rf"^\s*(?:%\s*)?(?:[\w{_LEX['letters']['accented']}]+\s+){{0,3}}?"
    rf"{re.escape(_LEX['at_least']['or_more'])}(?!\w)",
    _I,
)
_CHANGE_BEFORE = re.compile(
    rf"\b(?P<verb>{first_letter_alternation(_CHANGE['verbs'])})"
    rf"(?:\s+{alternation(_CHANGE['links'])})*\s*$",
    _I,
)
_GATE_CHANGE = last_words(_CHANGE["verbs"], _CHANGE["links"])
_DECREASE = frozenset(_CHANGE["decrease"])
_TIMES_VERB = re.compile(rf"\b{alternation(_CHANGE['times_verbs'])}\b", _I)

_SUBJECT_STOP = re.compile(rf"[,;:.()\"“”…]|\s{alternation(_SUBJ['stop'])}\s")
_PRED_VERB = re.compile(rf"\s*{alternation(_SUBJ['predicates'])}\s*$", _I)
_PRED_ENDINGS = tuple(sorted(_SUBJ["predicates"], key=len, reverse=True))
_LEAD_WORD = re.compile(rf"^{alternation(_SUBJ['lead_words'])}\s+", _I)
_CURRENCY = alternation(_SUBJ["currency_after"], r"\s+")
_AFTER_PHRASE = re.compile(rf"\s*(?:{_CURRENCY}\s+)?([^\d]{{3,80}})")
_BAD_PHRASE = re.compile(rf"(?:{alternation(_SUBJ['bad_start'])}|,)")
_LEFT_SPLIT = re.compile(r"[;:,(]\s*|\.\s")
# units whose subject is the phrase after the number
_NOUN_UNITS = ("count", "per_1000_people")


class Piece(NamedTuple):
    """The text a figure is read from: ``nfc`` as given, ``text`` with spaces normalised (same
    length), the document name, the offset of the piece in the document, its context and the
    per-sentence cache of its figures."""

    nfc: str
    text: str
    doc: str
    base: int
    ctx: DocContext
    cache: SentenceCache


def make_figure(piece: Piece, s: int, e: int, value: float, den) -> Figure:
    """The figure at ``s:e`` of the piece with its parsed ``value`` and denominator."""
    text, ctx, base, doc = piece.text, piece.ctx, piece.base, piece.doc
    before = text[s - 50 : s] if s >= 50 else text[:s]
    after = text[e : e + 60]
    sent = sentence_at(ctx, s)

    lw = last_word(before)
    head = None
    # a list: "9 và [13]", "14, [11]" (a "," ending ``before`` ends its last word ``lw`` too)
    if lw in _CONJ_WORDS or (lw.endswith(",") and before.rstrip().endswith(",")):
        head = _list_head(before, after)
    unit = _unit(before, after, text, sent.start, s, lw, head)
    cell = table_cell(text, s) if ctx.has_tables and row_of(ctx, piece.cache, sent) else None
    if unit == "count" and cell is not None and cell.col > 0:
        # "Tỷ lệ ... (%)": the row's or column's unit
        unit = _cell_unit(cell.label) or _cell_unit(cell.header) or unit
    m_q = _QUAL.search(before) if lw in _GATE_QUAL else None
    if m_q and before[: m_q.start("q")].rstrip().lower().endswith(_QUAL_NOT_AFTER):
        m_q = None  # "đạt và vượt 12/15": a result reached, not a bound
    qualifier = _QUALIFIERS.get(m_q.group("q").lower(), "~") if m_q else "="
    if qualifier == "=" and lw == _FROM and _PLUS.match(after):
        qualifier = ">="
    m_c = _CHANGE_BEFORE.search(before) if lw in _GATE_CHANGE else None
    if m_c is None and head is not None and last_word(head) in _GATE_CHANGE:
        m_c = _CHANGE_BEFORE.search(head)
    is_change = bool(m_c)
    if unit == "times" and _TIMES_VERB.search(before[-40:]):
        is_change = True
    if m_c and m_c.group("verb").lower() in _DECREASE and unit != "times":
        value = -value
    target = is_target(ctx, piece.cache, s, e, sent, cell)
    scope = ctx.paired_scope(sent.idx, sent.clause_start, sent.clause_end, s) or ctx.scope_in(
        sent.idx, sent.clause_start, sent.clause_end
    )
    subject = _subject(text, s, before, after, unit, sent.start)
    quote, quote_start = _sentence_quote(piece, sent, s, e)
    return _new(  # Figure(...) without its Python-level __new__: one per figure
        Figure,
        (
            doc,
            f"{doc}:{base + s}",
            piece.nfc[s:e],
            base + s,
            base + e,
            value,
            float(den) if den is not None else None,
            unit,
            qualifier,
            target,
            is_change,
            scope,
            subject,
            quote,
            base + quote_start,
        ),
    )


_new = tuple.__new__


def _list_head(before: str, after: str) -> str | None:
    """The text before the first item of a list of numbers the figure closes or continues
    ("xếp thứ 9 và [13]"), when the list is joined by a conjunction; else None. Asked only
    when "," or a conjunction is right before the number."""
    m = _LIST_BACK.search(before, max(0, len(before) - 40))
    if m is None:
        return None
    if not _HAS_CONJ.search(before[m.start() - 1 :] + " "):
        m_a = _LIST_AHEAD.match(after)
        if m_a is None or not _HAS_CONJ.search(after[: m_a.end()] + " "):
            return None
    return before[: m.start()]


def _unit(
    before: str, after: str, text: str, ss: int, s: int, lw: str, head: str | None = None
) -> str:
    m = UNIT_AFTER.match(after) if UNIT_START.match(after) else None
    if m is None:
        m_a = _LIST_AHEAD.match(after)  # "tăng 14, 11 và 10 bậc": the last item's unit
        if m_a is not None and _HAS_CONJ.search(after[: m_a.end()] + " "):
            m = UNIT_AFTER.match(after[m_a.end() :])
    if m is not None:
        return m.lastgroup or "count"
    if "000" in after and _PER_1000.match(after):
        return "per_1000_people"
    # (one of the last words as written, by plain substring tests: the few that hold no other)
    if (has_any(after, _PP_WORDS) and _PER_PERSON_AFTER.match(after)) or (
        lw in _GATE_PER_PERSON and _PER_PERSON_BEFORE.search(before)
    ):
        return "per_person"
    if lw in _GATE_RANK and _RANK_BEFORE.search(before):
        return "rank"
    if lw == _MARKER and _RANK_COORD.search(text, max(0, s - 100), s):
        return "rank"
    if head is not None and last_word(head) in _GATE_RANK and _RANK_BEFORE.search(head):
        return "rank"
    # (the clause is read last: a counted noun after the number settles it first)
    if lw.endswith(_RANK_PRED_ENDS) and _RANK_PRED.search(before):
        if not _NEXT_LOWER.match(after) and _RANK_WORDS.search(_clause_before(text, ss, s)):
            return "rank"
    if lw in _INDEX_PRED_ENDS and _INDEX_PRED.search(before):
        if not _NEXT_COUNTED.match(after) and _INDEX_NOUNS.search(_clause_before(text, ss, s)):
            return "index"
    # scores listed in parentheses after names: "Hải Dương (0,7521), Vĩnh Phúc (0,7388)"
    if before.endswith("(") and after.startswith(")") and "," in text[s : s + 8]:
        if _INDEX_NOUNS.search(text, max(0, s - 300), s):
            return "index"
    return "count"


def _cell_unit(name: str) -> str | None:
    m = _PAREN_UNIT.search(name) if "(" in name else None
    u = UNIT_AFTER.match(m.group(1)) if m else None
    return u.lastgroup if u else None


def _clause_before(text: str, ss: int, s: int) -> str:
    return _CLAUSE_SPLIT.split(text[ss:s] if ss <= s else "")[-1]


def _subject(text: str, s: int, before: str, after: str, unit: str, sent_start: int) -> str:
    """A short noun phrase for what the figure measures (free text, not scored)."""
    if unit in ("count", "per_1000_people", "VND", "USD") or unit == "rank" and after.strip():
        m = _AFTER_PHRASE.match(after)
        if m and unit in _NOUN_UNITS:
            phrase = m.group(1)
            stop = _SUBJECT_STOP.search(phrase)
            phrase = (phrase[: stop.start()] if stop else phrase).strip()
            if len(phrase) >= 3 and not _BAD_PHRASE.match(phrase):
                return phrase
    left = text[max(sent_start, s - 120) : s]
    left = _LEFT_SPLIT.split(left)[-1]
    left = _strip_predicate(left)
    left = _LEAD_WORD.sub("", left, count=1).strip()
    return left[-80:] if left else ""


def _strip_predicate(left: str) -> str:
    """``left`` without the predicate verb it ends with ("... đạt", "... chiếm"), stripped.
    The longest such ending goes, as the earliest match of ``_PRED_VERB`` would."""
    r = left.rstrip()
    low = r.lower()
    if len(low) != len(r):
        return _PRED_VERB.sub("", left).strip()
    if low.endswith(_PRED_ENDINGS):
        for p in _PRED_ENDINGS:  # longest first
            if low.endswith(p):
                return r[: len(r) - len(p)].strip()
    return r.strip()


#: The longest ``sentence`` a figure carries, cut marks included. A longer sentence is quoted
#: in windows of this size that overlap by half, each shared by the figures near its middle,
#: cut at spaces with "…" where the sentence goes on; so no table ever holds figures ×
#: sentence length.
MAX_QUOTE = 600
CUT_MARK = "…"


def _sentence_quote(piece: Piece, sent: SentenceAt, s: int, e: int) -> tuple[str, int]:
    """The ``sentence`` of the figure at ``s:e`` and the offset of its first character: the
    whole sentence, one string shared by all its figures, when it fits in MAX_QUOTE; else the
    window of it that has the figure nearest its middle."""
    nfc, ss, se, cut = piece.nfc, sent.start, sent.end, sent.cut
    if se <= ss:
        return nfc[s:e], s
    size = MAX_QUOTE - 2 * len(CUT_MARK)  # room for the marks
    if se - ss <= (MAX_QUOTE if not cut else size):
        a, b = ss, se
    else:
        step = size // 2
        last = (se - ss - size + step - 1) // step  # the last window ends the sentence
        k = min(last, max(0, ((s + e) // 2 - ss - step // 2) // step))
        a = ss + k * step if k < last else se - size
        b = a + size
        if not (a <= s and e <= b):  # a figure longer than half a window: a window of its own
            a = max(ss, min(s, e - step))
            b = min(se, a + size)
    quotes = piece.cache.quotes
    got = quotes.get((a, b))
    if got is None:
        got = quotes[(a, b)] = _quote(
            nfc, a, b, s, e, head=a > ss or cut & CUT_START, tail=b < se or cut & CUT_END
        )
    return got


def _quote(nfc: str, a: int, b: int, s: int, e: int, head: bool, tail: bool) -> tuple[str, int]:
    """``nfc[a:b]`` with a mark at each end where the text goes on (``head``, ``tail``), cut at
    a space there (the cut word is left out, never the figure ``s:e``); and the offset of the
    quote's first character. Each mark stands in for one character (the space it replaces, or
    the one before or after the window), so that position i of the quote is position
    ``offset + i`` of the text."""
    if head:
        sp = nfc.find(" ", a, min(s, a + 40))
        a = sp if sp >= 0 else a - 1
    if tail:
        sp = nfc.rfind(" ", max(e, b - 40), b)
        b = sp + 1 if sp >= 0 else b + 1
    start, stop = (a + 1 if head else a), (b - 1 if tail else b)
    return (CUT_MARK if head else "") + nfc[start:stop] + (CUT_MARK if tail else ""), a

"""Where a figure sits: per-document lookups by offset (sentence, paragraph, clause, scope,
period), built once per document or piece from the lower modules (segment, places, time).

Everything here is computed once per document (one pass of a few compiled regexes) and then
looked up by offset, so that classifying a figure never re-scans the whole text.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from .lang import alternation, load_lexicon
from .places import (
    BARE_LITERALS,
    BARE_PROVINCE,
    BRIDGE,
    Province,
    canonical_province,
    doc_province_of,
    find_doc_province,
    load_gazetteer,
    match_provinces,
    national_marks,
    province_pattern,
)
from .segment import (
    CLAUSE_LITERALS,
    CUT_END,
    CUT_START,
    MAX_SENTENCE,
    Segment,
    Spans,
    clause_breaks,
    has_any,
    sentences,
)
from .text import normalise_spaces, starts_word
from .time import (
    FRAME,
    Period,
    SentencePeriods,
    infer_reference_date,
    is_comparison,
    period_from_match,
)

_SCOPE = load_lexicon()["scope"]
_RESPECTIVELY = re.compile(rf"(?<!\w){alternation(_SCOPE['respectively'])}(?!\w)", re.I)
_PAIR_BREAK = re.compile(rf"[,;:()]|(?<!\w){alternation(_SCOPE['pair_breaks'])}(?!\w)", re.I)
_NO_PAIRS: tuple = ()
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[.,]\d+)*(?:/\d+)?")

__all__ = [
    "CUT_END",
    "CUT_START",
    "MAX_SENTENCE",
    "Period",
    "Province",
    "Segment",
    "SentenceAt",
    "SentenceCache",
    "sentence_at",
    "DocContext",
    "DocFacts",
    "canonical_province",
    "find_doc_province",
    "infer_reference_date",
    "load_gazetteer",
    "province_pattern",
    "match_provinces",
    "normalise_spaces",
    "starts_word",
]


@dataclass
class DocContext:
    """Per-document lookups: sentence, paragraph and clause of an offset; scope of a sentence.

    Sentences are found in one pass over the text. What a sentence says about scope (province
    mentions, national markers, a bridge point, a bare "tỉnh") is read once, when a figure in
    that sentence first asks, and kept: sentences without figures cost nothing more."""

    text: str
    sentences: Sequence[Segment] = field(default_factory=list)
    cut: Sequence[int] = field(default_factory=list)  # CUT_START/CUT_END bits per sentence
    provinces: list[tuple[int, int, str]] = field(default_factory=list)
    doc_province: str | None = None
    ref_date: dt.date | None = None

    @classmethod
    def build(
        cls,
        text: str,
        ref_date: dt.date | None = None,
        *,
        whole: DocFacts | None = None,
        offset: int = 0,
    ) -> DocContext:
        """Context of ``text``; with ``whole``, ``text`` is the piece of a longer document
        that starts at ``offset`` (whole paragraphs), and what belongs to the document
        (its date, its province, province mentions before the piece) comes from ``whole``."""
        ctx = cls(text=text)
        starts, ends, paras, ctx.cut = sentences(text)
        ctx.sentences = Spans(starts, ends)
        ctx._sent_starts = starts
        ctx._sent_para = paras
        if whole is None:  # the text is the whole document
            whole = DocFacts.read(text, ref_date)
        ctx.provinces, ctx._prior_province = whole.provinces_of(offset, offset + len(text))
        ctx.ref_date = ref_date or whole.ref_date
        ctx.doc_province = whole.doc_province
        ctx._prov_starts = [p[0] for p in ctx.provinces]
        ctx._scope_cache: dict[int, tuple[str, bool]] = {}
        ctx._clause_cache: dict[int, tuple[list[int], list[int]]] = {}
        ctx._clause_scope: dict[tuple[int, int], str | None] = {}
        ctx._facts: dict[int, _SentenceFacts] = {}
        ctx._own_cache: dict[tuple[int, int], str | None] = {}
        ctx.has_tables = " | " in text or "\t" in text
        ctx._clause_places: dict[tuple[int, int], tuple] = {}
        ctx._periods: dict[int, SentencePeriods] = {}
        ctx._frames: dict[int, Period | None] = {}
        return ctx

    # -- lookups -------------------------------------------------------------------------------
    def lower(self) -> str | None:
        """The text lower-cased, when that keeps every offset (else None), made once."""
        low = self.__dict__.get("_low", False)
        if low is False:
            low = self.text.lower()
            low = self._low = low if len(low) == len(self.text) else None
        return low

    def sentence_index(self, pos: int) -> int:
        return max(0, bisect.bisect_right(self._sent_starts, pos) - 1)

    def same_paragraph(self, i: int, j: int) -> bool:
        """Are sentences ``i`` and ``j`` in one paragraph?"""
        return self._sent_para[i] == self._sent_para[j]

    def clause_bounds(self, pos: int, idx: int | None = None) -> tuple[int, int]:
        """(start, end) of the clause holding ``pos`` (in sentence ``idx`` when known): its
        sentence cut at semicolons and contrastive links."""
        if not self.sentences:
            return 0, len(self.text)
        if idx is None:
            idx = self.sentence_index(pos)
        start, end = self._sent_starts[idx], self.sentences.ends[idx]
        breaks = self._clause_cache.get(idx)
        if breaks is None:
            found = (
                clause_breaks(self.text, start, end)
                if has_any(self.text[start:end], CLAUSE_LITERALS)
                else []
            )
            breaks = self._clause_cache[idx] = ([a for a, _ in found], [b for _, b in found])
        b_starts, b_ends = breaks
        # the clause runs from the end of the last break before ``pos`` to the start of the
        # first break after it (breaks are disjoint and in order: two binary searches)
        i = bisect.bisect_right(b_ends, pos)
        if i:
            start = b_ends[i - 1]
        j = bisect.bisect_left(b_starts, pos, i)
        if j < len(b_starts):
            end = b_starts[j]
        return start, end

    def clause_of(self, pos: int) -> Segment:
        return Segment(*self.clause_bounds(pos))

    def provinces_in(self, start: int, end: int) -> list[str]:
        i = bisect.bisect_left(self._prov_starts, start)
        out = []
        while i < len(self.provinces) and self.provinces[i][0] < end:
            if self.provinces[i][1] <= end:
                out.append(self.provinces[i][2])
            i += 1
        return out

    def sentence_periods(self, idx: int) -> SentencePeriods:
        """The period phrases of sentence ``idx``, found once."""
        got = self._periods.get(idx)
        if got is None:
            got = self._periods[idx] = SentencePeriods(
                self.text, self._sent_starts[idx], self.sentences.ends[idx], self.lower()
            )
        return got

    def paragraph_frame(self, idx: int, ref: dt.date | None) -> Period | None:
        """The period that frames sentence ``idx`` from earlier in its paragraph: the nearest
        earlier sentence that opens with a time phrase (FIGURES.md). Each sentence's answer is
        kept, so a long paragraph is walked once, not once per figure."""
        frames = self._frames
        if idx in frames:
            return frames[idx]
        chain = []  # sentences to fill in, from idx back to one whose answer is known
        j = idx
        while j not in frames:
            if j == 0 or not self.same_paragraph(j - 1, j):
                frames[j] = None  # the first sentence of its paragraph has nothing before it
                break
            chain.append(j)
            j -= 1
        for k in reversed(chain):
            own = self._opening_period(k - 1, ref)
            frames[k] = own if own is not None else frames[k - 1]
        return frames[idx]

    def _opening_period(self, j: int, ref: dt.date | None) -> Period | None:
        """The period sentence ``j`` opens with (a time phrase within its first words)."""
        sent_start = self._sent_starts[j]
        for m in self.sentence_periods(j).matches:
            if m.start() - sent_start > FRAME:
                break
            if is_comparison(self.text, sent_start, m):
                continue
            p = period_from_match(m, ref)
            if p is None:
                return None
            return Period(p.period, p.as_of, "paragraph" if p.source == "sentence" else p.source)
        return None

    def last_province_before(self, pos: int) -> str | None:
        i = bisect.bisect_left(self._prov_starts, pos)
        return self.provinces[i - 1][2] if i else self._prior_province

    # -- scope ---------------------------------------------------------------------------------
    def _sentence_facts(self, idx: int) -> _SentenceFacts:
        """What sentence ``idx`` says about scope, read once."""
        facts = self._facts.get(idx)
        if facts is None:
            text = self.text
            start, end = self._sent_starts[idx], self.sentences.ends[idx]
            seg = text[start:end]
            national = national_marks(text, start, end)
            bare = []
            if has_any(seg, BARE_LITERALS):
                bare = [m.span() for m in BARE_PROVINCE.finditer(text, start, end)]
            facts = _SentenceFacts(
                bridge=BRIDGE.search(seg) is not None, national=national, bare=bare
            )
            self._facts[idx] = facts
        return facts

    def _national(self, idx: int, start: int, end: int) -> bool:
        """Does the span (inside sentence ``idx``) speak of the whole country?"""
        return any(start <= a and b <= end for a, b in self._sentence_facts(idx).national)

    def _own_province(self, idx: int, start: int, end: int) -> str | None:
        """The one province a span of sentence ``idx`` speaks of, or None. A span naming one
        province is that province's; a span naming several, or speaking of the country, is not;
        a bare "tỉnh" refers back to the province last named."""
        key = (start, end)
        if key not in self._own_cache:  # a clause is often its whole sentence: read it once
            self._own_cache[key] = self._read_own_province(idx, start, end)
        return self._own_cache[key]

    def _read_own_province(self, idx: int, start: int, end: int) -> str | None:
        names = set(self.provinces_in(start, end))
        if len(names) == 1:
            return names.pop()
        if names or self._national(idx, start, end):
            return None
        if any(start <= a and b <= end for a, b in self._sentence_facts(idx).bare):
            # in a report about one province, "tỉnh" is that province
            return self.doc_province or self.last_province_before(end)
        return None

    def sentence_scope(self, idx: int) -> tuple[str, bool]:
        """Scope of sentence ``idx`` and whether it was set by the sentence itself."""
        if idx in self._scope_cache:
            return self._scope_cache[idx]
        start, end = self._sent_starts[idx], self.sentences.ends[idx]
        result: tuple[str, bool]
        if self._sentence_facts(idx).bridge:
            result = ("VN", False)
        else:
            own = self._own_province(idx, start, end)
            if own:
                result = (own, True)
            elif len(set(self.provinces_in(start, end))) > 1 or (
                # in a report about one province, only the figure's own clause can make it
                # national (checked in scope_at); elsewhere the whole sentence counts
                self._national(idx, start, end) and not self.doc_province
            ):
                result = ("VN", True)
            elif idx > 0 and self.same_paragraph(idx - 1, idx):
                result = (self.sentence_scope(idx - 1)[0], False)
            else:
                result = (self.doc_province or "VN", False)
        self._scope_cache[idx] = result
        return result

    def scope_at(self, pos: int) -> str:
        """Whose figure the number at ``pos`` is: ``VN`` or a province name (FIGURES.md)."""
        if not self.sentences:
            return self.doc_province or "VN"
        return self.scope_in(self.sentence_index(pos), *self.clause_bounds(pos))

    def scope_in(self, idx: int, clause_start: int, clause_end: int) -> str:
        """:meth:`scope_at` for a figure whose sentence and clause are known."""
        key = (clause_start, clause_end)
        got = self._clause_scope.get(key, False)
        if got is False:
            got = self._clause_scope[key] = self._clause_scope_of(idx, clause_start, clause_end)
        return got or self.sentence_scope(idx)[0]

    def paired_scope(self, idx: int, start: int, end: int, pos: int) -> str | None:
        """In a clause naming several places, the one the figure at ``pos`` is paired with:
        the i-th after "lần lượt", "X (v)", else the last in its part of the list."""
        got = self._clause_places.get((start, end))
        if got is None:
            got = self._clause_places[(start, end)] = self._pairs_in(idx, start, end)
        if got is _NO_PAIRS:
            return None
        places, starts, breaks, resp = got
        text = self.text
        if resp is not None and resp.end() <= pos:
            first = [p for p in places if p[1] <= resp.start()]
            after = any(resp.end() <= p[0] < pos for p in places)
            if len({p[2] for p in first}) >= 2 and not after:
                k = len(_NUMBER.findall(text, resp.end(), pos))
                return first[k][2] if k < len(first) else None
        j = pos
        while j > start and text[j - 1] == " ":  # "Hải Dương (0,7521)": the place before
            j -= 1
        if j > start and text[j - 1] == "(":
            near = [q for q in places if q[1] < j and not text[q[1] : j - 1].strip()]
            if near:
                return near[-1][2]
        i = bisect.bisect_right(breaks, pos)
        cut = breaks[i - 1] if i else start
        k = bisect.bisect_right(starts, pos)  # the last place in [cut, pos] (by start order)
        while k and places[k - 1][0] >= cut:
            k -= 1
            if places[k][1] <= pos:
                return places[k][2]
        return None

    def _pairs_in(self, idx: int, start: int, end: int) -> tuple:
        """The places a clause names, where its list breaks, and its "lần lượt", read once."""
        facts, starts = self._sentence_facts(idx), self._prov_starts
        i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        if j - i + bool(facts.national) + bool(facts.bare and self.doc_province) < 2:
            return _NO_PAIRS  # (fewer than two mentions of any kind: one place at most)
        out = [p for p in self.provinces[i:j] if p[1] <= end]
        out += [(a, b, "VN") for a, b in facts.national if start <= a and b <= end]
        if self.doc_province:
            out += [(a, b, self.doc_province) for a, b in facts.bare if start <= a and b <= end]
        places = sorted(out)
        if len({p[2] for p in places}) < 2:
            return _NO_PAIRS
        breaks = [m.end() for m in _PAIR_BREAK.finditer(self.text, start, end)]
        return places, [p[0] for p in places], breaks, _RESPECTIVELY.search(self.text, start, end)

    def _clause_scope_of(self, idx: int, start: int, end: int) -> str | None:
        """Scope a clause sets by itself (None: it follows its sentence)."""
        if self._sentence_facts(idx).bridge:
            return None
        own = self._own_province(idx, start, end)
        if own:
            return own
        if self._national(idx, start, end) or len(set(self.provinces_in(start, end))) > 1:
            return "VN"
        return None


@dataclass
class DocFacts:
    """What a whole document tells every piece of it: its date, the province it is about, and
    where each province is mentioned (so that "tỉnh" can refer back across pieces)."""

    ref_date: dt.date | None
    doc_province: str | None
    provinces: list[tuple[int, int, str]]
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._starts = [p[0] for p in self.provinces]

    @classmethod
    def read(cls, text: str, ref_date: dt.date | None = None) -> DocFacts:
        return cls(
            ref_date=ref_date or infer_reference_date(text),
            doc_province=doc_province_of(text),
            provinces=match_provinces(text),
        )

    def provinces_of(self, start: int, end: int) -> tuple[list[tuple[int, int, str]], str | None]:
        """Mentions inside ``[start, end)`` shifted to the piece, and the last one before it."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        inside = [(a - start, b - start, n) for a, b, n in self.provinces[i:j] if b <= end]
        return inside, (self.provinces[i - 1][2] if i else None)


@dataclass(slots=True)
class _SentenceFacts:
    bridge: bool  # a bridge point of a national meeting is named
    national: list[tuple[int, int]]  # national markers, rank frames left out
    bare: list[tuple[int, int]]  # a bare "tỉnh"/"thành phố" referring back


class SentenceAt(NamedTuple):
    """The sentence and clause a figure sits in (offsets in the piece)."""

    idx: int
    start: int
    end: int
    clause_start: int
    clause_end: int
    cut: int  # CUT_START/CUT_END bits: the sentence was cut out of a longer run


def sentence_at(ctx: DocContext, pos: int) -> SentenceAt:
    """Sentence and clause of the offset ``pos``."""
    idx = ctx.sentence_index(pos)
    clause_start, clause_end = ctx.clause_bounds(pos, idx)
    spans = ctx.sentences
    # SentenceAt(...) without its Python-level __new__: one is made per figure
    return _new(
        SentenceAt,
        (idx, spans.starts[idx], spans.ends[idx], clause_start, clause_end, ctx.cut[idx]),  # type: ignore[attr-defined]
    )


_new = tuple.__new__


class SentenceCache:
    """What the figures of one piece share per sentence, found once: whether a sentence ended
    as a goal (a goal list runs on into the next sentence), its aspect cues, its future-period
    marks, its quotes and whether it is a table row."""

    __slots__ = ("goal", "cues", "future", "quotes", "rows")

    def __init__(self) -> None:
        self.goal: dict[int, bool | None] = {}  # sentence -> True goal, False result, None
        self.cues: dict[int, tuple] = {}  # sentence -> (cues, starts, ends)
        self.future: dict[tuple[int, int], tuple[bool, list[int]]] = {}  # span -> marks
        self.quotes: dict[tuple[int, int], tuple[str, int]] = {}  # window -> quote, offset
        self.rows: dict[int, bool] = {}  # sentence -> holds a cell separator

"""Where a figure sits: sentences, paragraphs, clauses, provinces and the report's own date.

Everything here is computed once per document (one pass of a few compiled regexes) and then
looked up by offset, so that classifying a figure never re-scans the whole text.
"""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

__all__ = [
    "Province",
    "Segment",
    "DocContext",
    "load_gazetteer",
    "province_pattern",
    "match_provinces",
    "normalise_spaces",
]

# Unicode spaces (NBSP, thin, ideographic...) count as ordinary spaces. Replacing them one for one
# keeps every offset valid.
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")


# Print layouts group the digits of a number with a no-break, narrow no-break, thin or figure
# space ("1 025 067"): such a space between digit groups is a thousands separator, the "." of
# vi-VN, not a break between two numbers. (An ordinary space is not: "năm 2023 150 hồ sơ".)
_GROUP_SPACES = "\u00a0\u2007\u2009\u202f"
_SPACE_GROUPED = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:[{_GROUP_SPACES}]\d{{3}})+(?!\d)")
_GROUP_SPACE = re.compile(rf"[{_GROUP_SPACES}]")


def normalise_spaces(text: str) -> str:
    """Replace Unicode space characters by U+0020, one for one (offsets are kept), and a
    space grouping the digits of a number by "." (``1 025 067`` -> ``1.025.067``).
    Text without any is returned as is, without a copy."""
    if _ODD_SPACES.search(text) is None:
        return text
    text = _SPACE_GROUPED.sub(lambda m: _GROUP_SPACE.sub(".", m.group()), text)
    return _ODD_SPACES.sub(" ", text)


# ---------------------------------------------------------------------------------------------
# Gazetteer
# ---------------------------------------------------------------------------------------------


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
# Segmentation
# ---------------------------------------------------------------------------------------------

# A sentence ends at . ! ? … (or "...") followed by space and an upper-case letter, a quote or a
# bullet, or at a line end (with the blank lines after it: one paragraph break). Dots inside
# numerals (1.025.067) are never followed by a space.
_SENT_END = re.compile(r"[.!?…]+[\"”’)]*(?=\s+[\"“‘(•\-–]?[A-ZÀ-ỸĐ0-9])|\n\s*")
# The scan looks for one character that can start such an end: a one-class pattern runs several
# times faster than the alternation, which is then tried only where that character is.
_SENT_END_CHAR = re.compile(r"[.!?…\n]")
_PUNCT_RUN = re.compile(r"[.!?…]+")
# abbreviations whose dot does not end a sentence ("TP. Hồ Chí Minh", "PGS. TS.")
_ABBREV = re.compile(r"(?:^|[\s(])(?:TP|Tp|TS|ThS|PGS|GS|BS|ThS|Th\.S|St|Mr|Dr)$")
# Clause breaks inside a sentence: semicolons and contrastive links.
# A semicolon, or ",? trong khi (đó)", ", còn", ", nhưng": found from their words; the spaces
# and the comma before a word are checked on each hit (see _clause_breaks).
_CLAUSE_WORD = re.compile(r";|trong khi(?: đó)?\b|còn\b|nhưng\b")
# Each pattern below is tried on a sentence only when one of the literals that every one of its
# matches contains occurs there (a substring test is far cheaper than a regex scan).
_CLAUSE_LITERALS = (";", "trong khi", "còn", "nhưng")


@dataclass(slots=True)
class Segment:
    start: int
    end: int


class _Spans(Sequence[Segment]):
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


# Markers that a sentence or clause speaks of the whole country (FIGURES.md: cả nước, toàn quốc,
# Chính phủ, a ministry).
_NATIONAL = re.compile(
    r"c(?:ả nước|ác địa phương|ác tỉnh)|toàn quốc|Chính phủ|Thủ tướng|Việt Nam|"
    r"chuyển đổi số quốc gia|[Bb]ộ(?:,\s*ngành|\s+(?:[A-ZĐ]|TT&TT|GD))|nhiều địa phương|"
    r"/63\s+(?:tỉnh|địa phương)"
)  # plus, checked on each hit: "Bộ" starts a word; "/63" follows a number (see _national_marks)
_NATIONAL_LITERALS = (
    "cả nước", "toàn quốc", "Chính phủ", "Thủ tướng", "Việt Nam", "quốc gia", "ngành", "Bộ",
    "địa phương", "các tỉnh", "/63",
)  # fmt: skip
_RANK_FRAME = re.compile(
    r"(?:thứ\s+\d+(?:/\d+)?|dẫn đầu|đứng đầu|top\s+\d+)\s*(?:trong\s+)?$", re.I
)
# A bridge point of a national meeting names a province that is not the subject.
_BRIDGE = re.compile(r"điểm cầu", re.IGNORECASE)
# "tỉnh" used on its own refers back to the province being written about ("UBND tỉnh",
# "Công an tỉnh", "của tỉnh", "Tỉnh phấn đấu"), unlike the generic "các tỉnh", "cấp tỉnh" or
# "tỉnh, thành phố".
_BARE_PROVINCE = re.compile(
    r"[Tt](?<!các [Tt])(?<!cấp [Tt])(?<!tỉnh, [Tt])(?<!\d [Tt])(?<!\w[Tt])(?:ỉnh|hành phố)"
    r"(?!\s*,\s*thành phố)(?!\s+[A-ZĐ])(?!\w)"
)
_BARE_LITERALS = ("ỉnh", "hành phố")
# A report about one province names it in its title ("Cần Thơ: ...") or makes a provincial body
# the actor of its lead ("UBND tỉnh Lâm Đồng tổ chức hội nghị ...").
_LEAD_ACTOR = re.compile(
    r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân|HĐND|Tỉnh ủy|Tỉnh uỷ|Thành ủy|Thành uỷ|"
    r"Ban Chỉ đạo[^.]{0,40}?|Sở [^.]{0,40}?)\s+(?:tỉnh|thành phố|TP\.?)?\s*$"
)


_DATE_FULL = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d{2})(?!\d)")
_DATE_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})(?:-(\d{1,2}))?(?![\d\-])")


def infer_reference_date(text: str) -> dt.date | None:
    """The report's own date as the text states it: the first full date in its first lines
    (by-line, header), else the first full date anywhere. None when the text has none.
    """
    head = text[:600]
    for chunk in (head, text):
        best = None
        for m in _DATE_FULL.finditer(chunk):
            try:
                best = dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
                break
            except ValueError:
                continue
        if best is None:
            for m in _DATE_ISO.finditer(chunk):
                try:
                    day = int(m.group(3) or 1)
                    best = dt.date(int(m.group(1)), int(m.group(2)), day)
                    # a bare year-month header: a day-month in the lead ("sáng 25/2") refines it
                    if m.group(3) is None:
                        dm = re.search(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])", text[:1500])
                        if dm and int(dm.group(2)) == best.month:
                            best = best.replace(day=int(dm.group(1)))
                    break
                except ValueError:
                    continue
        if best is not None:
            return best
    return None


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
        starts, ends, paras, ctx.cut = _sentences(text)
        ctx.sentences = _Spans(starts, ends)
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
        ctx._periods: dict[int, _SentencePeriods] = {}
        ctx._frames: dict[int, Period | None] = {}
        return ctx

    # -- lookups -------------------------------------------------------------------------------
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
                _clause_breaks(self.text, start, end)
                if _has_any(self.text[start:end], _CLAUSE_LITERALS)
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

    def sentence_periods(self, idx: int) -> _SentencePeriods:
        """The period phrases of sentence ``idx``, found once."""
        got = self._periods.get(idx)
        if got is None:
            got = self._periods[idx] = _SentencePeriods(
                self.text, self._sent_starts[idx], self.sentences.ends[idx]
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
            if m.start() - sent_start > _FRAME:
                break
            if _is_comparison(self.text, sent_start, m):
                continue
            p = _period_from_match(m, ref)
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
            national = []
            if _has_any(seg, _NATIONAL_LITERALS):
                national = _national_marks(text, start, end)
            bare = []
            if _has_any(seg, _BARE_LITERALS):
                bare = [m.span() for m in _BARE_PROVINCE.finditer(text, start, end)]
            facts = _SentenceFacts(
                bridge=_BRIDGE.search(seg) is not None, national=national, bare=bare
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
            return self.last_province_before(end) or self.doc_province
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
            doc_province=find_doc_province(normalise_spaces(text[:4000])),
            provinces=match_provinces(text),
        )

    def provinces_of(self, start: int, end: int) -> tuple[list[tuple[int, int, str]], str | None]:
        """Mentions inside ``[start, end)`` shifted to the piece, and the last one before it."""
        i = bisect.bisect_left(self._starts, start)
        j = bisect.bisect_left(self._starts, end)
        inside = [(a - start, b - start, n) for a, b, n in self.provinces[i:j] if b <= end]
        return inside, (self.provinces[i - 1][2] if i else None)


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
    if _BRIDGE.search(lead):
        return None
    for s, _e, name in match_provinces(lead):
        before = lead[max(0, s - 80) : s]
        after = lead[_e : _e + 60]
        if _LEAD_ACTOR.search(before) and re.match(
            r"\s*(?:đã\s+|vừa\s+)?(?:tổ chức|chủ trì|triển khai)", after
        ):
            return name
    return None


@dataclass(slots=True)
class _SentenceFacts:
    bridge: bool  # a bridge point of a national meeting is named
    national: list[tuple[int, int]]  # national markers, rank frames left out
    bare: list[tuple[int, int]]  # a bare "tỉnh"/"thành phố" referring back


def starts_word(text: str, i: int) -> bool:
    """Does a word start at ``i``, as a regex ``\\b`` before a word character would say?"""
    return i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")


def _national_marks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of ``text[start:end]`` that speak of the whole country."""
    out = []
    for m in _NATIONAL.finditer(text, start, end):
        a, b = m.span()
        c = text[a]
        if c in "Bb" and not starts_word(text, a):
            continue
        if c == "/":  # "21/63 tỉnh": the mark starts with the number
            while a > start and text[a - 1].isdecimal():
                a -= 1
            if a == m.start():
                continue
        # "đứng thứ 5 cả nước", "dẫn đầu toàn quốc": the field of comparison, not the owner
        if not _RANK_FRAME.search(text, max(start, a - 20), a):
            out.append((a, b))
    return out


def _clause_breaks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Clause breaks in ``text[start:end]`` as spans, the comma and spaces before included."""
    out = []
    for m in _CLAUSE_WORD.finditer(text, start, end):
        a, b = m.span()
        if text[a] != ";":
            j = a
            while j > start and text[j - 1].isspace():
                j -= 1
            if j == a:
                continue  # the word must follow a space
            if j > start and text[j - 1] == ",":
                j -= 1
            elif text[a] != "t":  # only "trong khi" may come without a comma
                continue
            a = j
        out.append((a, b))
    return out


def _has_any(seg: str, literals: tuple[str, ...]) -> bool:
    for lit in literals:
        if lit in seg:
            return True
    return False


# characters an abbreviation that keeps its dot ends with (see _ABBREV)
_ABBREV_LAST = frozenset("PpSthr")


def _sentences(text: str) -> tuple[array, array, array, array]:
    """Start, end and paragraph number of every sentence, in one pass over ``text``, and
    whether it was cut out of a longer run (CUT_START, CUT_END bits). Paragraphs are lines;
    sentences are trimmed of surrounding spaces."""
    starts, ends, paras, cuts = array("q"), array("q"), array("q"), array("b")

    def keep(a: int, b: int, para: int) -> None:  # a non-blank segment, trimmed
        a, b = _trim(text, a, b)
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


# No real sentence is longer than this (the seeds' longest is under 1,000 characters); a run of
# text without sentence ends that is longer, a table flattened out of a PDF or a list without full
# stops, is cut into pieces at its clause or list boundaries, so that the work done per sentence
# (cues, clauses, periods, scope) and everything kept per figure stay bounded.
MAX_SENTENCE = 2000
CUT_START, CUT_END = 1, 2  # a sentence cut out of a longer run: where the run goes on
# Boundaries to cut an over-long run at, strongest first; each piece is at least half the limit.
# (A comma or colon cuts only before a space: inside a number it is a decimal mark or a time.)
_CUT_MARKS = ((";", "|", "\t"), (", ", ": "), (" ",))


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


# ---------------------------------------------------------------------------------------------
# Periods
# ---------------------------------------------------------------------------------------------

_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PERIOD = re.compile(
    r"(?P<first>(?P<n>\d{1,2})\s+tháng\s+đầu\s+năm(?:\s+(?P<fy>(?:19|20)\d{2})|\s+nay)?)"
    r"|(?P<last>(?P<ln>\d{1,2})\s+tháng\s+cuối\s+năm(?:\s+(?P<ly>(?:19|20)\d{2}))?)"
    r"|(?P<quarter>quý\s+(?P<q>IV|III|II|I|[1-4])(?:\s*/\s*|\s+năm\s+)(?P<qy>(?:19|20)\d{2}))"
    r"|(?P<month>tháng\s+(?P<m>\d{1,2})\s*/\s*(?P<my>(?:19|20)\d{2}))"
    r"|(?P<year>(?:(?P<end>đến\s+(?:hết\s+|cuối\s+)?năm|cuối\s+năm|hết\s+năm)|năm)\s+"
    r"(?P<y>(?:19|20)\d{2})(?!\s*[-–]))"
    r"|(?P<now>đến\s+nay|hiện\s+nay|hiện\s+tại|tính\s+đến\s+nay|thời\s+điểm\s+hiện\s+tại)",
    re.IGNORECASE,
)
# a period that is the comparison, not the figure's own ("so với cùng kỳ năm 2021")
_COMPARISON = re.compile(
    r"(?:so\s+với|cùng\s+kỳ|từ|dựa\s+trên\s+dữ\s+liệu\s+của|Luật[^,.;]{0,40})\s*$", re.I
)


_FRAME = 40  # how far into a sentence a time phrase still frames what follows


@dataclass(frozen=True)
class Period:
    """The period a figure speaks of and the date it is valid at (``as_of``)."""

    period: str
    as_of: dt.date | None
    source: str  # sentence | paragraph | report_date | none


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _period_from_match(m: re.Match[str], ref: dt.date | None) -> Period | None:
    ref_year = ref.year if ref else None
    if m.group("first"):
        n = int(m.group("n"))
        year = int(m.group("fy")) if m.group("fy") else ref_year
        if year is None or not 1 <= n <= 12:
            return None
        label = {3: f"{year}-Q1", 6: f"{year}-H1", 12: f"{year}"}.get(
            n, f"{year}-01/{year}-{n:02d}"
        )
        return Period(label, _month_end(year, n), "sentence")
    if m.group("last"):
        n = int(m.group("ln"))
        year = int(m.group("ly")) if m.group("ly") else ref_year
        if year is None or not 1 <= n <= 12:
            return None
        label = f"{year}-H2" if n == 6 else f"{year}-{13 - n:02d}/{year}-12"
        return Period(label, dt.date(year, 12, 31), "sentence")
    if m.group("quarter"):
        q = m.group("q")
        q = _ROMAN.get(q.upper(), None) or int(q)
        year = int(m.group("qy"))
        return Period(f"{year}-Q{q}", _month_end(year, 3 * q), "sentence")
    if m.group("month"):
        month, year = int(m.group("m")), int(m.group("my"))
        if not 1 <= month <= 12:
            return None
        return Period(f"{year}-{month:02d}", _month_end(year, month), "sentence")
    if m.group("year"):
        year = int(m.group("y"))
        return Period(f"{year}", dt.date(year, 12, 31), "sentence")
    if m.group("now"):
        return Period("", ref, "report_date") if ref else Period("", None, "none")
    return None


def _periods_in(text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
    out = []
    for m in _PERIOD.finditer(text, start, end):
        if _is_comparison(text, start, m):
            continue
        out.append((m.start(), m))
    return out


def _is_comparison(text: str, lo: int, m: re.Match[str]) -> bool:
    """Is the period phrase ``m`` the comparison ("so với cùng kỳ năm 2021"), looking back no
    further than ``lo``?"""
    return _COMPARISON.search(text, max(lo, m.start() - 50), m.start()) is not None


class _SentencePeriods:
    """Every period phrase of one sentence, found once and then looked up around each figure,
    so that a sentence with many figures is scanned once rather than once per figure."""

    __slots__ = ("matches", "starts", "ends")

    def __init__(self, text: str, start: int, end: int) -> None:
        self.matches = list(_PERIOD.finditer(text, start, end))
        self.starts = [m.start() for m in self.matches]
        self.ends = [m.end() for m in self.matches]

    def straddles(self, pos: int) -> bool:
        """Does a phrase run across ``pos``? (Then a scan cut at ``pos`` could find another.)"""
        i = bisect.bisect_right(self.ends, pos)
        return i < len(self.starts) and self.starts[i] < pos

    def last_before(self, text: str, lo: int, pos: int) -> re.Match[str] | None:
        """The last phrase ending by ``pos`` that is not a comparison (looking back to lo)."""
        for i in range(bisect.bisect_right(self.ends, pos) - 1, -1, -1):
            if not _is_comparison(text, lo, self.matches[i]):
                return self.matches[i]
        return None

    def first_within(self, text: str, pos: int, end: int) -> re.Match[str] | None:
        """The first phrase inside ``[pos, end)`` that is not a comparison."""
        for i in range(bisect.bisect_left(self.starts, pos), len(self.starts)):
            if self.ends[i] > end:
                break
            if not _is_comparison(text, pos, self.matches[i]):
                return self.matches[i]
        return None


def resolve_period(
    ctx: DocContext, start: int, end: int, is_target: bool, ref: dt.date | None
) -> Period:
    """Period and ``as_of`` of the figure at ``start:end`` (FIGURES.md context resolution).

    The nearest period phrase before the figure in its sentence wins; a goal may also name its
    deadline after the figure within its clause ("... trong năm 2023"). Failing that, the
    paragraph's earlier sentences are searched; failing that, the report's own date applies
    (``source = report_date``). A result for a year still running at the report's date is as of
    the report's date.
    """
    text = ctx.text
    found: Period | None = None
    if ctx.sentences:
        idx = ctx.sentence_index(start)
        sent = ctx.sentences[idx]
        periods = ctx.sentence_periods(idx)
        if periods.straddles(start):  # rare: scan up to the figure, as the rule says
            before = _periods_in(text, sent.start, start)
            m = before[-1][1] if before else None
        else:
            m = periods.last_before(text, sent.start, start)
        if m is not None:
            found = _period_from_match(m, ref)
        if found is None and is_target:
            clause_end = ctx.clause_bounds(start, idx)[1]
            if periods.straddles(end) or periods.straddles(clause_end):
                after = _periods_in(text, end, clause_end)
                m = after[0][1] if after else None
            else:
                m = periods.first_within(text, end, clause_end)
            if m is not None:
                found = _period_from_match(m, ref)
        if found is None:
            framed = ctx.paragraph_frame(idx, ref)
            if framed is not None:
                found = Period(framed.period, framed.as_of, framed.source)
    if found is None:
        if is_target or ref is None:
            return Period("", None, "none")  # a goal with no deadline stated
        return Period("", ref, "report_date")
    if (
        not is_target
        and ref is not None
        and found.as_of is not None
        and found.period == str(ref.year)
    ):
        return Period(found.period, min(found.as_of, ref), found.source)
    return found

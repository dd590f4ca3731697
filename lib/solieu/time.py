"""Time: the report's own date, the period phrases of a sentence, and whether a period is still
to come at the report's date. The one home of year and period phrases (the lexicon's ``time``
role): a figure's period (period.resolve_period) and a goal's "still to come" (aspect) both
read them from here.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from .lang import alternation, load_lexicon, phrase_regex
from .text import scan_matches, starts_word

__all__ = [
    "FRAME",
    "Period",
    "SentencePeriods",
    "infer_reference_date",
    "period_from_match",
    "periods_in",
    "is_comparison",
    "future_marks",
]

_T = load_lexicon()["time"]
_BACKREF = load_lexicon()["aspect"]["backref"]
_YEAR = r"(?:19|20)\d{2}"
_SP = r"\s+"  # period phrases are read with any spacing between their words

_DATE_FULL = re.compile(r"(?<!\d)(\d{1,2})[/.\-](\d{1,2})[/.\-]((?:19|20)\d{2})(?!\d)")
_DATE_ISO = re.compile(r"(?<!\d)((?:19|20)\d{2})-(\d{1,2})(?:-(\d{1,2}))?(?![\d\-])")
_DAY_MONTH = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?![\d/])")


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
                        dm = _DAY_MONTH.search(text[:1500])
                        if dm and int(dm.group(2)) == best.month:
                            best = best.replace(day=int(dm.group(1)))
                    break
                except ValueError:
                    continue
        if best is not None:
            return best
    return None


def _w(phrase: str) -> str:
    return phrase_regex(phrase, _SP)


_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_PERIOD_BODY = (  # {roman}: the numerals of a quarter, in the case of the text read
    rf"(?P<first>(?P<n>\d{{1,2}})\s+{_w(_T['month'])}\s+{_w(_T['first_months'])}"
    rf"(?:\s+(?P<fy>{_YEAR})|\s+{_w(_T['this_year'])})?)"
    rf"|(?P<last>(?P<ln>\d{{1,2}})\s+{_w(_T['month'])}\s+{_w(_T['last_months'])}"
    rf"(?:\s+(?P<ly>{_YEAR}))?)"
    rf"|(?P<quarter>{_w(_T['quarter'])}\s+(?P<q>{{roman}}|[1-4])"
    rf"(?:\s*/\s*|\s+{_w(_T['year'])}\s+)(?P<qy>{_YEAR}))"
    rf"|(?P<month>{_w(_T['month'])}\s+(?P<m>\d{{1,2}})\s*/\s*(?P<my>{_YEAR}))"
    rf"|(?P<year>(?:(?P<end>{'|'.join(_w(p) for p in _T['year_end'])})|{_w(_T['year'])})\s+"
    rf"(?P<y>{_YEAR})(?!\s*[-–]))"
    rf"|(?P<now>{'|'.join(_w(p) for p in _T['now'])})"
)
# Every phrase starts with a digit or with the first letter of one of its words: a look-ahead
# for that one character lets the regex engine skip every other position at once (about four
# times faster than trying each alternative everywhere).
_FIRSTS = {_T[k][0].lower() for k in ("month", "quarter", "year")}
_FIRSTS |= {p[0].lower() for p in (*_T["year_end"], *_T["now"])}
_LEAD = rf"(?=[\d{''.join(re.escape(c) for c in sorted(_FIRSTS))}])"
_ROMAN_ALT = "|".join(sorted(_ROMAN, key=_ROMAN.__getitem__, reverse=True))  # IV|III|II|I
_PERIOD = re.compile(f"{_LEAD}(?:{_PERIOD_BODY.replace('{roman}', _ROMAN_ALT)})", re.IGNORECASE)
# the same on lower-cased text, without the case flag (faster still: see DocContext.lower)
_PERIOD_LOW = re.compile(f"{_LEAD}(?:{_PERIOD_BODY.replace('{roman}', _ROMAN_ALT.lower())})")
# a period that is the comparison, not the figure's own ("so với cùng kỳ năm 2021")
_COMPARISON = re.compile(
    rf"(?:{'|'.join(_w(p) for p in _T['comparison'])}|{_w(_T['comparison_law'])}[^,.;]{{0,40}})"
    r"\s*$",
    re.I,
)

#: How far into a sentence a time phrase still frames what follows.
FRAME = 40


@dataclass(frozen=True)
class Period:
    """The period a figure speaks of and the date it is valid at (``as_of``)."""

    period: str
    as_of: dt.date | None
    source: str  # sentence | paragraph | report_date | none


def _month_end(year: int, month: int) -> dt.date:
    nxt = dt.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def period_from_match(m: re.Match[str], ref: dt.date | None) -> Period | None:
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


def periods_in(text: str, start: int, end: int) -> list[tuple[int, re.Match[str]]]:
    out = []
    for m in _PERIOD.finditer(text, start, end):
        if is_comparison(text, start, m):
            continue
        out.append((m.start(), m))
    return out


def is_comparison(text: str, lo: int, m: re.Match[str]) -> bool:
    """Is the period phrase ``m`` the comparison ("so với cùng kỳ năm 2021"), looking back no
    further than ``lo``?"""
    return _COMPARISON.search(text, max(lo, m.start() - 50), m.start()) is not None


class SentencePeriods:
    """Every period phrase of one sentence, found once and then looked up around each figure,
    so that a sentence with many figures is scanned once rather than once per figure."""

    __slots__ = ("matches", "starts", "ends")

    def __init__(self, text: str, start: int, end: int, low: str | None = None) -> None:
        """The phrases of ``text[start:end]``; ``low`` is ``text`` lower-cased when that keeps
        every offset (a case-insensitive match is then a plain match on it)."""
        if low is not None:
            self.matches = list(_PERIOD_LOW.finditer(low, start, end))
        else:
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
            if not is_comparison(text, lo, self.matches[i]):
                return self.matches[i]
        return None

    def first_within(self, text: str, pos: int, end: int) -> re.Match[str] | None:
        """The first phrase inside ``[pos, end)`` that is not a comparison."""
        for i in range(bisect.bisect_left(self.starts, pos), len(self.starts)):
            if self.ends[i] > end:
                break
            if not is_comparison(text, pos, self.matches[i]):
                return self.matches[i]
        return None


# ---------------------------------------------------------------------------------------------
# Still to come: a goal's deadline
# ---------------------------------------------------------------------------------------------

# Both are matched on lower-cased text (no case flag: the engine can skip ahead on literals);
# a match of _FUTURE_YEAR must also start a word, checked on each hit. The year leads are the
# period's year phrases (the bare year word first) and "within the year".
_YEAR_LEADS = [_T["year"], *_T["year_end"], *_T["year_within"]]
_FUTURE_YEAR = re.compile(
    rf"(?:{alternation(_YEAR_LEADS)}\s+({_YEAR})(?!\s*-)"
    rf"|{re.escape(_T['month'])}\s+(\d{{1,2}})/({_YEAR}))"
)
# where a _FUTURE_YEAR match can start: its leads, each a flat branch (see scan_matches)
_FUTURE_LEAD = re.compile("|".join(phrase_regex(p) for p in (*_YEAR_LEADS, _T["month"])))
# every _FUTURE_YEAR match holds one of these
_FUTURE_LITERALS = (_T["year"], _T["month"])
_PAST_MARK = re.compile(alternation(_T["past"]))
_BACKREF_START = re.compile(r"\s*" + alternation(_BACKREF))


def future_marks(text: str, a: int, b: int, ref: dt.date) -> tuple[bool, list[int], bool]:
    """What ``text[a:b]`` (a sentence up to a clause end) says about a period still to come at
    ``ref``: (a later period is named, offsets of the report's own year, the span opens with a
    back-reference and continues the previous sentence's period)."""
    seg = text[a:b]
    low = seg.lower()
    if len(low) != len(seg):  # a rare character whose lower case is longer: keep offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in seg)
    years = any(w in low for w in _FUTURE_LITERALS)
    backref = _BACKREF_START.match(seg) is not None
    if not (years or backref) or _PAST_MARK.search(low):
        return False, [], False
    this_year_at = []
    for m in scan_matches(_FUTURE_YEAR, _FUTURE_LEAD, low) if years else ():
        if not starts_word(low, m.start()):
            continue
        if m.group(1):
            year = int(m.group(1))
            if year > ref.year:
                return True, [], False
            if year == ref.year:
                this_year_at.append(a + m.start())
        else:
            month, year = int(m.group(2)), int(m.group(3))
            # a month still running at the report's date (or later) is still to come
            if (year, month) > (ref.year, ref.month) or (
                (year, month) == (ref.year, ref.month) and ref.day < 28
            ):
                return True, [], False
    return False, this_year_at, backref

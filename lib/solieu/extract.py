"""Find every figure in a Vietnamese report, parse it, classify it and keep its sentence.

One compiled tokenizer pass finds every digit-bearing token; each token is then classified from
its own shape and a small window of words around it (cue words of the language and the genre).
Every digit run of the text ends up either as a figure or as a skipped token with a reason.
The contract is docs/FIGURES.md.
"""

from __future__ import annotations

import bisect
import datetime as dt
import gc
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
import pyarrow as pa

from .context import (
    CUT_END,
    CUT_START,
    DocContext,
    DocFacts,
    normalise_spaces,
    resolve_period,
    starts_word,
)
from .errors import SolieuError, printable
from .numbers import NumberParseError, parse_number

__all__ = [
    "FIGURE_COLUMNS",
    "SKIPPED_COLUMNS",
    "SKIP_REASONS",
    "UNITS",
    "QUALIFIERS",
    "extract",
    "extract_with_skipped",
    "extract_with_periods",
    "normalise_text",
]

FIGURE_COLUMNS = [
    "doc",
    "figure_id",
    "number",
    "start",
    "end",
    "value",
    "denominator",
    "unit",
    "qualifier",
    "is_target",
    "is_change",
    "scope",
    "subject",
    "sentence",
    "sentence_start",
]
SKIPPED_COLUMNS = ["doc", "token", "start", "end", "reason", "context"]
# positions in a figure row (a tuple in FIGURE_COLUMNS order)
_START, _END, _UNIT, _IS_TARGET = (
    FIGURE_COLUMNS.index(c) for c in ("start", "end", "unit", "is_target")
)
SKIP_REASONS = (
    "date",
    "time",
    "year_or_period",
    "document_or_programme",
    "label_or_ordinal",
    "age",
    "artefact",
    "unit_part",
    "word_number",
)
UNITS = ("percent", "count", "VND", "Mbps", "times", "rank", "per_1000_people", "USD")
QUALIFIERS = ("=", ">", ">=", "<", "~")

_I = re.IGNORECASE

# ---------------------------------------------------------------------------------------------
# Tokenizer: one pass, alternatives tried in order at each position.
# ---------------------------------------------------------------------------------------------
_SCALE = r"(?:nghìn\s+tỷ|nghìn\s+tỉ|ngàn\s+tỷ|ngàn\s+tỉ|triệu\s+tỷ|nghìn|ngàn|triệu|tỷ|tỉ)"
_TOKEN = re.compile(
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
  | (?P<docno>(?<![\w/.,])\d+(?:[/.\-]\d+)*[/\-][A-ZĐ][A-Za-zĐđ]*(?:[-/.&][A-ZĐ0-9][A-Za-zĐđ0-9]*)*)
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


def _tokens(text: str, pos: int = 0, stop: int | None = None):
    """Tokens in order, from ``pos`` on, whose first digit lies before ``stop``.

    A fast scan jumps from digit to digit (as a bare digit search does);
    the token pattern is then tried only at the few places where a token holding that digit
    can start, so the cost stays close to one scan of the text."""
    stop = len(text) if stop is None else stop
    search, match = _DIGIT.search, _TOKEN.match
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


# ---------------------------------------------------------------------------------------------
# Cue words (compiled once). `_B_*` are tested against the text just before a token (anchored at
# its end), `_A_*` against the text just after it (anchored at its start).
# ---------------------------------------------------------------------------------------------
_B_DATE = re.compile(
    r"(?:\b(?:ngày|sáng|chiều|tối|trưa|đêm|hôm|mùng|mồng|hôm nay|hôm qua)\s*\(?|\()\s*$", _I
)
_B_YEAR = re.compile(
    r"\b(?:năm|giai đoạn|niên khóa|niên khoá|niên độ|khóa|khoá|mùa|vụ|từ|đến|tới|cuối|đầu|"
    r"trước|sau|trong|hết|quý\s+[IVX]+|tháng\s+\d{1,2})\s*$",
    _I,
)
_B_LAW_YEAR = re.compile(r"\b(?:Bộ\s+)?[Ll]uật\s+[A-ZĐ]\w*(?:\s+(?!năm\b)\w+){0,5}\s+năm\s*$")
_B_DOC_ANYCASE = re.compile(
    r"\b(?:(?:đề án|nghị quyết|nghị định|quyết định|chỉ thị|thông tư|công văn|công điện|tờ trình)"
    r"(?:\s+số)?|(?:văn bản|hướng dẫn|kế hoạch|thông báo|báo cáo|luật|kết luận|chương trình|"
    r"quy định|lệnh|giấy phép|hợp đồng|biên bản|quyết định|nghị quyết|Số)\s+số|^\s*[Ss]ố)\s*$",
    _I,
)
_B_DOC_CAPITAL = re.compile(
    r"\b(?:Kế hoạch|Chương trình|Dự án|Điều|Khoản|Kết luận|Thông báo|Hướng dẫn|Văn bản|Luật|"
    r"Chiến lược|Đề án)\s*$"
)
_B_ORDINAL = re.compile(
    r"\b(?:lần|năm|phiên|phiên họp|kỳ|kì|khóa|khoá|đợt|hội nghị|đại hội|thế hệ|tuần|tháng|"
    r"ngày|quý)\s+thứ\s*$",
    _I,
)
_B_RANK = re.compile(
    r"(?:\b(?:xếp|đứng|giữ|vươn lên|tăng lên|lên|xuống|tụt|nằm ở|ở)\s+(?:hạng\s+)?"
    r"(?:thứ|vị trí(?:\s+thứ)?)|\b(?:thứ hạng|xếp hạng|hạng)(?:\s+thứ)?|\btop)\s*$",
    _I,
)
_B_LABEL = re.compile(
    r"\b(?:mức độ|mức|cấp độ|phiên bản|version|nhóm|loại|quận|phường|khu phố|tổ dân phố|ấp|"
    r"khu vực|khu|vùng|tầng|bước|phụ lục|mục|tiểu mục|giai đoạn|điểm cầu số|phòng|số thứ tự|"
    r"Euro|Tier)\s*$",
    _I,
)
_B_PER = re.compile(r"(?:\btrên|/|\bmỗi|\bcho mỗi|\bcho)\s*$", _I)
_A_PERIOD = re.compile(
    r"^\s*(?:năm|tháng|quý|tuần|ngày|giờ|phút|giây|thập kỷ|thập kỉ|thế kỷ|thế kỉ|thập niên)(?!\w)",
    _I,
)
_A_AGE = re.compile(r"^\s*tuổi(?!\w)", _I)
# a clock time written out: "lúc 8 giờ 30 phút", "8 giờ 30", "vào 14 giờ"
_A_CLOCK = re.compile(r"^\s*giờ(?:\s+\d{1,2}(?:\s+phút)?)?(?!\w)", _I)
_GATE_CLOCK = {"lúc", "vào", "từ", "đến", "khoảng"}
_A_CLOCK_MIN = re.compile(r"^(?:\s+phút(?!\w)|\s*$|\s*[,.;)]|\s+(?:ngày|sáng|chiều|tối)\b)", _I)
_A_DIGITS_LABEL = re.compile(r"^\s*(?:chữ\s+)?số(?!\w)(?!\s+(?:hóa|hoá|liệu|lượng))", _I)
_A_PEOPLE = re.compile(r"^\s*(?:dân|người|người dân|dân số)(?!\w)", _I)
# The words right after a number that give its unit, in order of precedence (a percentage
# first); a per-1,000-people phrase (_A_PER_1000) comes after all of them.
_UNIT_AFTER = {
    "percent": r"(?:%|phần trăm|điểm phần trăm|điểm %)",
    "times": r"lần(?!\w)(?!\s+thứ)",
    "Mbps": r"(?:Mbps|Mb/s|MB/s)(?!\w)",
    "VND": r"(?:đồng|VNĐ|VND|đ)(?!\w)",
    "USD": r"(?:USD|đô la|đôla|US\$)(?!\w)",
}
_A_PERCENT = re.compile(rf"^\s*{_UNIT_AFTER['percent']}", _I)
_A_TIMES = re.compile(rf"^\s*{_UNIT_AFTER['times']}", _I)
_A_MBPS = re.compile(rf"^\s*{_UNIT_AFTER['Mbps']}", _I)
_A_VND = re.compile(rf"^\s*{_UNIT_AFTER['VND']}", _I)
# all of them as one pattern, tried once per figure: the name of the group that matched
_A_UNIT = re.compile(
    r"^\s*(?:" + "|".join(f"(?P<{u}>{p})" for u, p in _UNIT_AFTER.items()) + ")", _I
)
_A_PER_1000 = re.compile(
    r"^[^,.;:()%]{0,40}?(?:\btrên|/|\bmỗi)\s*1\.?000\s*(?:dân|người)(?!\w)", _I
)
_A_PLUS = re.compile(r"^\s*(?:%\s*)?(?:[\wÀ-ỹ]+\s+){0,3}?trở lên(?!\w)", _I)
_A_DATE_FOLLOW = re.compile(
    r"^\s*(?:$|[^\w\s]|vừa|tới|này|năm|và|tại|ở|hằng|hàng|đến|của|sẽ|đã|là|hoặc|hay|trước|sau)",
    _I,
)
_A_GOAL_NOUN = re.compile(
    r"^\s*(?:chỉ tiêu|mục tiêu|nhiệm vụ|nội dung|giải pháp|nhóm nhiệm vụ|nhóm giải pháp)", _I
)

_B_QUAL = re.compile(
    r"(?:^|[\s(,:;])(?P<q>trên|hơn|vượt|ít nhất|tối thiểu|không dưới|không ít hơn|dưới|chưa đến|"
    r"chưa tới|chưa tới mức|không quá|tối đa|khoảng|gần|xấp xỉ|ước|ước tính|ước đạt|ước khoảng|"
    r"chừng|hầu hết|gần như)"
    r"(?:\s+(?:là|đạt|khoảng|có|được|mức|đạt mức|cũng là|cũng đạt))?\s*$",
    _I,
)
_QUAL_MAP = {
    "trên": ">",
    "hơn": ">",
    "vượt": ">",
    "ít nhất": ">=",
    "tối thiểu": ">=",
    "không dưới": ">=",
    "không ít hơn": ">=",
    "dưới": "<",
    "chưa đến": "<",
    "chưa tới": "<",
    "chưa tới mức": "<",
    "không quá": "<",
    "tối đa": "<",
}
_B_CHANGE = re.compile(
    r"\b(?P<verb>tăng|giảm|gấp|tăng thêm|giảm thêm|tăng trưởng|tăng gấp|giảm gấp|cao hơn|"
    r"thấp hơn|nhiều hơn|ít hơn)"
    r"(?:\s+(?:hơn|khoảng|gần|thêm|được|xấp xỉ|trên|ước|ước tính|ước khoảng|gấp|là|đến|tới))*"
    r"\s*$",
    _I,
)

# Aspect and modality: the nearest cue before a figure (in its sentence) tells a goal from a
# result. Longer phrases come first so that "vượt kế hoạch" is a result, not a plan.
_DONE_PHRASES = [
    *(
        f"đạt và vượt{m}{t}"
        for m in (" mức", "")
        for t in (" kế hoạch", " chỉ tiêu", " mục tiêu", "")
    ),
    *(f"vượt{m} {t}" for m in (" mức", "") for t in ("kế hoạch", "chỉ tiêu", "mục tiêu")),
    "hoàn thành vượt", "đạt được", "đến nay", "hiện nay", "hiện tại", "tính đến", "lũy kế",
    "luỹ kế", "đã", "đang", "vừa", "còn",
]  # fmt: skip
_GOAL_PHRASES = [
    "phấn đấu", "đặt mục tiêu", "mục tiêu", "chỉ tiêu", "kế hoạch", "yêu cầu", "đề nghị", "cần",
    "phải", "sẽ", "dự kiến", "khẩn trương", "hướng tới", "hướng đến", "định hướng",
    "giao nhiệm vụ", "được giao", "đề ra", "đặt ra", "duy trì", "bảo đảm", "đảm bảo",
]  # fmt: skip
_CUE_KIND = {p: "done" for p in _DONE_PHRASES} | {p: "goal" for p in _GOAL_PHRASES}


def _literal_trie(words) -> str:
    """A regex matching any of ``words`` (the longest at a position), with common prefixes
    shared ("đ(?:ã|ang|ạt ...)"): at each position the engine follows one branch instead of
    trying every word in turn."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(node[ch]) for ch in sorted(k for k in node if k)]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    return build(trie)


# The cues as one literal trie matched on lower-cased text without flags: the regex engine can
# then skip quickly to possible first letters. Word boundaries and the few negative contexts
# are checked on each hit (see _find_cues).
_CUES = re.compile(_literal_trie(_CUE_KIND))
_CUES_ANYCASE = re.compile(_CUES.pattern, _I)


# goal cues that make a goal even of a count of goals ("phấn đấu hoàn thành 32 chỉ tiêu")
_STRONG_GOALS = frozenset(
    ("phấn đấu", "yêu cầu", "đề nghị", "cần", "phải", "khẩn trương", "giao nhiệm vụ", "được giao",
     "đặt mục tiêu")
)  # fmt: skip


class _Cue(NamedTuple):
    start: int
    end: int
    kind: str  # done | goal
    phrase: str
    strong: bool  # one of _STRONG_GOALS


# Both are matched on lower-cased text (no case flag: the engine can skip ahead on literals);
# a match of _FUTURE_YEAR must also start a word, checked on each hit.
_FUTURE_YEAR = re.compile(
    r"(?:(?:năm|đến (?:cuối |hết )?năm|trong năm|cuối năm)\s+((?:19|20)\d{2})(?!\s*-)"
    r"|tháng\s+(\d{1,2})/((?:19|20)\d{2}))"
)
_PAST_MARK = re.compile(r"tháng (?:đầu|cuối) năm|cùng kỳ|vừa qua|năm qua|so với")

_SUBJECT_STOP = re.compile(r"[,;:.()\"“”…]|\s(?:và|so với|trong|tại|theo|của|trên|với|đạt|là)\s")
_PRED_WORDS = (
    "đạt", "là", "chiếm", "có", "được", "ước tính", "ước đạt", "ước", "khoảng", "tăng", "giảm",
    "gấp", "hơn", "trên", "dưới", "gần", "đạt tỷ lệ", "đạt tỉ lệ", "tỷ lệ", "tỉ lệ", "xếp thứ",
    "thứ", "ít nhất", "tối thiểu", "cũng là", "chưa đến", "còn",
)  # fmt: skip
_PRED_VERB = re.compile(rf"\s*(?:{'|'.join(_PRED_WORDS)})\s*$", _I)
_PRED_ENDINGS = tuple(sorted(_PRED_WORDS, key=len, reverse=True))
_RE_LEAD_WORD = re.compile(r"^(?:và|đến nay|hiện nay|trong đó|riêng|đã|có|với)\s+", _I)


# The look-back patterns above all end in a known word. Gating each on the word right before
# the number (a set lookup) spares the regex search for most tokens; every set must hold all
# words its pattern can end with (lower-case; "" stands for a bare "(" or "/").
_GATE_DATE = {
    "",
    "ngày",
    "sáng",
    "chiều",
    "tối",
    "trưa",
    "đêm",
    "hôm",
    "mùng",
    "mồng",
    "nay",
    "qua",
}
_GATE_YEAR = {
    "năm", "đoạn", "khóa", "khoá", "độ", "mùa", "vụ", "từ", "đến", "tới", "cuối", "đầu",
    "trước", "sau", "trong", "hết", "i", "ii", "iii", "iv", "v", "vi",
}  # fmt: skip
_GATE_DOC = {
    "số", "án", "quyết", "định", "thị", "tư", "văn", "điện", "trình", "hoạch", "điều",
    "khoản", "luận", "báo", "dẫn", "bản", "luật", "lược",
}  # fmt: skip
_GATE_LABEL = {
    "độ", "mức", "bản", "version", "nhóm", "loại", "quận", "phường", "phố", "ấp", "vực",
    "khu", "vùng", "tầng", "bước", "lục", "mục", "đoạn", "số", "phòng", "tự", "euro", "tier",
}  # fmt: skip
_GATE_RANK = {"thứ", "trí", "hạng", "top"}
_GATE_QUAL = {
    "trên", "hơn", "vượt", "nhất", "thiểu", "dưới", "đến", "tới", "mức", "quá", "đa", "khoảng",
    "gần", "xỉ", "ước", "tính", "đạt", "chừng", "hết", "như", "là", "có", "được",
}  # fmt: skip
_GATE_CHANGE = {
    "tăng", "giảm", "gấp", "thêm", "trưởng", "hơn", "khoảng", "gần", "được", "xỉ", "trên",
    "ước", "tính", "là", "đến", "tới",
}  # fmt: skip


def _last_word(before: str) -> str:
    """The word right before a number, lower-cased, without brackets or quotes around it."""
    parts = before.rsplit(None, 1)
    if not parts:
        return ""
    return parts[-1].lower().strip("(“\"'/")


_RE_INTLIKE = re.compile(r"[\d.]+")
_RE_X_POINT_0 = re.compile(r"\d\.0")
_RE_NEXT_WORD = re.compile(r"\s+([a-zà-ỹđ]+)")
_RE_CHANGE_VERB = re.compile(r"\b(?:tăng|giảm|gấp)\b", _I)
_RE_CLAUSE_SPLIT = re.compile(r"[;.]")
_RE_RANK_WORDS = re.compile(r"xếp hạng|thứ hạng|xếp thứ", _I)
_RE_RANK_PRED = re.compile(r"(?:\blà|\bđạt|\bở|\bmức|\bvị trí)\s*$", _I)
_RANK_PRED_ENDS = ("là", "đạt", "ở", "mức", "trí")  # the last word of every match ends so
_RE_NEXT_LOWER = re.compile(r"\s+[a-zà-ỹđ]")
_RE_BACKREF_START = re.compile(r"\s*(?:Đó là|Cụ thể|Trong đó)")
_RE_AFTER_PHRASE = re.compile(r"\s*(?:đồng\s+)?([^\d]{3,80})")
_RE_BAD_PHRASE = re.compile(r"(?:so với|và|so|,)")
_RE_LEFT_SPLIT = re.compile(r"[;:,(]\s*|\.\s")


# Invisible format characters (zero-width space, joiners, word joiner, a byte order mark left
# inside the text) carry nothing in Vietnamese text and would split a number they sit in.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# Half of a UTF-16 pair on its own: what Python makes of undecodable bytes with
# errors="surrogateescape"; it cannot be written as UTF-8 (CSV, Parquet).
_SURROGATE = re.compile("[\ud800-\udfff]")


def normalise_text(text: str) -> str:
    """NFC form of ``text`` without zero-width characters; already-normal input is returned
    as is, without a copy. Offsets of figures refer to this text.

    ``unicodedata.normalize`` runs the NFC quick check itself and returns its input when that
    says yes (as ``is_normalized`` would, at the same cost); calling ``is_normalized`` first
    would make decomposed input be normalised twice over."""
    if _ZERO_WIDTH.search(text) is not None:
        text = _ZERO_WIDTH.sub("", text)
    return unicodedata.normalize("NFC", text)


def extract(
    text: str,
    doc: str | None = None,
    skipped: bool = False,
    ref_date: dt.date | None = None,
) -> pd.DataFrame | tuple[pd.DataFrame, pd.DataFrame]:
    """Every figure of ``text`` as a DataFrame with :data:`FIGURE_COLUMNS`.

    Offsets refer to the NFC form of ``text``. With ``skipped=True`` returns
    ``(figures, skipped)`` where ``skipped`` holds every other digit-bearing token with its
    reason (:data:`SKIP_REASONS`). ``ref_date`` is the report's date (used to tell goals for a
    coming period from results); by default it is read from the text itself.
    """
    figs, skips = extract_with_skipped(text, doc=doc, ref_date=ref_date)
    return (figs, skips) if skipped else figs


def extract_with_skipped(
    text: str, doc: str | None = None, ref_date: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures and skipped tokens of ``text`` (see :func:`extract`)."""
    figs, sk, _ = _extract_frames(text, doc, ref_date, periods=False)
    return figs, sk


def extract_with_periods(
    text: str, doc: str | None = None, ref_date: dt.date | None = None
) -> tuple[pd.DataFrame, pd.DataFrame, dt.date | None]:
    """:func:`extract_with_skipped`, with each figure's ``period``, ``as_of`` and
    ``period_source`` resolved from its context (FIGURES.md), and the reference date used
    (``ref_date``, else the one the text states)."""
    return _extract_frames(text, doc, ref_date, periods=True)


# A long text is read in pieces of whole paragraphs, each with a margin of text before and
# after so that every window a rule looks at (at most a few hundred characters, a sentence, the
# paragraph before for back-references) is the same as in one pass. Memory then holds the text
# and the finished tables, plus one piece's working state.
_PIECE_CHARS = 1 << 20
_MARGIN_BEFORE = 2048
_MARGIN_AFTER = 256


def _pieces(text: str, size: int) -> Iterator[tuple[int, int, int, int]]:
    """(context start, own start, own end, context end) of each piece of ``text``."""
    n = len(text)
    a = 0
    while a < n:
        nl = text.find("\n", a + size)
        b = n if nl < 0 else nl + 1
        ca = _context_start(text, a)
        nl = text.find("\n", min(n, b + _MARGIN_AFTER))
        cb = n if nl < 0 else nl + 1
        yield ca, a, b, cb
        a = b


def _context_start(text: str, a: int) -> int:
    """Where the context of a piece starting at ``a`` begins: at a line start at least
    _MARGIN_BEFORE characters back, and no later than the line of the last non-blank
    character before ``a`` (the paragraph a back-reference at ``a`` would continue)."""
    if a == 0:
        return 0
    width = 256
    while True:  # widening windows: blank runs cost their length once, not once per line
        lo = max(0, a - width)
        kept = text[lo:a].rstrip()
        if kept or lo == 0:
            break
        width *= 4
    ca = text.rfind("\n", 0, lo + len(kept) - 1) + 1 if kept else 0
    while ca > 0 and a - ca < _MARGIN_BEFORE:
        ca = text.rfind("\n", 0, ca - 1) + 1
    return ca


def _extract_frames(
    text: str,
    doc: str | None,
    ref_date: dt.date | None,
    periods: bool,
    piece_chars: int = _PIECE_CHARS,
) -> tuple[pd.DataFrame, pd.DataFrame, dt.date | None]:
    nfc = normalise_text(text)
    doc = printable(doc) if doc else ""  # a file name that is not valid UTF-8, escaped
    bad = _SURROGATE.search(nfc)
    if bad is not None:
        raise SolieuError(
            f"the text holds a lone surrogate at character {bad.start()}, which is not valid "
            "Unicode (decode files with solieu.corpus.read_report)",
            doc or "<text>",
        )
    if not nfc.strip():
        figs = _frame([], FIGURE_COLUMNS, _FIGURE_TYPES)
        if periods:
            figs = _with_periods(figs, [])
        return figs, _skipped_frame([]), ref_date
    whole = DocFacts.read(nfc, ref_date)
    lines = _caption_lines(nfc)
    scan = _Scan()
    fig_parts, skip_parts = [], []
    for ca, a, b, cb in _pieces(nfc, piece_chars):
        orig = nfc[ca:cb]
        piece = normalise_spaces(orig)  # same length, so offsets are shared with `orig`
        ctx = DocContext.build(piece, whole=whole, offset=ca)
        # Many small row tuples would make the cyclic garbage collector re-walk them again and
        # again (quadratic time on large texts); none of them can form a cycle.
        enabled = gc.isenabled()
        gc.disable()
        try:
            rows, skips = _extract_piece(orig, piece, ctx, doc, ca, a - ca, b - ca, lines, scan)
        finally:
            if enabled:
                gc.enable()
        figs = _frame(rows, FIGURE_COLUMNS, _FIGURE_TYPES)
        if periods:
            figs = _with_periods(
                figs,
                [
                    resolve_period(ctx, r[_START] - ca, r[_END] - ca, r[_IS_TARGET], whole.ref_date)
                    for r in rows
                ],
            )
        fig_parts.append(figs)
        skip_parts.append(_skipped_frame(skips))
        del rows, skips, ctx, piece, orig
    figs = fig_parts[0] if len(fig_parts) == 1 else pd.concat(fig_parts, ignore_index=True)
    sk = skip_parts[0] if len(skip_parts) == 1 else pd.concat(skip_parts, ignore_index=True)
    return figs, sk, whole.ref_date


def _skipped_frame(skips: list[tuple]) -> pd.DataFrame:
    return _frame(skips, SKIPPED_COLUMNS, _SKIPPED_TYPES)


def _with_periods(figs: pd.DataFrame, found: list) -> pd.DataFrame:
    figs["period"] = pd.array([p.period for p in found], dtype="string")
    figs["as_of"] = pd.to_datetime(pd.Series([p.as_of for p in found], dtype="object"))
    figs["period_source"] = pd.array([p.source for p in found], dtype="string")
    return figs


# Column types of the two tables. Strings are Arrow-backed ("string", missing = NA; the
# skipped table keeps pandas' default "str"). Columns are built one by one straight from the
# rows, without an intermediate object-typed frame.
_FIGURE_TYPES = {
    "doc": "string",
    "figure_id": "string",
    "number": "string",
    "start": "int64",
    "end": "int64",
    "value": "float64",
    "denominator": "float64",
    "unit": "string",
    "qualifier": "string",
    "is_target": "boolean",
    "is_change": "boolean",
    "scope": "string",
    "subject": "string",
    "sentence": "string",
    "sentence_start": "int64",
}
_SKIPPED_TYPES = {
    "doc": "str",
    "token": "str",
    "start": "int64",
    "end": "int64",
    "reason": "str",
    "context": "str",
}
# Arrow buffers of the tables come from the system allocator, which hands freed memory back at
# once; Arrow's default pool (mimalloc) keeps freed segments for reuse, about 15% more resident
# memory on a 50 MB text (see make bench).
_POOL = pa.system_memory_pool()
_STRING_DTYPES = {
    "string": pd.StringDtype("pyarrow"),
    "str": pd.StringDtype("pyarrow", na_value=np.nan),
}


def _frame(rows: list[tuple], columns: list[str], types: dict[str, str]) -> pd.DataFrame:
    cols = list(zip(*rows, strict=True)) if rows else [()] * len(columns)
    data = {}
    for name, values in zip(columns, cols, strict=True):
        kind = types[name]
        if kind in _STRING_DTYPES:
            arr = pa.array(values, type=pa.large_string(), from_pandas=True, memory_pool=_POOL)
            data[name] = pd.arrays.ArrowStringArray(arr, dtype=_STRING_DTYPES[kind])
        elif kind == "boolean":
            data[name] = pd.array(values, dtype="boolean")
        else:
            data[name] = np.array(values, dtype=kind)
    return pd.DataFrame(data, columns=columns)


@dataclass
class _Scan:
    """What the scan carries from one piece to the next (absolute offsets)."""

    last_end: int = 0  # end of the last token
    last_per_1000: int = -1  # start of the last "per 1,000 people" figure


def _extract_piece(
    nfc: str,
    text: str,
    ctx: DocContext,
    doc: str,
    base: int,
    own_start: int,
    own_end: int,
    lines: Counter,
    scan: _Scan,
) -> tuple[list[tuple], list[tuple]]:
    """Rows of the tokens whose first digit lies in ``[own_start, own_end)`` of the piece
    ``text`` (``nfc`` is the same piece before space normalisation; it starts at ``base``)."""
    rows: list[tuple] = []
    skips: list[tuple] = []
    memo: dict = {}
    for m in _tokens(text, max(own_start, scan.last_end - base), own_end):
        kind = m.lastgroup or "stray"
        s, e = m.start(), m.end()
        scan.last_end = base + e
        reason = _classify(text, kind, s, e, lines)
        if reason == "figure_shifted":  # a "-N" that is not an artefact: drop the sign
            s += 1
            reason = None
        # the "1.000" of "0,69 doanh nghiệp trên 1.000 dân" belongs to the figure before it
        per = scan.last_per_1000 - base
        if reason is None and 0 <= scan.last_per_1000 and per < s < per + 60:
            if text[s:e].replace(".", "") == "1000" and _A_PEOPLE.match(text[e : e + 16]):
                if _B_PER.search(text, max(0, s - 12), s):
                    reason = "unit_part"
        if reason:
            skips.append((doc, nfc[s:e], base + s, base + e, reason, _snippet(nfc, s, e)))
            continue
        try:
            value, den = parse_number(text[s:e])
        except NumberParseError:
            skips.append(
                (doc, nfc[s:e], base + s, base + e, "label_or_ordinal", _snippet(nfc, s, e))
            )
            continue
        rows.append(_figure(nfc, text, doc, base, s, e, float(value), den, ctx, memo))
        if rows[-1][_UNIT] == "per_1000_people":
            scan.last_per_1000 = base + s
    return rows, skips


# Where odd spaces have not been replaced yet, they count as the spaces and tabs of a caption.
_CAPTION_END = re.compile(r"-\d{1,2}[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]*$", re.M)


def _caption_lines(text: str) -> Counter:
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


def _snippet(text: str, s: int, e: int, width: int = 30) -> str:
    return text[max(0, s - width) : e + width].replace("\n", " ")


def _classify(text: str, kind: str, s: int, e: int, lines: Counter) -> str | None:
    """The skip reason of a non-figure; None for a figure."""
    if kind == "artefact":
        line_start = text.rfind("\n", 0, s) + 1
        nl = text.find("\n", e)
        line = text[line_start : nl if nl >= 0 else len(text)].strip()
        if lines[line] > 1 or text[s + 1 : e].strip("0") == "":
            return "artefact"
        return "figure_shifted"
    if kind == "date":
        return "date"
    if kind == "time":
        return "time"
    if kind == "yrange":
        return "year_or_period"
    if kind == "docno":
        return "document_or_programme"
    if kind == "alnum":
        return "label_or_ordinal"
    if kind == "stray":
        return "label_or_ordinal"

    tok = text[s:e]
    before = text[max(0, s - 40) : s]  # the cue words sit right before the number
    after = text[e : e + 40]
    has_scale = " " in tok or "\t" in tok or "\n" in tok
    core = tok.split()[0] if has_scale else tok

    # a/b: a progress fraction or rank, unless it is a day/month or month/year date
    if "/" in core:
        a_s, _, b_s = core.partition("/")
        if not (a_s.isdigit() and b_s.isdigit()):
            return None
        a, b = int(a_s), int(b_s)
        lw = _last_word(before)
        if lw in _GATE_DOC and (_B_DOC_ANYCASE.search(before) or _B_DOC_CAPITAL.search(before)):
            return "document_or_programme"
        if len(b_s) == 4 and 1900 <= b <= 2100 and 1 <= a <= 12:
            return "date"
        if 1 <= a <= 31 and 1 <= b <= 12 and not has_scale:
            if (lw in _GATE_DATE and _B_DATE.search(before)) or lw == "tháng":
                return "date"
            if _A_DATE_FOLLOW.match(after) and not _A_PERCENT.match(after):
                return "date"
        return None

    if has_scale:
        return None
    plain = core.isdigit()
    n = None
    if _RE_INTLIKE.fullmatch(core):
        digits = core.replace(".", "").replace(",", "")
        # only small values are tested below (days, months, years, hours); a digit string too
        # long for int() stands for "large"
        n = int(digits) if len(digits) <= 18 else 10**18
    lw = _last_word(before)

    if _A_PERCENT.match(after):
        return None
    if lw in _GATE_DOC:
        if plain and _B_DOC_ANYCASE.search(before) and not _A_PERIOD.match(after):
            return "document_or_programme"
        if plain and _B_DOC_CAPITAL.search(before) and not _A_PERIOD.match(after):
            return "document_or_programme"
    if lw == "thứ":
        if _B_ORDINAL.search(before):
            return "label_or_ordinal"
        if not _B_RANK.search(before):
            return "label_or_ordinal"
    if plain and n is not None:
        if lw == "tháng" and 1 <= n <= 12:
            return "date"
        if lw in ("ngày", "mùng", "mồng") and 1 <= n <= 31:
            return "date"
        if lw == "quý":
            return "year_or_period"
        if len(core) == 4 and 1900 <= n <= 2100:
            if lw == "năm" and _B_LAW_YEAR.search(text, max(0, s - 80), s):
                return "document_or_programme"
            if (lw in _GATE_YEAR and _B_YEAR.search(before)) or not _looks_like_count(after):
                return "year_or_period"
    if _A_AGE.match(after):
        return "age"
    if plain and n is not None and n <= 24 and lw in _GATE_CLOCK and _A_CLOCK.match(after):
        return "time"
    if plain and n is not None and n < 60 and lw == "giờ" and _A_CLOCK_MIN.match(after):
        return "time"  # the minutes of "8 giờ 30 phút"
    if _A_PERIOD.match(after):
        return "year_or_period"
    if plain and _A_DIGITS_LABEL.match(after):
        return "label_or_ordinal"
    if (
        plain
        and lw in _GATE_LABEL
        and _B_LABEL.search(before)
        and not (lw in _GATE_RANK and _B_RANK.search(before))
    ):
        return "label_or_ordinal"
    if _RE_X_POINT_0.fullmatch(core) and not (_A_TIMES.match(after) or _A_MBPS.match(after)):
        return "label_or_ordinal"  # "4.0" as in "Công nghiệp 4.0"
    return None


def _looks_like_count(after: str) -> bool:
    """After a four-digit number: does a counted noun or a unit follow (2000 doanh nghiệp)?"""
    if _A_PERCENT.match(after) or _A_TIMES.match(after) or _A_VND.match(after):
        return True
    m = _RE_NEXT_WORD.match(after)
    if not m:
        return False
    return m.group(1) not in {
        "vừa",
        "là",
        "và",
        "này",
        "tới",
        "đến",
        "của",
        "đã",
        "có",
        "sẽ",
        "với",
        "thì",
        "trở",
        "cho",
        "về",
        "được",
        "nhằm",
        "nhưng",
        "so",
        "tăng",
        "giảm",
        "đạt",
        "theo",
        "trong",
        "tại",
        "ở",
    }


def _figure(
    nfc: str,
    text: str,
    doc: str,
    base: int,
    s: int,
    e: int,
    value: float,
    den,
    ctx: DocContext,
    memo: dict,
) -> tuple:
    before = text[s - 50 : s] if s >= 50 else text[:s]
    after = text[e : e + 60]
    idx = ctx.sentence_index(s)
    ss, se = ctx.sentences.starts[idx], ctx.sentences.ends[idx]
    clause_start, clause_end = ctx.clause_bounds(s, idx)

    lw = _last_word(before)
    unit = _unit(before, after, text, ss, s, lw)
    m_q = _B_QUAL.search(before) if lw in _GATE_QUAL else None
    qualifier = _QUAL_MAP.get(m_q.group("q").lower(), "~") if m_q else "="
    if qualifier == "=" and lw == "từ" and _A_PLUS.match(after):
        qualifier = ">="
    m_c = _B_CHANGE.search(before) if lw in _GATE_CHANGE else None
    is_change = bool(m_c)
    if unit == "times" and _RE_CHANGE_VERB.search(before[-40:]):
        is_change = True
    if m_c and m_c.group("verb").lower().startswith("giảm") and unit != "times":
        value = -value
    is_target = _is_target(text, s, e, idx, ss, se, clause_end, ctx, memo)
    scope = ctx.scope_in(idx, clause_start, clause_end)
    subject = _subject(text, s, e, before, after, unit, ss)
    denominator = float(den) if den is not None else None
    quote, quote_start = _sentence_quote(nfc, ctx.cut[idx], ss, se, s, e, memo)
    return (
        doc,
        f"{doc}:{base + s}",
        nfc[s:e],
        base + s,
        base + e,
        value,
        denominator,
        unit,
        qualifier,
        is_target,
        is_change,
        scope,
        subject,
        quote,
        base + quote_start,
    )


def _unit(before: str, after: str, text: str, ss: int, s: int, lw: str) -> str:
    m = _A_UNIT.match(after)
    if m is not None:
        return m.lastgroup or "count"
    if "000" in after and _A_PER_1000.match(after):
        return "per_1000_people"
    if lw in _GATE_RANK and _B_RANK.search(before):
        return "rank"
    # "Xếp hạng ... của Việt Nam năm 2024 ít nhất cũng là 70": a rank stated as a predicate
    if lw.endswith(_RANK_PRED_ENDS) and _RE_RANK_PRED.search(before):
        sent_before = text[ss:s] if ss <= s else ""
        clause = _RE_CLAUSE_SPLIT.split(sent_before)[-1]
        if _RE_RANK_WORDS.search(clause) and not _RE_NEXT_LOWER.match(after):
            return "rank"
    return "count"


def _is_target(
    text: str,
    s: int,
    e: int,
    idx: int,
    ss: int,
    se: int,
    clause_end: int,
    ctx: DocContext,
    memo: dict,
) -> bool:
    """A goal (True) or a reported result (False): the nearest aspect/modality cue before the
    figure in its sentence decides; a figure for a period still to come is a goal; a sentence
    without cues continues the previous sentence of its paragraph (lists of goals run on)."""
    after = text[e : e + 40]
    goal_count = bool(_A_GOAL_NOUN.match(after))  # "32 chỉ tiêu": a count of goals, not a goal
    cues, cue_starts, cue_ends = _sentence_cues(text, idx, ss, se, memo)
    # the cues are disjoint and in order: the last one ending by the figure is a binary search
    n_before = bisect.bisect_right(cue_ends, s)
    last = cues[n_before - 1] if n_before else None
    if last is not None:
        if last.kind == "done":
            memo[idx] = False
            return False
        if goal_count and not last.strong:
            memo[idx] = None
            return False
        memo[idx] = True
        return True
    if _future_period(text, ss, clause_end, s, ctx, memo) and not goal_count:
        memo[idx] = True
        return True
    # cues after the figure within its clause ("... trong năm 2023, phấn đấu ...")
    clause_end = min(clause_end, e + 120)
    # only the first cue after the figure can decide (any later one ends later still)
    i = bisect.bisect_left(cue_starts, e)
    if i < len(cues) and cues[i].end <= clause_end:
        m = cues[i]
        if m.kind == "goal" and m.strong and not goal_count:
            memo[idx] = True
            return True
        if m.kind == "done":
            memo[idx] = False
            return False
    if idx > 0 and memo.get(idx - 1) is True and ctx.same_paragraph(idx - 1, idx):
        memo[idx] = True
        return True
    memo.setdefault(idx, None)
    return False


#: The longest ``sentence`` a figure carries, cut marks included. A longer sentence is quoted
#: in windows of this size that overlap by half, each shared by the figures near its middle,
#: cut at spaces with "…" where the sentence goes on; so no table ever holds figures ×
#: sentence length.
MAX_QUOTE = 600
CUT_MARK = "…"


def _sentence_quote(
    nfc: str, cut: int, ss: int, se: int, s: int, e: int, memo: dict
) -> tuple[str, int]:
    """The ``sentence`` of the figure at ``s:e`` and the offset of its first character: the
    whole sentence, one string shared by all its figures, when it fits in MAX_QUOTE; else the
    window of it that has the figure nearest its middle. ``cut`` tells whether the sentence
    was itself cut out of a longer run (CUT_START, CUT_END)."""
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
    key = ("quote", a, b)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _quote(
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


def _find_cues(text: str, a: int, b: int) -> list[_Cue]:
    """Aspect/modality cues in ``text[a:b]`` (whole words; "không cần" is no goal; "còn lại"
    is no result; "mục tiêu" right after a number counts goals rather than setting one)."""
    seg = text[a:b]
    low = seg.lower()
    pat = _CUES
    if len(low) != len(seg):  # a rare character whose lower case is longer: keep offsets
        low, pat = seg, _CUES_ANYCASE
    out = []
    for m in pat.finditer(low):
        s, e = m.span()
        if (s and low[s - 1].isalnum()) or (e < len(low) and low[e].isalnum()):
            continue
        phrase = m.group(0).lower()
        kind = _CUE_KIND[phrase]
        head = low[max(0, s - 6) : s]
        if phrase in ("cần", "phải") and head.endswith("không "):
            continue
        if phrase in ("mục tiêu", "chỉ tiêu", "kế hoạch") and (
            head[-1:].isdigit() or head[-1:] == "%" or head[-2:-1].isdigit() or head[-2:] == "% "
        ):
            continue
        if phrase == "còn" and low.startswith(" lại", e):
            continue
        out.append(_Cue(a + s, a + e, kind, phrase, phrase in _STRONG_GOALS))
    return out


def _sentence_cues(
    text: str, idx: int, ss: int, se: int, memo: dict
) -> tuple[list[_Cue], list[int], list[int]]:
    """The cues of a sentence with their starts and ends, found once and shared by its
    figures."""
    key = ("cues", idx)
    got = memo.get(key)
    if got is None:
        cues = _find_cues(text, ss, se)
        got = memo[key] = (cues, [c.start for c in cues], [c.end for c in cues])
    return got


def _future_period(text: str, a: int, b: int, pos: int, ctx: DocContext, memo: dict) -> bool:
    """Does the sentence (from ``a`` to its clause end ``b``) speak of a period that had not
    ended at the report's date? Only a year equal to the report's own depends on where the
    figure stands (before the figure, and early in that year), so the rest is read once."""
    ref = ctx.ref_date
    if ref is None:
        return False
    key = ("future", a, b)
    got = memo.get(key)
    if got is None:
        got = memo[key] = _future_marks(text, a, b, ctx, memo)
    always, this_year_at = got
    if always:
        return True
    return ref.month <= 9 and bool(this_year_at) and this_year_at[0] < pos  # found in order


def _future_marks(text: str, a: int, b: int, ctx: DocContext, memo: dict) -> tuple[bool, list[int]]:
    """(True when a later period is named, offsets of the report's own year) for text[a:b]."""
    ref = ctx.ref_date
    assert ref is not None
    seg = text[a:b]
    low = seg.lower()
    if len(low) != len(seg):  # a rare character whose lower case is longer: keep offsets
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in seg)
    years = "năm" in low or "tháng" in low  # every _FUTURE_YEAR match holds one of them
    backref = _RE_BACKREF_START.match(seg) is not None
    if not (years or backref) or _PAST_MARK.search(low):
        return False, []
    this_year_at = []
    for m in _FUTURE_YEAR.finditer(low) if years else ():
        if not starts_word(low, m.start()):
            continue
        if m.group(1):
            year = int(m.group(1))
            if year > ref.year:
                return True, []
            if year == ref.year:
                this_year_at.append(a + m.start())
        else:
            month, year = int(m.group(2)), int(m.group(3))
            # a month still running at the report's date (or later) is still to come
            if (year, month) > (ref.year, ref.month) or (
                (year, month) == (ref.year, ref.month) and ref.day < 28
            ):
                return True, []
    # a back-reference ("Đó là", "Cụ thể") continues the previous sentence's period
    if backref:
        idx = ctx.sentence_index(a)
        if idx > 0:
            p = ctx.sentences[idx - 1]
            return _future_period(text, p.start, p.end, p.end, ctx, memo), this_year_at
    return False, this_year_at


def _subject(text: str, s: int, e: int, before: str, after: str, unit: str, sent_start: int) -> str:
    """A short noun phrase for what the figure measures (free text, not scored)."""
    if unit in ("count", "per_1000_people", "VND", "USD") or unit == "rank" and after.strip():
        m = _RE_AFTER_PHRASE.match(after)
        if m and unit in ("count", "per_1000_people"):
            phrase = m.group(1)
            stop = _SUBJECT_STOP.search(phrase)
            phrase = (phrase[: stop.start()] if stop else phrase).strip()
            if len(phrase) >= 3 and not _RE_BAD_PHRASE.match(phrase):
                return phrase
    left = text[max(sent_start, s - 120) : s]
    left = _RE_LEFT_SPLIT.split(left)[-1]
    left = _strip_predicate(left)
    left = _RE_LEAD_WORD.sub("", left, count=1).strip()
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

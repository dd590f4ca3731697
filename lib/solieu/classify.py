"""Skip rules: which digit-bearing tokens are not figures, and why (docs/FIGURES.md).

A token's kind (tokens.py) settles most; a number is then tested against an ordered table of
named rules on its shape and the words around it: the first that holds gives the reason (None: a
figure). Words come from the lexicon's ``skip``, ``rank`` and ``units`` roles; the gate sets
that spare most regex searches are derived from the same phrases.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .lang import alternation, first_letter_alternation, last_words, load_lexicon
from .segment import caption_artefact, caption_lines
from .text import last_word
from .units import unit_after

__all__ = [
    "SKIP_REASONS",
    "Rule",
    "Rules",
    "Tok",
    "build_rules",
    "RULES",
    "classify",
    "deciding_rule",
    "caption_lines",
]

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
# tokens whose kind alone says what they are
_BY_KIND = {
    "date": "date",
    "time": "time",
    "yrange": "year_or_period",
    "docno": "document_or_programme",
    "alnum": "label_or_ordinal",
    "stray": "label_or_ordinal",
    "phone": "artefact",
}
_I = re.IGNORECASE
_LABEL = "label_or_ordinal"
_INTLIKE = re.compile(r"[\d.]+")
_X_POINT_0 = re.compile(r"\d\.0")


class Tok(NamedTuple):
    """What a rule sees of a number token. (Made with ``_tok``: one C call, no Python frame,
    as it is made for every token.)"""

    text: str  # the whole (piece of) text
    s: int  # offsets of the token
    before: str  # up to 40 characters before it
    after: str  # up to 40 characters after it
    core: str  # the number without its scale word
    lw: str  # the word right before it, lower-cased
    plain: bool  # digits only
    n: int | None  # its integer value when it is one (10**18 stands for "large")


_tok = tuple.__new__


class Rule(NamedTuple):
    name: str
    reason: str | None  # None: the token is a figure (no later rule is tried)
    test: Callable[[Tok], Any]
    # the words right before the number the rule can hold after (None: any word); a token is
    # tried only against the rules its word allows, in table order
    needs: frozenset[str] | None = None
    shape: int = 0  # shape bits the test itself requires: a token without them is not tried


# Shape bits: digits only; a line break (or the text's start) within 40 characters before; a
# leading zero; a word after it starting like a period/age/digits word. a/b has them all.
PLAIN, LINE, ZERO, WORD = 1, 2, 4, 8
_ANY_SHAPE = PLAIN | LINE | ZERO | WORD


@dataclass(frozen=True)
class Rules:
    """The rule tables built from one lexicon, and the gates with the phrases they cover."""

    number: tuple[Rule, ...]  # a number without "/"
    fraction: tuple[Rule, ...]  # a/b
    gates: dict[str, tuple[frozenset[str], tuple[str, ...]]]  # name -> (gate, its phrases)
    patterns: dict[str, re.Pattern[str]]
    # word before the number -> per table, per shape: the rules allowed (else: default)
    by_word: dict[str, tuple[tuple[tuple[Rule, ...], ...], ...]] = field(init=False)
    default: tuple[tuple[tuple[Rule, ...], ...], ...] = field(init=False)
    word_after: Callable[[str], Any] = field(init=False)  # gives the WORD bit

    def __post_init__(self) -> None:
        tables = (self.number, self.fraction)
        words = set().union(*(r.needs for t in tables for r in t if r.needs is not None))
        by_word = {w: tuple(_allowed(t, w) for t in tables) for w in words}
        object.__setattr__(self, "by_word", by_word)
        object.__setattr__(self, "default", tuple(_allowed(t, None) for t in tables))
        object.__setattr__(self, "word_after", self.patterns["word_after"].match)


def _allowed(table: tuple[Rule, ...], word: str | None) -> tuple[tuple[Rule, ...], ...]:
    ok = [r for r in table if r.needs is None or word in r.needs]
    return tuple(tuple(r for r in ok if r.shape & b == r.shape) for b in range(_ANY_SHAPE + 1))


def build_rules(lex: dict[str, Any]) -> Rules:
    """The skip rules of the language of ``lex``, in the order they are tried."""
    sk, rk, units = lex["skip"], lex["rank"], lex["units"]
    law, clock = sk["law"], sk["clock"]

    def before_pat(phrases: list[str], flags: int = _I) -> re.Pattern[str]:
        return re.compile(rf"\b(?:{first_letter_alternation(phrases, flags & _I)})\s*$", flags)

    words_after = (*sk["period_after"], *sk["age_after"], sk["digits_word"], sk["digits_prefix"])
    firsts = "".join(sorted({re.escape(w[0]) for w in words_after}))
    p = {
        "date": re.compile(rf"(?:\b{alternation(sk['date_before'])}\s*\(?|\()\s*$", _I),
        "year": before_pat(sk["year_before"]),
        "law_year": re.compile(
            rf"\b(?:{re.escape(law['code'])}\s+)?[{law['law'][0].upper()}{law['law'][0]}]"
            rf"{re.escape(law['law'][1:])}\s+[{lex['letters']['upper']}]\w*"
            rf"(?:\s+(?!{re.escape(law['year'])}\b)\w+){{0,5}}\s+{re.escape(law['year'])}\s*$"
        ),
        "doc_anycase": re.compile(
            rf"\b(?:{alternation(sk['document_titles'])}(?:\s+{sk['document_number_word']})?"
            rf"|{alternation(sk['document_titles_numbered'])}\s+{sk['document_number_word']}"
            rf"|^\s*{sk['document_number_word']})\s*$",
            _I,
        ),
        "doc_capital": before_pat(sk["document_titles_capital"], 0),
        "ordinal": re.compile(
            rf"\b{alternation(sk['ordinal_nouns'])}\s+{sk['ordinal_marker']}\s*$", _I
        ),
        "rank": re.compile(
            rf"(?:\b{alternation(rk['verbs'])}\s+(?:{rk['noun']}\s+)?"
            rf"(?:{rk['marker']}|{rk['position']}(?:\s+{rk['marker']})?)"
            rf"|\b{alternation(rk['nouns'])}(?:\s+{rk['marker']})?|\b{alternation(rk['top'])}"
            rf"|\b{alternation(rk['ordinal_heads'])}\s+{rk['marker']})\s*$",
            _I,
        ),
        # "đứng thứ 2 về X và thứ 7 về Y": a second rank sharing the verb of the first
        "rank_coordinated": re.compile(
            rf"\b{alternation(rk['verbs'])}\s+(?:{rk['noun']}\s+)?{rk['marker']}\s+\d[^.;:]{{0,60}}?"
            rf"(?:,|\b{alternation(lex['coordination']['conjunctions'])})\s+{rk['marker']}\s*$",
            _I,
        ),
        "label": before_pat(sk["label_before"] + sk["name_heads"]),
        "institution": re.compile(
            rf"\b{alternation(sk['institutions'])}\s+(?:[^\s\d]+\s+){{0,2}}?"
            rf"{sk['document_number_word']}\s*$"
        ),  # case as written: "Trường THCS số 3", not "môi trường số"
        "year_name": before_pat(sk["year_after_names"]),
        "furniture": re.compile(
            rf"[ \t]*{alternation(sk['furniture'])}(?![\w])[\d().,/:+\-– \t]*$", re.M
        ),
        "period_after": re.compile(rf"^\s*{alternation(sk['period_after'])}(?!\w)", _I),
        "age_after": re.compile(rf"^\s*{alternation(sk['age_after'])}(?!\w)", _I),
        "word_after": re.compile(rf"^\s*[{firsts}]", _I),  # a first letter of their words
        # a clock time written out: "lúc 8 giờ 30 phút", "8 giờ 30", "vào 14 giờ"
        "clock": re.compile(
            rf"^\s*{clock['hour']}(?:\s+\d{{1,2}}(?:\s+{clock['minute']})?)?(?!\w)", _I
        ),
        "clock_minutes": re.compile(
            rf"^(?:\s+{clock['minute']}(?!\w)|\s*$|\s*[,.;)]"
            rf"|\s+{alternation(clock['after_minutes'])}\b)",
            _I,
        ),
        "digits_label": re.compile(
            rf"^\s*(?:{sk['digits_prefix']}\s+)?{sk['digits_word']}(?!\w)"
            rf"(?!\s+{alternation(sk['digits_not_before'])})",
            _I,
        ),
        # no word end: a prefix counts ("và" of "vào")
        "date_after": re.compile(rf"^\s*(?:$|[^\w\s]|{alternation(sk['date_after'])})", _I),
        "percent": re.compile(rf"^\s*{unit_after('percent')}", _I),
        "times": re.compile(rf"^\s*{unit_after('times')}", _I),
        "mbps": re.compile(rf"^\s*{unit_after('Mbps')}", _I),
        "vnd": re.compile(rf"^\s*{unit_after('VND')}", _I),
        "next_word": re.compile(rf"\s+([{lex['letters']['lower']}]+)"),
    }
    # the phrases each look-back pattern finds, written out: its gate is their last words
    num_word = sk["document_number_word"]
    doc_phrases = (
        *sk["document_titles"],
        *(f"{t} {num_word}" for t in (*sk["document_titles"], *sk["document_titles_numbered"])),
        num_word,
        *sk["document_titles_capital"],
    )
    rank_ends = (rk["marker"], rk["position"], f"{rk['position']} {rk['marker']}")
    rank_phrases = (
        *(
            f"{v} {h}{end}"
            for v in rk["verbs"]
            for h in ("", f"{rk['noun']} ")
            for end in rank_ends
        ),
        *rk["nouns"],
        *(f"{n} {rk['marker']}" for n in rk["nouns"]),
        *rk["top"],
        *(f"{h} {rk['marker']}" for h in rk["ordinal_heads"]),
    )
    labels = (*sk["label_before"], *sk["name_heads"])
    gates = {
        # "" stands for a bare "(" right before the number
        "date": (last_words(sk["date_before"]) | {""}, tuple(sk["date_before"])),
        "year": (last_words(sk["year_before"]), tuple(sk["year_before"])),
        "doc": (last_words(doc_phrases), doc_phrases),
        "label": (last_words(labels), labels),
        "rank": (last_words(rank_phrases), rank_phrases),
    }
    g_date, g_year, g_doc = gates["date"][0], gates["year"][0], gates["doc"][0]
    g_label, g_rank = gates["label"][0], gates["rank"][0]
    b_date, b_year, b_law = p["date"].search, p["year"].search, p["law_year"].search
    b_doc_any, b_doc_cap = p["doc_anycase"].search, p["doc_capital"].search
    b_ordinal, b_rank, b_label = p["ordinal"].search, p["rank"].search, p["label"].search
    a_period, a_age, a_clock = p["period_after"].match, p["age_after"].match, p["clock"].match
    a_clock_min, a_digits = p["clock_minutes"].match, p["digits_label"].match
    a_percent, a_times, a_mbps = p["percent"].match, p["times"].match, p["mbps"].match
    a_date = p["date_after"].match
    month, quarter, ordinal = sk["month_word"], sk["quarter_word"], sk["ordinal_marker"]
    days, year_word = frozenset(sk["day_words"]), law["year"]
    clock_before, hour = frozenset(clock["before"]), clock["hour"]
    counts = _count_test(p, frozenset(sk["not_a_count_after"]))
    assert {"percent", "times", "Mbps", "VND"} <= set(units)

    def unranked(t: Tok) -> bool:  # "thứ N" that is no rank (not "đứng thứ 2 ... và thứ 7")
        return not (b_rank(t.before) or p["rank_coordinated"].search(t.text, t.s - 99, t.s))

    g_year_name, b_year_name = last_words(sk["year_after_names"]), p["year_name"].search
    b_institution = p["institution"].search
    m_furniture = p["furniture"].match
    fixed = frozenset(sk["fixed_tokens"])

    def furniture(t: Tok, near: int = 0) -> bool:  # a short line "Lượt xem", "Trang 2", ...
        text, s = t.text, t.s
        if near and not (s < near or "\n" in t.before):  # (and its start that near)
            return False
        a, b = text.rfind("\n", max(0, s - 60), s), text.find("\n", s, s + 60)
        short = (a >= 0 or s <= 60) and (b >= 0 or len(text) - s <= 60)
        return short and bool(m_furniture(text, a + 1))

    def code(t: Tok) -> bool:  # an article code: five or more digits with a leading zero
        return t.plain and len(t.core) >= 5 and t.core[0] == "0"

    a_cell, b_row = re.compile(r" *[|\t]").match, re.compile(r"(?:\n|^) *$").search

    def row_number(t: Tok) -> bool:  # the first cell of a table row: its number (STT)
        at_line = t.s < 40 or "\n" in t.before
        return t.plain and a_cell(t.after) and bool(b_row(t.before)) and at_line

    def year_before(t: Tok) -> bool:  # "năm 2024", "Bảng xếp hạng 2024"
        lw, b = t.lw, t.before
        return (lw in g_year and b_year(b)) or (lw in g_year_name and b_year_name(b))

    def is_year(t: Tok) -> bool:
        return t.plain and len(t.core) == 4 and 1900 <= t.n <= 2100  # type: ignore[operator]

    number = (
        Rule("furniture", "artefact", lambda t: furniture(t, 40), shape=LINE),
        Rule("code", "artefact", code, shape=PLAIN | ZERO),
        Rule("percent_after", None, lambda t: a_percent(t.after)),
        Rule("row_number", _LABEL, row_number, shape=PLAIN | LINE),
        Rule(
            "institution_number",
            _LABEL,
            lambda t: t.lw == num_word and b_institution(t.before),
            {num_word},
        ),
        Rule(
            "document",
            "document_or_programme",
            lambda t: (
                t.plain
                and t.lw in g_doc
                and (b_doc_any(t.before) or b_doc_cap(t.before))
                and not a_period(t.after)
            ),
            g_doc,
        ),
        Rule("ordinal", _LABEL, lambda t: t.lw == ordinal and b_ordinal(t.before), {ordinal}),
        Rule("unranked", _LABEL, lambda t: t.lw == ordinal and unranked(t), {ordinal}),
        Rule("month", "date", lambda t: t.plain and t.lw == month and 1 <= t.n <= 12, {month}),
        Rule("day", "date", lambda t: t.plain and t.lw in days and 1 <= t.n <= 31, days),
        Rule("quarter", "year_or_period", lambda t: t.plain and t.lw == quarter, {quarter}),
        Rule(
            "law_year",
            "document_or_programme",
            lambda t: is_year(t) and t.lw == year_word and b_law(t.text, max(0, t.s - 80), t.s),
            {year_word},
        ),
        Rule(
            "year",
            "year_or_period",
            lambda t: is_year(t) and (year_before(t) or not counts(t.after)),
            shape=PLAIN,
        ),
        Rule("age", "age", lambda t: a_age(t.after), shape=WORD),
        Rule(
            "clock",
            "time",
            lambda t: t.plain and t.n <= 24 and t.lw in clock_before and a_clock(t.after),
            clock_before,
        ),
        Rule(
            "clock_minutes",
            "time",
            lambda t: t.plain and t.n < 60 and t.lw == hour and a_clock_min(t.after),
            {hour},
        ),
        Rule("period_after", "year_or_period", lambda t: a_period(t.after), shape=WORD),
        Rule("digits_label", _LABEL, lambda t: t.plain and a_digits(t.after), shape=PLAIN | WORD),
        Rule(
            "label_before",
            "label_or_ordinal",
            lambda t: (
                t.plain
                and t.lw in g_label
                and b_label(t.before)
                and not (t.lw in g_rank and b_rank(t.before))
            ),
            g_label,
        ),
        # "4.0" as in "Công nghiệp 4.0"
        Rule(
            "version",
            "label_or_ordinal",
            lambda t: _X_POINT_0.fullmatch(t.core) and not (a_times(t.after) or a_mbps(t.after)),
        ),
    )
    # a/b: a progress fraction or rank, unless it is a day/month or month/year date
    fraction = (
        Rule("furniture_fraction", "artefact", furniture),
        Rule("fixed", _LABEL, lambda t: t.core in fixed),
        Rule(
            "fraction_document",
            "document_or_programme",
            lambda t: t.lw in g_doc and (b_doc_any(t.before) or b_doc_cap(t.before)),
            g_doc,
        ),
        Rule("month_year", "date", lambda t: t.n == 1),
        Rule(
            "day_month",
            "date",
            lambda t: (
                t.n == 2
                and (
                    (t.lw in g_date and b_date(t.before))
                    or t.lw == month
                    or (a_date(t.after) and not a_percent(t.after))
                )
            ),
        ),
    )
    return Rules(number=number, fraction=fraction, gates=gates, patterns=p)


def _count_test(p: dict[str, re.Pattern[str]], not_counted: frozenset[str]) -> Callable:
    a_percent, a_times, a_vnd = p["percent"].match, p["times"].match, p["vnd"].match
    next_word = p["next_word"].match

    def looks_like_count(after: str) -> bool:
        """After a four-digit number: does a counted noun or a unit follow (2000 doanh
        nghiệp)?"""
        if a_percent(after) or a_times(after) or a_vnd(after):
            return True
        m = next_word(after)
        return bool(m) and m.group(1) not in not_counted

    return looks_like_count


#: The rules of the lexicon of the language (lang/<code>/lexicon.yml).
RULES = build_rules(load_lexicon())


def classify(
    text: str, kind: str, s: int, e: int, lines: Counter, rules: Rules = RULES
) -> str | None:
    """The skip reason of the token ``text[s:e]`` of ``kind``; None for a figure. ``lines``
    counts caption lines (:func:`caption_lines`); "figure_shifted" is a "-N" that is a
    figure without its sign."""
    return _decide(text, kind, s, e, lines, rules)[1]


def deciding_rule(
    text: str, kind: str, s: int, e: int, lines: Counter | None = None, rules: Rules = RULES
) -> str:
    """The name of what decided :func:`classify` for the token: ``kind:<kind>``, the name of
    a rule, or ``""`` when no rule held (a figure)."""
    return _decide(text, kind, s, e, lines or Counter(), rules)[0]


def _decide(
    text: str, kind: str, s: int, e: int, lines: Counter, rules: Rules
) -> tuple[str, str | None]:
    if kind != "num":
        if kind == "artefact":
            return "kind:artefact", caption_artefact(text, s, e, lines)
        return f"kind:{kind}", _BY_KIND[kind]
    tok = text[s:e]
    before = text[max(0, s - 40) : s]  # the cue words sit right before the number
    after = text[e : e + 40]
    has_scale = " " in tok or "\t" in tok or "\n" in tok
    core = tok.split()[0] if has_scale else tok
    if "/" in core:
        a_s, _, b_s = core.partition("/")
        if not (a_s.isdigit() and b_s.isdigit()):
            return "", None
        a, b = int(a_s), int(b_s)
        # n: 1 when a/b can be a month/year, 2 when a day/month
        n = 1 if len(b_s) == 4 and 1900 <= b <= 2100 and 1 <= a <= 12 else 0
        if not n and 1 <= a <= 31 and 1 <= b <= 12 and not has_scale:
            n = 2
        lw = last_word(before)
        t = _tok(Tok, (text, s, before, after, core, lw, False, n))
        table = rules.by_word.get(lw, rules.default)[1][_ANY_SHAPE]
    elif has_scale:
        return "", None
    else:
        plain = core.isdigit()
        n = None
        if _INTLIKE.fullmatch(core):
            digits = core.replace(".", "").replace(",", "")
            # only small values are tested; a digit string too long for int() stands for "large"
            n = int(digits) if len(digits) <= 18 else 10**18
        lw = last_word(before)
        plain = plain and n is not None
        shape = plain | (s < 40 or "\n" in before) << 1 | (core[0] == "0") << 2
        shape |= bool(rules.word_after(after)) << 3
        t = _tok(Tok, (text, s, before, after, core, lw, plain, n))
        table = rules.by_word.get(lw, rules.default)[0][shape]
    for rule in table:
        if rule.test(t):
            return rule.name, rule.reason
    return "", None

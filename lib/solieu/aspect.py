"""Aspect and modality: is a figure a goal or a reported result?

The nearest cue before a figure in its sentence decides (a result cue such as "đã", "đến nay",
"vượt kế hoạch"; a goal cue such as "phấn đấu", "kế hoạch", "sẽ"); a figure for a period still
to come at the report's date is a goal; a sentence without cues continues the previous
sentence of its paragraph (lists of goals run on). The cue words are the lexicon's ``aspect``
role; the period phrases are read by time.py.
"""

from __future__ import annotations

import bisect
import re
from typing import Any, NamedTuple

from .context import DocContext, SentenceAt, SentenceCache
from .lang import alternation, literal_trie, load_lexicon
from .segment import table_cell
from .time import future_marks

__all__ = ["Cue", "find_cues", "is_target", "future_period", "in_row", "row_of"]

_A = load_lexicon()["aspect"]
_CUE_KIND = {p: "done" for p in _A["done"]} | {p: "goal" for p in _A["goal"]}
# The cues as one literal trie matched on lower-cased text without flags: the regex engine can
# then skip quickly to possible first letters. Word boundaries and the few negative contexts
# are checked on each hit (see find_cues). Longer phrases win, so that "vượt kế hoạch" is a
# result, not a plan.
_CUES = re.compile(literal_trie(_CUE_KIND))
_CUES_ANYCASE = re.compile(_CUES.pattern, re.IGNORECASE)
# goal cues that make a goal even of a count of goals ("phấn đấu hoàn thành 32 chỉ tiêu")
_STRONG_GOALS = frozenset(_A["strong_goal"])
# "không cần": the cue word after a negation is no cue
_NEGATED: dict[str, tuple[str, ...]] = {}
for _neg, _cues in _A["negated"].items():
    for _cue in _cues:
        _NEGATED[_cue] = (*_NEGATED.get(_cue, ()), f"{_neg} ")
_HEAD = max([6, *(len(n) + 1 for n in _A["negated"])])
# "còn lại": the cue followed by these words is no cue
_NOT_BEFORE = {cue: tuple(f" {w}" for w in ws) for cue, ws in _A["not_before"].items()}
_COUNTED = frozenset(_A["counted"])
# "32 chỉ tiêu": a count of goals, not a goal
_GOAL_NOUN = re.compile(rf"^\s*{alternation(_A['goal_nouns_after'])}", re.IGNORECASE)


# "so với yêu cầu": the figure measured against a plan is a result, the plan's own number a goal
_AGAINST_PLAN = tuple(_A["against_plan"])
# a list item ("- 95% ...", "+ ...", "a) ...", "1. ...") and a heading opening a list of goals
_ITEM = re.compile(r"[ \t]*(?:[-–+•*]|\d{1,2}[.)]|\w\))\s")
_PLAN_HEAD = re.compile(rf"(?<!\w){alternation(_A['plan_heading'])}(?!\w)", re.IGNORECASE)
_NAME_NEXT = re.compile(r"\s+[^\W\d_]")


_TABLE = load_lexicon()["table"]
_TARGET_COL = re.compile(rf"{alternation(_TABLE['target'])}(?!\w)", re.IGNORECASE)
_RESULT_COL = re.compile(rf"{alternation(_TABLE['result'])}(?!\w)", re.IGNORECASE)


def column_is_target(header: str) -> bool | None:
    """A table column of targets (True), of results (False), or neither (None)."""
    if _TARGET_COL.match(header):
        return True
    if _RESULT_COL.match(header):
        return False
    return None


class Cue(NamedTuple):
    start: int
    end: int
    kind: str  # done | goal
    phrase: str
    strong: bool  # one of the strong goals


def find_cues(text: str, a: int, b: int) -> list[Cue]:
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
        if seg[s].isupper() and seg[:s].strip() and seg[:s].rstrip()[-1].isalnum():
            # capitalised inside a sentence and followed by a capitalised word: a name
            nxt = _NAME_NEXT.match(seg, e)
            if nxt is not None and seg[nxt.end() - 1].isupper():
                continue
        head = low[max(0, s - _HEAD) : s]
        if phrase in _NEGATED and head.endswith(_NEGATED[phrase]):
            continue
        if phrase in _COUNTED and (
            head[-1:].isdigit() or head[-1:] == "%" or head[-2:-1].isdigit() or head[-2:] == "% "
        ):
            continue
        if phrase in _NOT_BEFORE and any(low.startswith(w, e) for w in _NOT_BEFORE[phrase]):
            continue
        # Cue(...) without its Python-level __new__: one is made per cue
        out.append(_new(Cue, (a + s, a + e, kind, phrase, phrase in _STRONG_GOALS)))
    return out


_new = tuple.__new__


def _sentence_cues(ctx: DocContext, cache: SentenceCache, sent: SentenceAt) -> tuple:
    """The cues of a sentence with their starts and ends, found once and shared by its
    figures."""
    got = cache.cues.get(sent.idx)
    if got is None:
        cues = find_cues(ctx.text, sent.start, sent.end)
        got = cache.cues[sent.idx] = (cues, [c.start for c in cues], [c.end for c in cues])
    return got


def is_target(
    ctx: DocContext, cache: SentenceCache, s: int, e: int, sent: SentenceAt, cell: Any = ...
) -> bool:
    """A goal (True) or a reported result (False) for the figure at ``s:e`` in ``sent``
    (``cell``: its table cell, None for none, when the caller has found it)."""
    idx = sent.idx
    goal = cache.goal
    if cell is ...:
        cell = table_cell(ctx.text, s) if ctx.has_tables and row_of(ctx, cache, sent) else None
    if cell is not None and cell.col > 0 and cell.header:
        role = column_is_target(cell.header)  # the column decides (Kế hoạch / Thực hiện)
        if role is not None:
            goal[idx] = role
            return role
    # "32 chỉ tiêu": a count of goals, not a goal (read only where it decides)
    text = ctx.text
    cues, cue_starts, cue_ends = _sentence_cues(ctx, cache, sent)
    # the cues are disjoint and in order: the last one ending by the figure is a binary search
    n_before = bisect.bisect_right(cue_ends, s)
    last = cues[n_before - 1] if n_before else None
    if last is not None:
        if last.phrase.startswith(_AGAINST_PLAN) and not ctx.text[last.end : s].strip():
            goal[idx] = True  # "so với yêu cầu 45%": the plan's number
            return True
        if last.kind == "done":
            goal[idx] = False
            return False
        if not last.strong and _GOAL_NOUN.match(text[e : e + 40]):
            goal[idx] = None
            return False
        goal[idx] = True
        return True
    if future_period(ctx, cache, sent.start, sent.clause_end, s) and not _GOAL_NOUN.match(
        text[e : e + 40]
    ):
        goal[idx] = True
        return True
    # cues after the figure within its clause ("... trong năm 2023, phấn đấu ...")
    clause_end = min(sent.clause_end, e + 120)
    # only the first cue after the figure can decide (any later one ends later still)
    i = bisect.bisect_left(cue_starts, e)
    if i < len(cues) and cues[i].end <= clause_end:
        m = cues[i]
        if m.kind == "goal" and m.strong and not _GOAL_NOUN.match(text[e : e + 40]):
            goal[idx] = True
            return True
        if m.kind == "done":
            goal[idx] = False
            return False
    if idx > 0 and goal.get(idx - 1) is True and ctx.same_paragraph(idx - 1, idx):
        goal[idx] = True
        return True
    if idx > 0 and _ITEM.match(ctx.text, sent.start) and _in_plan_list(ctx, goal, idx):
        goal[idx] = True
        return True
    goal.setdefault(idx, None)
    return False


def in_row(text: str, sent: SentenceAt) -> bool:
    """Does the sentence hold a cell separator (a row of a table written as text)?"""
    return text.find("|", sent.start, sent.end) >= 0 or text.find("\t", sent.start, sent.end) >= 0


def row_of(ctx: DocContext, cache: SentenceCache, sent: SentenceAt) -> bool:
    """:func:`in_row`, found once per sentence."""
    got = cache.rows.get(sent.idx)
    if got is None:
        got = cache.rows[sent.idx] = in_row(ctx.text, sent)
    return got


def _in_plan_list(ctx: DocContext, goal: dict, idx: int) -> bool:
    """Is sentence ``idx`` an item of a list of goals: after a heading line ending with ":"
    that names a plan ("Mục tiêu năm 2025:"), or after an item that was a goal?"""
    text, sentences = ctx.text, ctx.sentences
    if not _ITEM.match(text, sentences[idx].start):
        return False
    prev = sentences[idx - 1]
    head = text[prev.start : prev.end].rstrip()
    if head.endswith(":"):
        return _PLAN_HEAD.search(head) is not None
    return goal.get(idx - 1) is True and _ITEM.match(text, prev.start) is not None


def future_period(ctx: DocContext, cache: SentenceCache, a: int, b: int, pos: int) -> bool:
    """Does the sentence (from ``a`` to its clause end ``b``) speak of a period that had not
    ended at the report's date? Only a year equal to the report's own depends on where the
    figure stands (before the figure, and early in that year), so the rest is read once."""
    ref = ctx.ref_date
    if ref is None:
        return False
    key = (a, b)
    got = cache.future.get(key)
    if got is None:
        always, this_year_at, backref = future_marks(ctx.text, a, b, ref)
        # a back-reference ("Đó là", "Cụ thể") continues the previous sentence's period
        if backref:
            idx = ctx.sentence_index(a)
            if idx > 0:
                p = ctx.sentences[idx - 1]
                always = future_period(ctx, cache, p.start, p.end, p.end)
        got = cache.future[key] = (always, this_year_at)
    always, this_year_at = got
    if always:
        return True
    return ref.month <= 9 and bool(this_year_at) and this_year_at[0] < pos  # found in order

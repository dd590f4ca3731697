"""A figure's period and the date it is valid at (docs/FIGURES.md, context resolution): the
nearest period phrase before it in its sentence; for a goal, a deadline after it in its clause;
else a time phrase opening an earlier sentence of its paragraph; else the report's own date.
The phrases are read by time.py.
"""

from __future__ import annotations

import datetime as dt

from .context import DocContext
from .time import Period, period_from_match, periods_in

__all__ = ["resolve_period"]


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
            before = periods_in(text, sent.start, start)
            m = before[-1][1] if before else None
        else:
            m = periods.last_before(text, sent.start, start)
        if m is not None:
            found = period_from_match(m, ref)
        if found is None and is_target:
            clause_end = ctx.clause_bounds(start, idx)[1]
            if periods.straddles(end) or periods.straddles(clause_end):
                after = periods_in(text, end, clause_end)
                m = after[0][1] if after else None
            else:
                m = periods.first_within(text, end, clause_end)
            if m is not None:
                found = period_from_match(m, ref)
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

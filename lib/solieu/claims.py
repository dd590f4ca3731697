"""What a sentence says about its figures beyond the number: that a plan was met or exceeded
("đạt và vượt kế hoạch"), or that a figure describes some unnamed localities ("ở nhiều địa
phương … chưa đến 70%") rather than the country.

The words live in ``solieu/data/claims.csv`` (kind, phrase); matching ignores accents and case.
A plan is reported met when such a phrase stands in the sentence before the figure; a figure
is about unnamed localities when such a phrase stands in its own clause (from the last comma,
semicolon or colon before the number).
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

import pandas as pd

from .indicators import fold

__all__ = ["UNNAMED_SCOPE", "claims_of", "reported_met", "about_unnamed_localities"]

UNNAMED_SCOPE = "unnamed localities"
_WORDS = Path(__file__).resolve().parent / "data" / "claims.csv"
_CLAUSE = re.compile(r"[,;:]")


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    kinds: dict[str, list[str]] = {}
    with _WORDS.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            words = [re.escape(w) for w in fold(row["phrase"]).split()]
            kinds.setdefault(row["kind"], []).append(r"\s+".join(words))
    return {
        k: re.compile(r"(?<![a-z0-9])(?:" + "|".join(v) + r")(?![a-z0-9])")
        for k, v in kinds.items()
    }


def reported_met(sentence: str, offset: int | None = None) -> bool:
    """Does the sentence say, before the figure at ``offset``, that a plan was met?"""
    before = fold(sentence if offset is None else sentence[:offset])
    return bool(_patterns()["met_or_exceeded"].search(before))


def about_unnamed_localities(sentence: str, offset: int | None = None) -> bool:
    """Is the figure at ``offset`` said of unnamed localities (its own clause names them)?"""
    before = fold(sentence if offset is None else sentence[:offset])
    clause = _CLAUSE.split(before)[-1]
    return bool(_patterns()["unnamed_localities"].search(clause))


def _offsets(obs: pd.DataFrame, figures: pd.DataFrame | None) -> list[int | None]:
    if figures is None or not len(figures) or "sentence_start" not in figures:
        return [None] * len(obs)
    pos = dict(
        zip(
            figures["figure_id"],
            (figures["start"] - figures["sentence_start"]).astype("int64"),
            strict=True,
        )
    )
    return [
        int(pos[f]) if f in pos and pd.notna(pos[f]) else None for f in obs["figure_id"].tolist()
    ]


def claims_of(obs: pd.DataFrame, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """``reported_met`` and ``unnamed_localities`` (booleans) for each row of ``obs``, whose
    figures' positions in their sentences come from ``figures`` (else the whole sentence is
    read, which errs towards finding a claim)."""
    offs = _offsets(obs, figures)
    sents = obs["sentence"].fillna("").astype(str).tolist()
    return pd.DataFrame(
        {
            "reported_met": [reported_met(s, o) for s, o in zip(sents, offs, strict=True)],
            "unnamed_localities": [
                about_unnamed_localities(s, o) for s, o in zip(sents, offs, strict=True)
            ],
        },
        index=obs.index,
    )

"""Score extracted figures against a gold annotation in the FIGURES.md format.

Matching (docs/FIGURES.md, "Scoring"): a prediction matches a gold figure of the same report when
their spans overlap and their values (and denominators, where either has one) agree to 1e-9
relative. Each gold figure matches at most one prediction. Predictions that overlap an
``optional`` gold figure are left out of both sides of precision. Attributes are accuracies over
matched pairs, skipping empty gold cells.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from .errors import SolieuError

__all__ = ["Score", "score", "read_gold", "quality_table", "GOLD_SETS", "ATTRIBUTES"]

ATTRIBUTES = ("unit", "qualifier", "is_target", "is_change", "scope")


def _close(a: float, b: float) -> bool:
    if a == b:
        return True
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or str(v) == ""


def _norm_attr(name: str, v: object) -> str:
    if _blank(v):
        return ""
    if name in ("is_target", "is_change"):
        s = str(v).strip().lower()
        return {"true": "1", "false": "0", "1.0": "1", "0.0": "0"}.get(s, s)
    return str(v).strip()


@dataclass
class Score:
    """Precision, recall, F1 and attribute accuracies, with the misses, extras and errors."""

    matched: int = 0
    predictions: int = 0
    gold: int = 0
    attr_right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    attr_total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(ATTRIBUTES, 0))
    misses: list[dict] = field(default_factory=list)
    extras: list[dict] = field(default_factory=list)
    wrong: list[dict] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predictions if self.predictions else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float:
        t = self.attr_total[name]
        return self.attr_right[name] / t if t else 1.0

    def summary(self) -> str:
        attrs = " ".join(f"{a}={self.accuracy(a):.3f}" for a in ATTRIBUTES)
        return (
            f"precision={self.precision:.3f} recall={self.recall:.3f} f1={self.f1:.3f} "
            f"(matched {self.matched}, predicted {self.predictions}, gold {self.gold}) {attrs}"
        )

    def as_dict(self) -> dict[str, float]:
        out = {"precision": self.precision, "recall": self.recall, "f1": self.f1}
        out.update({a: self.accuracy(a) for a in ATTRIBUTES})
        out.update(matched=self.matched, predicted=self.predictions, gold=self.gold)
        return out


def score(predicted: pd.DataFrame, gold: pd.DataFrame) -> Score:
    """Score ``predicted`` (extract() rows) against ``gold`` (FIGURES.md columns)."""
    sc = Score()
    gold = gold.copy()
    gold["start"] = gold["start"].astype(int)
    gold["end"] = gold["start"] + gold["number"].astype(str).str.len()
    gold["optional"] = gold.get("optional", 0)
    docs = sorted(set(gold["doc"]) | set(predicted["doc"].astype(str)))
    for d in docs:
        g = gold[gold["doc"] == d].to_dict("records")
        p = predicted[predicted["doc"].astype(str) == d].to_dict("records")
        used: set[int] = set()
        for pr in p:
            hit = None
            for gi, gr in enumerate(g):
                if gi in used or not (pr["start"] < gr["end"] and gr["start"] < pr["end"]):
                    continue
                if not _close(float(pr["value"]), float(gr["value"])):
                    continue
                pd_den, gd_den = pr.get("denominator"), gr.get("denominator")
                if not (_blank(pd_den) and _blank(gd_den)):
                    if _blank(pd_den) or _blank(gd_den) or not _close(float(pd_den), float(gd_den)):
                        continue
                hit = gi
                break
            overlaps_optional = any(
                str(gr["optional"]) == "1" and pr["start"] < gr["end"] and gr["start"] < pr["end"]
                for gr in g
            )
            if hit is not None and str(g[hit]["optional"]) == "1":
                used.add(hit)
                continue
            if hit is None and overlaps_optional:
                continue
            sc.predictions += 1
            if hit is None:
                sc.extras.append(
                    {"doc": d, "number": pr["number"], "start": pr["start"], "value": pr["value"]}
                )
                continue
            used.add(hit)
            sc.matched += 1
            gr = g[hit]
            for a in ATTRIBUTES:
                gv = _norm_attr(a, gr.get(a))
                if gv == "":
                    continue
                sc.attr_total[a] += 1
                pv = _norm_attr(a, pr.get(a))
                if pv == gv:
                    sc.attr_right[a] += 1
                else:
                    sc.wrong.append(
                        {
                            "doc": d,
                            "number": gr["number"],
                            "start": gr["start"],
                            "attribute": a,
                            "gold": gv,
                            "predicted": pv,
                        }
                    )
        for gi, gr in enumerate(g):
            if str(gr["optional"]) == "1":
                continue
            sc.gold += 1
            if gi not in used:
                sc.misses.append(
                    {"doc": d, "number": gr["number"], "start": gr["start"], "value": gr["value"]}
                )
    return sc


def read_gold(path: str | Path) -> pd.DataFrame:
    """A gold file in the FIGURES.md format; only ``doc``, ``number``, ``start`` and ``value``
    are required. A file that cannot be read, or lacks those columns, raises
    :class:`SolieuError` naming it."""
    try:
        gold = pd.read_csv(path, dtype=str, keep_default_na=False)
    except (OSError, UnicodeDecodeError, pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
        raise SolieuError(f"cannot read the gold file: {reason}", path) from None
    missing = {"doc", "number", "start", "value"} - set(gold.columns)
    if missing:
        raise SolieuError(f"the gold file lacks columns {sorted(missing)}", path)
    try:
        gold["value"] = gold["value"].astype(float)
        gold["start"] = gold["start"].astype(int)
        den = gold["denominator"] if "denominator" in gold else pd.Series("", index=gold.index)
        gold["denominator"] = pd.to_numeric(den.replace("", None))
    except ValueError as exc:
        raise SolieuError(f"the gold file has a value that is not a number ({exc})", path) from None
    if "optional" not in gold:
        gold["optional"] = "0"
    return gold


#: The gold sets kept with the project: name -> (gold file, folder of report texts), relative
#: to the project root. The seeds are the reports the rules were written from; the development
#: set is invented reports in real-world phrasing (ranks, scores, comparisons, tables, plans).
GOLD_SETS = {
    "seed reports": ("tests/fixtures/gold_seeds.csv", "data/raw/reports"),
    "development set": ("tests/fixtures/dev_gold.csv", "tests/fixtures/dev"),
}


def quality_table(root: str | Path, sets: dict[str, tuple[str, str]] | None = None) -> pd.DataFrame:
    """Extraction quality on each gold set (:data:`GOLD_SETS` under ``root``): one row per set
    and measure (``set``, ``reports``, ``gold_figures``, ``measure``, ``value``), measures
    precision, recall, f1 and the attribute accuracies. Reports are read as the command line
    reads them; only the reports the gold file names are scored."""
    from .corpus import read_report
    from .extract import extract

    rows = []
    for name, (gold_file, folder) in (sets or GOLD_SETS).items():
        gold = read_gold(Path(root) / gold_file)
        docs = sorted(set(gold["doc"]))
        figs = pd.concat(
            [extract(read_report(Path(root) / folder / d), doc=d) for d in docs],
            ignore_index=True,
        )
        sc = score(figs, gold)
        measures = {"precision": sc.precision, "recall": sc.recall, "f1": sc.f1}
        measures |= {a: sc.accuracy(a) for a in ATTRIBUTES}
        for measure, value in measures.items():
            rows.append(
                {
                    "set": name,
                    "reports": len(docs),
                    "gold_figures": sc.gold,
                    "measure": measure,
                    "value": round(float(value), 3),
                }
            )
    return pd.DataFrame(rows)

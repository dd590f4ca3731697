"""The indicator catalog (data/indicators.yml) and linking figures to indicators.

A figure links to the catalog entry whose cue phrase sits nearest to its number: first within
the figure's own phrase (up to the nearest comma, semicolon or colon, or the neighbouring
figure), then within the rest of its sentence segment. Matching ignores accents and case.
Two rules of the genre complete it: a percentage in brackets right after a fraction restates
that fraction ("227/227 (100%)"), and a change stated right after a level ("đạt 71,79 Mbps,
tăng 32,7%") or a back-reference ("tỷ lệ này") belongs to the indicator of the figure before.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .errors import SolieuError

__all__ = ["CatalogError", "Indicator", "Catalog", "fold", "load_catalog", "link_figures"]

#: The JSON Schema of the catalog, package data (found without a checkout of the project).
SCHEMA_PATH = Path(str(resources.files("solieu").joinpath("data/indicators.schema.json")))


class CatalogError(SolieuError):
    """The catalog file is invalid; the message names the entry and the field, and the file."""


def fold(text: str) -> str:
    """Lower-case ``text`` without accents (đ -> d), keeping one character per character."""
    decomposed = unicodedata.normalize("NFD", text)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return base.replace("đ", "d").replace("Đ", "D").lower()


def _phrase_regex(phrase: str) -> re.Pattern[str]:
    if phrase.startswith("re:"):
        return re.compile(phrase[3:])
    words = [re.escape(w) for w in fold(phrase).split()]
    return re.compile(r"(?<![a-z0-9])" + r"\s+".join(words) + r"(?![a-z0-9])")


def _key_word(phrase: str) -> str:
    """A word every match of the cue contains (its longest), for a quick ``in`` test; "" for a
    regular-expression cue, which is always tried."""
    if phrase.startswith("re:"):
        return ""
    return max(fold(phrase).split(), key=len)


@dataclass
class Indicator:
    id: str
    label_en: str
    label_vi: str
    unit: str
    pillar: str
    direction: str
    description: str
    denominator: float | None = None
    denominator_of: str | None = None
    headline: bool = False
    cues: list[re.Pattern[str]] = field(default_factory=list)
    cue_keys: list[str] = field(default_factory=list)
    require: list[re.Pattern[str]] = field(default_factory=list)
    exclude: list[re.Pattern[str]] = field(default_factory=list)
    units: tuple[str, ...] = ()
    measure: str = "level"
    fraction: str = "any"
    scope: str = "any"

    def accepts(self, unit: str, is_change: bool, has_den: bool, scope: str) -> bool:
        if unit not in self.units:
            return False
        if self.measure == "level" and is_change:
            return False
        if self.measure == "change" and not is_change:
            return False
        if self.fraction == "required" and not has_den:
            return False
        if self.fraction == "forbidden" and has_den:
            return False
        if self.scope == "national" and scope != "VN":
            return False
        return not (self.scope == "provincial" and scope == "VN")


@dataclass
class Catalog:
    indicators: list[Indicator]
    path: Path

    def __iter__(self):
        return iter(self.indicators)

    def __len__(self) -> int:
        return len(self.indicators)

    def by_unit(self, unit: str) -> list[tuple[int, Indicator]]:
        """(catalog position, entry) of the entries a figure of ``unit`` may link to."""
        cache = self.__dict__.setdefault("_by_unit", {})
        if unit not in cache:
            cache[unit] = [(n, i) for n, i in enumerate(self.indicators) if unit in i.units]
        return cache[unit]

    def get(self, indicator_id: str) -> Indicator | None:
        return next((i for i in self.indicators if i.id == indicator_id), None)

    def table(self) -> pd.DataFrame:
        """The catalog as a table (no match rules)."""
        cols = [
            "id",
            "label_en",
            "label_vi",
            "unit",
            "pillar",
            "denominator",
            "direction",
            "headline",
        ]
        rows = [{c: getattr(i, c) for c in cols} | {"description": i.description} for i in self]
        return pd.DataFrame(rows, columns=[*cols, "description"])


def _validator():
    # jsonschema is imported here, not with solieu: its import takes seconds (it compiles
    # grammars for string formats), which every worker of a build would pay again
    import jsonschema

    text = resources.files("solieu").joinpath("data/indicators.schema.json").read_text("utf-8")
    schema = json.loads(text)
    return jsonschema.Draft202012Validator(schema)


def load_catalog(path: str | Path | None = None, validate: bool = True) -> Catalog:
    """Read and validate the catalog. Raises :class:`CatalogError` naming the bad entry.
    ``validate=False`` skips the JSON Schema check, for worker processes of a build whose
    parent has already checked the same file."""
    p = Path(path or config.INDICATORS)
    where = config.rel(p)
    try:
        entries = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or "syntax error"
        raise CatalogError(f"not valid YAML{at}: {problem}", where) from None
    except UnicodeDecodeError as exc:
        raise CatalogError(f"is not valid UTF-8 at byte {exc.start}", where) from None
    except IsADirectoryError:
        raise CatalogError("is a folder, not a catalog file", where) from None
    except OSError as exc:
        raise CatalogError(f"cannot be read: {exc.strerror or exc}", where) from None
    if not isinstance(entries, list) or not entries:
        raise CatalogError("expected a list of indicator entries", where)
    try:
        return _catalog_of(entries, p, validate)
    except (TypeError, KeyError, AttributeError, ValueError) as exc:
        if isinstance(exc, CatalogError):
            raise
        # only a file that bypassed the schema (validate=False) can get here
        raise CatalogError(f"an entry has a field of the wrong type ({exc})", where) from None


def _catalog_of(entries: list, p: Path, validate: bool) -> Catalog:
    where = config.rel(p)
    validator = _validator() if validate else None
    seen: set[str] = set()
    out: list[Indicator] = []
    for n, e in enumerate(entries, 1):
        name = e.get("id", f"#{n}") if isinstance(e, dict) else f"#{n}"
        errors = sorted(validator.iter_errors(e), key=lambda er: list(er.path)) if validator else []
        if errors:
            er = errors[0]
            path = "/".join(str(x) for x in er.path) or "(entry)"
            raise CatalogError(f"entry {n} ({name}): {path}: {er.message}", where)
        if e["id"] in seen:
            raise CatalogError(f"entry {n} ({name}): duplicate id", where)
        seen.add(e["id"])
        m = e["match"]
        try:
            ind = Indicator(
                id=e["id"],
                label_en=e["label_en"],
                label_vi=e["label_vi"],
                unit=e["unit"],
                pillar=e["pillar"],
                direction=e["direction"],
                description=e["description"],
                denominator=e.get("denominator"),
                denominator_of=e.get("denominator_of"),
                headline=bool(e.get("headline", False)),
                cues=[_phrase_regex(c) for c in m["cues"]],
                cue_keys=[_key_word(c) for c in m["cues"]],
                require=[_phrase_regex(c) for c in m.get("require", [])],
                exclude=[_phrase_regex(c) for c in m.get("exclude", [])],
                units=tuple(m.get("units", [e["unit"]])),
                measure=m.get("measure", "level"),
                fraction=m.get("fraction", "any"),
                scope=m.get("scope", "any"),
            )
        except re.error as exc:
            raise CatalogError(f"entry {n} ({name}): bad cue regex: {exc}", where) from None
        out.append(ind)
    ids = {i.id for i in out}
    for n, i in enumerate(out, 1):
        if i.denominator_of and i.denominator_of not in ids:
            raise CatalogError(
                f"entry {n} ({i.id}): denominator_of names unknown indicator {i.denominator_of!r}",
                where,
            )
    return Catalog(out, p)


_TIGHT_CUT = re.compile(r"[,;:]|\s(?:va|hoac|con)\s")  # folded text: "và", "hoặc", "còn"
_CLAUSE_CUT = re.compile(r";")
_RESTATE = re.compile(r"^\s*\(\s*(?:đạt\s+|chiếm\s+|bằng\s+)?(?:tỷ lệ\s+|tỉ lệ\s+)?$", re.I)
_BACKREF = re.compile(r"(?:tỷ lệ|tỉ lệ|con số|mức|số lượng) (?:này|trên)", re.I)
_LOOSE = 1000  # distance penalty for a cue outside the figure's own phrase


def _best(cat: Catalog, fig: dict, windows: tuple[str, str, str, str], sentence: str):
    tb, ta, lb, la = windows
    best: tuple[int, int] | None = None
    for order, ind in cat.by_unit(fig["unit"]):
        if not ind.accepts(fig["unit"], fig["is_change"], fig["has_den"], fig["scope"]):
            continue
        if any(not r.search(sentence) for r in ind.require):
            continue
        if any(r.search(tb) or r.search(ta) for r in ind.exclude):
            continue
        d = None
        for cue, key in zip(ind.cues, ind.cue_keys, strict=True):
            if key and key not in la and key not in lb:  # tight windows lie inside loose ones
                continue
            for text, after, pen in (
                (ta, True, 0),
                (tb, False, 0),
                (la, True, _LOOSE),
                (lb, False, _LOOSE),
            ):
                for m in cue.finditer(text):
                    dist = (m.start() if after else len(text) - m.end()) + pen
                    if d is None or dist < d:
                        d = dist
        if d is not None and (best is None or (d, order) < best):
            best = (d, order)
    return cat.indicators[best[1]].id if best else None


def link_figures(figures: pd.DataFrame, catalog: Catalog | None = None) -> pd.DataFrame:
    """``indicator_id`` and ``measure`` (level, change or share) for each row of ``figures``."""
    cat = catalog or load_catalog()
    ids: list[str | None] = [None] * len(figures)
    measures: list[str] = ["level"] * len(figures)
    if figures.empty:
        return pd.DataFrame(
            {"indicator_id": pd.Series(dtype="string"), "measure": pd.Series(dtype="string")}
        )
    recs = figures.reset_index(drop=True)
    keys = list(zip(recs["doc"], recs["sentence_start"], strict=True))
    prev_in_sentence: dict[int, int] = {}
    next_start: dict[int, int] = {}
    for i in range(1, len(recs)):
        if keys[i] == keys[i - 1]:
            prev_in_sentence[i] = i - 1
            next_start[i - 1] = int(recs.at[i, "start"])
    folded: dict[tuple[str, int], str] = {}  # one fold per sentence, not per figure
    for i, r in enumerate(recs.itertuples(index=False)):
        sent = r.sentence
        key = (r.doc, r.sentence_start)
        if key not in folded:
            folded[key] = fold(sent)
        fsent = folded[key]
        rs, re_ = r.start - r.sentence_start, r.end - r.sentence_start
        p = prev_in_sentence.get(i)
        prev_end = int(recs.at[p, "end"]) - r.sentence_start if p is not None else 0
        nxt = next_start.get(i, r.sentence_start + len(sent)) - r.sentence_start
        lb = fsent[max(prev_end, rs - 150) : rs]
        la = fsent[re_ : min(nxt, re_ + 120)]
        semi = list(_CLAUSE_CUT.finditer(lb))
        lb = lb[semi[-1].end() :] if semi else lb
        semi_a = _CLAUSE_CUT.search(la)
        la = la[: semi_a.start()] if semi_a else la
        cut = list(_TIGHT_CUT.finditer(lb))
        tb = lb[cut[-1].end() :] if cut else lb
        m = _TIGHT_CUT.search(la)
        ta = la[: m.start()] if m else la
        fig = {
            "unit": r.unit,
            "is_change": bool(r.is_change) if pd.notna(r.is_change) else False,
            "has_den": pd.notna(r.denominator),
            "scope": r.scope,
        }
        between = sent[prev_end:rs] if p is not None else ""
        if p is not None and ids[p] and r.unit == "percent" and _RESTATE.match(between):
            ids[i], measures[i] = ids[p], "share"
            continue
        own = _best(cat, fig, (tb, ta, lb, la), fsent)
        near_prev = p is not None and len(between) < 40 and not re.search(r"[;.]", between)
        if near_prev and ids[p] and (fig["is_change"] or _BACKREF.search(tb)):
            tight = _best(cat, fig, (tb, "", "", ""), fsent)
            if tight is None:
                ids[i] = ids[p]
                measures[i] = "change" if fig["is_change"] else "level"
                continue
        ids[i] = own
        measures[i] = "change" if fig["is_change"] else "level"
    return pd.DataFrame(
        {
            "indicator_id": pd.array(ids, dtype="string"),
            "measure": pd.array(measures, dtype="string"),
        },
        index=figures.index,
    )

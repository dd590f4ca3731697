"""The register of targets from programme documents (data/targets.yml) and the one targets
table: targets extracted from reports and targets from the register, each with its provenance.

``load_register`` reads and checks the register against data/targets.schema.json; a bad entry
raises :class:`~solieu.errors.SolieuError` naming the file, the entry and the key.
``merge_targets`` puts both kinds in one table (``source_kind`` ``report`` or ``register``,
``source`` the report id or the document number); ``target_conflicts`` lists register and
report targets that disagree on the value for one indicator, scope and deadline.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import yaml

from . import config
from .errors import SolieuError

__all__ = [
    "PROVENANCE_COLUMNS",
    "TARGETS_PATH",
    "TARGET_FIELD_DOCS",
    "load_register",
    "load_targets",
    "merge_targets",
    "register_table",
    "target_conflicts",
]

TARGETS_PATH = config.ROOT / "data" / "targets.yml"
SCHEMA_PATH = config.ROOT / "data" / "targets.schema.json"
PROVENANCE_COLUMNS = ["source_kind", "source", "article", "url"]
TARGET_FIELD_DOCS = {
    "source_kind": "report (stated in a report sentence) or register (data/targets.yml)",
    "source": "Report id, or the programme document's number and date",
    "article": "Article, section or appendix of the document that states the target",
    "url": "Official text of the document (register targets)",
}


def _validator():
    import jsonschema  # imported on use: its import is slow (see indicators._validator)

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def load_register(
    path: str | Path | None = None, indicator_ids: set[str] | None = None
) -> list[dict]:
    """The entries of the register, checked: schema, known indicator (when ``indicator_ids`` is
    given), a deadline after the document's date, no entry twice. A missing file is an empty
    register."""
    p = Path(path or TARGETS_PATH)
    where = config.rel(p)
    if not p.is_file():
        return []
    try:
        entries = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise SolieuError(f"not valid YAML: {str(exc).splitlines()[0]}", where) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SolieuError(f"cannot read the register of targets: {exc}", where) from None
    if entries is None:
        return []
    if not isinstance(entries, list):
        raise SolieuError("expected a list of target entries", where)
    validator = _validator()
    seen: set[tuple] = set()
    for n, e in enumerate(entries, 1):
        name = e.get("indicator", "?") if isinstance(e, dict) else "?"
        errors = sorted(validator.iter_errors(e), key=lambda er: list(er.path))
        if errors:
            er = errors[0]
            key = "/".join(str(x) for x in er.path) or "(entry)"
            raise SolieuError(f"entry {n} ({name}): {key}: {er.message}", where)
        if indicator_ids is not None and e["indicator"] not in indicator_ids:
            raise SolieuError(
                f"entry {n} ({name}): indicator: not in the catalog (data/indicators.yml)", where
            )
        if e["deadline"] <= e["source"]["date"]:
            raise SolieuError(
                f"entry {n} ({name}): deadline: {e['deadline']} is not after the document's "
                f"date {e['source']['date']}",
                where,
            )
        key = (e["indicator"], e["scope"], e["deadline"], e["source"]["document"])
        if key in seen:
            raise SolieuError(
                f"entry {n} ({name}): the same document sets this target twice", where
            )
        seen.add(key)
    return entries


def load_targets(catalog_table: pd.DataFrame, strict: bool = True) -> pd.DataFrame:
    """The register as rows of the targets table. ``strict``: an entry whose indicator is not
    in ``catalog_table`` is an error (the project's catalog); otherwise it is left out (a
    build with another catalog)."""
    ids = set(catalog_table["id"])
    entries = load_register(indicator_ids=ids if strict else None)
    return register_table([e for e in entries if e["indicator"] in ids], catalog_table)


def register_table(entries: list[dict], catalog_table: pd.DataFrame) -> pd.DataFrame:
    """The register as rows of the targets table (no report, figure or sentence)."""
    units = dict(zip(catalog_table["id"], catalog_table["unit"], strict=True))
    rows = []
    for e in entries:
        src = e["source"]
        rows.append(
            {
                "indicator_id": e["indicator"],
                "scope": e["scope"],
                "period": e["deadline"][:4],
                "target_date": pd.Timestamp(e["deadline"]),
                "value": float(e["value"]),
                "denominator": None,
                "share": float(e["value"]) / 100
                if units.get(e["indicator"]) == "percent"
                else None,
                "unit": units.get(e["indicator"], ""),
                "qualifier": e["qualifier"],
                "measure": "level",
                "report_id": None,
                "figure_id": None,
                "number": None,
                "subject": e.get("note"),
                "sentence": None,
                "source_kind": "register",
                "source": f"{src['document']} of {src['date']}",
                "article": src["article"],
                "url": src["url"],
            }
        )
    return pd.DataFrame(rows)


def merge_targets(extracted: pd.DataFrame, register: pd.DataFrame) -> pd.DataFrame:
    """Report targets and register targets in one table with their provenance columns."""
    ext = extracted.copy()
    ext["source_kind"] = "report"
    ext["source"] = ext["report_id"]
    ext["article"] = None
    ext["url"] = None
    cols = [*extracted.columns, *PROVENANCE_COLUMNS]
    if not len(register):
        out = ext[cols]
    else:
        out = pd.concat([ext[cols], register.reindex(columns=cols)], ignore_index=True)
    for c in out.columns:
        if out[c].dtype == object and c not in ("target_date",):
            out[c] = out[c].astype("string")
    out["target_date"] = pd.to_datetime(out["target_date"])
    for c in ("value", "denominator", "share"):
        out[c] = pd.to_numeric(out[c]).astype("float64")
    return out.reset_index(drop=True)


#: Columns of the conflicts table.
CONFLICT_COLUMNS = [
    "indicator_id", "scope", "as_of", "kind", "values", "report_ids", "figure_ids", "detail",
]  # fmt: skip


def disagreements(
    rows: pd.DataFrame, when: str, source: str, kind: str, detail: str
) -> pd.DataFrame:
    """Conflict rows: for each indicator, scope and ``when``, values that differ between
    different ``source``s (reports, or documents and reports)."""
    out = []
    for (ind, scope, at), g in rows.groupby(["indicator_id", "scope", when], sort=True):
        if g[source].nunique() > 1 and g["value"].nunique() > 1:
            out.append(
                {
                    "indicator_id": ind,
                    "scope": scope,
                    "as_of": at,
                    "kind": kind,
                    "values": "; ".join(
                        f"{v:g} ({', '.join(sorted(set(gg[source].astype(str))))})"
                        for v, gg in g.groupby("value")
                    ),
                    "report_ids": ", ".join(sorted(set(g["report_id"].dropna().astype(str)))),
                    "figure_ids": ", ".join(g["figure_id"].dropna().astype(str)),
                    "detail": detail,
                }
            )
    return pd.DataFrame(out, columns=CONFLICT_COLUMNS)


def target_conflicts(targets: pd.DataFrame) -> pd.DataFrame:
    """Rows for the conflicts table: one indicator, scope and deadline with targets of
    different values from different sources (documents or reports)."""
    dated = targets[targets["target_date"].notna() & (targets["measure"] == "level")]
    return disagreements(
        dated,
        "target_date",
        "source",
        "target",
        "Documents or reports set different targets for the same indicator and deadline.",
    )

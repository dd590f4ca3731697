"""The modules above the extractor: tables, views and charts, generated pages, site. Each has one
job, stays small and imports only the modules listed before it (docs/ARCHITECTURE.md, "Above
the extractor")."""

import ast

import pytest

from .conftest import ROOT
from .test_lexicon import LAYERS

FOUNDATION = [
    "config", "atomic", "tables", "labels", "indicators", "targets", "claims", "progress",
]  # fmt: skip
# in the order of docs/ARCHITECTURE.md: each imports only what is listed before it; the
# presentation modules up to views need no matplotlib
PRESENTATION = ["blocks", "views", "chart_base", "chart_labels", "chart_time", "chart_bars",
                "charts"]  # fmt: skip
ABOVE = [
    "table_docs", "report_jobs", "build",
    *PRESENTATION,
    "page_markup", "stamp", "page_records", "chart_cache",
    "indicator_pages", "source_pages", "province_pages", "pages",
    "quarto_project", "site_layout", "site_finish", "site_fallback", "site",
]  # fmt: skip
ORDER = LAYERS + FOUNDATION + ABOVE


def _source(module: str) -> str:
    return (ROOT / "lib" / "solieu" / f"{module}.py").read_text(encoding="utf-8")


@pytest.mark.parametrize("module", ABOVE)
def test_imports_only_downward(module):
    imported = {
        (node.module or "").split(".")[0]
        for node in ast.walk(ast.parse(_source(module)))
        if isinstance(node, ast.ImportFrom) and node.level
    }
    below = ORDER[: ORDER.index(module)]
    for dep in sorted(imported - {""}):
        assert dep in below, f"{module} imports {dep}, which is not listed below it"


@pytest.mark.parametrize("module", ABOVE)
def test_modules_stay_small(module):
    assert _source(module).count("\n") <= 450


def test_the_order_is_the_documented_one():
    doc = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    part = doc[doc.index("## Above the extractor") :]
    positions = [part.index(f"| `{m}` |") for m in ABOVE]
    assert positions == sorted(positions)


@pytest.mark.parametrize("module", ["labels", "blocks", "views"])
def test_tables_and_views_need_no_matplotlib(module):
    outside = set()
    for node in ast.walk(ast.parse(_source(module))):
        if isinstance(node, ast.Import):
            outside.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level:
            outside.add((node.module or "").split(".")[0])
    assert not outside & {"matplotlib", "seaborn"}, module


def test_no_module_of_the_library_is_over_450_lines():
    sizes = {
        str(p.relative_to(ROOT)): p.read_text(encoding="utf-8").count("\n")
        for p in (ROOT / "lib" / "solieu").rglob("*.py")
    }
    assert {p: n for p, n in sizes.items() if n > 450} == {}

"""The fallback renderer, from the same _quarto.yml Quarto reads."""

import html
import json
import re

import nbformat
import pytest
import yaml

from solieu import site

from .conftest import ROOT

QUARTO = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
PAGES = QUARTO["project"]["render"]
NAV = QUARTO["website"]["navbar"]["left"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "reports"
    site.render_fallback(out_dir=out)
    return out


def test_every_page_in_order_with_the_shared_navbar(rendered):
    for page in PAGES:
        html_path = rendered / re.sub(r"\.(ipynb|qmd)$", ".html", page)
        assert html_path.is_file(), page
        text = html_path.read_text(encoding="utf-8")
        positions = [text.find(f">{html.escape(item['text'])}</a>") for item in NAV]
        assert all(p > 0 for p in positions), page
        assert positions == sorted(positions), "navbar order differs from _quarto.yml"


def test_index_leads_to_the_scorecard(rendered):
    text = (rendered / "index.html").read_text(encoding="utf-8")
    assert "url=notebooks/01_index.html" in text


def test_titles_from_front_matter_and_inputs_hidden(rendered):
    for page in [p for p in PAGES if p.endswith(".ipynb")]:
        meta, _ = site.read_front_matter(nbformat.read(ROOT / page, as_version=4))
        text = (rendered / page.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        assert f"<title>{meta['title']}" in text.replace("&#x27;", "'")
        assert "import solieu" not in text  # echo: false hides input cells
        assert "solieu.load()" not in text


def test_no_raw_quarto_or_notebook_syntax(rendered):
    for f in rendered.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        for raw in ("\n:::", "{{<", "#| ", "```{python}", '.ipynb"', "---\ntitle:"):
            assert raw not in text, (f.name, raw)


def test_search_index_and_resources(rendered):
    index = json.loads((rendered / "search.json").read_text(encoding="utf-8"))
    assert {e["href"] for e in index} == {
        p.replace(".ipynb", ".html") for p in PAGES if p.endswith(".ipynb")
    }
    if (ROOT / "data" / "processed" / "datapackage.json").is_file():
        assert (rendered / "data" / "processed" / "datapackage.json").is_file()
        assert (rendered / "data" / "processed" / "figures.csv").is_file()


def test_failed_render_leaves_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    site.render_fallback(out_dir=out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    calls = {"n": 0}
    real = site._body

    def failing(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("broken notebook (simulated)")
        return real(*a, **kw)

    monkeypatch.setattr(site, "_body", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        site.render_fallback(out_dir=out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert not [p.name for p in tmp_path.iterdir() if "-tmp-" in p.name]  # nothing half-made


def test_make_site_says_which_renderer(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(site.shutil, "which", lambda name: None)
    assert site.render_site(auto=True, out_dir=tmp_path / "r") == 0
    assert "Python fallback" in capsys.readouterr().out


def test_notebooks_are_stored_with_outputs_and_use_the_library():
    for page in [p for p in PAGES if p.endswith(".ipynb")]:
        nb = nbformat.read(ROOT / page, as_version=4)
        meta, rest = site.read_front_matter(nb)
        assert meta.get("title") and meta.get("description"), page
        code = "\n".join(c.source for c in rest.cells if c.cell_type == "code")
        assert "import solieu" in code and "solieu.load()" in code, page
        assert "re.compile" not in code and "parse_number" not in code, page
        outputs = [o for c in rest.cells if c.cell_type == "code" for o in c.outputs]
        assert outputs, f"{page} is stored without outputs: run make notebooks"
        assert not [o for o in outputs if o.output_type == "error"], page

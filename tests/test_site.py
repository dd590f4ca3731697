"""The fallback renderer and the generated pages, from the same _quarto.yml Quarto reads."""

import dataclasses
import html
import json
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

import solieu
from solieu import pages, site, site_fallback
from solieu.corpus import read_report

from .conftest import ROOT

QUARTO = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))
NAV = QUARTO["website"]["navbar"]["left"]
NOTEBOOK_PAGES = [p for p in QUARTO["project"]["render"] if p.endswith(".ipynb")]


def _html(page: str) -> str:
    return re.sub(r"\.(ipynb|qmd|md)$", ".html", page)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "reports"
    site.render_fallback(out_dir=out)
    return out


@pytest.fixture(scope="module")
def tables():
    return solieu.load()


def test_every_page_in_order_with_the_shared_navbar(rendered):
    for page in site.page_list(ROOT, QUARTO["project"]):
        html_path = rendered / _html(page)
        assert html_path.is_file(), page
        text = html_path.read_text(encoding="utf-8")
        positions = [text.find(f">{html.escape(item['text'])}</a>") for item in NAV]
        assert all(p > 0 for p in positions), page
        assert positions == sorted(positions), "navbar order differs from _quarto.yml"


def test_render_globs_expand_to_the_generated_pages():
    listed = site.page_list(ROOT, QUARTO["project"])
    assert "indicators/index.md" in listed and "provinces/index.md" in listed
    assert listed.count("indicators/index.md") == 1
    assert any(p.startswith("sources/") and p != "sources/index.md" for p in listed)


def test_index_leads_to_the_scorecard(rendered):
    text = (rendered / "index.html").read_text(encoding="utf-8")
    assert "url=notebooks/01_index.html" in text


def test_titles_from_front_matter_and_inputs_hidden(rendered):
    for page in NOTEBOOK_PAGES:
        meta, _ = site.read_front_matter(nbformat.read(ROOT / page, as_version=4))
        text = (rendered / page.replace(".ipynb", ".html")).read_text(encoding="utf-8")
        assert f"<title>{meta['title']}" in text.replace("&#x27;", "'")
        assert "import solieu" not in text  # echo: false hides input cells
        assert "solieu.load()" not in text
        name = Path(page).name
        assert f'href="{name}" download' in text, "each notebook page links to its notebook"
        assert (rendered / page).is_file()


def test_code_fold_as_quarto_does(tmp_path):
    nb = nbformat.v4.new_notebook()
    meta = "---\ntitle: T\nformat:\n  html:\n    code-summary: Show the code\n---"
    nb.cells = [nbformat.v4.new_raw_cell(meta), nbformat.v4.new_code_cell("x = 41 + 1")]
    nbformat.write(nb, tmp_path / "p.ipynb")
    _, body = site_fallback._body(tmp_path / "p.ipynb", {"format": {"html": {"code-fold": True}}})
    assert '<details class="code-fold"><summary>Show the code</summary>' in body
    assert body.index("<details") < body.index("41") < body.index("</details>")
    _, plain = site_fallback._body(tmp_path / "p.ipynb", {})
    assert "<details" not in plain and "41" in plain


def test_no_raw_quarto_or_notebook_syntax(rendered):
    for f in rendered.rglob("*.html"):
        text = f.read_text(encoding="utf-8")
        for raw in ("\n:::", "{{<", "#| ", "```{python}", "```{=html}", "SOLIEURAWBLOCK"):
            assert raw not in text, (f.name, raw)
        for raw in ('.ipynb"', '.md"', "---\ntitle:", "{#"):
            if raw == '.ipynb"':
                text = re.sub(r'href="[^"]+\.ipynb" download', "", text)
            assert raw not in text, (f.name, raw)


def test_two_renders_are_byte_identical(rendered, tmp_path):
    again = tmp_path / "reports"
    site.render_fallback(out_dir=again)
    files = sorted(p.relative_to(rendered) for p in rendered.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    differ = [f for f in files if (rendered / f).read_bytes() != (again / f).read_bytes()]
    assert not differ, f"renders differ in {differ[:5]}"


def test_search_index_marks_content_and_folds_d(rendered):
    assert (rendered / "pagefind" / "pagefind.js").is_file()
    assert (rendered / "pagefind" / "pagefind-ui.js").is_file()
    assert not (rendered / "search.json").exists()  # the hand-written search is gone
    text = (rendered / "indicators" / "index.html").read_text(encoding="utf-8")
    assert "<main data-pagefind-body" in text
    folded = re.search(r'class="solieu-folded"[^>]*>([^<]*)<', text)
    assert folded and "de" in folded.group(1).split(), "đ-words folded for the index"
    assert "data-pagefind-body" not in (rendered / "search.html").read_text(encoding="utf-8")
    assert QUARTO["website"]["search"] is False  # Quarto's own search does not compete


def test_fold_ignores_tones_and_d():
    assert pages.fold("Đề án 06") == "de an 06"
    assert pages.fold("Bắc Ninh") == "bac ninh"
    assert pages.fold("căn cước") == "can cuoc"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])
        for key in ("href", "src"):
            v = a.get(key)
            if v and not (tag == "link" and a.get("rel") == "icon"):
                self.hrefs.append(v)


def _parse(path: Path) -> _Links:
    p = _Links()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def test_every_link_and_anchor_of_the_site_exists(rendered):
    parsed = {f: _parse(f) for f in rendered.rglob("*.html") if "pagefind" not in f.parts}
    broken = []
    for f, p in parsed.items():
        for href in p.hrefs:
            if re.match(r"^(https?:|mailto:|data:|javascript:)", href) or href.startswith("//"):
                continue
            url = urllib.parse.urlsplit(href)
            target = (f.parent / urllib.parse.unquote(url.path)).resolve() if url.path else f
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{f.relative_to(rendered)} -> {href}")
                continue
            if url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if urllib.parse.unquote(url.fragment) not in ids:
                    broken.append(f"{f.relative_to(rendered)} -> {href} (no anchor)")
    assert not broken, broken[:20]


def test_every_observation_links_to_its_sentence(rendered, tables):
    obs = tables.observations
    assert len(obs)
    for _, o in obs.iterrows():
        anchor = pages.figure_anchor(o["figure_id"])
        link = f"../sources/{o['report_id']}.html#{anchor}"
        page = (rendered / "indicators" / f"{o['indicator_id']}.html").read_text("utf-8")
        assert f'href="{link}"' in page, (o["indicator_id"], link)
        source = (rendered / "sources" / f"{o['report_id']}.html").read_text("utf-8")
        m = re.search(rf'id="{anchor}"[^>]*>([^<]*)<', source)
        assert m, (o["report_id"], anchor)
        assert m.group(1) == o["number"], "the anchor highlights the number itself"


def test_figure_ids_on_notebook_pages_link_to_their_sentence(rendered):
    text = (rendered / "notebooks" / "01_index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a href="\.\./sources/(\d+)\.html#(f\d+)">[^<]*\.txt:(\d+)</a>', text)
    assert links, "figure ids in notebook tables are links"
    assert all(anchor == f"f{offset}" for _, anchor, offset in links)


def test_a_page_csv_and_json_for_every_indicator_with_a_value_or_target(rendered, tables):
    ids = set(tables.observations["indicator_id"]) | set(tables.targets["indicator_id"])
    assert ids
    for iid in ids:
        base = rendered / "indicators" / iid
        assert base.with_suffix(".html").is_file(), iid
        csv = pd.read_csv(base.with_suffix(".csv"), dtype=str, keep_default_na=False)
        n = int((tables.observations["indicator_id"] == iid).sum())
        assert len(csv) == n, iid
        data = json.loads(base.with_suffix(".json").read_text(encoding="utf-8"))
        assert data["indicator"]["id"] == iid and len(data["observations"]) == n
        if n:
            assert {"value", "qualifier", "period", "scope", "report_id", "source_page"} <= set(
                csv.columns
            )
            assert all(p.startswith("sources/") and "#f" in p for p in csv["source_page"])
    listing = (rendered / "indicators" / "index.html").read_text(encoding="utf-8")
    for iid in ids:
        assert f'href="{iid}.html"' in listing


def test_values_keep_their_qualifier_on_indicator_pages(rendered, tables):
    obs = tables.observations
    bounded = obs[obs["qualifier"].isin([">", "<", "~"])]
    assert len(bounded)
    words = {">": "over ", "<": "below ", "~": "about "}
    for _, o in bounded.iterrows():
        page = (rendered / "indicators" / f"{o['indicator_id']}.html").read_text("utf-8")
        assert f">{words[o['qualifier']]}" in page, (o["indicator_id"], o["qualifier"])


def test_downloads_neutralise_formulas(tmp_path, tables, monkeypatch):
    monkeypatch.setattr(pages, "chart_markup", lambda view, cache=None: "")  # not the point
    obs = tables.observations.copy()
    obs.loc[obs.index[0], "sentence"] = "=HYPERLINK(1)"
    t = dataclasses.replace(tables, observations=obs)
    pages.write_pages(t, root=tmp_path)
    iid = obs.iloc[0]["indicator_id"]
    text = (tmp_path / "indicators" / f"{iid}.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK(1)" in text


def test_quotes_only_paragraphs_with_figures_in_vietnamese(rendered, tables):
    for rid, meta in pages.report_meta(tables).items():
        text = (rendered / "sources" / f"{rid}.html").read_text(encoding="utf-8")
        raw = read_report(ROOT / "data" / "raw" / "reports" / meta["file"])
        quoted = re.findall(r'<blockquote lang="vi">(.*?)</blockquote>', text, re.S)
        if not quoted:
            continue
        shown = sum(len(html.unescape(re.sub(r"<[^>]+>", "", q))) for q in quoted)
        assert shown < 0.9 * len(raw), f"report {rid}: quotes almost the whole text"
        assert meta["sha256"] in text


def test_datapackage_on_the_site_names_only_published_files(rendered):
    dp_path = rendered / "data" / "processed" / "datapackage.json"
    if not dp_path.is_file():
        pytest.skip("no data/processed (run make data)")
    dp = json.loads(dp_path.read_text(encoding="utf-8"))
    for src in dp.get("sources", []):
        assert "path" not in src or re.match(r"https?://", src["path"]), src
    for res in dp["resources"]:
        assert (dp_path.parent / res["path"]).is_file(), res["path"]


def test_every_page_says_how_current_it_is(rendered, tables):
    facts = pages.site_facts(tables)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", facts.built)
    for f in rendered.rglob("*.html"):
        if "pagefind" in f.parts or "http-equiv" in f.read_text("utf-8"):
            continue
        text = f.read_text(encoding="utf-8")
        assert f"Data through {facts.data_through} · built {facts.built}" in text, f
        assert f"from {len(tables.reports)} reports" in text


def test_build_date_comes_from_the_inputs(tables, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    newest = max(d for d in tables.reports["date_accessed"] if d)
    assert pages.site_facts(tables).built == newest
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert pages.site_facts(tables).built == "2023-11-14"


def test_provinces_page_counts_the_provinces_without_data(rendered, tables):
    text = (rendered / "provinces" / "index.html").read_text(encoding="utf-8")
    scopes = set(tables.observations["scope"]) | set(tables.targets["scope"])
    n = len(scopes - {"VN"})
    assert f"{n} of 63 provinces" in text
    assert f"{63 - n} have none" in text
    assert "1 July 2025" in text and "34 units" in text
    assert '<span lang="vi">Bắc Ninh</span>' in text
    # a province that kept its name took in another: it is not "unchanged"
    plain = re.sub(r"<[^>]+>", "", text)
    assert "Bắc Ninh also takes in Bắc Giang" in plain
    assert "Bắc Ninh: 8 values; unchanged" not in plain


def test_citation_file(tables):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["cff-version"].startswith("1.2")
    assert cff["version"] == solieu.__version__
    assert cff["title"] and cff["authors"] and cff["license"]


def test_failed_render_leaves_previous_site(tmp_path, monkeypatch):
    out = tmp_path / "reports"
    site.render_fallback(out_dir=out)
    before = sorted(p.relative_to(out).as_posix() for p in out.rglob("*"))
    calls = {"n": 0}
    real = site_fallback._body

    def failing(*a, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("broken notebook (simulated)")
        return real(*a, **kw)

    monkeypatch.setattr(site_fallback, "_body", failing)
    with pytest.raises(RuntimeError, match="simulated"):
        site.render_fallback(out_dir=out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == before
    assert not [p.name for p in tmp_path.iterdir() if "-tmp-" in p.name]  # nothing half-made


def test_make_site_says_which_renderer(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(site.shutil, "which", lambda name: None)
    monkeypatch.setattr(site, "render_fallback", lambda root=None, out_dir=None: out_dir)
    assert site.render_site(auto=True, out_dir=tmp_path / "r") == 0
    assert "Python fallback" in capsys.readouterr().out


def test_notebooks_are_stored_with_outputs_and_use_the_library():
    for page in NOTEBOOK_PAGES:
        nb = nbformat.read(ROOT / page, as_version=4)
        meta, rest = site.read_front_matter(nb)
        assert meta.get("title") and meta.get("description"), page
        code = "\n".join(c.source for c in rest.cells if c.cell_type == "code")
        assert "import solieu" in code and "solieu.load()" in code, page
        assert "re.compile" not in code and "parse_number" not in code, page
        outputs = [o for c in rest.cells if c.cell_type == "code" for o in c.outputs]
        assert outputs, f"{page} is stored without outputs: run make notebooks"
        assert not [o for o in outputs if o.output_type == "error"], page


def test_a_status_judged_by_a_natural_total_says_so(rendered):
    # "Target achieved" above and "No target found" below, with nothing to join them, read as
    # a contradiction: the page names the total the status is judged against
    page = (rendered / "indicators" / "essential_services_online.html").read_text(encoding="utf-8")
    assert "judged against its natural total: all 25" in page
    under = (rendered / "indicators" / "national_dx_goals_under_half.html").read_text("utf-8")
    assert "natural total" not in under and "Target achieved" not in under
    # a province judged by its own total while the nation has none: the page says which scope
    chip = (rendered / "indicators" / "chip_id_cards_issued.html").read_text(encoding="utf-8")
    assert "The status of Bắc Ninh is judged against its natural total: all 1,025,067" in chip


def test_rank_moves_read_as_places_not_as_ranks(tables):
    # a figure that is a change ("rose 7 places") is labelled as a move, not as a rank ("7th")
    from solieu import province_pages, source_pages, stamp

    figs = tables.figures.copy()
    i = figs.index[(figs["unit"] == "rank") & figs["indicator_id"].notna()][0]
    figs.loc[i, ["value", "qualifier", "is_change", "measure"]] = [7.0, "=", True, "change"]
    figs.loc[i, "denominator"] = None
    rid = str(figs.at[i, "report_id"])
    page = source_pages.source_page(
        rid, pages.report_meta(tables)[rid], figs[figs["report_id"] == rid], {}
    )
    assert ">+7 places</a>" in page and ">7th</a>" not in page
    obs = tables.observations.copy()
    j = obs.index[(obs["unit"] == "rank") & (obs["scope"] != "VN")][0]
    obs.loc[j, ["value", "qualifier", "measure"]] = [7.0, "=", "change"]
    obs.loc[j, "denominator"] = None
    t = dataclasses.replace(tables, observations=obs)
    text = province_pages.provinces_page(t, stamp.site_facts(t))
    assert ">+7 places</a>" in text and ">7th</a>" not in text


def _indexed_text(site_dir) -> dict[str, str]:
    """The text Pagefind indexed for each page (its fragments), by the page's URL."""
    import gzip

    out = {}
    for f in (site_dir / "pagefind" / "fragment").glob("*.pf_fragment"):
        raw = gzip.decompress(f.read_bytes()).decode("utf-8")
        frag = json.loads(raw[raw.index("{") :])
        out[frag["url"]] = frag["content"]
    return out


def test_search_keeps_the_words_of_table_cells_apart(rendered):
    # excerpts must not run cells together ("78 million2023-02-25")
    indexed = _indexed_text(rendered)
    joined = []
    for url, content in indexed.items():
        page = rendered / (url.lstrip("/") + ("index.html" if url.endswith("/") else ""))
        html_text = page.read_text(encoding="utf-8")
        for row in re.findall(r"<tr>(.*?)</tr>", html_text, re.S):
            cells = [
                html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
                for c in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", row, re.S)
            ]
            for a, b in zip(cells, cells[1:], strict=False):
                worded = re.search(r"[^\W\d_]", a + b)  # "22" may well be in the text
                if a and b and worded and f"{a}{b}" in content:
                    joined.append((url, a, b))
    assert len(indexed) > 20
    assert not joined, joined[:5]


def test_an_indicator_quotes_each_source_sentence_once(rendered):
    # a sentence giving several values of one indicator is quoted once, its values together
    for page in (rendered / "indicators").glob("*.html"):
        text = page.read_text(encoding="utf-8")
        listed = re.search(r'<ol class="solieu-sources">(.*?)</ol>', text, re.S)
        quotes = re.findall(r'<q lang="vi">(.*?)</q>', listed.group(1), re.S) if listed else []
        assert len(quotes) == len(set(quotes)), page.name


def test_a_report_page_says_where_its_figures_belong_and_how_it_was_dated(rendered, tables):
    # a report written from a province's bridge point of a national meeting: "Scope: Kon Tum"
    # alone read as if its national figures were Kon Tum's
    for rid, meta in pages.report_meta(tables).items():
        page = (rendered / "sources" / f"{rid}.html").read_text(encoding="utf-8")
        if meta.get("scope") not in ("", "VN", None):
            assert "each figure keeps its own scope (" in page, rid
        if meta.get("event_date"):
            assert f"event {meta['event_date']}" in page, rid
        if meta.get("notes"):
            assert html.escape(meta["notes"], quote=True) in page, rid

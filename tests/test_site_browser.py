"""The rendered site in a real browser: headless Debian Chromium driven by Playwright.

Serves reports/ on 127.0.0.1 only. Checks every navbar page (status, title, console errors,
images, internal links), saves screenshots to reports/_screenshots/, and proves that text from a
report (a fixture holding <script> tags) is shown escaped and never runs.
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.parse
import urllib.request
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import nbformat
import pytest
import yaml

from solieu import site

from .conftest import ROOT

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
QUARTO = yaml.safe_load((ROOT / "_quarto.yml").read_text(encoding="utf-8"))


def _chromium() -> str:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    found = shutil.which("chromium")
    if found:
        return found
    where = "CI" if os.environ.get("CI") else "this machine"
    pytest.fail(
        f"Chromium is not installed on {where}; the browser test needs it. Install Debian's "
        "package: sudo apt-get install chromium (make test does this by itself when run as root)."
    )


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # the browser closing a connection early is not a failure of the page
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve(directory: Path):
    handler = functools.partial(_Quiet, directory=str(directory))
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    exe = _chromium()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=exe, args=ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="module")
def site_dir() -> Path:
    out = ROOT / QUARTO["project"]["output-dir"]
    if not (out / "index.html").is_file():
        site.render_fallback()
    return out


def _nav_pages() -> list[tuple[str, str]]:
    nav = QUARTO["website"]["navbar"]
    out = []
    for item in nav["left"] + nav.get("right", []):
        href = item["href"]
        if href.endswith(".ipynb"):
            meta, _ = site.read_front_matter(nbformat.read(ROOT / href, as_version=4))
            title = meta["title"]
        else:
            title = ""  # generated page: its title is checked by test_site.py
        out.append((re.sub(r"\.(ipynb|qmd|md)$", ".html", href), title))
    return out


def _all_pages(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if not {"pagefind", "_screenshots"} & set(p.relative_to(site_dir).parts)
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")  # the home redirect
    )


@pytest.mark.parametrize(("page", "title"), _nav_pages())
def test_navbar_page(browser, site_dir, page, title):
    shots = site_dir / "_screenshots"
    shots.mkdir(exist_ok=True)
    errors: list[str] = []
    with serve(site_dir) as base:
        for width in (1366, 390):
            ctx = browser.new_context(viewport={"width": width, "height": 900})
            pg = ctx.new_page()
            pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            pg.on("pageerror", lambda e: errors.append(str(e)))
            resp = pg.goto(base + page, wait_until="load")
            assert resp is not None and resp.status == 200, page
            assert title in pg.title()
            images = pg.eval_on_selector_all(
                "img", "els => els.map(e => [e.currentSrc.slice(0, 40), e.naturalWidth, e.alt])"
            )
            assert all(w > 0 for _, w, _ in images), images
            assert all(alt for _, _, alt in images), "every image needs alt text"
            hrefs = pg.eval_on_selector_all("a[href]", "els => els.map(e => e.href)")
            stem = page.replace("/", "_").removesuffix(".html")
            pg.screenshot(path=str(shots / f"{stem}-{width}.png"), full_page=True)
            ctx.close()
        for href in sorted(set(hrefs)):
            if not href.startswith(base):
                continue
            url = href.split("#")[0]
            with urllib.request.urlopen(url) as r:  # noqa: S310 (our own loopback server)
                assert r.status == 200, f"{page}: broken link {href}"
    assert not errors, f"{page}: console errors {errors}"


def test_every_page_loads_and_fits_a_phone(browser, site_dir):
    """Every page of the site: 200, no console error, no horizontal overflow at 390 px, the
    navbar no taller than a tenth of the screen."""
    pages = _all_pages(site_dir)
    assert len(pages) > 20
    errors: list[str] = []
    problems: list[str] = []
    with serve(site_dir) as base:
        ctx = browser.new_context(viewport={"width": 390, "height": 844})
        pg = ctx.new_page()
        pg.on(
            "console", lambda m: errors.append(f"{pg.url}: {m.text}") if m.type == "error" else None
        )
        pg.on("pageerror", lambda e: errors.append(f"{pg.url}: {e}"))
        for page in pages:
            resp = pg.goto(base + page, wait_until="load")
            if resp is None or resp.status != 200:
                problems.append(f"{page}: status {resp and resp.status}")
                continue
            width = pg.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                problems.append(f"{page}: {width} px wide at 390 px")
            nav = pg.evaluate(
                "(() => { const n = document.querySelector('nav'); "
                "return n ? n.getBoundingClientRect().height : 0; })()"
            )
            if nav > 844 * 0.1:
                problems.append(f"{page}: navbar {nav:.0f} px high")
        ctx.close()
    assert not problems, problems[:10]
    assert not errors, errors[:10]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("bac ninh", ("provinces/index.html", "sources/001.html")),  # the Bắc Ninh report
        ("can cuoc", ("indicators/chip_id_cards_issued.html",)),
        ("de an 06", ("indicators/essential_services_online.html", "notebooks/02_de_an_06.html")),
        ("dinh danh dien tu", ("indicators/vneid_users.html",)),  # đ written as d
    ],
)
def test_search_ignores_diacritics(browser, site_dir, query, expected):
    with serve(site_dir) as base:
        pg = browser.new_page()
        pg.goto(base + "search.html?q=" + urllib.parse.quote(query), wait_until="load")
        pg.wait_for_selector(".pagefind-ui__result-link", timeout=15000)
        pg.wait_for_timeout(300)
        links = pg.eval_on_selector_all(".pagefind-ui__result-link", "els => els.map(e => e.href)")
        pg.close()
    assert any(e in link for link in links for e in expected), (query, links[:10])


def _visible_rows(pg, table) -> int:
    return pg.evaluate(
        "t => Array.from(t.tBodies[0].rows).filter(r => r.offsetParent !== null).length", table
    )


def test_filter_hides_rows(browser, site_dir):
    with serve(site_dir) as base:
        pg = browser.new_page()
        pg.goto(base + "indicators/index.html", wait_until="load")
        box = pg.locator("input.solieu-filter").first
        table = pg.locator("table.solieu-table").first.element_handle()
        total = _visible_rows(pg, table)
        box.fill("can cuoc")  # no diacritics: matches "căn cước"
        shown = _visible_rows(pg, table)
        texts = pg.evaluate(
            "t => Array.from(t.tBodies[0].rows).filter(r => r.offsetParent !== null)"
            ".map(r => r.textContent)",
            table,
        )
        box.fill("")
        again = _visible_rows(pg, table)
        pg.close()
    assert 0 < shown < total, (shown, total)
    assert all("căn cước" in t.lower() for t in texts), texts
    assert again == total


SORT_PAGE = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{head}</head><body>
<div class="solieu-table-wrap"><div class="solieu-scroll"><table class="solieu-table">
<thead><tr><th>Name</th><th>Value</th></tr></thead><tbody>
<tr><td>a</td><td>1,025,067/1,025,067</td></tr><tr><td>b</td><td>9</td></tr>
<tr><td>c</td><td>over 78 million</td></tr><tr><td>d</td><td>100%</td></tr>
<tr><td>e</td><td>–</td></tr><tr><td>f</td><td>about 2.5 billion VND</td></tr>
</tbody></table></div></div></body></html>"""


def test_values_sort_numerically(browser, site_dir, tmp_path):
    head = (ROOT / "_includes" / "solieu-head.html").read_text(encoding="utf-8")
    head += (ROOT / "lib/solieu/data/solieu-tables.html").read_text(encoding="utf-8")
    (tmp_path / "sort.html").write_text(SORT_PAGE.format(head=head), encoding="utf-8")
    with serve(tmp_path) as base:
        pg = browser.new_page()
        pg.goto(base + "sort.html", wait_until="load")
        pg.click("th:nth-child(2)")
        up = pg.eval_on_selector_all(
            "tbody tr td:first-child", "els => els.map(e => e.textContent)"
        )
        pg.click("th:nth-child(2)")
        down = pg.eval_on_selector_all(
            "tbody tr td:first-child", "els => els.map(e => e.textContent)"
        )
        pg.close()
    assert up == ["b", "d", "a", "c", "f", "e"], up
    assert down == ["f", "c", "a", "d", "b", "e"], down
    with serve(site_dir) as base:  # and on a real page, by the cells' data-value
        pg = browser.new_page()
        pg.goto(base + "indicators/index.html", wait_until="load")
        th = pg.locator("table.solieu-table").first.locator("th", has_text="Latest")
        th.click()
        keys = pg.locator("table.solieu-table").first.evaluate(
            "t => Array.from(t.tBodies[0].rows).map(r => r.cells[1].getAttribute('data-value'))"
            ".filter(v => v).map(Number)"
        )
        pg.close()
    assert len(keys) > 2 and keys == sorted(keys), keys


def test_a_notebook_table_filters_and_sorts_on_its_own(browser, tmp_path):
    # a table as a notebook shows it in JupyterLab: no site page around it, only its own script
    import pandas as pd

    from solieu.charts import table_html

    df = pd.DataFrame({"name": ["Hà Nội", "Đà Nẵng", "Cần Thơ"], "value": [9.5, 10.25, 2.0]})
    page = (
        '<html><head><meta charset="utf-8"></head><body>' + table_html(df, searchable=True).markup
    )
    page += "</body></html>"
    (tmp_path / "nb.html").write_text(page, encoding="utf-8")
    with serve(tmp_path) as base:
        pg = browser.new_page()
        pg.goto(base + "nb.html", wait_until="load")
        pg.fill("input.solieu-filter", "da nang")
        shown = pg.eval_on_selector_all(
            "tbody tr:not([hidden])", "els => els.map(e => e.cells[0].textContent)"
        )
        pg.fill("input.solieu-filter", "")
        pg.click("th:nth-child(2)")
        order = pg.eval_on_selector_all(
            "tbody tr td:first-child", "els => els.map(e => e.textContent)"
        )
        pg.close()
    assert shown == ["Đà Nẵng"]
    assert order == ["Cần Thơ", "Hà Nội", "Đà Nẵng"]  # 2 < 9.5 < 10.25, not as text


def test_a_table_link_lands_on_the_highlighted_sentence(browser, site_dir):
    with serve(site_dir) as base:
        pg = browser.new_page(viewport={"width": 1366, "height": 900})
        pg.goto(base + "indicators/chip_id_cards_issued.html", wait_until="load")
        link = pg.locator("table.solieu-table tbody a[href*='sources/']").first
        href = link.get_attribute("href")
        link.click()
        pg.wait_for_load_state("load")
        fragment = href.split("#", 1)[1]
        assert pg.url.endswith("#" + fragment)
        state = pg.evaluate(
            """id => { const t = document.getElementById(id); const r = t.getBoundingClientRect();
            const s = t.closest('.solieu-sentence');
            return {top: r.top, bottom: r.bottom, h: innerHeight, tag: t.tagName,
                    outline: getComputedStyle(t).outlineStyle,
                    sentence: s ? getComputedStyle(s).backgroundColor : null,
                    lang: t.closest('[lang]').getAttribute('lang'), text: t.textContent}; }""",
            fragment,
        )
        pg.close()
    assert 0 <= state["top"] and state["bottom"] <= state["h"], state
    assert state["outline"] == "solid", state
    assert state["sentence"] not in (None, "rgba(0, 0, 0, 0)"), state
    assert state["lang"] == "vi" and any(ch.isdigit() for ch in state["text"]), state


HOSTILE = (
    "Tại hội nghị, tỷ lệ hồ sơ xử lý trực tuyến của tỉnh đạt 55% "
    "<script>window.__pwned = 1; alert(1)</script> "
    'và 3 dịch vụ <img src=x onerror="window.__pwned = 2"> mới.\n'
)


def test_report_text_is_escaped_and_never_runs(browser, tmp_path):
    proj = tmp_path / "proj"
    for rel in (
        "data/raw",
        "data/indicators.yml",
        "data/targets.yml",
        "data/targets.schema.json",
        "tests/fixtures",
        "_includes",
    ):
        src = ROOT / rel
        if src.is_dir():
            shutil.copytree(src, proj / rel)
        else:
            (proj / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, proj / rel)
    if (ROOT / "_generated" / "charts").is_dir():  # charts already drawn for the same data
        shutil.copytree(ROOT / "_generated" / "charts", proj / "_generated" / "charts")
    (proj / "data/raw/reports/999_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with open(proj / "data/raw/reports.csv", "a", encoding="utf-8") as fh:
        fh.write("999,999_hostile.txt,,,,,fixture,2023-01-01,VN,vi,,,,\n")
    (proj / "notebooks").mkdir()
    shutil.copy2(ROOT / "notebooks/05_sources.ipynb", proj / "notebooks/05_sources.ipynb")
    cfg = dict(QUARTO)
    cfg["project"] = dict(
        cfg["project"], render=["notebooks/05_sources.ipynb", "sources/*.md", "indicators/*.md"]
    )
    cfg["website"] = dict(
        cfg["website"], navbar={"left": [{"href": "notebooks/05_sources.ipynb", "text": "Sources"}]}
    )
    (proj / "_quarto.yml").write_text(yaml.safe_dump(cfg, allow_unicode=True), encoding="utf-8")
    env = dict(os.environ, SOLIEU_ROOT=str(proj))
    for cmd in (["notebooks", "notebooks/05_sources.ipynb"], ["site"]):
        r = subprocess.run(
            [sys.executable, "-m", "solieu", *cmd],
            cwd=proj,
            env=env,
            capture_output=True,
            text=True,
        )
        assert r.returncode == 0, r.stderr[-3000:]
    html_text = (proj / "reports/notebooks/05_sources.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in html_text
    assert "&lt;script&gt;window.__pwned" in html_text
    dialogs: list[str] = []
    with serve(proj / "reports") as base:
        pg = browser.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(base + "notebooks/05_sources.html", wait_until="load")
        pg.fill("input.solieu-filter", "pwned")
        visible = pg.inner_text("body")
        assert "<script>window.__pwned = 1; alert(1)</script>" in visible
        assert pg.evaluate("typeof window.__pwned") == "undefined"
        pg.close()
        pg = browser.new_page()
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.goto(base + "sources/999.html", wait_until="load")
        assert "<script>window.__pwned = 1; alert(1)</script>" in pg.inner_text("main")
        assert pg.evaluate("typeof window.__pwned") == "undefined"
        pg.close()
    assert not dialogs, f"a script from report text ran: {dialogs}"
    assert re.search(r"999_hostile\.txt:\d+", html_text)
    source_page = (proj / "reports/sources/999.html").read_text(encoding="utf-8")
    assert "<script>window.__pwned" not in source_page
    assert "&lt;script&gt;window.__pwned" in source_page


WIDE_TABLE_PAGES = ["notebooks/01_index.html", "indicators/index.html", "provinces/index.html"]


@pytest.mark.parametrize("page", WIDE_TABLE_PAGES)
def test_wide_tables_are_readable_on_a_phone(browser, site_dir, page):
    """At 390 px no table hides columns behind a sideways scroll: a wide table shows each row
    as a card, every value under its column's name; filtering still hides rows."""
    with serve(site_dir) as base:
        pg = browser.new_page(viewport={"width": 390, "height": 844})
        pg.goto(base + page, wait_until="load")
        tables = pg.evaluate(
            """() => Array.from(document.querySelectorAll('table.solieu-table')).map(t => {
              const box = t.closest('.solieu-scroll') || t.parentElement;
              const heads = Array.from(t.tHead.rows[0].cells).map(h => h.textContent.trim());
              const row = Array.from(t.tBodies[0].rows[0].cells);
              return {hidden: box.scrollWidth - box.clientWidth, columns: heads.length,
                      labels: row.filter(c => c.textContent.trim()).map(c => [
                        heads[c.cellIndex],
                        getComputedStyle(c, '::before').content.replace(/^"|"$/g, '')]),
                      right: Math.max(...row.map(c => c.getBoundingClientRect().right))};
            })"""
        )
        filtered = None
        if pg.locator("input.solieu-filter").count():
            table = pg.locator("table.solieu-table").first.element_handle()
            total = _visible_rows(pg, table)
            first = pg.evaluate("t => t.tBodies[0].rows[0].cells[0].textContent.trim()", table)
            pg.locator("input.solieu-filter").first.fill(first)
            filtered = (_visible_rows(pg, table), total)
        pg.close()
    assert tables, page
    for t in tables:
        assert t["hidden"] <= 1, (page, t)
        assert t["right"] <= 390, (page, t)
        if t["columns"] >= 5:  # a wide table: each value under its column's name
            assert all(head == label for head, label in t["labels"]), (page, t["labels"])
    if filtered:
        assert 0 < filtered[0] < filtered[1], (page, filtered)


def test_no_table_hides_columns_on_a_phone(browser, site_dir):
    """On every page at 390 px each table fits its box: a table too wide becomes cards."""
    hiding = []
    with serve(site_dir) as base:
        pg = browser.new_page(viewport={"width": 390, "height": 844})
        for page in _all_pages(site_dir):
            pg.goto(base + page, wait_until="load")
            wide = pg.evaluate(
                """() => Array.from(document.querySelectorAll('table.solieu-table')).map(t => {
                  const box = t.closest('.solieu-scroll') || t.parentElement;
                  return box.scrollWidth - box.clientWidth; }).filter(x => x > 1)"""
            )
            if wide:
                hiding.append((page, wide))
        pg.close()
    assert not hiding, hiding[:10]


def test_the_province_table_fits_a_desktop_screen(browser, site_dir):
    # 3 provinces x 12 indicators as a row per province hid most indicators behind a sideways
    # scroll at 1366 px; with few provinces each gets a column instead
    with serve(site_dir) as base:
        pg = browser.new_page(viewport={"width": 1366, "height": 900})
        pg.goto(base + "provinces/index.html", wait_until="load")
        hidden = pg.evaluate(
            """() => Array.from(document.querySelectorAll('table.solieu-table')).map(t => {
              const box = t.closest('.solieu-scroll') || t.parentElement;
              return box.scrollWidth - box.clientWidth; })"""
        )
        pg.close()
    assert hidden and max(hidden) <= 1, hidden

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


def _pages() -> list[tuple[str, str]]:
    out = []
    for item in QUARTO["website"]["navbar"]["left"]:
        href = item["href"]
        meta, _ = site.read_front_matter(nbformat.read(ROOT / href, as_version=4))
        out.append((href.replace(".ipynb", ".html"), meta["title"]))
    return out


@pytest.mark.parametrize(("page", "title"), _pages())
def test_navbar_page(browser, site_dir, page, title):
    shots = site_dir / "_screenshots"
    shots.mkdir(exist_ok=True)
    errors: list[str] = []
    with serve(site_dir) as base:
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
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
        pg.screenshot(path=str(shots / (Path(page).stem + ".png")), full_page=True)
        ctx.close()
        for href in sorted(set(hrefs)):
            if not href.startswith(base):
                continue
            url = href.split("#")[0]
            with urllib.request.urlopen(url) as r:  # noqa: S310 (our own loopback server)
                assert r.status == 200, f"{page}: broken link {href}"
    assert not errors, f"{page}: console errors {errors}"


def test_search_finds_a_page(browser, site_dir):
    with serve(site_dir) as base:
        pg = browser.new_page()
        pg.goto(base + _pages()[0][0])
        pg.fill("#search-box", "VNeID")
        pg.wait_for_selector("#search-results a")
        assert pg.locator("#search-results a").count() >= 1
        pg.close()


HOSTILE = (
    "Tại hội nghị, tỉnh đạt 55% hồ sơ trực tuyến <script>window.__pwned = 1; alert(1)</script> "
    'và 3 dịch vụ <img src=x onerror="window.__pwned = 2"> mới.\n'
)


def test_report_text_is_escaped_and_never_runs(browser, tmp_path):
    proj = tmp_path / "proj"
    for rel in ("data/raw", "data/indicators.yml", "tests/fixtures"):
        src = ROOT / rel
        if src.is_dir():
            shutil.copytree(src, proj / rel)
        else:
            (proj / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, proj / rel)
    (proj / "data/raw/reports/999_hostile.txt").write_text(HOSTILE, encoding="utf-8")
    with open(proj / "data/raw/reports.csv", "a", encoding="utf-8") as fh:
        fh.write("999,999_hostile.txt,,,,,fixture,2023-01-01,VN,vi,,,,\n")
    (proj / "notebooks").mkdir()
    shutil.copy2(ROOT / "notebooks/05_sources.ipynb", proj / "notebooks/05_sources.ipynb")
    cfg = dict(QUARTO)
    cfg["project"] = dict(cfg["project"], render=["notebooks/05_sources.ipynb"])
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
    assert not dialogs, f"a script from report text ran: {dialogs}"
    assert re.search(r"999_hostile\.txt:\d+", html_text)

"""Chart text as a phone shows it: every page of the rendered site that holds a chart, loaded in
headless Chromium at 390 px, every SVG text measured as drawn (its font size times the scale
the page gives the SVG), never below 10 px; and no chart text overlapping another at 1366 px.

A chart's SVG is scaled by the page to the width of its column, so the size of its text on a
screen is known only in a browser: the page may give the SVG more or less room than assumed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import test_site_browser as _site
from .test_site_browser import serve

pytestmark = pytest.mark.browser

# the same browser and rendered site as the site's browser test
browser = _site.browser
site_dir = _site.site_dir

MIN_PX = 10.0
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# every <text> of every chart: its rendered font size in CSS px and its box
_MEASURE = """() => [...document.querySelectorAll('figure.solieu-chart svg')].map((svg, i) => {
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  return texts.map(t => {
    const m = t.getScreenCTM();
    const size = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
    const r = t.getBoundingClientRect();
    return {chart: i, text: t.textContent.trim(), px: size,
            box: [r.left, r.top, r.right, r.bottom]};
  });
})"""


def _chart_pages(site_dir: Path) -> list[str]:
    return sorted(
        p.relative_to(site_dir).as_posix()
        for p in site_dir.rglob("*.html")
        if not {"pagefind", "_screenshots"} & set(p.relative_to(site_dir).parts)
        and 'class="solieu-chart"' in p.read_text(encoding="utf-8")
    )


_MEASURED: dict[tuple, dict] = {}  # one measurement per site and viewport for all tests


def _measure(browser, site_dir: Path, viewport: dict) -> dict[str, list[list[dict]]]:
    key = (str(site_dir), viewport["width"], viewport["height"])
    if key in _MEASURED:
        return _MEASURED[key]
    out = {}
    with serve(site_dir) as base:
        ctx = browser.new_context(viewport=viewport)
        pg = ctx.new_page()
        for page in _chart_pages(site_dir):
            pg.goto(base + page, wait_until="load")
            out[page] = pg.evaluate(_MEASURE)
        ctx.close()
    _MEASURED[key] = out
    return out


def test_chart_text_is_at_least_10px_on_a_phone(browser, site_dir):
    measured = _measure(browser, site_dir, PHONE)
    assert len(measured) >= 5, sorted(measured)
    texts = [(page, t) for page, charts in measured.items() for c in charts for t in c]
    assert len(texts) > 100
    small = [f"{p}: {t['text'][:30]!r} {t['px']:.1f} px" for p, t in texts if t["px"] < MIN_PX]
    smallest = min(t["px"] for _, t in texts)
    assert not small, (len(small), len(texts), f"smallest {smallest:.1f} px", small[:12])


def _overlap(a: list[float], b: list[float]) -> float:
    """Area shared by two boxes, as a share of the smaller one."""
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    if w <= 0 or h <= 0:
        return 0.0
    small = min((a[2] - a[0]) * (a[3] - a[1]), (b[2] - b[0]) * (b[3] - b[1])) or 1.0
    return w * h / small


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366", "390"])
def test_chart_texts_do_not_overlap(browser, site_dir, viewport):
    measured = _measure(browser, site_dir, viewport)
    clashes = []
    for page, charts in measured.items():
        for c in charts:
            for i, a in enumerate(c):
                for b in c[i + 1 :]:
                    if _overlap(a["box"], b["box"]) > 0.15:
                        clashes.append(f"{page}: {a['text'][:25]!r} / {b['text'][:25]!r}")
    assert not clashes, f"{len(clashes)} overlapping chart texts: {clashes[:12]}"

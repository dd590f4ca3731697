"""End to end: each seed report, wrapped in a news page (served on 127.0.0.1) and in a PDF with
running headers and page numbers, is added to a fresh project; its figures are the seed's, and no
number of the page furniture becomes a figure."""

from __future__ import annotations

import re

import pytest

from solieu import add_report, extract
from solieu.corpus import read_report

from .addkit import FURNITURE_PHRASES, html_route, make_pdf, news_page, project, serve
from .conftest import RAW_REPORTS

SEEDS = sorted(RAW_REPORTS.glob("*.txt"))


def _figures(text: str, name: str) -> list[tuple]:
    f = extract(text, doc=name)
    return list(zip(f["value"], f["unit"], f["is_target"], f["scope"], strict=True))


def _wrap(path):
    lines = [ln.strip() for ln in read_report(path).split("\n") if ln.strip()]
    return lines[0], lines[1:]


@pytest.fixture(scope="module")
def added(tmp_path_factory):
    """Every seed added twice (as a page by URL, as a PDF file), each into its own project."""
    routes = {}
    for p in SEEDS:
        title, body = _wrap(p)
        routes[f"/tin/{p.stem}.html"] = html_route(news_page(title, body, table=None))
    out = {}
    with serve(routes) as site:
        for p in SEEDS:
            title, body = _wrap(p)
            tmp = tmp_path_factory.mktemp(p.stem)
            pdf = tmp / f"{p.stem}.pdf"
            pdf.write_bytes(make_pdf(body, title=title))
            for kind, src in (("html", site.url(f"/tin/{p.stem}.html")), ("pdf", pdf)):
                root = project(tmp / kind)
                done = add_report(src, root=root)
                assert done.status == "added"
                text = (root / "data/raw/reports" / done.file).read_text(encoding="utf-8")
                out[p.name, kind] = text
    return out


@pytest.mark.parametrize("kind", ["html", "pdf"])
@pytest.mark.parametrize("seed", [p.name for p in SEEDS])
def test_added_report_has_the_seed_figures(added, seed, kind):
    want = _figures(read_report(RAW_REPORTS / seed), seed)
    got = _figures(added[seed, kind], seed)
    assert got == want  # so no number of the furniture became a figure either
    text = added[seed, kind]
    for phrase in FURNITURE_PHRASES:
        assert phrase not in text
    assert not re.search(r"Trang \d+/\d+", text)

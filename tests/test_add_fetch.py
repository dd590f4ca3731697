"""``solieu add URL``: downloads from a local HTTP server (127.0.0.1 only) with the behaviours a
real site can have: redirects, 404 and 500, a slow answer, an oversized body, odd encodings."""

from __future__ import annotations

import csv
import socket
from dataclasses import replace

import pytest

from solieu import add_report
from solieu.errors import SolieuError
from solieu.fetch import USER_AGENT, Limits, fetch

from .addkit import (
    PARAGRAPHS,
    TABLE_ROWS,
    TITLE,
    Route,
    html_route,
    make_docx,
    make_pdf,
    news_page,
    project,
    serve,
    to_cp1258,
)

FAST = Limits(timeout=0.5, retries=2, backoff=0.01, max_bytes=200_000, max_redirects=3)


def _rows(root) -> list[dict[str, str]]:
    with open(root / "data/raw/reports.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _text(root, name) -> list[str]:
    text = (root / "data/raw/reports" / name).read_text(encoding="utf-8")
    return [ln for ln in text.split("\n") if ln]


@pytest.fixture(scope="module")
def site():
    page = news_page()
    routes = {
        "/tin/bai-viet.html": html_route(page),
        "/tin/cu.html": Route(status=301, headers={"Location": "/tin/bai-viet.html"}),
        "/vong": Route(status=302, headers={"Location": "/vong"}),
        "/tin/1258-header.html": Route(
            to_cp1258(news_page(charset="windows-1258")),
            headers={"Content-Type": "text/html; charset=windows-1258"},
        ),
        "/tin/1258-meta.html": Route(
            to_cp1258(news_page(charset="windows-1258", title="Bài khác: " + TITLE)),
            headers={"Content-Type": "text/html"},
        ),
        "/loi": Route(b"oops", status=500),
        "/cham": Route(page.encode(), delay=2.0),
        "/lon": Route(b"x" * 300_000, headers={"Content-Type": "text/html"}),
        "/lon-dan": Route(stream=400_000, headers={"Content-Type": "text/html"}),
        "/anh.png": Route(
            b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, headers={"Content-Type": "image/png"}
        ),
        "/trong.html": html_route("<html><body><nav>Trang chủ</nav></body></html>"),
        "/tai-lieu/bao-cao": Route(
            make_pdf(PARAGRAPHS[:3], title="Báo cáo kết quả"),
            headers={"Content-Type": "application/octet-stream"},
        ),
        "/tai-lieu/bao-cao.docx": Route(
            make_docx(PARAGRAPHS[1:], title="Báo cáo Word"),
            headers={
                "Content-Type": "application/vnd.openxmlformats-officedocument"
                ".wordprocessingml.document"
            },
        ),
    }
    with serve(routes) as server:
        yield server


@pytest.fixture
def root(tmp_path):
    return project(tmp_path / "proj")


def test_a_web_page_is_added_with_its_origin(site, root):
    url = site.url("/tin/bai-viet.html")
    done = add_report(url, root=root, limits=FAST)
    assert done.status == "added"
    row = _rows(root)[0]
    assert row["url"] == url and row["source_format"] == "html"
    assert row["title"] == TITLE and row["outlet"] == "Báo Thử Nghiệm Cao Nguyên"
    assert row["date_published"] == "2023-07-12" and row["scope"] == "Lâm Đồng"
    assert row["date_accessed"]
    assert _text(root, done.file) == [TITLE, *PARAGRAPHS, *TABLE_ROWS]
    assert site.agents[-1] == USER_AGENT and USER_AGENT.startswith("solieu/")


def test_the_same_url_again_is_not_downloaded(site, root):
    url = site.url("/tin/bai-viet.html")
    add_report(url, root=root, limits=FAST)
    hits = site.hits[url.removeprefix(site.base)]
    again = add_report(url, root=root, limits=FAST)
    assert again.status == "exists" and again.report_id == "000"
    assert site.hits[url.removeprefix(site.base)] == hits


def test_a_redirect_is_followed_and_the_final_url_recorded(site, root):
    done = add_report(site.url("/tin/cu.html"), root=root, limits=FAST)
    row = _rows(root)[0]
    assert row["url"] == site.url("/tin/bai-viet.html")
    assert site.url("/tin/cu.html") in row["notes"]
    # the old address and the new one both name this report now
    assert add_report(site.url("/tin/cu.html"), root=root, limits=FAST).status == "exists"
    assert add_report(site.url("/tin/bai-viet.html"), root=root).file == done.file


@pytest.mark.parametrize("path", ["/tin/1258-header.html", "/tin/1258-meta.html"])
def test_windows_1258_pages(site, root, path):
    done = add_report(site.url(path), root=root, limits=FAST)
    lines = _text(root, done.file)
    assert lines[1:] == [*PARAGRAPHS, *TABLE_ROWS]
    assert lines[0].endswith(TITLE)


def test_pdf_and_docx_by_url(site, root):
    pdf = add_report(site.url("/tai-lieu/bao-cao"), root=root, limits=FAST)
    docx = add_report(site.url("/tai-lieu/bao-cao.docx"), root=root, limits=FAST)
    rows = _rows(root)
    assert [r["source_format"] for r in rows] == ["pdf", "docx"]
    assert _text(root, pdf.file) == ["Báo cáo kết quả", *PARAGRAPHS[:3]]
    assert _text(root, docx.file) == ["Báo cáo Word", *PARAGRAPHS[1:]]
    assert rows[1]["title"] == "Báo cáo Word"


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/khong-co", "HTTP 404"),
        ("/loi", "HTTP 500"),
        ("/vong", "more than 3 redirects"),
        ("/cham", "timed out"),
        ("/lon", "larger than the size limit of 200,000 bytes"),
        ("/lon-dan", "larger than the size limit"),
        ("/anh.png", "unsupported format"),
        ("/trong.html", "no (article )?text"),
    ],
)
def test_failures_name_the_url_and_write_nothing(site, root, path, message):
    url = site.url(path)
    with pytest.raises(SolieuError, match=message) as err:
        add_report(url, root=root, limits=replace(FAST, retries=0))
    assert str(err.value).endswith(f"({url})")
    assert _rows(root) == [] and not any((root / "data/raw/reports").iterdir())


def test_server_errors_are_retried_and_404_is_not(site):
    before = dict(site.hits)
    for path in ("/loi", "/khong-co"):
        with pytest.raises(SolieuError):
            fetch(site.url(path), FAST)
    assert site.hits["/loi"] - before.get("/loi", 0) == FAST.retries + 1
    assert site.hits["/khong-co"] - before.get("/khong-co", 0) == 1


def test_unreachable_host():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(SolieuError, match="cannot reach the host") as err:
        fetch(f"http://127.0.0.1:{port}/tin", FAST)
    assert str(err.value).endswith(f"(http://127.0.0.1:{port}/tin)")


def test_not_a_web_address():
    with pytest.raises(SolieuError, match="http"):
        fetch("ftp://127.0.0.1/x", FAST)


def test_cli_other_sources_still_go_in(site, root, monkeypatch, capsys):
    from solieu import config
    from solieu import fetch as fetch_module
    from solieu.__main__ import main

    monkeypatch.setattr(config, "RAW", root / "data/raw")
    monkeypatch.setattr(fetch_module, "DEFAULT_LIMITS", replace(FAST, retries=0))
    code = main(
        [
            "add",
            site.url("/khong-co"),
            site.url("/tin/bai-viet.html"),
            site.url("/tai-lieu/bao-cao"),
        ]
    )
    out, err = capsys.readouterr()
    assert code == 2
    assert (
        err == f"solieu: error: the server answered HTTP 404 Not Found ({site.url('/khong-co')})\n"
    )
    assert out.count("added ") == 2 and len(_rows(root)) == 2

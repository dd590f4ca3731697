"""``solieu add``: a report text and its register row, written together, once."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import os
import subprocess
import sys
import unicodedata

import pytest

from solieu import add_report, config, extract
from solieu.add import REGISTER_COLUMNS, slugify
from solieu.errors import SolieuError

from .addkit import PARAGRAPHS, TABLE, TABLE_ROWS, TITLE, make_docx, make_pdf, news_page, project

TODAY = dt.date(2026, 11, 30)


def _register(root) -> list[dict[str, str]]:
    with open(root / "data/raw/reports.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _files(root) -> list[str]:
    return sorted(p.name for p in (root / "data/raw/reports").iterdir())


def _figures(root, name: str) -> list[tuple]:
    text = (root / "data/raw/reports" / name).read_text(encoding="utf-8")
    f = extract(text, doc=name)
    return list(zip(f["value"], f["unit"], f["is_target"], f["scope"], strict=True))


@pytest.fixture
def root(tmp_path):
    return project(tmp_path / "proj")


@pytest.fixture
def sources(tmp_path):
    """The same report as a web page, a PDF, a Word file and plain text."""
    d = tmp_path / "in"
    d.mkdir()
    (d / "bai-viet.html").write_text(news_page(), encoding="utf-8")
    (d / "bao-cao.pdf").write_bytes(make_pdf(PARAGRAPHS, title=TITLE, table=TABLE, table_after=4))
    (d / "bao-cao.docx").write_bytes(make_docx(PARAGRAPHS, title=TITLE, table=TABLE, table_after=4))
    text = "\n".join([TITLE, *PARAGRAPHS, *TABLE_ROWS]) + "\n"
    (d / "ban-go.txt").write_text(text, encoding="utf-8")
    return d


def test_each_format_gives_the_figures_of_the_same_text(tmp_path, sources):
    names = ("ban-go.txt", "bai-viet.html", "bao-cao.pdf", "bao-cao.docx")
    roots = {name: project(tmp_path / name) for name in names}
    done = {name: add_report(sources / name, root=roots[name]) for name in names}
    assert {d.status for d in done.values()} == {"added"}
    want = _figures(roots["ban-go.txt"], done["ban-go.txt"].file)
    assert len(want) >= 10
    for name in names[1:]:
        assert _figures(roots[name], done[name].file) == want, name


def test_the_same_text_in_another_format_is_the_same_report(root, sources):
    first = add_report(sources / "bai-viet.html", root=root)
    for name in ("ban-go.txt", "bao-cao.pdf", "bao-cao.docx"):
        again = add_report(sources / name, root=root)
        assert (again.status, again.file) == ("exists", first.file), name
    assert len(_register(root)) == 1


def test_the_row_says_where_the_report_came_from(root, sources):
    d = add_report(sources / "bai-viet.html", root=root, today=TODAY)
    assert d.file == "000_lam-dong-so-ket-6-thang-chuyen-doi-so-va-de-an-06.txt"
    rows = _register(root)
    assert len(rows) == 1 and list(rows[0]) == REGISTER_COLUMNS
    row = rows[0]
    data = (sources / "bai-viet.html").read_bytes()
    text = (root / "data/raw/reports" / d.file).read_bytes()
    assert row["report_id"] == "000" and row["file"] == d.file
    assert row["title"] == TITLE
    assert row["outlet"] == "Báo Thử Nghiệm Cao Nguyên"
    assert row["date_published"] == "2023-07-12"
    assert row["date_accessed"] == "2026-11-30"
    assert row["scope"] == "Lâm Đồng"  # the title makes the province the subject
    assert row["language"] == "vi"
    assert row["url"] == ""  # a local file has no URL; the notes name it
    assert "bai-viet.html" in row["notes"]
    assert row["source_format"] == "html"
    assert row["sha256"] == hashlib.sha256(text).hexdigest()
    assert row["source_sha256"] == hashlib.sha256(data).hexdigest()
    assert unicodedata.is_normalized("NFC", text.decode("utf-8"))
    snapshot = root / "data/raw/snapshots" / (d.file.removesuffix(".txt") + ".html")
    assert snapshot.read_bytes() == data


def test_a_national_report_has_no_province(root, tmp_path):
    src = tmp_path / "vn.txt"
    src.write_text("Chính phủ họp trực tuyến về Đề án 06.\nCả nước đạt 45% hồ sơ.\n", "utf-8")
    add_report(src, root=root)
    assert _register(root)[0]["scope"] == ""


def test_overrides_and_chosen_id(root, sources):
    d = add_report(
        sources / "bao-cao.pdf",
        root=root,
        title="Báo cáo sơ kết",
        date="2023-07-15",
        scope="VN",
        report_id="42",
    )
    assert d.file == "042_bao-cao-so-ket.txt"
    row = _register(root)[0]
    assert (row["title"], row["date_published"], row["scope"]) == (
        "Báo cáo sơ kết",
        "2023-07-15",
        "VN",
    )
    assert add_report(sources / "bai-viet.html", root=root).status == "exists"  # same text
    nxt = sources / "next.docx"
    nxt.write_bytes(make_docx(PARAGRAPHS[1:]))
    assert add_report(nxt, root=root).report_id == "043"
    other = sources / "other.docx"
    other.write_bytes(make_docx(PARAGRAPHS[:2]))
    with pytest.raises(SolieuError, match="already taken"):
        add_report(other, root=root, report_id="042")
    with pytest.raises(SolieuError, match="YYYY-MM-DD"):
        add_report(other, root=root, date="15/07/2023")


def test_same_source_or_same_text_again_adds_nothing(root, sources, tmp_path):
    first = add_report(sources / "ban-go.txt", root=root)
    before = (root / "data/raw/reports.csv").read_bytes()
    again = add_report(sources / "ban-go.txt", root=root)
    assert again.status == "exists" and again.file == first.file
    assert "already in the register as 000_" in again.message()
    # the same text under another name and with other line ends is the same report
    copy = tmp_path / "copy.txt"
    copy.write_bytes((sources / "ban-go.txt").read_bytes().replace(b"\n", b"\r\n"))
    assert add_report(copy, root=root).status == "exists"
    assert (root / "data/raw/reports.csv").read_bytes() == before
    assert len(_files(root)) == 1


def test_dry_run_writes_nothing(root, sources):
    before = (root / "data/raw/reports.csv").read_bytes()
    d = add_report(sources / "bao-cao.docx", root=root, dry_run=True)
    assert d.status == "dry-run" and d.file.startswith("000_")
    assert d.message().startswith("would add 000_")
    assert (root / "data/raw/reports.csv").read_bytes() == before
    assert _files(root) == [] and not (root / "data/raw/snapshots").exists()


def test_text_and_row_together_or_not_at_all(root, sources, monkeypatch):
    before = (root / "data/raw/reports.csv").read_bytes()
    real = os.replace

    def failing(src, dst):
        if str(dst).endswith("reports.csv"):
            raise OSError(28, "No space left on device")
        return real(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    with pytest.raises(SolieuError, match="No space left"):
        add_report(sources / "ban-go.txt", root=root)
    monkeypatch.undo()
    assert (root / "data/raw/reports.csv").read_bytes() == before
    assert _files(root) == []  # no report text, no temporary file


def test_failures_write_nothing(root, tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_text("<html><body><nav>Trang chủ</nav></body></html>", encoding="utf-8")
    png = tmp_path / "anh.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    for src, what in [
        (tmp_path / "missing.pdf", "no such file"),
        (empty, "no (article )?text"),
        (png, "unsupported format"),
    ]:
        with pytest.raises(SolieuError, match=what) as err:
            add_report(src, root=root)
        assert str(err.value).endswith(f"({src})")
    assert _files(root) == [] and len(_register(root)) == 0


def test_an_old_register_gains_the_new_columns_and_keeps_its_rows(root, tmp_path):
    old_cols = REGISTER_COLUMNS[:14]
    old = ",".join(old_cols) + "\r\n" + "000,000_a.txt,Tựa,,,,,,VN,vi,abc,,,ghi chú\r\n"
    (root / "data/raw/reports.csv").write_text(old, encoding="utf-8", newline="")
    (root / "data/raw/reports/000_a.txt").write_text("x\n", encoding="utf-8")
    src = tmp_path / "r.txt"
    src.write_text(PARAGRAPHS[0] + "\n", encoding="utf-8")
    assert add_report(src, root=root).report_id == "001"
    rows = _register(root)
    assert list(rows[0]) == REGISTER_COLUMNS
    assert rows[0]["title"] == "Tựa" and rows[0]["notes"] == "ghi chú"
    assert rows[0]["source_format"] == "" and rows[1]["source_format"] == "txt"
    assert (root / "data/raw/reports.csv").read_bytes().count(b"\r\n") == 3


def test_rows_are_appended_byte_for_byte(root, tmp_path):
    reg = root / "data/raw/reports.csv"
    for i in range(2):
        src = tmp_path / f"r{i}.txt"
        src.write_text(f"{PARAGRAPHS[i]}\n", encoding="utf-8")
        before = reg.read_bytes()
        add_report(src, root=root)
        assert reg.read_bytes().startswith(before)


def test_slugify():
    assert (
        slugify("Đà Nẵng: 100% dịch vụ công trực tuyến!") == "da-nang-100-dich-vu-cong-truc-tuyen"
    )
    assert slugify("") == "report"
    long = slugify("chuyển đổi số " * 20)
    assert len(long) <= 60 and not long.endswith("-")


# -- the command line --------------------------------------------------------------------------


def test_cli_adds_the_good_sources_and_reports_the_bad(
    root, sources, tmp_path, capsys, monkeypatch
):
    from solieu.__main__ import main

    monkeypatch.setattr(config, "RAW", root / "data/raw")
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    other = sources / "other.docx"
    other.write_bytes(make_docx(PARAGRAPHS[:2]))
    code = main(["add", str(sources / "bai-viet.html"), str(bad), str(other)])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("solieu: error: ")
    assert err.rstrip().endswith(f"({bad})")
    assert out.count("added ") == 2
    assert len(_register(root)) == 2 and len(_files(root)) == 2
    # --id with several sources is refused before anything is done
    assert main(["add", "--id", "7", str(sources / "ban-go.txt"), str(bad)]) == 2
    assert len(_register(root)) == 2


def test_cli_dry_run_prints_the_row(root, sources, capsys, monkeypatch):
    from solieu.__main__ import main

    monkeypatch.setattr(config, "RAW", root / "data/raw")
    assert main(["add", "--dry-run", str(sources / "bai-viet.html")]) == 0
    out = capsys.readouterr().out
    assert out.startswith("would add 000_lam-dong")
    assert "outlet: Báo Thử Nghiệm Cao Nguyên" in out and "scope: Lâm Đồng" in out
    assert _register(root) == []


def test_cli_in_a_project_named_by_solieu_root(root, sources):
    env = dict(os.environ, SOLIEU_ROOT=str(root))
    r = subprocess.run(
        [sys.executable, "-m", "solieu", "add", str(sources / "ban-go.txt")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("added 000_lam-dong")
    assert len(_register(root)) == 1


def test_the_project_register_has_every_column():
    from .conftest import ROOT

    with open(ROOT / "data/raw/reports.csv", encoding="utf-8", newline="") as fh:
        assert next(csv.reader(fh)) == REGISTER_COLUMNS

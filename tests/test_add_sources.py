"""Converters of solieu.sources: web pages, PDFs, Word and text files -> report text."""

from __future__ import annotations

import unicodedata

import pytest

from solieu.errors import SolieuError
from solieu.sources import convert, detect_format

from .addkit import (
    FURNITURE_NUMBERS,
    PARAGRAPHS,
    TABLE,
    TABLE_ROWS,
    TITLE,
    make_docx,
    make_pdf,
    make_scanned_pdf,
    news_page,
    to_cp1258,
)


def _lines(text: str) -> list[str]:
    return [ln for ln in text.split("\n") if ln.strip()]


def _no_furniture(text: str) -> None:
    for number in FURNITURE_NUMBERS:
        assert number not in text, f"page furniture {number!r} kept"


# -- web pages ---------------------------------------------------------------------------------


def test_web_page_keeps_the_article_only():
    doc = convert(news_page().encode(), "html", source="page.html", url="https://bao.vn/a.html")
    assert _lines(doc.text) == [TITLE, *PARAGRAPHS, *TABLE_ROWS]
    _no_furniture(doc.text)
    assert "Bình luận" not in doc.text and "Tin liên quan" not in doc.text
    assert (doc.title, doc.outlet, doc.date_published) == (
        TITLE,
        "Báo Thử Nghiệm Cao Nguyên",
        "2023-07-12",
    )


def test_web_page_without_h1_gets_its_title_as_first_line():
    doc = convert(news_page(h1=False).encode(), "html", source="page.html")
    assert _lines(doc.text)[:2] == [TITLE, PARAGRAPHS[0]]


def test_web_page_without_date_leaves_it_empty():
    doc = convert(news_page(published=None).encode(), "html", source="page.html")
    assert doc.date_published == ""


@pytest.mark.parametrize("declared", ["header", "meta"])
def test_windows_1258_page_is_decoded_and_nfc(declared):
    page = news_page(charset="windows-1258")
    data = to_cp1258(page)
    assert unicodedata.normalize("NFC", data.decode("cp1258")) == page  # combining tones inside
    charset = "windows-1258" if declared == "header" else None
    doc = convert(data, "html", source="page.html", charset=charset)
    assert unicodedata.is_normalized("NFC", doc.text)
    assert _lines(doc.text) == [TITLE, *PARAGRAPHS, *TABLE_ROWS]
    assert doc.title == TITLE


def test_page_with_no_article_is_refused():
    with pytest.raises(SolieuError, match=r"no (article )?text.*\(empty\.html\)"):
        convert(
            b"<html><body><nav>Trang ch\xe1\xbb\xa7</nav></body></html>",
            "html",
            source="empty.html",
        )


# -- PDF ---------------------------------------------------------------------------------------


def test_pdf_paragraphs_tables_and_no_page_furniture():
    paras = PARAGRAPHS * 5  # three pages: paragraphs run across page breaks
    data = make_pdf(paras, title=TITLE, table=TABLE, table_after=2)
    doc = convert(data, "pdf", source="r.pdf")
    expected = [TITLE, *paras[:2], *TABLE_ROWS, *paras[2:]]
    assert _lines(doc.text) == expected
    assert "Trang" not in doc.text and "215/BC-UBND" not in doc.text
    assert unicodedata.is_normalized("NFC", doc.text)


def test_pdf_page_numbers_in_other_forms_are_dropped():
    for form in ("- {n} -", "{n}", "Trang {n} trên {total}", "Page {n} of {total}"):
        doc = convert(make_pdf(PARAGRAPHS * 7, page_numbers=form), "pdf", source="r.pdf")
        assert _lines(doc.text) == PARAGRAPHS * 7, form


def test_scanned_pdf_is_refused_with_the_remedy():
    with pytest.raises(SolieuError) as err:
        convert(make_scanned_pdf(), "pdf", source="scan.pdf")
    assert "no text layer" in str(err.value) and "ocrmypdf" in str(err.value)
    assert str(err.value).endswith("(scan.pdf)")


def test_encrypted_pdf_is_refused():
    with pytest.raises(SolieuError, match=r"encrypted.*\(locked\.pdf\)"):
        convert(make_pdf(PARAGRAPHS, encrypt=True), "pdf", source="locked.pdf")


def test_damaged_pdf_is_refused():
    data = make_pdf(PARAGRAPHS)
    with pytest.raises(SolieuError, match=r"\(bad\.pdf\)"):
        convert(data[: len(data) // 3], "pdf", source="bad.pdf")


# -- Word, text, Markdown ----------------------------------------------------------------------


def test_docx_paragraphs_and_tables_in_order_without_header_and_footer():
    doc = convert(make_docx(PARAGRAPHS, title=TITLE, table=TABLE), "docx", source="r.docx")
    assert _lines(doc.text) == [TITLE, PARAGRAPHS[0], *TABLE_ROWS, *PARAGRAPHS[1:]]
    assert doc.title == TITLE
    assert "215/BC-UBND" not in doc.text and "Trang" not in doc.text


def test_markdown_heading_and_table():
    md = f"# {TITLE}\n\n{PARAGRAPHS[0]}\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    doc = convert(md.encode(), "md", source="r.md")
    assert _lines(doc.text) == [TITLE, PARAGRAPHS[0], "a | b", "1 | 2"]
    assert doc.title == TITLE


def test_text_is_nfc_with_one_final_newline():
    nfd = unicodedata.normalize("NFD", "\ufeff" + PARAGRAPHS[0] + "\r\n\r\n\r\n\r\nHết.  \r\n")
    doc = convert(nfd.encode(), "txt", source="r.txt")
    assert doc.text == PARAGRAPHS[0] + "\n\nHết.\n"


def test_text_that_is_not_utf8_is_refused():
    with pytest.raises(SolieuError, match=r"UTF-8.*\(r\.txt\)"):
        convert(to_cp1258(PARAGRAPHS[0]), "txt", source="r.txt")


# -- recognising the format --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "name", "media_type", "fmt"),
    [
        (b"%PDF-1.7\n...", "report.html", "text/html", "pdf"),  # the bytes win
        (b"%PDF-1.4\n...", "", "application/octet-stream", "pdf"),
        (b"<!DOCTYPE html><html>", "", "", "html"),
        (b"<html><body>", "tin.aspx", "application/octet-stream", "html"),
        (b"plain words", "a.txt", "", "txt"),
        (b"plain words", "a.md", "text/plain", "md"),
        (b"plain words", "", "text/plain", "txt"),
    ],
)
def test_detect_format(data, name, media_type, fmt):
    assert detect_format(data, name=name, media_type=media_type) == fmt


def test_detect_docx_and_refuse_other_zip_files():
    assert detect_format(make_docx(PARAGRAPHS), name="x.bin") == "docx"
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(SolieuError, match="not a Word"):
        detect_format(buf.getvalue(), name="a.zip")


@pytest.mark.parametrize(
    ("data", "name", "media_type", "message"),
    [
        (b"\x89PNG\r\n\x1a\n", "anh.png", "image/png", "unsupported format"),
        (b"\xd0\xcf\x11\xe0", "cu.doc", "", r"\.doc"),
        (b"\xd0\xcf\x11\xe0", "x", "application/msword", r"\.doc"),
        (b"not a pdf", "r.pdf", "", "not a PDF"),
        (b"data", "r.xlsx", "", "unsupported format"),
    ],
)
def test_detect_refuses(data, name, media_type, message):
    with pytest.raises(SolieuError, match=message):
        detect_format(data, name=name, media_type=media_type, source="src")


def test_utf8_page_labelled_windows_1258_is_read_as_utf8():
    data = news_page(charset="windows-1258").encode("utf-8")
    doc = convert(data, "html", source="page.html", charset="windows-1258")
    assert _lines(doc.text) == [TITLE, *PARAGRAPHS, *TABLE_ROWS]


def test_scan_with_a_stamped_line_is_refused():
    from fpdf import FPDF

    from .addkit import _font

    pdf = FPDF()
    pdf.add_font("dv", fname=_font())
    for _ in range(3):
        pdf.add_page()
        pdf.rect(20, 40, 170, 200, style="F")
    pdf.set_font("dv", size=8)
    pdf.text(20, 280, "Văn bản được ký số bởi Văn phòng UBND tỉnh")  # a stamp on one page
    with pytest.raises(SolieuError, match="no text layer.*ocrmypdf"):
        convert(bytes(pdf.output()), "pdf", source="scan.pdf")

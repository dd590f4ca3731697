"""PDF files: text with pdfplumber, encryption checked with pypdf.

A PDF has lines placed on pages, not paragraphs. This module puts the text back together:
lines are joined into paragraphs (a paragraph ends at a larger gap, an indented or bulleted next
line, or a short line that closes a sentence) and across page breaks; running headers and footers
(the same line at the top or bottom of most pages, whatever its page number; on a one-page
document, a line at the edge in a smaller type than the body) and page numbers
(``Trang 2/5``, ``- 3 -``) are dropped; ruled tables become rows of cells separated by ``" | "``
in their place on the page. A PDF without a text layer (a scan) or that needs a password is
refused with a message that says what to do.
"""

from __future__ import annotations

import io
import json
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import pdfplumber
import pypdf
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pypdf.errors import DependencyError, PdfReadError

from ..errors import SolieuError
from .document import Document, table_row, tidy

__all__ = ["convert_pdf"]

_ENCRYPTED = "the PDF is encrypted and needs a password: save an unprotected copy first"
_MIN_CHARS = 20  # fewer characters on a page than this is no text layer (a stamp, a number)
_OCR_HINT = "make a text layer with OCR first, for example: ocrmypdf -l vie in.pdf out.pdf"
_END = tuple('.!?:;…"”»)')
_BULLET = re.compile(r"^(?:[-–—•+*▪●○]\s|\(?[0-9a-zđ]{1,2}[.)]\s|[IVX]{1,4}\.\s)")
_EDGE = 0.12  # share of the page height where running headers and footers live
_CID = re.compile(r"\(cid:\d+\)")


@dataclass(slots=True)
class _Line:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # font size of most of its characters


@dataclass(slots=True)
class _Table:
    top: float
    rows: list[str]


def convert_pdf(data: bytes, *, source: str) -> Document:
    """Report text of a PDF; its title from the document information when it has one."""
    title = _check_readable(data, source)
    pages: list[list[_Line | _Table]] = []
    heights: list[float] = []
    with_text = drawn = 0
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                with_text += len(page.chars) >= _MIN_CHARS
                drawn += bool(page.images or page.rects or page.curves)
                pages.append(_page_items(page))
                heights.append(float(page.height))
    except PDFPasswordIncorrect:
        raise SolieuError(_ENCRYPTED, source) from None
    except SolieuError:
        raise
    except Exception as exc:  # pdfminer raises many kinds of error on damaged files
        raise SolieuError(f"not a readable PDF ({type(exc).__name__})", source) from None
    if with_text * 2 <= len(pages):  # most pages carry no text
        if drawn:
            what = "the PDF has no text layer" if not with_text else "most pages have no text layer"
            raise SolieuError(f"{what} (a scan?): {_OCR_HINT}", source)
        if not with_text:
            raise SolieuError("no text found in the PDF", source)
    text = "\n".join(_paragraphs(_drop_furniture(pages, heights)))
    if len(_CID.findall(text)) > max(3, len(text) // 200):
        raise SolieuError(
            f"the PDF's fonts have no Unicode map, so its text is unreadable: {_OCR_HINT}", source
        )
    return Document(text=tidy(text), format="pdf", title=title)


def _check_readable(data: bytes, source: str) -> str:
    """Refuse a PDF that needs a password; return the title of its document information."""
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SolieuError(_ENCRYPTED, source)
        info = reader.metadata
        title = " ".join(str(info.title or "").split()) if info else ""
    except SolieuError:
        raise
    except DependencyError:  # a cipher pypdf needs an extra package for: pdfminer decides
        return ""
    except (PdfReadError, ValueError, OSError, KeyError, TypeError) as exc:
        raise SolieuError(f"not a readable PDF ({type(exc).__name__})", source) from None
    # Word processors write their own window title ("Microsoft Word - x.docx"), not the report's
    if re.search(r"\.(docx?|pdf|odt|rtf)\s*$|^Microsoft Word", title, re.IGNORECASE):
        return ""
    return title


def _page_items(page) -> list[_Line | _Table]:
    """Lines outside tables and tables of one page, top to bottom."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= x <= b[2] and b[1] <= y <= b[3] for b in boxes)

    text_page = page.filter(outside) if boxes else page
    items: list[_Line | _Table] = [
        _Line(ln["text"], ln["x0"], ln["x1"], ln["top"], ln["bottom"], _size(ln["chars"]))
        for ln in text_page.extract_text_lines(strip=True, return_chars=True)
        if ln["text"].strip()
    ]
    for t in tables:
        rows = [table_row(cells) for cells in t.extract() if any((c or "").strip() for c in cells)]
        if rows:
            items.append(_Table(t.bbox[1], rows))
    items.sort(key=lambda it: it.top)
    return items


def _size(chars: list[dict]) -> float:
    sizes = Counter(round(float(c.get("size", 0)), 1) for c in chars)
    return sizes.most_common(1)[0][0] if sizes else 0.0


@cache
def _page_number() -> re.Pattern[str]:
    words = json.loads(files("solieu").joinpath("data/page_furniture.json").read_text("utf-8"))
    page = "|".join(re.escape(w) for w in words["page_words"])
    of = "|".join(re.escape(w) for w in words["of_words"])
    return re.compile(
        rf"^\s*[-–—]?\s*(?:(?:{page})\s*)?\d{{1,4}}\s*(?:(?:{of})\s*\d{{1,4}})?\s*[-–—]?\s*$",
        re.IGNORECASE,
    )


def _key(line: _Line) -> tuple[str, int]:
    """What a running header or footer keeps from page to page: its words (page numbers aside)
    and its height on the page."""
    return re.sub(r"\d+", "#", " ".join(line.text.casefold().split())), round(line.top / 4)


def _edge_lines(items: list, height: float) -> list[_Line]:
    """Lines near the top or the bottom edge of a page (at most 3 at each)."""
    lines = [it for it in items if isinstance(it, _Line)]
    top = [ln for ln in lines[:3] if ln.bottom <= height * _EDGE]
    bottom = [ln for ln in lines[-3:] if ln.top >= height * (1 - _EDGE)]
    return top + [ln for ln in bottom if ln not in top]


def _drop_furniture(pages: list[list], heights: list[float]) -> list[list]:
    """Pages without page numbers and running headers and footers."""
    counts: Counter[tuple[str, int]] = Counter()
    for items, h in zip(pages, heights, strict=True):
        counts.update({_key(ln) for ln in _edge_lines(items, h)})
    need = max(2, (len(pages) + 1) // 2)
    number = _page_number()
    sizes = [ln.size for items in pages for ln in items if isinstance(ln, _Line) and ln.size]
    body = statistics.median(sizes) if sizes else 0.0

    def furniture(ln: _Line) -> bool:
        if number.match(ln.text):
            return True
        if len(pages) > 1:
            return counts[_key(ln)] >= need
        # one page: nothing repeats, but a running header or footer is set smaller than the body
        return 0 < ln.size < body * 0.85

    out = []
    for items, h in zip(pages, heights, strict=True):
        drop = {id(ln) for ln in _edge_lines(items, h) if furniture(ln)}
        out.append([it for it in items if id(it) not in drop])
    return out


def _paragraphs(pages: list[list]) -> list[str]:
    """Lines joined into paragraphs (within and across pages); table rows as they are."""
    lines = [it for items in pages for it in items if isinstance(it, _Line)]
    if not lines:
        return [row for items in pages for it in items for row in it.rows]
    left = min(ln.x0 for ln in lines)
    right = max(ln.x1 for ln in lines)
    size = statistics.median(ln.bottom - ln.top for ln in lines) or 10.0
    gaps = [
        b.top - a.bottom
        for items in pages
        for a, b in zip(items, items[1:], strict=False)
        if isinstance(a, _Line) and isinstance(b, _Line) and b.top > a.bottom - 1
    ]
    usual_gap = statistics.median(gaps) if gaps else size * 0.3
    out: list[str] = []
    current: list[str] = []
    prev: _Line | None = None
    for items in pages:
        page_start = True
        for it in items:
            if isinstance(it, _Table):
                if current:
                    out.append(" ".join(current))
                    current = []
                out.extend(it.rows)
                prev = None
                continue
            if prev is not None and _continues(prev, it, page_start, left, right, size, usual_gap):
                current.append(it.text)
            else:
                if current:
                    out.append(" ".join(current))
                current = [it.text]
            prev = it
            page_start = False
    if current:
        out.append(" ".join(current))
    return out


def _continues(
    a: _Line, b: _Line, new_page: bool, left: float, right: float, size: float, gap: float
) -> bool:
    """Does line ``b`` continue the paragraph that line ``a`` is in?"""
    if _BULLET.match(b.text) or b.x0 > left + size * 1.2:
        return False  # a list item or an indented first line starts a paragraph
    full = a.x1 >= right - size * 2.5
    closes = a.text.rstrip().endswith(_END)
    if new_page:
        return full and (not closes or b.text[:1].islower())
    if b.top - a.bottom > gap + size * 0.5:
        return False  # more space than between the lines of a paragraph
    return full or (not closes and b.text[:1].islower())

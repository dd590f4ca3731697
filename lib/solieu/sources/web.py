"""Web pages: the article text taken out of the page with trafilatura, its metadata read with
trafilatura and htmldate.

The page is decoded here, not by the extractor, so that every encoding Vietnamese sites use
works (a byte-order mark, then the HTTP charset, then a ``<meta>`` declaration, then UTF-8;
``windows-1258`` included, whose text writes tones as combining marks until it is normalised to
NFC). trafilatura
then keeps the article and leaves out navigation, related links, comments, footers and ads; its
XML output is walked block by block so that paragraphs stay lines and tables become rows of cells
separated by ``" | "``.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from urllib.parse import urlsplit

import htmldate
import trafilatura
from lxml import etree

from ..errors import SolieuError
from .document import Document, table_row, tidy

__all__ = ["convert_html", "decode_html"]

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE
)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


def decode_html(data: bytes, charset: str | None = None) -> str:
    """The page as NFC text: a BOM decides; bytes that are valid UTF-8 (and not plain ASCII) are
    UTF-8 whatever the label says (a mislabelled page is common, the reverse is next to
    impossible); otherwise the declared ``charset``, then ``<meta>``, then UTF-8, each tried
    strictly, then the best guess of charset_normalizer."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return _nfc(data[len(bom) :].decode(enc, errors="replace"))
    if not data.isascii():
        try:
            return _nfc(data.decode("utf-8"))
        except UnicodeDecodeError:
            pass
    declared = [c for c in map(_codec, (charset, _meta_charset(data[:8192]))) if c]
    for codec in [*declared, "utf-8"]:
        try:
            return _nfc(data.decode(codec))
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return _nfc(str(best))
    return _nfc(data.decode(declared[0] if declared else "utf-8", errors="replace"))


def convert_html(
    data: bytes, *, source: str, charset: str | None = None, url: str | None = None
) -> Document:
    """Article text, title, site name and publication date of a web page."""
    page = _XML_DECL.sub("", decode_html(data, charset))
    xml = trafilatura.extract(
        page,
        url=url,
        output_format="xml",
        include_tables=True,
        include_comments=False,
        include_images=False,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        with_metadata=False,
    )
    if not xml:
        raise SolieuError("no article text found in the page", source)
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    lines = _blocks(main if main is not None else root)
    meta = trafilatura.extract_metadata(page, default_url=url)
    title = _one_line(meta.title if meta is not None else "")
    outlet = _one_line(meta.sitename if meta is not None and meta.sitename else "")
    if not outlet and url:
        host = urlsplit(url).hostname or ""
        outlet = host.removeprefix("www.")
    body = tidy("\n".join(lines))
    first = body.split("\n", 1)[0].strip()
    if title and _comparable(first) != _comparable(title):
        body = tidy(f"{title}\n{body}")
    return Document(
        text=body,
        format="html",
        title=title,
        outlet=outlet,
        date_published=_date(page, url),
    )


def _blocks(el: etree._Element) -> list[str]:
    """Text lines of trafilatura's XML: one per paragraph, heading, list item or table row."""
    out: list[str] = []
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag == "table":
            for row in child.iter("row"):
                out.append(table_row(_inline(c) for c in row.findall("cell")))
        elif tag == "list":
            for item in child.findall("item"):
                nested = [n for n in item if n.tag in ("list", "table")]
                out.append(_inline(item, skip=nested))
                for n in nested:
                    out.extend(_blocks(_wrap(n)))
        elif tag in ("div", "main", "comments"):
            out.extend(_blocks(child))
        elif tag:
            out.append(_inline(child))
    return out


def _wrap(el: etree._Element) -> etree._Element:
    box = etree.Element("div")
    box.append(el)
    return box


def _inline(el: etree._Element, skip: list | None = None) -> str:
    """The text of one block; ``<lb/>`` starts a new line."""
    parts = [el.text or ""]
    for sub in el:
        if skip and sub in skip:
            parts.append(sub.tail or "")
            continue
        parts.append("\n" if sub.tag == "lb" else " ".join(_inline(sub).split()))
        parts.append(sub.tail or "")
    return "\n".join(" ".join(ln.split()) for ln in "".join(parts).split("\n"))


def _date(page: str, url: str | None) -> str:
    """The publication date the page declares (meta tags, time elements, the URL); no guess from
    the running text, so a page that says nothing gives ''."""
    try:
        found = htmldate.find_date(
            page, url=url, original_date=True, extensive_search=False, outputformat="%Y-%m-%d"
        )
    except (ValueError, TypeError):
        return ""
    return found or ""


def _meta_charset(head: bytes) -> str | None:
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii", errors="ignore") if m else None


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())


def _comparable(text: str) -> str:
    return " ".join(text.casefold().split())

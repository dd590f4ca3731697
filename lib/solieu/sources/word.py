"""Word (.docx) files with python-docx: paragraphs and tables in document order.

Page headers and footers live outside the body and are left out; a table becomes one line per
row, its cells separated by ``" | "`` (a merged cell is written once).
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from ..errors import SolieuError
from .document import Document, table_row, tidy

__all__ = ["convert_docx"]


def convert_docx(data: bytes, *, source: str) -> Document:
    """Report text of a .docx file; its title from the document properties when set."""
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise SolieuError(f"not a readable Word document ({type(exc).__name__})", source) from None
    lines: list[str] = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines.extend(_table_rows(block))
    title = " ".join((document.core_properties.title or "").split())
    return Document(text=tidy("\n".join(lines)), format="docx", title=title)


def _table_rows(table: Table) -> list[str]:
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a cell merged across columns appears once per column
                continue
            seen.add(id(cell._tc))
            inner = [r for t in cell.tables for r in _table_rows(t)]
            cells.append(" ".join([cell.text, *inner]))
        if any(c.strip() for c in cells):
            rows.append(table_row(cells))
    return rows

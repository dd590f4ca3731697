"""A Quarto project read as Quarto reads it: ``_quarto.yml``, a page's front matter, the list of
pages to render (globs expanded), the HTML options and ``include-*`` files, whether code is shown,
and the names and relative links of the rendered pages."""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

import nbformat
import yaml

__all__ = [
    "FRONT_MATTER",
    "echo_code",
    "html_name",
    "html_options",
    "include_text",
    "page_list",
    "page_rel",
    "read_front_matter",
    "read_quarto",
]


def read_quarto(root: Path) -> dict:
    return yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))


FRONT_MATTER = re.compile(r"\A\s*---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)


def read_front_matter(nb: nbformat.NotebookNode) -> tuple[dict, nbformat.NotebookNode]:
    """Quarto front matter from the notebook's first raw cell, and the notebook without it."""
    cells = nb.cells
    if cells and cells[0].cell_type == "raw":
        m = FRONT_MATTER.match(cells[0].source)
        if m:
            meta = yaml.safe_load(m.group(1)) or {}
            rest = nbformat.from_dict(dict(nb))
            rest.cells = cells[1:]
            return meta, rest
    return {}, nb


def echo_code(meta: dict, project: dict) -> bool:
    for src in (meta, project):
        ex = src.get("execute") or {}
        if "echo" in ex:
            return bool(ex["echo"])
        fmt = (
            ((src.get("format") or {}).get("html") or {})
            if isinstance(src.get("format"), dict)
            else {}
        )
        if "echo" in fmt:
            return bool(fmt["echo"])
    return True


def page_rel(from_page: str, to: str) -> str:
    start = PurePosixPath(from_page).parent
    return os.path.relpath(to, start.as_posix() or ".").replace(os.sep, "/")


def html_name(path: str) -> str:
    return re.sub(r"\.(ipynb|qmd|md)$", ".html", path)


def page_list(root: Path, project: dict) -> list[str]:
    """``project.render`` with its globs expanded (in name order), as Quarto reads it."""
    pages: list[str] = []
    for item in project.get("render") or []:
        if any(ch in item for ch in "*?["):
            found = sorted(p.relative_to(root).as_posix() for p in root.glob(item) if p.is_file())
            pages += [p for p in found if p not in pages]
        elif item not in pages:
            pages.append(item)
    return pages


def include_text(value: object, root: Path) -> str:
    """The text of a Quarto ``include-*`` option: a file, a list of files or ``{text: ...}``."""
    items = value if isinstance(value, list) else [value] if value else []
    out = []
    for item in items:
        if isinstance(item, dict) and "text" in item:
            out.append(str(item["text"]))
        elif isinstance(item, dict) and "file" in item:
            out.append((root / str(item["file"])).read_text(encoding="utf-8"))
        elif isinstance(item, str):
            f = root / item
            out.append(f.read_text(encoding="utf-8") if f.is_file() else "")
    return "\n".join(out)


def html_options(meta: dict) -> dict:
    fmt = meta.get("format")
    return (fmt.get("html") or {}) if isinstance(fmt, dict) else {}

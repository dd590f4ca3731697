"""After either renderer (Quarto's ``post-render`` step, or the fallback's last step): links
from the stamp made relative to each page, figure ids in tables linked to their anchors on the
report pages, each page's content marked for the search index (with its đ-words folded), a
published data package without dead paths, and the Pagefind index."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from .page_markup import fold

__all__ = ["finish_site"]


_MAIN = re.compile(r"<main\b([^>]*)>")
_WORD = re.compile(r"\w+")
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def _fold_words(text: str) -> str:
    """Words written with đ, folded (Pagefind ignores tones by itself but keeps đ apart from d,
    so 'de an 06' would not find 'Đề án 06' without them)."""
    words = {fold(w) for w in _WORD.findall(html.unescape(text)) if "đ" in w.lower()}
    return " ".join(sorted(words))


# The end of a cell, row, list item or other block, right before the next tag: a line break
# there changes nothing on screen but keeps the words of the two apart in Pagefind's index and
# excerpts ("78 million" and "2023-02-25", not "78 million2023-02-25"). Verbatim blocks are
# left as they are.
_BLOCK_END = re.compile(
    r"<(script|style|pre|textarea)\b.*?</\1>"
    r"|(?:</(?:td|th|tr|thead|tbody|table|caption|li|ul|ol|dt|dd|dl|p|h[1-6]|figcaption"
    r"|blockquote|figure)>|<br\s*/?>)(?=<)",
    re.S | re.I,
)


def _word_boundaries(text: str) -> str:
    """A line break after each block or cell that runs straight into the next tag."""
    return _BLOCK_END.sub(lambda m: m.group(0) if m.group(1) else m.group(0) + "\n", text)


_ROOT_LINK = re.compile(r'(<a class="solieu-root-link" href=")([^"]*)"')


def _finish_page(page: Path, out: Path, files: dict, anchors: dict) -> None:
    text = page.read_text(encoding="utf-8")
    depth = len(page.relative_to(out).parts) - 1
    if depth:
        text = _ROOT_LINK.sub(lambda m: f'{m.group(1)}{"../" * depth}{m.group(2)}"', text)
    if files:
        text = _link_figure_ids(text, depth, files, anchors)
    text = text.replace('<a class="anchor-link"', '<a data-pagefind-ignore class="anchor-link"')
    text = _word_boundaries(text)
    page.write_text(text, encoding="utf-8")
    if any(
        k in text for k in ('http-equiv="refresh"', "data-pagefind-body", "data-solieu-noindex")
    ):
        return  # a redirect, a page already marked, or a page kept out of the index (search)
    m = _MAIN.search(text)
    end = text.rfind("</main>")
    if not m or end < m.end():
        return
    words = _fold_words(_TAGS.sub(" ", text[m.end() : end]))
    hidden = (
        '<div class="solieu-folded" aria-hidden="true" style="position:absolute;width:1px;'
        'height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap">'
        f"{html.escape(words)}</div>"
        if words
        else ""
    )
    text = text[:end] + hidden + text[end:]
    text = text[: m.start()] + f"<main data-pagefind-body{m.group(1)}>" + text[m.end() :]
    page.write_text(text, encoding="utf-8")


def _site_datapackage(out: Path) -> None:
    """The published data package names only what the site publishes or an http(s) URL."""
    dp_path = out / "data" / "processed" / "datapackage.json"
    if not dp_path.is_file():
        return
    dp = json.loads(dp_path.read_text(encoding="utf-8"))
    changed = False
    for src in dp.get("sources") or []:
        path = str(src.get("path", ""))
        if path and not re.match(r"https?://", path, re.I):
            src.pop("path")
            changed = True
    for res in dp.get("resources") or []:
        path = res.get("path")
        if isinstance(path, str) and not (dp_path.parent / path).is_file():
            raise ValueError(f"{dp_path}: resource {path} is not published with the site")
    if changed:
        dp_path.write_text(json.dumps(dp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


_FIGURE_CELL = re.compile(r">([\w.-]+\.txt):(\d+)<")


def _figure_targets(out: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Report file -> report id (reports.csv), and the figure anchors of each report page."""
    from .corpus import load_register

    try:
        files = {r["file"]: r["report_id"] for r in load_register() if r.get("file")}
    except (OSError, KeyError, ValueError):
        return {}, {}
    anchors: dict[str, set[str]] = {}
    for page in sorted((out / "sources").glob("*.html")):
        anchors[page.stem] = set(re.findall(r'id="(f\d+)"', page.read_text(encoding="utf-8")))
    return files, anchors


def _link_figure_ids(text: str, depth: int, files: dict, anchors: dict) -> str:
    """A table cell holding a figure id ('000_….txt:1152') becomes a link to the figure's
    anchor on its report's page, where that anchor exists."""

    def link(m: re.Match) -> str:
        rid = files.get(m.group(1))
        anchor = f"f{m.group(2)}"
        if rid is None or anchor not in anchors.get(rid, ()):
            return m.group(0)
        href = f"{'../' * depth}sources/{rid}.html#{anchor}"
        return f'><a href="{href}">{m.group(1)}:{m.group(2)}</a><'

    return _FIGURE_CELL.sub(link, text)


def finish_site(out: Path) -> None:
    """After either renderer: root-relative links made relative to each page, figure ids in
    tables linked to their anchors on the report pages, each page's
    content marked for the search index (with its đ-words folded), a data package without dead
    paths, and the Pagefind index."""
    out = Path(out)
    files, anchors = _figure_targets(out)
    for page in sorted(out.rglob("*.html")):
        if "pagefind" not in page.relative_to(out).parts:
            _finish_page(page, out, files, anchors)
    _site_datapackage(out)
    shutil.rmtree(out / "pagefind", ignore_errors=True)
    r = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(out), "--quiet"],
        capture_output=True,
        text=True,
    )
    if r.returncode != 0 or not (out / "pagefind" / "pagefind.js").is_file():
        raise RuntimeError(f"pagefind failed ({out}): {(r.stderr or r.stdout).strip()[-800:]}")

"""The Python fallback renderer: every page of ``_quarto.yml`` rendered with nbconvert, in the
same order, when Quarto is not installed. Notebooks are shown as stored (never executed here),
input cells hidden where the front matter says ``echo: false`` and folded as Quarto's
``code-fold`` does; ``.qmd``/``.md`` pages keep their raw HTML blocks and heading ids; links to
.ipynb/.qmd/.md pages become .html; ``resources`` are copied. Output goes to a temporary folder
that replaces the old site only when every page rendered."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path, PurePosixPath

import nbformat

from . import config
from .atomic import replaced_atomically
from .quarto_project import (
    FRONT_MATTER,
    echo_code,
    html_name,
    html_options,
    include_text,
    page_list,
    page_rel,
    read_front_matter,
    read_quarto,
)
from .site_finish import finish_site
from .site_layout import page_html

__all__ = ["render_fallback"]


_LINK = re.compile(r'(href=")([^"#:]+?)\.(?:ipynb|qmd|md)(#[^"]*)?"')
_FENCE = re.compile(r"^:::+.*$", re.M)
_RAW_HTML = re.compile(r"^```\{=html\}\n(.*?)\n```$", re.S | re.M)


def _split_raw(text: str) -> tuple[str, list[str]]:
    """Markdown with each ```{=html} block replaced by a placeholder paragraph, and the blocks.
    (nbconvert sanitises raw cells, so raw HTML is put back after the markdown is rendered.)"""
    blocks: list[str] = []

    def keep(m: re.Match) -> str:
        blocks.append(m.group(1))
        return f"\n\nSOLIEURAWBLOCK{len(blocks) - 1:05d}\n\n"

    def heading(m: re.Match) -> str:  # Pandoc's "## Title {#id}": the id kept, as Quarto does
        level = len(m.group(1))
        blocks.append(f'<h{level} id="{m.group(3)}">{html.escape(m.group(2))}</h{level}>')
        return f"\n\nSOLIEURAWBLOCK{len(blocks) - 1:05d}\n\n"

    text = _RAW_HTML.sub(keep, text)
    return _HEADING_ID.sub(heading, text), blocks


_HEADING_ID = re.compile(r"^(#{1,6}) (.+?) \{#([A-Za-z][\w-]*)\}[ \t]*$", re.M)


_PLACEHOLDER = re.compile(r"(?:<p>)?SOLIEURAWBLOCK(\d{5})(?:</p>)?")


def _body(path: Path, project: dict) -> tuple[dict, str]:
    from nbconvert import HTMLExporter

    raw_blocks: list[str] = []
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
    else:  # .qmd / .md: its front matter, markdown cells and raw HTML blocks
        text = path.read_text(encoding="utf-8")
        m = FRONT_MATTER.match(text)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_raw_cell(m.group(0))] if m else []
        markdown, raw_blocks = _split_raw(text[m.end() :] if m else text)
        nb.cells.append(nbformat.v4.new_markdown_cell(markdown))
    for i, cell in enumerate(nb.cells):  # stable ids: two renders must be byte-identical
        if not cell.get("id") or path.suffix != ".ipynb":
            cell["id"] = f"{path.stem}-{i:03d}"
    meta, nb = read_front_matter(nb)
    for cell in nb.cells:  # Quarto's ::: fenced divs have no meaning here; keep their content
        if cell.cell_type == "markdown":
            cell.source = _FENCE.sub("", cell.source)
    echo = echo_code(meta, project)
    exporter = _EXPORTERS.get(echo)
    if exporter is None:  # one per echo setting: compiling the templates is most of the time
        exporter = _EXPORTERS[echo] = HTMLExporter(template_name="basic")
        exporter.exclude_input = not echo
        exporter.exclude_input_prompt = True
        exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    if raw_blocks:
        body = _PLACEHOLDER.sub(lambda m: raw_blocks[int(m.group(1))], body)
    if echo:
        body = _fold_code(body, {**html_options(project), **html_options(meta)})
    return meta, body


_CODE_INPUT = re.compile(
    r'(<div class="input_area">\s*)(<div class="highlight[^"]*"><pre>.*?</pre></div>)', re.S
)


def _fold_code(body: str, options: dict) -> str:
    """Quarto's ``code-fold``: each code cell's input in a <details> ('show': open), its
    summary from ``code-summary`` (default 'Code')."""
    fold = options.get("code-fold", False)
    if fold in (False, None, "false", "none"):
        return body
    summary = html.escape(str(options.get("code-summary") or "Code"))
    opened = " open" if fold == "show" else ""
    return _CODE_INPUT.sub(
        lambda m: (
            f'{m.group(1)}<details class="code-fold"{opened}><summary>{summary}</summary>'
            f"{m.group(2)}</details>"
        ),
        body,
    )


_EXPORTERS: dict[bool, object] = {}


def render_fallback(root: Path | None = None, out_dir: Path | None = None) -> Path:
    """Write the generated pages, render every page of ``_quarto.yml`` with nbconvert into
    ``out_dir`` and index it for search (atomically: the old site stays if anything fails)."""
    from .pages import write_pages

    root = Path(root or config.ROOT)
    cfg = read_quarto(root)
    project = cfg.get("project", {})
    website = cfg.get("website", {})
    out = Path(out_dir or root / project.get("output-dir", "_site"))
    write_pages(root=root)  # what the project's pre-render step does under Quarto
    pages = page_list(root, project)
    if not pages:
        raise ValueError(f"{root / '_quarto.yml'}: project.render lists no pages")
    site_title = website.get("title", "Site")
    footer = (
        (website.get("page-footer") or {}).get("center", "")
        if isinstance(website.get("page-footer"), dict)
        else str(website.get("page-footer", ""))
    )
    navbar = website.get("navbar") or {}
    nav_items = [
        (html_name(item["href"]), item.get("text") or item["href"])
        for item in navbar.get("left", [])
    ]
    nav_right_items = [
        (html_name(item["href"]), item.get("text") or item["href"])
        for item in navbar.get("right", [])
        if "href" in item
    ]
    project_html = html_options(cfg)
    lang = str(cfg.get("lang") or "en")
    with replaced_atomically(out) as tmp:
        for page in pages:
            src = root / page
            target = html_name(page)
            meta, body = _body(src, cfg)
            body = _LINK.sub(lambda m: f'{m.group(1)}{m.group(2)}.html{m.group(3) or ""}"', body)
            title = str(meta.get("title") or PurePosixPath(page).stem)
            page_options = html_options(meta)
            includes = {}
            for key in ("include-in-header", "include-before-body", "include-after-body"):
                includes[key] = include_text(project_html.get(key), root) + include_text(
                    page_options.get(key), root
                )
            if page.endswith(".ipynb"):
                nb_rel = page_rel(target, page)
                body = (
                    f'<p class="solieu-notebook-link">Source notebook: <a href="{nb_rel}" '
                    f"download>{html.escape(PurePosixPath(page).name)}</a></p>\n{body}"
                )
            nav = [(page_rel(target, h), t, h == target) for h, t in nav_items]
            nav_right = [(page_rel(target, h), t, h == target) for h, t in nav_right_items]
            root_rel = page_rel(target, "x")[:-1]
            html_text = page_html(
                title,
                site_title,
                str(meta.get("description") or ""),
                nav,
                nav_right,
                body,
                root_rel,
                footer,
                includes["include-in-header"],
                includes["include-before-body"],
                includes["include-after-body"],
                lang,
            )
            dest = tmp / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(html_text, encoding="utf-8")
        for pattern in project.get("resources") or []:
            for f in sorted(root.glob(pattern)):
                if f.is_file():
                    d = tmp / f.relative_to(root)
                    d.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(f, d)
        finish_site(tmp)  # what the project's post-render step does under Quarto
    return out

"""Render the report site and re-execute notebooks.

``render_site`` uses Quarto when a ``quarto`` >= 1.5 is on PATH (its ``pre-render`` step writes
the generated pages, its ``post-render`` step runs :func:`finish_site`). Otherwise it does the same
in-process: ``pages.write_pages`` first, then it renders the same pages, in the same order, from
the same ``_quarto.yml`` with nbconvert (notebooks as stored, never executed here; a shared navbar
on every page; input cells hidden where the page's front matter says ``echo: false``; the
project's ``include-*`` files; links to .ipynb/.qmd/.md pages rewritten to .html; ``resources``
copied), then :func:`finish_site`. Output goes to a temporary folder that replaces ``reports/``
only when every page rendered. Two renders of the same inputs are byte-identical.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path, PurePosixPath

import nbformat
import yaml

from . import config
from .atomic import replaced_atomically

__all__ = [
    "quarto_version",
    "render_site",
    "render_fallback",
    "execute_notebooks",
    "read_front_matter",
    "finish_site",
    "page_list",
]

MIN_QUARTO = (1, 5)


def quarto_version() -> tuple[int, ...] | None:
    """Version of the ``quarto`` on PATH, or None."""
    exe = shutil.which("quarto")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "--version"], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    m = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", out.stdout.strip())
    return tuple(int(g) for g in m.groups() if g is not None) if m else None


def render_site(auto: bool = True, out_dir: Path | None = None, root: Path | None = None) -> int:
    """Render the site; returns a process exit status. Prints which renderer it used."""
    root = Path(root or config.ROOT)
    version = quarto_version() if auto else None
    if version and version >= MIN_QUARTO and out_dir is None:
        print(f"site: rendering with quarto {'.'.join(map(str, version))} (quarto render)")
        # its pre-/post-render steps run `python -m solieu pages`: this interpreter's first
        env = dict(
            os.environ,
            PATH=os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")]),
        )
        return subprocess.run(["quarto", "render"], cwd=root, env=env).returncode
    why = "quarto >= 1.5 not on PATH" if auto else "fallback requested"
    out = render_fallback(root=root, out_dir=out_dir)
    print(f"site: {why}; rendered with the Python fallback (nbconvert) into {config.rel(out)}/")
    return 0


def read_quarto(root: Path) -> dict:
    return yaml.safe_load((root / "_quarto.yml").read_text(encoding="utf-8"))


_FM = re.compile(r"\A\s*---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)


def read_front_matter(nb: nbformat.NotebookNode) -> tuple[dict, nbformat.NotebookNode]:
    """Quarto front matter from the notebook's first raw cell, and the notebook without it."""
    cells = nb.cells
    if cells and cells[0].cell_type == "raw":
        m = _FM.match(cells[0].source)
        if m:
            meta = yaml.safe_load(m.group(1)) or {}
            rest = nbformat.from_dict(dict(nb))
            rest.cells = cells[1:]
            return meta, rest
    return {}, nb


def _echo(meta: dict, project: dict) -> bool:
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


def _rel(from_page: str, to: str) -> str:
    start = PurePosixPath(from_page).parent
    return os.path.relpath(to, start.as_posix() or ".").replace(os.sep, "/")


def _html_name(path: str) -> str:
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
        m = _FM.match(text)
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
    echo = _echo(meta, project)
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
        body = _fold_code(body, {**_html_options(project), **_html_options(meta)})
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


_CSS = """
body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
color:#212529;line-height:1.5;background:#fff;overflow-wrap:break-word}
nav.navbar{background:#0b4f6c;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;
align-items:center;gap:.4rem 1.2rem;position:sticky;top:0;z-index:10}
nav.navbar a{color:#fff;text-decoration:none}nav.navbar a.brand{font-weight:bold;margin-right:.6rem}
nav.navbar a.active{text-decoration:underline;text-underline-offset:4px}
nav.navbar .nav-right{margin-left:auto}
main{max-width:1100px;margin:0 auto;padding:1rem 1.2rem 3rem}
h1.title{margin-top:.6rem}p.description{color:#555;font-size:1.05rem}
table{border-collapse:collapse;font-size:.88rem;max-width:100%}
th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f3f5f7;position:sticky;top:0}
figure.solieu-chart{margin:1rem 0}figure.solieu-chart figcaption{font-size:.85rem;color:#555}
.jp-OutputArea-output pre{white-space:pre-wrap}
.jp-InputPrompt,.jp-OutputPrompt{display:none}
a.anchor-link{visibility:hidden;text-decoration:none;margin-left:.3em}
h1:hover a.anchor-link,h2:hover a.anchor-link,h3:hover a.anchor-link{visibility:visible}
footer{border-top:1px solid #ddd;color:#666;font-size:.85rem;padding:1rem;text-align:center}
.solieu-notebook-link{font-size:.85rem}
@media (max-width:700px){
 nav.navbar{position:static;padding:.3rem .6rem;gap:.15rem .8rem;font-size:.85rem;
  line-height:1.35}
 nav.navbar .nav-right{margin-left:0}
 nav.navbar a.brand{display:none}
 main{padding:.5rem .8rem 2rem}h1.title{font-size:1.5rem}
}
"""


def _include(value: object, root: Path) -> str:
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


def _html_options(meta: dict) -> dict:
    fmt = meta.get("format")
    return (fmt.get("html") or {}) if isinstance(fmt, dict) else {}


def _page(
    title: str,
    site_title: str,
    description: str,
    nav: list[tuple[str, str, bool]],
    nav_right: list[tuple[str, str, bool]],
    body: str,
    root_rel: str,
    footer: str,
    head_extra: str = "",
    before_body: str = "",
    after_body: str = "",
    lang: str = "en",
) -> str:
    def links(items: list[tuple[str, str, bool]]) -> str:
        return "".join(
            f'<a href="{html.escape(h)}"{" class=active aria-current=page" if act else ""}>'
            f"{html.escape(t)}</a>"
            for h, t, act in items
        )

    home = nav[0][0] if nav else "index.html"
    desc = f'<p class="description">{html.escape(description)}</p>' if description else ""
    meta_desc = (
        f'<meta name="description" content="{html.escape(description)}">' if description else ""
    )
    right = f'<span class="nav-right">{links(nav_right)}</span>' if nav_right else ""
    return f"""<!DOCTYPE html>
<html lang="{html.escape(lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="quarto:offset" content="{html.escape(root_rel or "./")}">
<link rel="icon" href="data:,">
<title>{html.escape(title)} – {html.escape(site_title)}</title>{meta_desc}
<style>{_CSS}</style>{head_extra}</head>
<body data-root="{html.escape(root_rel)}">{before_body}
<nav class="navbar" aria-label="Site"><a class="brand" href="{html.escape(home)}">{html.escape(site_title)}</a>{links(nav)}{right}</nav>
<main><h1 class="title">{html.escape(title)}</h1>{desc}
{body}
</main><footer>{html.escape(footer)}</footer>{after_body}</body></html>
"""


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
        (_html_name(item["href"]), item.get("text") or item["href"])
        for item in navbar.get("left", [])
    ]
    nav_right_items = [
        (_html_name(item["href"]), item.get("text") or item["href"])
        for item in navbar.get("right", [])
        if "href" in item
    ]
    project_html = _html_options(cfg)
    lang = str(cfg.get("lang") or "en")
    with replaced_atomically(out) as tmp:
        for page in pages:
            src = root / page
            target = _html_name(page)
            meta, body = _body(src, cfg)
            body = _LINK.sub(lambda m: f'{m.group(1)}{m.group(2)}.html{m.group(3) or ""}"', body)
            title = str(meta.get("title") or PurePosixPath(page).stem)
            page_html = _html_options(meta)
            includes = {}
            for key in ("include-in-header", "include-before-body", "include-after-body"):
                includes[key] = _include(project_html.get(key), root) + _include(
                    page_html.get(key), root
                )
            if page.endswith(".ipynb"):
                nb_rel = _rel(target, page)
                body = (
                    f'<p class="solieu-notebook-link">Source notebook: <a href="{nb_rel}" '
                    f"download>{html.escape(PurePosixPath(page).name)}</a></p>\n{body}"
                )
            nav = [(_rel(target, h), t, h == target) for h, t in nav_items]
            nav_right = [(_rel(target, h), t, h == target) for h, t in nav_right_items]
            root_rel = _rel(target, "x")[:-1]
            html_text = _page(
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


# -- after rendering (both renderers): search index and the published data package ------------

_MAIN = re.compile(r"<main\b([^>]*)>")
_WORD = re.compile(r"\w+")
_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


def _fold_words(text: str) -> str:
    """Words written with đ, folded (Pagefind ignores tones by itself but keeps đ apart from d,
    so 'de an 06' would not find 'Đề án 06' without them)."""
    from .pages import fold

    words = {fold(w) for w in _WORD.findall(html.unescape(text)) if "đ" in w.lower()}
    return " ".join(sorted(words))


_ROOT_LINK = re.compile(r'(<a class="solieu-root-link" href=")([^"]*)"')


def _finish_page(page: Path, out: Path, files: dict, anchors: dict) -> None:
    text = page.read_text(encoding="utf-8")
    depth = len(page.relative_to(out).parts) - 1
    if depth:
        text = _ROOT_LINK.sub(lambda m: f'{m.group(1)}{"../" * depth}{m.group(2)}"', text)
    if files:
        text = _link_figure_ids(text, depth, files, anchors)
    text = text.replace('<a class="anchor-link"', '<a data-pagefind-ignore class="anchor-link"')
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


def execute_notebooks(paths: list[str] | None = None, timeout: int = 600) -> int:
    """Re-execute notebooks in place (the only way stored outputs change)."""
    from nbclient import NotebookClient

    nbs = [Path(p) for p in paths] if paths else sorted(config.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    for p in nbs:
        nb = nbformat.read(p, as_version=4)
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            record_timing=False,
            resources={"metadata": {"path": str(p.parent)}},
        )
        client.execute()
        for cell in nb.cells:
            cell.get("metadata", {}).pop("execution", None)
        nbformat.write(nb, p)
        print(f"executed {config.rel(p)}")
    return 0

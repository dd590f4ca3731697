"""Render the report site and re-execute notebooks.

``render_site`` uses Quarto when a ``quarto`` >= 1.5 is on PATH. Otherwise it renders the same
pages, in the same order, from the same ``_quarto.yml`` with nbconvert: notebooks as stored (never
executed here), a shared navbar on every page, input cells hidden where the page's front matter
says ``echo: false``, links to .ipynb/.qmd pages rewritten to .html, a client-side search over
``search.json``, and the ``resources`` files copied. Output goes to a temporary folder that
replaces ``reports/`` only when every page rendered.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
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
        return subprocess.run(["quarto", "render"], cwd=root).returncode
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


_LINK = re.compile(r'(href=")([^"#:]+?)\.(?:ipynb|qmd)(#[^"]*)?"')
_STRIP_TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)
_FENCE = re.compile(r"^:::+.*$", re.M)


def _body(path: Path, project: dict) -> tuple[dict, str]:
    from nbconvert import HTMLExporter

    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
    else:  # .qmd / .md: its front matter and one markdown cell
        text = path.read_text(encoding="utf-8")
        m = _FM.match(text)
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_raw_cell(m.group(0))] if m else []
        nb.cells.append(nbformat.v4.new_markdown_cell(text[m.end() :] if m else text))
    meta, nb = read_front_matter(nb)
    for cell in nb.cells:  # Quarto's ::: fenced divs have no meaning here; keep their content
        if cell.cell_type == "markdown":
            cell.source = _FENCE.sub("", cell.source)
    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input = not _echo(meta, project)
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    return meta, body


_CSS = """
body{font-family:"DejaVu Sans",system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;
color:#212529;line-height:1.5;background:#fff}
nav.navbar{background:#0b4f6c;color:#fff;padding:.5rem 1rem;display:flex;flex-wrap:wrap;
align-items:center;gap:.4rem 1.2rem;position:sticky;top:0;z-index:10}
nav.navbar a{color:#fff;text-decoration:none}nav.navbar a.brand{font-weight:bold;margin-right:.6rem}
nav.navbar a.active{text-decoration:underline;text-underline-offset:4px}
#search{margin-left:auto;position:relative}#search input{padding:2px 6px;border-radius:3px;border:0}
#search-results{position:absolute;right:0;background:#fff;color:#212529;min-width:20em;
box-shadow:0 2px 8px rgba(0,0,0,.25);max-height:60vh;overflow:auto;display:none;z-index:20}
#search-results a{display:block;padding:.4rem .6rem;color:#0b4f6c;border-bottom:1px solid #eee}
main{max-width:1100px;margin:0 auto;padding:1rem 1.2rem 3rem}
h1.title{margin-top:.6rem}p.description{color:#555;font-size:1.05rem}
table{border-collapse:collapse;font-size:.88rem;max-width:100%}
th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left;vertical-align:top}
thead th{background:#f3f5f7;position:sticky;top:0}
.solieu-scroll{overflow:auto;max-width:100%}
figure.solieu-chart{margin:1rem 0}figure.solieu-chart figcaption{font-size:.85rem;color:#555}
.jp-OutputArea-output pre{white-space:pre-wrap}
.jp-InputPrompt,.jp-OutputPrompt{display:none}
a.anchor-link{visibility:hidden;text-decoration:none;margin-left:.3em}
h1:hover a.anchor-link,h2:hover a.anchor-link,h3:hover a.anchor-link{visibility:visible}
footer{border-top:1px solid #ddd;color:#666;font-size:.85rem;padding:1rem;text-align:center}
"""

_SEARCH_JS = """<script>
(function(){
  var box=document.getElementById('search-box'),out=document.getElementById('search-results');
  var root=document.body.getAttribute('data-root')||'';var index=null;
  function show(q){
    q=q.trim().toLowerCase();out.innerHTML='';
    if(!q){out.style.display='none';return;}
    var hits=index.filter(function(p){return (p.title+' '+p.text).toLowerCase().indexOf(q)>=0;});
    hits.forEach(function(p){var a=document.createElement('a');a.href=root+p.href;
      a.textContent=p.title;out.appendChild(a);});
    if(!hits.length){var s=document.createElement('div');s.style.padding='.4rem .6rem';
      s.textContent='No match';out.appendChild(s);}
    out.style.display='block';
  }
  box.addEventListener('input',function(){
    if(index){show(box.value);return;}
    fetch(root+'search.json').then(function(r){return r.json();}).then(function(d){index=d;show(box.value);});
  });
})();
</script>"""


def _page(
    title: str,
    site_title: str,
    description: str,
    nav: list[tuple[str, str, bool]],
    body: str,
    root_rel: str,
    footer: str,
    head_extra: str = "",
) -> str:
    links = "".join(
        f'<a href="{html.escape(h)}"{" class=active aria-current=page" if act else ""}>'
        f"{html.escape(t)}</a>"
        for h, t, act in nav
    )
    home = nav[0][0] if nav else "index.html"
    desc = f'<p class="description">{html.escape(description)}</p>' if description else ""
    meta_desc = (
        f'<meta name="description" content="{html.escape(description)}">' if description else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>{html.escape(title)} – {html.escape(site_title)}</title>{meta_desc}{head_extra}
<style>{_CSS}</style></head>
<body data-root="{html.escape(root_rel)}">
<nav class="navbar" aria-label="Site"><a class="brand" href="{html.escape(home)}">{html.escape(site_title)}</a>{links}
<div id="search"><input id="search-box" type="search" placeholder="Search" aria-label="Search the site">
<div id="search-results"></div></div></nav>
<main><h1 class="title">{html.escape(title)}</h1>{desc}
{body}
</main><footer>{html.escape(footer)}</footer>{_SEARCH_JS}</body></html>
"""


def render_fallback(root: Path | None = None, out_dir: Path | None = None) -> Path:
    """Render every page of ``_quarto.yml`` with nbconvert into ``out_dir`` (atomically)."""
    root = Path(root or config.ROOT)
    cfg = read_quarto(root)
    project = cfg.get("project", {})
    website = cfg.get("website", {})
    out = Path(out_dir or root / project.get("output-dir", "_site"))
    pages: list[str] = list(project.get("render") or [])
    if not pages:
        raise ValueError(f"{root / '_quarto.yml'}: project.render lists no pages")
    site_title = website.get("title", "Site")
    footer = (
        (website.get("page-footer") or {}).get("center", "")
        if isinstance(website.get("page-footer"), dict)
        else str(website.get("page-footer", ""))
    )
    navbar = [
        (_html_name(item["href"]), item.get("text") or item["href"])
        for item in (website.get("navbar") or {}).get("left", [])
    ]
    with replaced_atomically(out) as tmp:
        index = []
        for page in pages:
            src = root / page
            target = _html_name(page)
            meta, body = _body(src, cfg)
            body = _LINK.sub(lambda m: f'{m.group(1)}{m.group(2)}.html{m.group(3) or ""}"', body)
            title = str(meta.get("title") or PurePosixPath(page).stem)
            head_extra = ""
            inc = (
                ((meta.get("format") or {}).get("html") or {}).get("include-in-header")
                if isinstance(meta.get("format"), dict)
                else None
            )
            if isinstance(inc, dict) and "text" in inc:
                head_extra = str(inc["text"])  # our own front matter, not report text
            nav = [(_rel(target, h), t, h == target) for h, t in navbar]
            root_rel = _rel(target, "x")[:-1]
            html_text = _page(
                title,
                site_title,
                str(meta.get("description") or ""),
                nav,
                body,
                root_rel,
                footer,
                head_extra,
            )
            dest = tmp / target
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_text(html_text, encoding="utf-8")
            text = re.sub(r"\s+", " ", html.unescape(_STRIP_TAGS.sub(" ", body))).strip()
            if not head_extra:
                index.append({"href": target, "title": title, "text": text[:20000]})
        (tmp / "search.json").write_text(json.dumps(index, ensure_ascii=False), encoding="utf-8")
        for pattern in project.get("resources") or []:
            for f in sorted(root.glob(pattern)):
                if f.is_file():
                    d = tmp / f.relative_to(root)
                    d.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copy2(f, d)
    return out


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

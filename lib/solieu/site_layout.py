"""The HTML page around each body the fallback renderer makes: head, shared navbar, title,
footer, and the site's base style (the project's own style comes in through ``include-*``)."""

from __future__ import annotations

import html

__all__ = ["PAGE_CSS", "page_html"]


PAGE_CSS = """
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


def page_html(
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
<style>{PAGE_CSS}</style>{head_extra}</head>
<body data-root="{html.escape(root_rel)}">{before_body}
<nav class="navbar" aria-label="Site"><a class="brand" href="{html.escape(home)}">{html.escape(site_title)}</a>{links(nav)}{right}</nav>
<main><h1 class="title">{html.escape(title)}</h1>{desc}
{body}
</main><footer>{html.escape(footer)}</footer>{after_body}</body></html>
"""  # noqa: E501  (the page shell is kept as one template)

"""Render the report site and re-execute notebooks.

``render_site`` uses Quarto when a ``quarto`` >= 1.5 is on PATH (its ``pre-render`` step writes
the generated pages, its ``post-render`` step runs :func:`finish_site`). Otherwise it renders the
same pages in-process with the Python fallback (:func:`render_fallback`, in ``site_fallback``),
which reads the same ``_quarto.yml`` (``quarto_project``), wraps each page in the shared layout
(``site_layout``) and ends with :func:`finish_site` (``site_finish``). Two renders of the same
inputs are byte-identical.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat

from . import config
from .quarto_project import page_list, read_front_matter
from .quarto_project import read_quarto as read_quarto
from .site_fallback import render_fallback
from .site_finish import finish_site

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

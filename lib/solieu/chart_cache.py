"""An indicator's chart as page markup, kept under a digest of what it is drawn from: drawing
is most of the time the generated pages take."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .charts import indicator_chart
from .views import IndicatorView

__all__ = ["CHART_CACHE", "chart_key", "chart_markup"]


CHART_CACHE = "_generated/charts"


def chart_key(view: IndicatorView) -> str:
    """A digest of everything a chart is drawn from: the view's data and the chart code."""
    from . import charts

    h = hashlib.sha256()
    for path in charts.SOURCE_FILES:  # every module a chart is drawn by
        h.update(path.read_bytes())
    h.update(view.indicator.to_json(default_handler=str).encode())
    for df in (view.points, view.targets, view.status):
        h.update(df.to_json(orient="split", date_format="iso", default_handler=str).encode())
    return h.hexdigest()[:24]


def chart_markup(view: IndicatorView, cache: Path | None = None) -> str:
    """The indicator's chart (``charts.indicator_chart``) as markup. Drawing is most of the
    generation time, so a chart is kept under its digest and drawn again only when its data or
    the chart code changed (the output is the same bytes either way)."""
    path = cache / f"{chart_key(view)}.html" if cache is not None else None
    if path is not None and path.is_file():
        return path.read_text(encoding="utf-8")
    chart = indicator_chart(view)
    markup = "" if chart is None else str(chart._repr_html_())
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(markup, encoding="utf-8")
        os.replace(tmp, path)
    return markup

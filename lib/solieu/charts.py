"""One look for every chart and table of the report site: the public names, gathered.

The work is done by small modules, each with one job, importing only downward
(docs/ARCHITECTURE.md): :mod:`solieu.blocks` (HTML blocks, status chips, tables; no
matplotlib), :mod:`solieu.chart_base` (theme, deterministic SVG, :class:`Chart`, fitting),
:mod:`solieu.chart_labels` (where labels go), :mod:`solieu.chart_time` (charts over time,
one indicator's chart) and :mod:`solieu.chart_bars` (bars, stacked bars, statuses).

Rules every chart keeps (issue 11): one measure per axis; levels drawn from zero; a bound
("over", "below", "at least") is drawn as an arrow marker at the bound, never as a bar or a
point on a line; every value label carries its qualifier (:func:`value_label`); a point without
a period of its own is drawn hollow and labelled "as reported on <date>"; target marks say their
value and date and sit clear of value labels; ranks on an inverted axis with integer ticks and
the direction stated; bars sorted; no legend for a single series; text at least 10 px on a
390 px phone.

Chart functions take tidy DataFrames and column names (the seaborn convention).
"""

from __future__ import annotations

from pathlib import Path

from . import blocks, chart_bars, chart_base, chart_labels, chart_time, labels, progress
from .blocks import (
    STATUS_COLORS,
    HtmlBlock,
    bilingual,
    format_value,
    sources_caption,
    sources_list,
    status_badge,
    table_html,
)
from .chart_bars import bar_chart, stacked_bar, status_chart
from .chart_base import (
    MAX_WIDTH_PX,
    MIN_FONT,
    PALETTE,
    PHONE_COLUMN_PX,
    TARGET_COLOR,
    WIDTH_IN,
    Chart,
    set_theme,
    to_chart,
)
from .chart_time import _plot_at, indicator_chart, timeline
from .labels import value_label

__all__ = [
    "MAX_WIDTH_PX",
    "MIN_FONT",
    "PALETTE",
    "PHONE_COLUMN_PX",
    "SOURCE_FILES",
    "STATUS_COLORS",
    "TARGET_COLOR",
    "WIDTH_IN",
    "Chart",
    "HtmlBlock",
    "bar_chart",
    "bilingual",
    "format_value",
    "indicator_chart",
    "set_theme",
    "sources_caption",
    "sources_list",
    "stacked_bar",
    "status_badge",
    "status_chart",
    "table_html",
    "timeline",
    "to_chart",
    "value_label",
]

# every file a chart is drawn by (a cache of drawn charts keys on their bytes)
SOURCE_FILES: tuple[Path, ...] = tuple(
    Path(str(m.__file__))
    for m in (labels, progress, blocks, chart_base, chart_labels, chart_time, chart_bars)
) + (Path(__file__),)
_ = _plot_at  # kept importable: solieu.charts._plot_at

"""Honest charts and views: qualifiers kept wherever a value is shown, bounds never drawn as
levels, time told truthfully, SVG readable on a phone and deterministic."""

import html
import re

import matplotlib.pyplot as plt
import nbformat
import pandas as pd
import pytest

from solieu import chart_bars, chart_time, charts, load, views
from solieu.charts import PHONE_COLUMN_PX
from solieu.claims import UNNAMED_SCOPE
from solieu.labels import BOUNDS, QUALIFIER_WORDS, value_label

from .conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(scope="module")
def tables():
    return load()


@pytest.mark.parametrize(
    ("args", "text"),
    [
        ((78e6, "count", ">"), "over 78 million"),
        ((80, "percent", ">="), "at least 80%"),
        ((70, "percent", "<"), "below 70%"),
        ((1.5, "times", "~"), "about 1.5 times"),
        ((10.41, "percent", "~"), "about 10.41%"),
        ((70, "rank", ">="), "70th or better"),
        ((21, "count", "=", 25), "21 of 25"),
        ((1_025_067, "count", "="), "1,025,067"),
    ],
)
def test_value_label_keeps_the_qualifier(args, text):
    assert value_label(*args) == text


def _output_html(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            out += [data.get("text/html", ""), data.get("text/markdown", "")]
    return ["".join(x) if isinstance(x, list) else x for x in out]


def test_no_displayed_value_drops_its_qualifier(tables):
    """Every qualified observation shown in a stored notebook table row carries its words."""
    obs = tables.observations
    qualified = obs[obs["qualifier"].isin(list(BOUNDS) + ["~"])]
    assert len(qualified) >= 10
    rows_seen = 0
    for path in NOTEBOOKS:
        text = "\n".join(_output_html(nbformat.read(path, as_version=4)))
        for row in re.findall(r"<tr>.*?</tr>", text, flags=re.S):
            for _, q in qualified.iterrows():
                if f">{html.escape(q['figure_id'])}<" not in row:
                    continue
                rows_seen += 1
                word = QUALIFIER_WORDS[q["qualifier"]]
                assert re.search(rf">{word} [^<]*<", row), (path.name, q["figure_id"], word)
    assert rows_seen >= 10


def test_every_chart_keeps_qualifiers_and_nothing_to_draw_is_none(tables):
    """indicator_chart for every indicator: None exactly when there is nothing to draw (never
    an error); every qualified point's label, with its words, is in the SVG and the alt text."""
    for ind in tables.indicators["id"]:
        view = views.indicator_view(tables, ind)
        chart = charts.indicator_chart(view)
        pts = view.points[(view.points["measure"] == "level")]
        pts = pts[pts["unit"] == view.indicator["unit"]]
        drawable = len(pts) > 0 or view.targets["deadline"].notna().any()
        assert (chart is not None) == bool(drawable), ind
        for _, p in pts[pts["qualifier"].isin(list(BOUNDS) + ["~"])].iterrows():
            assert QUALIFIER_WORDS[p["qualifier"]] in p["value_label"]
            assert p["value_label"] in chart.alt, (ind, p["value_label"])
            assert html.escape(p["value_label"]) in chart.svg, (ind, p["value_label"])


@pytest.fixture
def figures(monkeypatch):
    """Charts return their matplotlib figure instead of SVG, to inspect what is drawn."""
    drawn = []

    def keep(fig, alt, caption):
        drawn.append(fig)
        return charts.Chart('<svg viewBox="0 0 396 200"></svg>', alt, caption)

    for module in (chart_time, chart_bars):
        monkeypatch.setattr(module, "to_chart", keep)
    yield drawn
    for f in drawn:
        plt.close(f)


def test_a_bound_is_never_drawn_as_a_level(figures):
    bars = pd.DataFrame(
        {"name": ["Đà Nẵng", "many localities"], "value": [100.0, 70.0], "qualifier": ["=", "<"]}
    )
    charts.bar_chart(bars, y="name", x="value", unit="percent", title="t", caption="c")
    ax = figures[-1].axes[0]
    assert len(ax.patches) == 1  # one bar: the level; the bound is a marker
    assert ax.patches[0].get_width() == 100.0
    days = pd.to_datetime(["2022-06-30", "2022-12-31", "2023-06-30"])
    series = pd.DataFrame({"date": days, "value": [40.0, 50.0, 60.0], "qualifier": ["=", "=", ">"]})
    charts.timeline(series, x="date", y="value", unit="percent", title="t", caption="c")
    ax = figures[-1].axes[0]
    lines = [ln for ln in ax.get_lines() if len(ln.get_xdata()) > 1]
    assert lines and all(60.0 not in list(ln.get_ydata()) for ln in lines)
    assert sorted(lines[0].get_ydata()) == [40.0, 50.0]


def test_unnamed_localities_are_not_the_country(tables):
    view = views.indicator_view(tables, "online_services_fully_online_share")
    below = view.points[view.points["qualifier"] == "<"]
    assert len(below) == 1 and below["scope"].iloc[0] == UNNAMED_SCOPE
    st = tables.status
    vn = st[(st["indicator_id"] == "online_services_fully_online_share") & (st["scope"] == "VN")]
    assert vn.empty or vn["latest_value"].isna().all()
    assert "VN" not in set(view.points["scope"])


def test_time_is_the_period_or_visibly_as_reported_on(tables):
    view = views.indicator_view(tables, "online_services_with_applications")
    p = view.points[view.points["measure"] == "level"].set_index("value")
    assert p.at[45.7, "time_source"] == "period" and p.at[45.7, "date_label"] == "2022-H1"
    assert p.at[80.0, "time_source"] == "as reported on"
    assert p.at[80.0, "date_label"] == "as reported on 2023-02-25"
    chart = charts.indicator_chart(view)
    assert "as reported on 2023-02-25" in chart.alt


def test_indicator_view_api(tables):
    v = views.indicator_view(tables, "egov_rank")
    assert v.indicator["unit"] == "rank" and v.id == "egov_rank"
    assert list(v.points.columns) == views.POINT_COLUMNS
    assert list(v.targets.columns) == views.TARGET_VIEW_COLUMNS
    assert set(v.targets["source_kind"]) == {"register", "report"}
    assert (v.status["indicator_id"] == "egov_rank").all()
    assert views.indicator_view(tables, "essential_services_online").total == 25
    with pytest.raises(KeyError):
        views.indicator_view(tables, "no_such_indicator")


def _svgs():
    for path in NOTEBOOKS:
        for text in _output_html(nbformat.read(path, as_version=4)):
            for svg in re.findall(r"<svg .*?</svg>", text, flags=re.S):
                yield path.name, svg


def test_every_chart_is_svg_with_text_readable_on_a_phone():
    found = 0
    for name, svg in _svgs():
        found += 1
        width = float(re.search(r'viewBox="0 0 ([\d.]+) ', svg).group(1))
        sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
        assert sizes, name
        assert min(sizes) * PHONE_COLUMN_PX / width >= 10, (name, min(sizes), width)
        assert "<metadata>" not in svg and "<dc:date>" not in svg
    assert found >= 10
    for path in NOTEBOOKS:
        assert "data:image/png" not in path.read_text(encoding="utf-8"), path.name


def test_charts_are_deterministic(tables):
    view = views.indicator_view(tables, "digital_economy_share_gdp")
    assert charts.indicator_chart(view).markup == charts.indicator_chart(view).markup


def test_scorecard_speaks_in_words_and_is_judged(tables):
    card = views.scorecard(tables)
    n, with_goal, judged = views.judged_share(tables)
    assert n == len(card) >= 10
    assert with_goal / n >= 0.65 and judged >= 4
    chip = card.set_index("indicator_id").at["chip_id_cards_issued", "latest"]
    assert chip.startswith("over ")


def test_values_sit_inside_the_year_they_are_for():
    # a value "for 2022" is dated 31 December 2022: drawn at the end of the year it sat on the
    # "2023" tick; it is drawn in the middle of its period, a year-end deadline in its year
    from solieu.charts import _plot_at

    assert _plot_at("2022-12-31", "2022").year == 2022
    assert _plot_at("2022-12-31", "2022").month in (6, 7)
    assert _plot_at("2023-06-30", "2023-H1").month in (3, 4)
    assert (
        pd.Timestamp("2023-01-15")
        < _plot_at("2023-02-28", "2023-01/2023-02")
        < pd.Timestamp("2023-02-15")
    )
    assert _plot_at("2025-12-31", "", deadline=True) == pd.Timestamp("2025-07-01")  # "by 2025"
    assert _plot_at("2022-12-31", "") == pd.Timestamp("2022-12-31")  # as reported on that day
    assert _plot_at("2023-02-25", "") == pd.Timestamp("2023-02-25")  # as reported on


def test_a_rank_axis_spans_the_whole_field(tables):
    import re

    view = views.indicator_view(tables, "dti_rank")
    svg = charts.indicator_chart(view).svg
    ticks = [int(t) for t in re.findall(r">(\d+)(?:st|nd|rd|th)<", svg)]
    assert ticks and max(ticks) >= 45  # "7th of 63" shown against the 63, not a 1-9 axis


def test_chart_points_link_to_their_sentence(tables):
    view = views.indicator_view(tables, "essential_services_online")
    svg = charts.indicator_chart(view).svg
    links = re.findall(r'<a xlink:href="([^"]+)"', svg)
    expected = {
        f"../sources/{r}.html#f{f.rsplit(':', 1)[1]}"
        for r, f in zip(view.points["report_id"], view.points["figure_id"], strict=True)
    }
    assert links and set(links) <= expected and len(set(links)) == len(expected)


def test_a_change_is_labelled_as_a_change(tables):
    """A change against another period (observations.measure 'change') reads as a move: a rise
    of 7 places is '+7 places', never '7th'; a rise of 32.7% is '+32.7%', never a level."""
    import dataclasses

    obs = tables.observations
    change = obs[obs["measure"] == "change"]
    assert len(change)
    view = views.indicator_view(tables, "fixed_broadband_speed")
    moved = view.points[view.points["measure"] == "change"]
    assert list(moved["value_label"]) == ["+32.7%"]
    ranked = obs.copy()
    i = change.index[0]
    ranked.loc[i, ["unit", "value", "qualifier"]] = ["rank", 7.0, "="]
    t2 = dataclasses.replace(tables, observations=ranked)
    shown = views.indicator_view(t2, ranked.at[i, "indicator_id"]).points
    assert "+7 places" in set(shown["value_label"]) and "7th" not in set(shown["value_label"])
    pts = views.points(t2, [ranked.at[i, "indicator_id"]], measure=None)
    table = views.points_table(pts.drop(columns="value_label")).markup
    assert "+7 places" in table and ">7th<" not in table


def test_a_province_and_the_country_are_counted_on_separate_axes(tables, figures):
    """A count for a province beside the country's (about 1 million beside 78 million) is
    drawn on its own panel and scale, titled, never as a flat line at zero on one axis; a
    share (percent) of each stays on one comparable axis."""
    chart = charts.indicator_chart(views.indicator_view(tables, "chip_id_cards_issued"))
    axes = [ax for ax in figures[-1].axes if ax.get_title(loc="left")]
    assert [ax.get_title(loc="left") for ax in axes] == ["Viet Nam", "Bắc Ninh"]
    for ax in axes:  # each scale fits its own values: the largest point is high on its axis
        top = max(max(c.get_offsets()[:, 1]) for c in ax.collections if len(c.get_offsets()))
        assert top > 0.5 * ax.get_ylim()[1], ax.get_title(loc="left")
    assert "separate panels" in chart.caption and "Bắc Ninh" in chart.caption
    charts.indicator_chart(views.indicator_view(tables, "online_services_fully_online_share"))
    assert len(figures[-1].axes) == 1


def test_value_labels_of_several_series_take_their_series_colour():
    # two series' labels side by side are told apart by colour (darkened to read on white)
    d = pd.DataFrame(
        {
            "as_of": pd.to_datetime(["2022-12-25", "2023-02-25"] * 2),
            "value": [84.0, 100.0, 56.0, 92.0],
            "series": ["a", "a", "b", "b"],
        }
    )
    svg = charts.timeline(
        d, x="as_of", y="value", hue="series", unit="percent", title="t", caption=""
    ).svg
    fills = set(re.findall(r"fill: (#[0-9a-f]{6})", svg))
    a, b = (chart_time.text_color(c) for c in charts.PALETTE[:2])
    assert {a, b} <= fills
    one = charts.timeline(
        d[d.series == "a"], x="as_of", y="value", unit="percent", title="t", caption=""
    )
    assert a not in set(re.findall(r"fill: (#[0-9a-f]{6})", one.svg))


def test_a_table_keeps_each_date_on_one_line():
    # a narrow column broke "2023-07-12" at its hyphens, "2023-07-" above "12"
    from solieu.blocks import table_html

    cells = re.findall(
        r"<td.*?</td>", table_html(pd.DataFrame({"w": ["on 2023-07-12 <b>"]})).markup
    )
    assert cells == ['<td>on <span style="white-space:nowrap">2023-07-12</span> &lt;b&gt;</td>']

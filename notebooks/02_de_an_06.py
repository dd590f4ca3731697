# ---
# title: "Đề án 06: population data, e-identification and online services"
# description: "Essential public services online, localities connected to the national population database, chip ID cards, VNeID and the scheme's own goals and tasks."
# execute:
#   echo: false
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown]
# **Đề án 06** is the Government's scheme (Quyết định 06/QĐ-TTg of 6 January 2022, for
# 2022–2025 with a vision to 2030) for using the national population database, electronic
# identification and authentication in digital transformation. Its progress is reported at
# national conferences and echoed by provincial newspapers.

# %%
from IPython.display import Markdown

import solieu
from solieu import charts, views

tables = solieu.load()

# %% [markdown]
# ## Progress as fractions
#
# Reports state much of Đề án 06's progress as fractions: services provided out of those listed,
# localities connected out of 63, goals and tasks completed out of those planned. Each bar is the
# latest such value for the whole country as a share of its own total (where a report gives only
# the count, the catalogue's fixed total is used); the label gives the fraction and its date.

# %%
FRACTIONS = [
    "essential_services_online",
    "localities_population_db_connected",
    "mps_online_services",
    "decision_422_services_online",
    "de_an_06_goals_completed",
    "de_an_06_tasks_completed",
]
latest = views.with_totals(tables, views.latest(tables, FRACTIONS))
latest = latest.assign(bar_label=latest["share_label"] + ", " + latest["date_label"])
charts.bar_chart(
    latest,
    y="label_en",
    x="share_pct",
    unit="percent",
    label="bar_label",
    title="Đề án 06: latest fractions (national)",
    xlabel="Share of its own total reached (%)",
    caption=charts.sources_caption(latest["report_id"], tables.reports),
)

# %%
views.points_table(latest)

# %% [markdown]
# ## Changes between reports

# %%
TRACKED = ["essential_services_online", "localities_population_db_connected"]
series = views.with_totals(tables, views.points(tables, TRACKED))
series = series.drop_duplicates(["indicator_id", "as_of", "value"])
first = series.groupby("indicator_id").head(1).set_index("indicator_id")
last = series.groupby("indicator_id").tail(1).set_index("indicator_id")
Markdown(
    "The same indicators are reported again at each conference. "
    + "; ".join(
        f"{last.at[i, 'label_en']}: from {first.at[i, 'value_label']} "
        f"({first.at[i, 'share_pct']:.0f}%, {first.at[i, 'date_label']}) to "
        f"{last.at[i, 'value_label']} ({last.at[i, 'share_pct']:.0f}%, {last.at[i, 'date_label']})"
        for i in TRACKED
        if i in last.index
    )
    + ". The chart draws each as a share of its own total."
)

# %%
charts.timeline(
    series,
    x="as_of",
    y="share_pct",
    hue="label_en",
    unit="percent",
    label="share_label",
    title="Đề án 06 fractions over time (national)",
    ylabel="Share of its own total reached (%)",
    caption=charts.sources_caption(series["report_id"], tables.reports),
)

# %%
views.points_table(series)

# %% [markdown]
# ## Identity: chip ID cards and VNeID

# %%
chips = views.indicator_view(tables, "chip_id_cards_issued")
vneid = views.indicator_view(tables, "vneid_users")
nat = chips.points[chips.points["scope"] == "VN"]
goal = vneid.targets
Markdown(
    "Chip-based citizen ID cards are counted nationally ("
    + ", ".join(f"{v}, {d}" for v, d in zip(nat["value_label"], nat["date_label"], strict=True))
    + ") and by provinces; for VNeID the reports give a goal rather than a count ("
    + ", ".join(
        f"{v} by {d:%Y-%m-%d}, report {s}"
        for v, d, s in zip(goal["value_label"], goal["deadline"], goal["source"], strict=True)
    )
    + "). A count that is a bound (*over* 78 million) is drawn as an arrow, not a level."
)

# %%
charts.indicator_chart(chips)

# %%
charts.indicator_chart(vneid)

# %%
views.points_table(views.points(tables, ["chip_id_cards_issued"], scope=None))

# %% [markdown]
# **Caveat.** One report (25/12/2022) speaks of 26 essential services where the others count 25;
# the [sources page](05_sources.ipynb) lists this and other disagreements.

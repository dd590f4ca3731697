# ---
# title: "Scorecard: Vietnam's digital transformation in figures"
# description: "Headline indicators of the national digital transformation programme and Đề án 06: latest value, the target or total each is judged by, and progress status."
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
# This site follows the figures that Vietnamese officials report at conferences on the national
# digital transformation programme (*chuyển đổi số*) and on **Đề án 06** (population data,
# electronic identification and VNeID). Every number is extracted from the press report that
# carried it by the `solieu` library, linked to an indicator, and kept with its source sentence,
# so each value below can be traced to the words it came from (see
# [Sources & data](05_sources.ipynb)).

# %%
from IPython.display import Markdown

import solieu
from solieu import charts, views
from solieu.progress import METHOD_URL

tables = solieu.load()
card = views.scorecard(tables)
n, with_goal, judged = views.judged_share(tables)
counts = card["status_label"].value_counts()
Markdown(
    f"Of the **{n} headline indicators** for the whole country, **{with_goal}** have a target "
    f"from a programme document or a report, or a natural total (such as 25 of 25 services), "
    f"to be judged by, and **{judged}** have a status that judges progress. Their statuses: "
    + ", ".join(f"{v} *{k.lower()}*" for k, v in counts.items())
    + "."
)

# %% [markdown]
# ## Headline indicators
#
# One row per headline indicator for the whole country: the latest value as reported (with its
# qualifier, such as *over*), the period it refers to (or the date it was reported on, when the
# text names no period), the target or total it is judged by and where that comes from, and the
# status in words. Hover over a status for the numbers behind it.

# %%
charts.table_html(
    card,
    {
        "label": "Indicator",
        "latest": "Latest value",
        "when": "Period (or date reported)",
        "source": "Report",
        "goal": "Judged by",
        "badge": "Status",
        "note": "How far",
    },
    caption="Headline indicators, national scope",
    html_columns=["badge"],
    max_height=None,
)

# %%
charts.status_chart(
    card["status"],
    title="Headline indicators by status",
    caption="Counts of the table above. Status method: Open SDG (see below).",
)

# %% [markdown]
# The values in the table, each with the sentence it was read from:

# %%
behind = views.points(tables, list(card["indicator_id"]))
views.points_table(behind[behind["figure_id"].isin(set(card["figure_id"]))])

# %% [markdown]
# ## Reading the status
#
# Progress follows the method of [Open SDG](https://open-sdg.readthedocs.io/en/latest/progress/),
# which adopted Statistics Canada's progress measurement methodology. With a **target**, the
# observed compound annual growth since the first value is compared with the growth needed to
# reach the target by its date: a ratio of at least 0.95 is **on track**, 0.60–0.95
# **acceleration needed**, 0–0.60 **limited progress**, below 0 **deterioration**; a latest value
# that meets the target is **target achieved**. **Without a target**, the same categories come
# from the trend alone (at least 1.5 % a year on track, 0.5–1.5 % acceleration needed, 0–0.5 %
# limited progress, a fall deterioration), with thresholds scaled down near a natural limit such
# as 100 %.
#
# Three readings complete it for these data. A **natural total** (25 essential services, 63
# localities, 35 platforms) is the target when no document sets one. A value whose sentence says
# the plan was **met or exceeded** (*đạt và vượt kế hoạch*) is shown as **reported met**: the
# report's word, not a measurement. With a target and **one value**, the page gives the distance
# to the target and the time from that value to the deadline instead of "insufficient data".
# Bounds (*trên*, *chưa đến*) never enter a growth rate.
#
# Targets come from a register of programme documents (`data/targets.yml`: Quyết định
# 749/QĐ-TTg, 411/QĐ-TTg, 06/QĐ-TTg, each with its article and official link) and from the
# reports' own sentences; both are listed on the [sources page](05_sources.ipynb).
#
# **Caveats.** These are figures as press reports print them: rounded, sometimes approximate
# (*khoảng*, *trên*), and not always comparable between reports (one report counts 26 essential
# services, the others 25; see the conflicts on the sources page).

# %%
Markdown(f"Method reference: [{METHOD_URL}]({METHOD_URL}).")

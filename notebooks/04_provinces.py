# ---
# title: "Provinces"
# description: "What provincial reports say: provincial values beside national ones, ranks out of 63 and provincial targets."
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
# Provincial newspapers report the national conferences from their own bridge point (*điểm cầu*)
# and add their province's figures. A figure is provincial when the sentence makes the province
# its subject; a province that only hosts a bridge point does not make the national figures its
# own. A figure said of some localities that the sentence does not name ("in many localities")
# belongs to no province and is not a national value: it is shown as *unnamed localities*.

# %%
import pandas as pd
from IPython.display import Markdown

import solieu
from solieu import charts, views

tables = solieu.load()

# %% [markdown]
# ## Figures by province

# %%
obs = tables.observations
tg = tables.targets
prov_obs = obs[obs["scope"] != "VN"].assign(kind="result")
prov_tgt = tg[tg["scope"] != "VN"].assign(kind="target")
summary = (
    pd.concat([prov_obs[["scope", "kind"]], prov_tgt[["scope", "kind"]]])
    .groupby(["scope", "kind"])
    .size()
    .unstack(fill_value=0)
    .reset_index()
)
Markdown(
    f"{len(summary)} provinces or cities have figures of their own in these reports: "
    + ", ".join(
        f"{s} ({r} result{'' if r == 1 else 's'}, {t} target{'' if t == 1 else 's'})"
        for s, r, t in zip(
            summary["scope"], summary.get("result", 0), summary.get("target", 0), strict=True
        )
    )
    + "."
)

# %%
views.points_table(
    views.points(tables, list(tables.indicators["id"]), scope=None).query("scope != 'VN'"),
    caption="Provincial results with their sentences",
    searchable=True,
)

# %% [markdown]
# ## Provincial values beside national ones
#
# Where a province and the country (or unnamed localities) report the same percentage, they are
# drawn side by side, each with its date. A bound such as "below 70 %" is an arrow at the bound,
# not a bar.

# %%
side = views.provinces_beside_nation(tables, unit="percent")
charts.bar_chart(
    side,
    y="bar",
    x="value",
    unit="percent",
    label="bar_label",
    sort=False,
    title="Provinces beside the country (percentages)",
    caption=charts.sources_caption(side["report_id"], tables.reports),
)

# %%
views.points_table(side)

# %% [markdown]
# ## Ranks out of 63

# %%
ranks = views.points(tables, ["dti_rank", "public_service_portal_rank"], scope=None)
ranks = ranks.assign(
    series=[f"{s}: {lbl}" for s, lbl in zip(ranks["scope"], ranks["label_en"], strict=True)]
)
Markdown(
    "Provincial places among the 63 provinces and cities: "
    + "; ".join(
        f"{s}, {v} ({d})"
        for s, v, d in zip(ranks["series"], ranks["value_label"], ranks["date_label"], strict=True)
    )
    + ". The axis is inverted: up is better."
)

# %%
charts.timeline(
    ranks,
    x="as_of",
    y="value",
    hue="series",
    unit="rank",
    label="value_label",
    title="Provincial rankings (1st of 63 at the top)",
    caption=charts.sources_caption(ranks["report_id"], tables.reports, "1st = best of 63."),
)

# %%
views.points_table(ranks)

# %% [markdown]
# ## Provincial targets
#
# Targets provinces set for themselves are goals, not results: they appear on this site as
# targets only.

# %%
ptg = views.targets_view(tables)
ptg = ptg[ptg["scope"] != "VN"]
cat = tables.indicators.set_index("id")
charts.table_html(
    ptg.assign(
        label=[
            charts.bilingual(cat.at[i, "label_en"], cat.at[i, "label_vi"])
            for i in ptg["indicator_id"]
        ],
        deadline=ptg["deadline"].dt.strftime("%Y-%m-%d"),
    ),
    {
        "label": "Indicator",
        "scope": "Scope",
        "value_label": "Target",
        "deadline": "Due",
        "source": "Report",
        "figure_id": "Figure id",
        "sentence": "Source sentence (Vietnamese)",
    },
    caption="Provincial targets",
)

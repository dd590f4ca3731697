# ---
# title: "National digital transformation"
# description: "Online public services, digital economy, broadband, e-government ranking, national platforms and the 2023 plan, with the targets programme documents set."
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
# The National Committee on Digital Transformation (Ủy ban Quốc gia về chuyển đổi số) reviews the
# programme at its meetings. This page gathers the national figures those meetings report and the
# targets set by programme documents and by the meetings themselves.

# %%
from IPython.display import Markdown

import solieu
from solieu import charts, views

tables = solieu.load()

# %% [markdown]
# ## Latest national shares

# %%
SHARES = [
    "online_services_with_applications",
    "applications_processed_online",
    "procedures_eligible_fully_online",
    "digital_economy_share_gdp",
    "einvoice_business_share",
    "etax_business_share",
    "payment_account_share",
]
latest = views.latest(tables, SHARES)
latest = latest.assign(bar_label=latest["value_label"] + ", " + latest["date_label"])
charts.bar_chart(
    latest,
    y="label_en",
    x="value",
    unit="percent",
    label="bar_label",
    title="Digital government and economy: latest national shares",
    caption=charts.sources_caption(latest["report_id"], tables.reports),
)

# %% [markdown]
# Each of these against its target, where a document or a report sets one:

# %%
st = tables.status[(tables.status["scope"] == "VN") & tables.status["indicator_id"].isin(SHARES)]
st = st.set_index("indicator_id").loc[[i for i in SHARES if i in set(st["indicator_id"])]]
charts.table_html(
    st.reset_index().assign(
        badge=[charts.status_badge(s, n) for s, n in zip(st["status"], st["note"], strict=True)],
        target=[
            "–" if v != v else charts.value_label(v, "percent", q) + f" by {d:%Y-%m-%d} ({s})"
            for v, q, d, s in zip(
                st["target_value"],
                st["target_qualifier"],
                st["target_date"],
                st["target_source"],
                strict=True,
            )
        ],
    ),
    {"label_en": "Indicator", "target": "Target (source)", "badge": "Status", "note": "How far"},
    caption="Latest shares and their targets",
    html_columns=["badge"],
    max_height=None,
)

# %%
views.points_table(latest)

# %% [markdown]
# ## Online services over time

# %%
apps = views.indicator_view(tables, "online_services_with_applications")
lv = apps.points[apps.points["measure"] == "level"]
Markdown(
    "The share of online public services that received at least one application: "
    + ", then ".join(f"{v} ({d})" for v, d in zip(lv["value_label"], lv["date_label"], strict=True))
    + ". A value without a period of its own is placed at the date of the report and drawn "
    "hollow; the sentence of the latest value says the plan was met or exceeded."
)

# %%
charts.indicator_chart(apps)

# %%
charts.indicator_chart(views.indicator_view(tables, "applications_processed_online"))

# %%
charts.indicator_chart(views.indicator_view(tables, "digital_economy_share_gdp"))

# %% [markdown]
# ## Broadband speed

# %%
SPEEDS = ["fixed_broadband_speed", "mobile_broadband_speed"]
speeds = views.latest(tables, SPEEDS)
growth = views.points(tables, SPEEDS, measure="change").set_index("indicator_id")
speeds = speeds.assign(
    bar_label=[
        f"{v}, {d}"
        + (f" ({growth.at[i, 'value_label']} on a year earlier)" if i in growth.index else "")
        for i, v, d in zip(
            speeds["indicator_id"], speeds["value_label"], speeds["date_label"], strict=True
        )
    ]
)
charts.bar_chart(
    speeds,
    y="label_en",
    x="value",
    unit="Mbps",
    label="bar_label",
    title="Broadband download speed",
    xlabel="Mbps",
    caption=charts.sources_caption(speeds["report_id"], tables.reports),
)

# %% [markdown]
# ## E-government ranking

# %%
rank = views.indicator_view(tables, "egov_rank")
Markdown(
    "Viet Nam's place in the UN E-Government Development Index, as reported: "
    + ", ".join(
        f"{v} ({d})"
        for v, d in zip(rank.points["value_label"], rank.points["date_label"], strict=True)
    )
    + ". Targets: "
    + "; ".join(
        f"{v} by {d:%Y} ({'report ' if k == 'report' else ''}{s})"
        for v, d, k, s in zip(
            rank.targets["value_label"],
            rank.targets["deadline"],
            rank.targets["source_kind"],
            rank.targets["source"],
            strict=True,
        )
    )
    + ". The axis is inverted so that up means better."
)

# %%
charts.indicator_chart(rank)

# %% [markdown]
# ## National platforms and the goals of the programme

# %%
goals = views.breakdown(
    tables,
    ["national_dx_goals_achieved", "national_dx_goals_over_half", "national_dx_goals_under_half"],
)
total = goals["total"].dropna().iloc[0]
Markdown(
    f"By {goals['date_label'].iloc[0]}, of the programme's {total:.0f} goals: "
    + ", ".join(f"{v:.0f} {p.lower()}" for v, p in zip(goals["value"], goals["part"], strict=True))
    + "."
)

# %%
charts.stacked_bar(
    goals,
    part="part",
    value="value",
    total=total,
    unit="count",
    title="Goals of the national programme by progress",
    caption=charts.sources_caption(goals["report_id"], tables.reports),
)

# %%
PLAT = [
    "localities_assigned_platform",
    "localities_platforms_in_dx_plan",
    "localities_platforms_separate_document",
]
plat = views.with_totals(tables, views.latest(tables, PLAT))
platforms = views.indicator_view(tables, "national_digital_platforms").points
Markdown(
    "National digital platforms: "
    + ", ".join(
        f"{v} ({d})" for v, d in zip(platforms["value_label"], platforms["date_label"], strict=True)
    )
    + ". How the localities took them up:"
)

# %%
charts.bar_chart(
    plat,
    y="label_en",
    x="value",
    unit="count",
    label="share_label",
    title="Localities and the national platforms",
    xlabel="Localities (of 63)",
    caption=charts.sources_caption(plat["report_id"], tables.reports),
)

# %%
views.points_table(views.points(tables, PLAT + ["national_digital_platforms"]))

# %% [markdown]
# ## The 2023 plan by pillar

# %%
PLAN = [
    "dx_plan_items_data",
    "dx_plan_items_government",
    "dx_plan_items_economy",
    "dx_plan_items_society",
    "dx_plan_items_security",
]
plan = views.breakdown(tables, PLAN)
stated = views.latest(tables, ["dx_plan_indicators"])
stated_total = stated["value"].iloc[0] if len(stated) else None
Markdown(
    f"The National Committee's 2023 plan sets {stated_total:.0f} national indicators "
    f"(the parts below add up to {plan['value'].sum():.0f}), grouped by pillar."
)

# %%
charts.stacked_bar(
    plan,
    part="part",
    value="value",
    total=stated_total,
    unit="count",
    title="2023 plan: national indicators by pillar",
    caption=charts.sources_caption(
        list(plan["report_id"]) + list(stated["report_id"]), tables.reports
    ),
)

# %%
views.points_table(views.points(tables, PLAN + ["dx_plan_indicators"]))

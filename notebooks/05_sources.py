# ---
# title: "Sources and data quality"
# description: "The reports and programme documents, every figure with its source sentence, extraction quality on the gold annotation, unlinked figures, conflicts between sources and downloads."
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
# Everything on this site comes from the reports and programme documents listed below. Each
# figure keeps the sentence it was read from; the full table of figures can be searched and
# sorted (click a column header).

# %%
import pandas as pd
from IPython.display import Markdown

import solieu
from solieu import charts, config, views
from solieu.labels import QUALIFIER_WORDS
from solieu.score import ATTRIBUTES, quality_table, read_gold

tables = solieu.load()
reports = tables.reports

# %% [markdown]
# ## Reports

# %%
reg = reports.assign(
    sha=reports["sha256"].str[:12],
    when=reports["event_date"].where(reports["event_date"] != "", reports["reference_date"]),
)
charts.table_html(
    reg,
    {
        "report_id": "Id",
        "file": "File",
        "title": "Title",
        "event": "Event",
        "when": "Date",
        "outlet": "Outlet",
        "scope": "Outlet scope",
        "sha": "SHA-256 (start)",
    },
    caption="data/raw/reports.csv",
    max_height=None,
)

# %% [markdown]
# ## Targets and where they come from
#
# Targets set by programme documents are kept in a register, `data/targets.yml`, each with the
# document's number and date, the article that states it and a link to the official text;
# targets stated in a report sentence sit beside them in the same table.

# %%
tv = views.targets_view(tables)
kinds = tv["source_kind"].value_counts()
Markdown(
    f"{len(tv)} targets: {kinds.get('register', 0)} from "
    f"{tv.loc[tv['source_kind'] == 'register', 'source'].nunique()} programme documents and "
    f"{kinds.get('report', 0)} from report sentences."
)

# %%
cat = tables.indicators.set_index("id")
charts.table_html(
    tv.assign(
        label=[cat.at[i, "label_en"] for i in tv["indicator_id"]],
        deadline=tv["deadline"].dt.strftime("%Y-%m-%d").fillna("–"),
        where=[
            a if a else (s or "")
            for a, s in zip(tv["article"].fillna(""), tv["sentence"].fillna(""), strict=True)
        ],
    ),
    {
        "label": "Indicator",
        "scope": "Scope",
        "value_label": "Target",
        "deadline": "Due",
        "source_kind": "Kind",
        "source": "Document or report",
        "where": "Article, or the report's sentence",
        "url": "Official text",
    },
    caption="Targets from the register and from reports",
    searchable=True,
)

# %% [markdown]
# ## Extraction quality
#
# The extractor is scored against a hand-made gold annotation of these reports, exactly as the
# project's contract says: a prediction matches a gold figure when their spans overlap and their
# values agree. The same scorer runs on other reports the project never saw, where scores are
# lower; treat these numbers as an upper bound.

# %%
gold = read_gold(config.ROOT / "tests" / "fixtures" / "gold_seeds.csv")
figs = tables.figures[tables.figures["doc"].isin(set(gold["doc"]))]
sc = solieu.score(figs, gold)
metrics = pd.DataFrame(
    [
        {"measure": k, "value": f"{v:.3f}" if isinstance(v, float) else str(v)}
        for k, v in sc.as_dict().items()
    ]
)
charts.table_html(
    metrics,
    {"measure": "Measure", "value": "Value"},
    caption="Seed reports against the gold annotation",
    max_height=None,
)

# %% [markdown]
# Both gold sets, side by side: the seed reports the rules were written from, and a development
# set of invented reports in the phrasing of real ones (ranks, scores, comparisons, tables, plans).
# Reports the project has never seen score lower than either.

# %%
quality = quality_table(config.ROOT)
wide = quality.pivot(index="measure", columns="set", values="value")
wide = wide.loc[["precision", "recall", "f1", *ATTRIBUTES], list(dict.fromkeys(quality["set"]))]
charts.table_html(
    wide.map("{:.3f}".format).reset_index(),
    {"measure": "Measure", "seed reports": "Seed reports", "development set": "Development set"},
    caption="Extraction quality on the seed reports and on the development set",
    max_height=None,
)

# %% [markdown]
# ## All figures

# %%
f = tables.figures
flags = [
    ", ".join(
        x for x in (QUALIFIER_WORDS.get(q, q), "target" if t else "", "change" if ch else "") if x
    )
    for q, t, ch in zip(
        f["qualifier"], f["is_target"].fillna(False), f["is_change"].fillna(False), strict=True
    )
]
view = f.assign(
    as_of=f["as_of"].dt.strftime("%Y-%m-%d"),
    flags=flags,
    shown=[
        charts.value_label(v, u, q, d, is_change=bool(ch))
        for v, u, q, d, ch in zip(
            f["value"],
            f["unit"],
            f["qualifier"],
            f["denominator"],
            f["is_change"].fillna(False),
            strict=True,
        )
    ],
)
charts.table_html(
    view,
    {
        "figure_id": "Figure id",
        "number": "As written",
        "shown": "Read as",
        "flags": "Qualifier / kind",
        "scope": "Scope",
        "indicator_id": "Indicator",
        "as_of": "As of",
        "sentence": "Source sentence",
    },
    caption=f"{len(f)} figures from {f['doc'].nunique()} reports",
    searchable=True,
    max_height=600,
)

# %% [markdown]
# ## Figures not linked to an indicator
#
# Figures that match no entry of the indicator catalogue (`data/indicators.yml`). Most are
# thresholds or reference counts inside a sentence about something else; new recurring ones are
# candidates for a catalogue entry.

# %%
u = tables.unlinked
charts.table_html(
    u.assign(
        shown=[
            charts.value_label(v, un, "=", d, is_change=bool(ch))
            for v, un, d, ch in zip(
                u["value"], u["unit"], u["denominator"], u["is_change"].fillna(False), strict=True
            )
        ]
    ),
    {
        "figure_id": "Figure id",
        "number": "As written",
        "shown": "Read as",
        "scope": "Scope",
        "sentence": "Source sentence",
    },
    caption=f"{len(u)} unlinked figures",
)

# %% [markdown]
# ## Conflicts between sources
#
# The same indicator, scope and date reported with different values by different reports; a
# total that differs between reports (such as 25 versus 26 essential services); targets for the
# same deadline that differ between documents or reports.

# %%
c = tables.conflicts
charts.table_html(
    c.assign(as_of=c["as_of"].dt.strftime("%Y-%m-%d").fillna("")),
    {
        "indicator_id": "Indicator",
        "scope": "Scope",
        "as_of": "As of",
        "kind": "Kind",
        "values": "Values (sources)",
        "detail": "Detail",
    },
    caption=f"{len(c)} conflicts",
    max_height=None,
)

# %% [markdown]
# ## Numbers that are not figures
#
# Every other digit in the reports is accounted for, with the reason it was skipped:

# %%
s = tables.skipped.groupby("reason").size().rename("tokens").reset_index()
s = s.sort_values("tokens", ascending=False)
charts.table_html(
    s,
    {"reason": "Reason", "tokens": "Tokens"},
    caption=f"{int(s['tokens'].sum())} skipped tokens",
    max_height=None,
)

# %% [markdown]
# ## Downloads
#
# The tables behind this site, as CSV and Parquet, with a Frictionless data package describing
# every field:
#
# - Figures: [figures.csv](../data/processed/figures.csv) · [figures.parquet](../data/processed/figures.parquet)
# - Observations: [observations.csv](../data/processed/observations.csv) · [observations.parquet](../data/processed/observations.parquet)
# - Targets (register and reports): [targets.csv](../data/processed/targets.csv) · [targets.parquet](../data/processed/targets.parquet)
# - Progress status: [status.csv](../data/processed/status.csv) · [status.parquet](../data/processed/status.parquet)
# - Conflicts: [conflicts.csv](../data/processed/conflicts.csv) · Unlinked: [unlinked.csv](../data/processed/unlinked.csv) · Skipped: [skipped.csv](../data/processed/skipped.csv)
# - Data package: [datapackage.json](../data/processed/datapackage.json)
#
# ## Methods
#
# - **Extraction.** Numbers are read the Vietnamese way (`.` groups thousands, `,` marks decimals,
#   *nghìn/triệu/tỷ* scale words). Dates, times, years, document numbers, labels, ordinals and ages
#   are recognised by their shape and cue words and set aside with their reason.
# - **Attributes.** Qualifiers (*trên, hơn, khoảng, ít nhất, chưa đến*), changes (*tăng, giảm,
#   gấp*), goals (*phấn đấu, mục tiêu, yêu cầu*, a period still to come) and scope (a province
#   named as the subject; national otherwise; unnamed localities apart) come from the words around
#   each number. Every value shown keeps its qualifier ("over 78 million").
# - **Periods.** The time phrase nearest before a figure in its sentence (*6 tháng đầu năm*,
#   *năm 2022*, *đến cuối năm 2023*), else a time phrase opening an earlier sentence of the
#   paragraph; when there is none the value is shown "as reported on" the date of the event.
# - **Status.** See the [scorecard](01_index.ipynb) for the progress method (Open SDG).

"""What every page says about the data (``SiteFacts``): the latest as-of date, the build date
and the number of reports, the line each page ends with, and how to cite the site. Derived from
the inputs only, so that two builds of the same inputs are identical."""

from __future__ import annotations

import html
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import pandas as pd

from .build import Tables

__all__ = ["SiteFacts", "site_facts", "stamp_html"]


@dataclass(frozen=True)
class SiteFacts:
    """What every page says about the data: latest as-of date, build date, number of reports."""

    data_through: str
    built: str
    n_reports: int
    version: str

    def stamp(self) -> str:
        return (
            f"Data through {self.data_through} · built {self.built} from {self.n_reports} "
            f"report{'s' if self.n_reports != 1 else ''} · solieu {self.version}"
        )

    def citation(self, what: str = "") -> str:
        year = self.built[:4]
        thing = f"“{what}”, in " if what else ""
        return (
            f"solieu contributors ({year}). {thing}solieu: Vietnam's digital transformation in "
            f"figures, version {self.version}, data through {self.data_through} "
            f"(built {self.built})."
        )


def site_facts(tables: Tables) -> SiteFacts:
    """Facts derived from the inputs only, so that two builds of the same inputs are identical:
    the build date is ``SOURCE_DATE_EPOCH`` when set, else the newest access or as-of date."""
    as_of = pd.to_datetime(tables.observations["as_of"], errors="coerce")
    dates = [d for d in as_of if pd.notna(d)]
    through = max(dates).strftime("%Y-%m-%d") if dates else "–"
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        built = datetime.fromtimestamp(int(epoch), tz=UTC).strftime("%Y-%m-%d")
    else:
        cands = []
        for col in ("date_accessed", "date_published", "event_date", "reference_date"):
            if col in tables.reports:
                cands += [str(v) for v in tables.reports[col] if isinstance(v, str) and v]
        cands = [c for c in cands if re.fullmatch(r"\d{4}-\d{2}-\d{2}", c)]
        built = max(cands) if cands else through
    from . import __version__

    return SiteFacts(through, built, len(tables.reports), __version__)


def stamp_html(facts: SiteFacts) -> str:
    """The line every page ends with. Its link is relative to the site's root; the post-render
    step (``site.finish_site``) rewrites it for each page's depth."""
    return (
        '<div class="solieu-stamp" data-pagefind-ignore>'
        f"{html.escape(facts.stamp())} · "
        '<a class="solieu-root-link" href="indicators/index.html#cite-this">Cite this</a></div>\n'
    )

"""Command line: ``python -m solieu {extract,score,build,site,pages,notebooks,add} ...``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

from . import config
from .corpus import DEFAULT_MAX_REPORT_MB, iter_report_paths, read_report
from .errors import SolieuError
from .extract import FIGURE_COLUMNS, SKIPPED_COLUMNS, extract_with_skipped
from .score import ATTRIBUTES, read_gold, score  # read_gold: also imported from here
from .tables import write_table


def _err(msg: str) -> None:
    print(f"solieu: error: {msg}", file=sys.stderr)


def _extract_paths(paths: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, int]:
    """Extract from every readable file; bad files are reported and skipped (status 2)."""
    figs, skips, status = [], [], 0
    for named in paths:
        try:
            found = list(iter_report_paths([named]))
        except SolieuError as exc:
            _err(str(exc))
            status = 2
            continue
        for path in found:
            try:
                f, s = extract_with_skipped(read_report(path), doc=path.name)
            except SolieuError as exc:
                _err(str(exc))
                status = 2
                continue
            figs.append(f)
            skips.append(s)
    fig = pd.concat(figs, ignore_index=True) if figs else pd.DataFrame(columns=FIGURE_COLUMNS)
    sk = pd.concat(skips, ignore_index=True) if skips else pd.DataFrame(columns=SKIPPED_COLUMNS)
    return fig, sk, status


def cmd_extract(args: argparse.Namespace) -> int:
    fig, sk, status = _extract_paths(args.paths)
    table = sk if args.skipped else fig
    write_table(table, args.output)
    return status


def cmd_score(args: argparse.Namespace) -> int:
    gold = read_gold(args.gold)
    fig, _, status = _extract_paths(args.paths)
    sc = score(fig, gold)
    if args.verbose:
        for m in sc.misses:
            print(f"miss   {m['doc']}@{m['start']} {m['number']!r} value={m['value']}")
        for m in sc.extras:
            print(f"extra  {m['doc']}@{m['start']} {m['number']!r} value={m['value']}")
        for w in sc.wrong:
            print(
                f"wrong  {w['doc']}@{w['start']} {w['number']!r} {w['attribute']}: "
                f"gold={w['gold']!r} predicted={w['predicted']!r}"
            )
    print(f"precision {sc.precision:.3f}  recall {sc.recall:.3f}  f1 {sc.f1:.3f}")
    for a in ATTRIBUTES:
        print(f"{a:<10} accuracy {sc.accuracy(a):.3f}  ({sc.attr_right[a]}/{sc.attr_total[a]})")
    print(sc.summary())
    return status


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    build(
        out_dir=Path(args.out) if args.out else None,
        jobs=args.jobs,
        progress=True,
        reports_dir=Path(args.reports) if args.reports else None,
    )
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from .site import render_site

    return render_site(auto=args.auto, out_dir=Path(args.out) if args.out else None)


def cmd_pages(args: argparse.Namespace) -> int:
    if args.finish:
        from .site import finish_site

        finish_site(Path(args.finish))
        return 0
    from .pages import write_pages

    print(f"pages: wrote {len(write_pages())} generated pages")
    return 0


def cmd_notebooks(args: argparse.Namespace) -> int:
    from .site import execute_notebooks

    return execute_notebooks(args.paths or None)


def _max_mb_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--max-mb",
        type=float,
        help=f"refuse report files larger than this many MB (default {DEFAULT_MAX_REPORT_MB}, "
        "or SOLIEU_MAX_REPORT_MB)",
    )


def cmd_add(args: argparse.Namespace) -> int:
    from .add import cmd_add as add

    return add(args)


def make_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="solieu", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)

    e = sub.add_parser("extract", help="figures of report files as a table")
    e.add_argument("paths", nargs="+", help="report .txt files or directories of them")
    e.add_argument("-o", "--output", help="write .csv, .parquet or .jsonl (default: CSV on stdout)")
    e.add_argument(
        "--skipped",
        action="store_true",
        help="output the skipped digit runs with their reasons instead of the figures",
    )
    _max_mb_option(e)
    e.set_defaults(func=cmd_extract)

    s = sub.add_parser("score", help="score the extractor against a gold file (FIGURES.md)")
    s.add_argument("gold", help="gold CSV in the FIGURES.md format")
    s.add_argument("paths", nargs="+", help="the report files the gold annotates")
    s.add_argument("-v", "--verbose", action="store_true", help="list misses, extras, wrong fields")
    _max_mb_option(s)
    s.set_defaults(func=cmd_score)

    b = sub.add_parser("build", help=f"build the tables into {config.rel(config.PROCESSED)}/")
    b.add_argument("--jobs", type=int, default=None, help="worker processes (default: CPUs)")
    b.add_argument("--out", help="output folder (default: data/processed)")
    b.add_argument(
        "--reports",
        help="folder of .txt reports (default: data/raw/reports, described by reports.csv)",
    )
    _max_mb_option(b)
    b.set_defaults(func=cmd_build)

    t = sub.add_parser("site", help="render the report site (quarto, else the Python fallback)")
    t.add_argument("--auto", action="store_true", help="use quarto when it is on PATH")
    t.add_argument("--out", help="output folder (default: reports)")
    t.set_defaults(func=cmd_site)

    a = sub.add_parser("add", help="add reports from URLs or .html/.pdf/.docx/.txt/.md files")
    a.add_argument("sources", nargs="+", metavar="SOURCE", help="http(s) URL or file")
    a.add_argument("--dry-run", action="store_true", help="show what would be added, write nothing")
    a.add_argument("--id", help="report id to use (default: the next free one; one SOURCE only)")
    a.add_argument("--title", help="title to record instead of the source's own")
    a.add_argument("--date", help="publication date YYYY-MM-DD to record instead of the source's")
    a.add_argument("--scope", help="province (or VN) the report is about, instead of the guess")
    a.set_defaults(func=cmd_add)

    g = sub.add_parser("pages", help="write the generated site pages (indicators, reports)")
    g.add_argument("--finish", metavar="SITE", help="after rendering: index SITE for search")
    g.set_defaults(func=cmd_pages)

    n = sub.add_parser("notebooks", help="re-execute notebooks in place (re-baselines outputs)")
    n.add_argument("paths", nargs="*", help="notebooks (default: every notebooks/*.ipynb)")
    n.set_defaults(func=cmd_notebooks)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run a command. Every failure a user can cause is one line on standard error,
    ``solieu: error: <what> (<file>)``, and exit status 2."""
    args = make_parser().parse_args(argv)
    if getattr(args, "max_mb", None) is not None:
        os.environ["SOLIEU_MAX_REPORT_MB"] = str(args.max_mb)  # read by workers too
    try:
        return args.func(args)
    except SolieuError as exc:
        _err(str(exc))
        return 2
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # the environment: disk full, permissions, a vanished folder
        _err(SolieuError(exc.strerror or str(exc), exc.filename).args[0])
        return 2


if __name__ == "__main__":
    sys.exit(main())

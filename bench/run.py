"""Benchmark: extraction speed against a bare regex scan, memory, and parallel corpus builds.

Generates its own corpus from data/raw/reports (digits perturbed so that nothing is cached by
value), prints one table and writes the same numbers to bench/results.json. Targets are reported,
not asserted: tests assert behaviour, this measures cost.

    python bench/run.py [--mb 50] [--files 1000] [--repeats 3]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = HERE / "_corpus"
BASELINE = re.compile(r"\d+(?:[.,]\d+)*(?:/\d+(?:[.,]\d+)*)?")


def perturbed(text: str, rng: random.Random) -> str:
    """Every digit replaced by a random one (first digits stay non-zero): same shapes, new values."""
    return re.sub(r"\d", lambda m: str(rng.randint(1 if m.group() != "0" else 0, 9)), text)


def make_corpus(target_mb: float, n_files: int) -> dict[str, Path]:
    reports = [
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/raw/reports").glob("*.txt"))
    ]
    rng = random.Random(20261122)
    CORPUS.mkdir(exist_ok=True)
    out = {}
    for label, mb in (("1x", target_mb / 4), ("4x", target_mb)):
        path = CORPUS / f"big_{mb:g}mb.txt"
        if not path.exists():
            parts, size = [], 0
            while size < mb * 1e6:
                chunk = perturbed("\n\n".join(reports), rng)
                parts.append(chunk)
                size += len(chunk.encode("utf-8"))
            path.write_text("\n\n".join(parts), encoding="utf-8")
        out[label] = path
    nfd = CORPUS / f"big_{target_mb:g}mb_nfd.txt"
    if not nfd.exists():
        nfd.write_text(
            unicodedata.normalize("NFD", out["4x"].read_text(encoding="utf-8")), encoding="utf-8"
        )
    out["nfd"] = nfd
    files = CORPUS / f"files_{n_files}"
    if not files.exists():
        files.mkdir()
        for i in range(n_files):
            (files / f"{i:05d}.txt").write_text(
                perturbed(reports[i % len(reports)], rng), encoding="utf-8"
            )
    out["files"] = files
    return out


def make_hostile(target_mb: float) -> dict[str, Path]:
    """Texts of many figures per line, as tables flattened out of PDFs are: lines of about
    5,000 characters without a full stop, a figure every few characters (1x and 4x)."""
    rng = random.Random(20261201)
    places = ["Hà Nội", "Bắc Ninh", "TP Hồ Chí Minh", "Đà Nẵng", "Cần Thơ", "Lâm Đồng"]
    CORPUS.mkdir(exist_ok=True)
    out = {}
    for label, mb in (("1x", target_mb / 4), ("4x", target_mb)):
        path = CORPUS / f"hostile_{mb:g}mb.txt"
        if not path.exists():
            lines, size = [], 0
            while size < mb * 1e6:
                cells = [
                    f"{i} {rng.choice(places)} {rng.randint(1, 99)},{rng.randint(0, 9)} "
                    f"{rng.randint(1, 999)}.{rng.randint(0, 999):03d}"
                    for i in range(1, 160)
                ]
                line = " ".join(cells)
                lines.append(line)
                size += len(line.encode("utf-8")) + 1
            path.write_text("\n".join(lines), encoding="utf-8")
        out[label] = path
    return out


def timed(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# Peak RSS is read from /proc/self/status (VmHWM), which starts afresh at exec; getrusage's
# ru_maxrss would carry over the parent's high-water mark.
CHILD = """
import sys, time
def hwm():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
import solieu
from solieu.corpus import read_report
base = hwm()
t = time.perf_counter()
text = read_report(sys.argv[1])
df = solieu.extract(text, doc="bench")
dt = time.perf_counter() - t
print(dt, len(df), base, hwm())
"""


def extract_in_child(path: Path) -> dict:
    """Extraction of one file in a fresh process: seconds, figures, peak RSS (and before)."""
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, check=True
    )
    dt, n, base, peak = out.stdout.split()
    return {
        "seconds": float(dt),
        "figures": int(n),
        "rss_after_imports": int(base),
        "peak_rss": int(peak),
    }


def build_in_child(files: Path, jobs: int, out: Path) -> dict:
    """Wall time of a corpus build, and the peak RSS of its main process and of its largest
    worker (sampled every 0.2 s)."""
    cmd = [sys.executable, "-m", "solieu", "build", "--jobs", str(jobs)]
    cmd += ["--reports", str(files), "--out", str(out)]
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    main_peak = worker_peak = 0
    while proc.poll() is None:
        main_peak = max(main_peak, _hwm(proc.pid))
        for child in _children(proc.pid):
            worker_peak = max(worker_peak, _hwm(child))
        time.sleep(0.2)
    dt = time.perf_counter() - t
    if proc.returncode:
        raise RuntimeError(f"build --jobs {jobs} failed ({proc.returncode})")
    return {"seconds": dt, "peak_rss_main": main_peak, "peak_rss_worker": worker_peak}


def _children(pid: int) -> list[int]:
    try:
        return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _hwm(pid: int) -> int:
    """VmHWM (peak resident memory) of a process, 0 when it has gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def scan_and_skip_rules(text: str) -> int:
    """The token scan and the skip rules of solieu.extract, without anything it computes for a
    figure (unit, qualifier, goal or result, scope, subject, sentence, tables): a lower bound
    of what extraction can cost with these rules in Python."""
    from solieu.context import normalise_spaces
    from solieu.extract import _caption_lines, _classify, _tokens

    text = normalise_spaces(text)
    lines = _caption_lines(text)
    return sum(
        _classify(text, m.lastgroup or "stray", m.start(), m.end(), lines) is None
        for m in _tokens(text)
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=50, help="size of the large corpus (the 4x point)")
    ap.add_argument("--files", type=int, default=1000, help="files in the corpus-build benchmark")
    ap.add_argument("--repeats", type=int, default=3, help="repeats of the in-process timings")
    ap.add_argument(
        "--hostile-mb", type=float, default=4, help="size of the many-figures-per-line text (4x)"
    )
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT / "lib"))
    from solieu.corpus import read_report
    from solieu.extract import normalise_text

    c = make_corpus(args.mb, args.files)
    size = {k: c[k].stat().st_size / 1e6 for k in ("1x", "4x", "nfd")}
    raw = c["4x"].read_bytes()
    text = read_report(c["4x"])
    res: dict = {
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "corpus_mb": size["4x"],
    }
    res["read_nfc_mb_s"] = size["4x"] / timed(
        lambda: normalise_text(raw.decode("utf-8")), args.repeats
    )
    res["baseline_mb_s"] = size["4x"] / timed(
        lambda: sum(1 for _ in BASELINE.finditer(text)), args.repeats
    )
    res["scan_and_skip_rules_mb_s"] = size["4x"] / timed(lambda: scan_and_skip_rules(text), 1)
    big = extract_in_child(c["4x"])
    small = extract_in_child(c["1x"])
    nfd = extract_in_child(c["nfd"])
    res["extract_mb_s"] = size["4x"] / big["seconds"]
    res["extract_figures_s"] = big["figures"] / big["seconds"]
    res["extract_vs_baseline"] = res["extract_mb_s"] / res["baseline_mb_s"]
    res["extract_nfd_mb_s"] = size["nfd"] / nfd["seconds"]
    res["extract_1x_mb_s"] = size["1x"] / small["seconds"]
    res["extract_4x_mb_s"] = res["extract_mb_s"]
    res["linearity_4x_vs_1x"] = res["extract_4x_mb_s"] / res["extract_1x_mb_s"]
    res["peak_rss_50mb_mb"] = big["peak_rss"] / 1e6
    res["rss_after_imports_mb"] = big["rss_after_imports"] / 1e6
    res["peak_rss_over_file_size"] = big["peak_rss"] / (size["4x"] * 1e6)
    res["extra_rss_over_file_size"] = (big["peak_rss"] - big["rss_after_imports"]) / (
        size["4x"] * 1e6
    )
    hostile = make_hostile(args.hostile_mb)
    h1, h4 = extract_in_child(hostile["1x"]), extract_in_child(hostile["4x"])
    hsize = {k: hostile[k].stat().st_size / 1e6 for k in ("1x", "4x")}
    res["hostile_1x_mb_s"] = hsize["1x"] / h1["seconds"]
    res["hostile_4x_mb_s"] = hsize["4x"] / h4["seconds"]
    res["hostile_linearity_4x_vs_1x"] = res["hostile_4x_mb_s"] / res["hostile_1x_mb_s"]
    res["hostile_4x_figures"] = h4["figures"]
    res["hostile_4x_peak_rss_mb"] = h4["peak_rss"] / 1e6
    res["hostile_4x_extra_rss_over_file"] = (h4["peak_rss"] - h4["rss_after_imports"]) / (
        hsize["4x"] * 1e6
    )
    res["hostile_4x_extra_rss_per_figure_bytes"] = (h4["peak_rss"] - h4["rss_after_imports"]) / h4[
        "figures"
    ]

    out = CORPUS / "processed"
    quarter = CORPUS / f"files_{args.files}_quarter"
    if not quarter.exists():
        quarter.mkdir()
        for p in sorted(c["files"].glob("*.txt"))[: max(1, args.files // 4)]:
            shutil.copy(p, quarter / p.name)
    b1 = build_in_child(c["files"], 1, out / "j1")
    b2 = build_in_child(c["files"], 2, out / "j2")
    bq = build_in_child(quarter, 2, out / "q")
    same = all(
        (out / "j1" / f"{n}.csv").read_bytes() == (out / "j2" / f"{n}.csv").read_bytes()
        for n in ("figures", "skipped")
    )
    shutil.rmtree(out, ignore_errors=True)
    res["build_files"] = args.files
    res["build_jobs1_s"] = b1["seconds"]
    res["build_jobs2_s"] = b2["seconds"]
    res["build_speedup"] = b1["seconds"] / b2["seconds"]
    res["build_identical"] = same
    res["build_peak_rss_worker_mb"] = b2["peak_rss_worker"] / 1e6
    res["build_peak_rss_worker_quarter_mb"] = bq["peak_rss_worker"] / 1e6
    res["build_peak_rss_main_mb"] = b2["peak_rss_main"] / 1e6
    res["build_peak_rss_main_quarter_mb"] = bq["peak_rss_main"] / 1e6

    rows = [
        ("machine", res["machine"], ""),
        ("(1) read + NFC normalise", f"{res['read_nfc_mb_s']:.1f} MB/s", f"{size['4x']:.1f} MB"),
        (
            "(2) baseline: bare re.finditer digit scan",
            f"{res['baseline_mb_s']:.1f} MB/s",
            "same process, same text",
        ),
        (
            "(3) solieu.extract",
            f"{res['extract_mb_s']:.2f} MB/s, {res['extract_figures_s']:.0f} figures/s",
            f"{res['extract_vs_baseline']:.1%} of baseline (target >= 20%, aim 40%)",
        ),
        (
            "(3) lower bound: token scan + skip rules",
            f"{res['scan_and_skip_rules_mb_s']:.2f} MB/s",
            f"{res['scan_and_skip_rules_mb_s'] / res['baseline_mb_s']:.1%} of baseline, "
            "nothing computed per figure",
        ),
        (
            "(4) solieu.extract on NFD input",
            f"{res['extract_nfd_mb_s']:.2f} MB/s",
            f"{size['nfd']:.1f} MB",
        ),
        (
            f"(5) build --jobs 1 / 2 ({args.files} files)",
            f"{b1['seconds']:.1f} s / {b2['seconds']:.1f} s",
            f"speed-up {res['build_speedup']:.2f}x (target >= 1.7x), identical output: {same}",
        ),
        (
            "(6) peak RSS, one 50 MB extraction",
            f"{res['peak_rss_50mb_mb']:.0f} MB",
            f"{res['peak_rss_over_file_size']:.1f}x file size ({res['extra_rss_over_file_size']:.1f}x above "
            f"the {res['rss_after_imports_mb']:.0f} MB of the interpreter and libraries; target < 4x)",
        ),
        (
            "(6) peak RSS, build --jobs 2: each worker",
            f"{res['build_peak_rss_worker_quarter_mb']:.0f} / {res['build_peak_rss_worker_mb']:.0f} MB",
            f"{args.files // 4} / {args.files} files: one report at a time, flat",
        ),
        (
            "(6) peak RSS, build --jobs 2: main process",
            f"{res['build_peak_rss_main_quarter_mb']:.0f} / {res['build_peak_rss_main_mb']:.0f} MB",
            f"{args.files // 4} / {args.files} files: holds the output tables",
        ),
        (
            "(7) MB/s at 1x / 4x corpus",
            f"{res['extract_1x_mb_s']:.2f} / {res['extract_4x_mb_s']:.2f}",
            f"4x runs at {res['linearity_4x_vs_1x']:.0%} of 1x speed (target within 10%)",
        ),
        (
            "(8) hostile: many figures per line, 1x / 4x",
            f"{res['hostile_1x_mb_s']:.2f} / {res['hostile_4x_mb_s']:.2f} MB/s",
            f"4x at {res['hostile_linearity_4x_vs_1x']:.0%} of 1x speed (target within 10%); "
            f"{hsize['4x']:.1f} MB, {h4['figures']:,} figures",
        ),
        (
            "(8) hostile: peak RSS at 4x",
            f"{res['hostile_4x_peak_rss_mb']:.0f} MB",
            f"{res['hostile_4x_extra_rss_over_file']:.1f}x the file above the interpreter's "
            f"{h4['rss_after_imports'] / 1e6:.0f} MB (target < 4x); "
            f"{res['hostile_4x_extra_rss_per_figure_bytes']:.0f} bytes per figure",
        ),
    ]
    w = max(len(r[0]) for r in rows)
    for name, val, note in rows:
        print(f"{name:<{w}}  {val:<28}  {note}")
    (HERE / "results.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"\nwritten {HERE.relative_to(ROOT) / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

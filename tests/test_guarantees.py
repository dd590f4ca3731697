"""The README's guarantees, tried as a hostile user would, through the command line.

Every user-facing failure is one line, ``solieu: error: <what> (<file>)``, with exit status 2
and nothing half-written; outputs are replaced atomically, also against SIGKILL and concurrent
runs; CSV downloads are safe to open in a spreadsheet; published folders are world-readable.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import stat
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pytest

import solieu
from solieu.errors import SolieuError
from solieu.tables import FORMULA_PREFIXES, SIGNS_ONLY

from .conftest import FIXTURES, ROOT

SMALL = ["003_b0b016bded06befe.txt"]


def make_project(where: Path, reports: list[str] | None = None) -> Path:
    """A copy of the project's inputs (some or all seed reports, register, catalog)."""
    raw = where / "data" / "raw" / "reports"
    raw.mkdir(parents=True)
    names = reports or sorted(p.name for p in (ROOT / "data/raw/reports").glob("*.txt"))
    for n in names:
        shutil.copy(ROOT / "data/raw/reports" / n, raw / n)
    reg = pd.read_csv(ROOT / "data/raw/reports.csv", dtype=str, keep_default_na=False)
    reg[reg["file"].isin(names)].to_csv(where / "data/raw/reports.csv", index=False)
    for f in ("indicators.yml", "indicators.schema.json"):
        if (ROOT / "data" / f).exists():
            shutil.copy(ROOT / "data" / f, where / "data" / f)
    return where


@pytest.fixture
def project(tmp_path):
    return make_project(tmp_path / "proj", SMALL)


def run(*args, root: Path | None = None, timeout: float = 300, **kw):
    env = {**os.environ, **({"SOLIEU_ROOT": str(root)} if root else {})}
    env.pop("SOLIEU_MAX_REPORT_MB", None)
    return subprocess.run(
        [sys.executable, "-m", "solieu", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
        **kw,
    )


def one_error_line(r, *parts: str) -> str:
    """The run failed with exit status 2 and exactly one line ``solieu: error: ...``."""
    assert r.returncode == 2, (r.returncode, r.stdout, r.stderr)
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, r.stderr
    assert lines[0].startswith("solieu: error: ") and "Traceback" not in r.stderr
    for part in parts:
        assert part in lines[0], lines[0]
    return lines[0]


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def build_ok(project: Path, *extra) -> dict[str, bytes]:
    r = run("build", "--jobs", "1", *extra, root=project)
    assert r.returncode == 0, r.stderr
    return snapshot(project / "data/processed")


# -- 2. a build that finds no report never replaces the outputs ---------------------------------


@pytest.mark.parametrize("kind", ["missing", "a-file", "empty-folder"])
def test_build_with_no_reports_is_an_error_and_keeps_outputs(project, tmp_path, kind):
    before = build_ok(project)
    target = tmp_path / "elsewhere"
    if kind == "a-file":
        target.write_text("not a folder", encoding="utf-8")
    elif kind == "empty-folder":
        target.mkdir()
    r = run("build", "--jobs", "1", "--reports", target, root=project)
    one_error_line(r, str(target))
    assert snapshot(project / "data/processed") == before


# -- 3. errors cross process boundaries; a killed build leaves no workers -----------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_bad_report_in_a_build_is_named_with_any_number_of_jobs(project, jobs):
    before = build_ok(project)
    bad = project / "data/raw/reports/009_bad.txt"
    bad.write_bytes(b"T\xe1\xbb\x89nh \xff 12%")
    r = run("build", "--jobs", jobs, root=project)
    one_error_line(r, "is not valid UTF-8", f"at byte 7 ({bad})")
    assert snapshot(project / "data/processed") == before


def _descendants(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-eo", "pid=,ppid="], capture_output=True, text=True).stdout
    children: dict[int, list[int]] = {}
    for line in out.splitlines():
        p, pp = map(int, line.split())
        children.setdefault(pp, []).append(p)
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except OSError:
        return False


def test_killed_parallel_build_leaves_no_worker_running(tmp_path):
    proj = make_project(tmp_path / "proj")
    reports = proj / "data/raw/reports"
    for i in range(40):  # enough work for the workers to be busy when the build is killed
        shutil.copy(reports / "002_6248e89abf8ffdb9.txt", reports / f"1{i:02d}_copy.txt")
    env = {**os.environ, "SOLIEU_ROOT": str(proj)}
    p = subprocess.Popen(
        [sys.executable, "-m", "solieu", "build", "--jobs", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(workers) < 2:
        time.sleep(0.2)
        workers = _descendants(p.pid)
    assert len(workers) >= 2, "the build never started its workers"
    time.sleep(1.0)
    p.send_signal(signal.SIGKILL)
    p.wait()
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:
        os.kill(w, signal.SIGKILL)
    assert not left, f"workers still running after the build was killed: {left}"


# -- 4. one clear line instead of a traceback ---------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("yaml-syntax", "not valid YAML"),
        ("wrong-types", "entry 1"),
        ("not-utf8", "is not valid UTF-8"),
        ("missing", "cannot be read"),
        ("a-folder", "is a folder"),
    ],
)
def test_catalog_errors_are_one_line(project, kind, expected):
    before = build_ok(project)
    cat = project / "data/indicators.yml"
    if kind == "yaml-syntax":
        cat.write_text("- id: x\n  label_en: [unclosed\n", encoding="utf-8")
    elif kind == "wrong-types":
        cat.write_text("- id: 5\n  match: just text\n", encoding="utf-8")
    elif kind == "not-utf8":
        cat.write_bytes(b"- id: caf\xe9\n")
    elif kind == "missing":
        cat.unlink()
    else:
        cat.unlink()
        cat.mkdir()
    r = run("build", "--jobs", "1", root=project)
    one_error_line(r, expected, "indicators.yml")
    assert snapshot(project / "data/processed") == before


@contextmanager
def small_filesystem(where: Path, size_kb: int, read_only: bool = False):
    """A real file system of ``size_kb`` mounted at ``where`` (tmpfs; root only), or None."""
    where.mkdir(parents=True, exist_ok=True)
    opts = f"size={size_kb}k" + (",ro" if read_only else "")
    if os.geteuid() != 0 or not shutil.which("mount"):
        yield None
        return
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", opts, "tmpfs", str(where)], check=False)
    if done.returncode != 0:
        yield None
        return
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def test_disk_full_while_writing_is_one_line_and_keeps_outputs(project, tmp_path):
    with small_filesystem(tmp_path / "disk", 1024) as disk:
        if disk is not None:  # a real full disk: the outputs live on a 1 MB file system
            out = disk / "processed"
            r = run("build", "--jobs", "1", "--out", out, root=project)
            assert r.returncode == 0, r.stderr
            before = snapshot(out)
            free = shutil.disk_usage(disk).free
            (disk / "filler").write_bytes(b"x" * max(0, free - 8 * 1024))
            r = run("build", "--jobs", "1", "--out", out, root=project)
            one_error_line(r, "cannot write the output: No space left on device", f"({out})")
        else:  # not root: a file-size limit makes writes fail the same way (EFBIG)

            def small_files():
                signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
                resource.setrlimit(resource.RLIMIT_FSIZE, (8 * 1024, 8 * 1024))

            out = project / "data/processed"
            before = build_ok(project)
            r = run("build", "--jobs", "1", root=project, preexec_fn=small_files)
            one_error_line(r, "cannot write the output: File too large", f"({out})")
        assert snapshot(out) == before
        assert not [p for p in out.parent.iterdir() if "-tmp-" in p.name]


def test_read_only_output_folder_is_one_line(project, tmp_path):
    with small_filesystem(tmp_path / "ro", 64, read_only=True) as ro:
        if ro is None:  # not root: a folder without write permission does the same
            ro = tmp_path / "ro"
            os.chmod(ro, 0o555)
            if os.access(ro, os.W_OK):
                pytest.skip("cannot make a read-only folder here")
        r = run("build", "--jobs", "1", "--out", ro / "processed", root=project)
        one_error_line(r, "cannot write the output folder", str(ro))
        assert list(ro.iterdir()) == []


def test_file_name_that_is_not_utf8_is_processed_and_shown(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    name = os.fsencode(folder) + b"/b\xe1o c\xe1o.txt"
    with open(name, "wb") as fh:
        fh.write("Tỷ lệ đạt 45,5%.".encode())
    r = run("extract", folder)
    assert r.returncode == 0, r.stderr
    assert "b\\xe1o c\\xe1o.txt" in r.stdout and "45,5" in r.stdout


def test_score_with_only_the_required_gold_columns(tmp_path):
    gold = pd.read_csv(FIXTURES / "gold_seeds.csv", dtype=str, keep_default_na=False)
    small = tmp_path / "gold.csv"
    gold[["doc", "number", "start", "value"]].to_csv(small, index=False)
    r = run("score", small, ROOT / "data/raw/reports")
    assert r.returncode == 0, r.stderr
    assert "precision " in r.stdout and "recall " in r.stdout


def test_lone_surrogate_through_the_api_is_a_solieu_error():
    with pytest.raises(SolieuError, match="lone surrogate at character 4"):
        solieu.extract("Đạt \ud800 12%")
    assert issubclass(SolieuError, ValueError)


# -- 5. atomic publishing, against SIGKILL and concurrent runs ----------------------------------


def _whole(folder: Path) -> None:
    """A complete build: the data package and every file it lists."""
    pkg = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    for res in pkg["resources"]:
        assert (folder / res["path"]).is_file()
        assert (folder / res["path"].replace(".csv", ".parquet")).is_file()


def test_builds_killed_at_any_moment_leave_the_outputs_whole(tmp_path):
    proj = make_project(tmp_path / "proj", SMALL + ["002_6248e89abf8ffdb9.txt"])
    build_ok(proj)
    env = {**os.environ, "SOLIEU_ROOT": str(proj)}
    for delay in (1.0, 2.5, 4.0):  # from start-up to extracting, writing and swapping
        p = subprocess.Popen(
            [sys.executable, "-m", "solieu", "build", "--jobs", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        p.send_signal(signal.SIGKILL)
        p.wait()
        _whole(proj / "data/processed")
    build_ok(proj)  # the next run cleans up what the killed ones left
    left = [p.name for p in (proj / "data").iterdir() if p.name.startswith(".processed")]
    assert not [n for n in left if "-tmp-" in n or "-link-" in n]
    assert len([n for n in left if "-v-" in n]) <= 2  # the current version and the one before


def test_an_interrupted_swap_is_recovered_by_the_next_run(project):
    build_ok(project)
    out = project / "data/processed"
    version = out.resolve()
    out.unlink()  # killed after the new version was complete, before the link was made
    (project / "data" / ".processed-tmp-dead").mkdir()  # and a half-written one
    r = run("build", "--jobs", "1", "--reports", project / "none", root=project)
    assert r.returncode == 2  # an error; the outputs come back all the same
    assert out.resolve() == version
    _whole(out)
    assert not (project / "data" / ".processed-tmp-dead").exists()


def test_concurrent_builds_both_succeed_and_leave_one_whole_output(project):
    env = {**os.environ, "SOLIEU_ROOT": str(project)}
    cmd = [sys.executable, "-m", "solieu", "build", "--jobs", "1"]
    procs = [subprocess.Popen(cmd, env=env, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    _whole(project / "data/processed")


# -- 6. CSV downloads are safe in a spreadsheet; Parquet stays exact ----------------------------


def test_csv_text_cells_never_start_a_formula_and_parquet_is_exact(tmp_path):
    proj = make_project(tmp_path / "proj")
    reg = pd.read_csv(proj / "data/raw/reports.csv", dtype=str, keep_default_na=False)
    reg.loc[0, "url"] = "javascript:alert(1)"
    reg.loc[1, "url"] = "https://example.org/bai-viet"
    reg.to_csv(proj / "data/raw/reports.csv", index=False)
    build_ok(proj)
    out = proj / "data/processed"
    risky_in_parquet = 0
    for csv_path in out.glob("*.csv"):
        df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
        for c in df.columns:
            bad = df[c][df[c].str.startswith(FORMULA_PREFIXES)]
            numeric = pd.to_numeric(bad, errors="coerce").notna()
            signs = bad.str.fullmatch(SIGNS_ONLY)  # a qualifier such as '=' runs nothing
            assert bad[~numeric & ~signs].empty, (csv_path.name, c, list(bad[~numeric])[:3])
        raw = pd.read_parquet(csv_path.with_suffix(".parquet"))
        if "qualifier" in raw.columns:  # the contract's vocabulary reads back exactly
            assert df["qualifier"].tolist() == raw["qualifier"].fillna("").tolist(), csv_path.name
        for c in raw.columns:
            if raw[c].dtype.kind not in "iufbM" and str(raw[c].dtype) != "boolean":
                risky_in_parquet += raw[c].astype("string").str.startswith("-").fillna(False).sum()
    assert risky_in_parquet > 0  # the seeds' "-0" caption context is kept exactly in Parquet
    skipped = pd.read_csv(out / "skipped.csv", dtype=str, keep_default_na=False)
    assert skipped["context"].str.startswith("'-").any()
    pkg = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    paths = [s.get("path") for s in pkg["sources"]]
    assert "https://example.org/bai-viet" in paths
    assert all(p is None or p.startswith(("http://", "https://")) for p in paths)
    assert "single quote" in pkg["description"]


# -- 7. permissions, files that are not regular, size limit -------------------------------------


def test_published_outputs_are_world_readable_whatever_the_umask(project):
    r = run("build", "--jobs", "1", root=project, preexec_fn=lambda: os.umask(0o077))
    assert r.returncode == 0, r.stderr
    out = (project / "data/processed").resolve()
    assert stat.S_IMODE(out.stat().st_mode) == 0o755
    modes = {stat.S_IMODE(p.stat().st_mode) for p in out.iterdir()}
    assert modes == {0o644}


def test_fifo_given_as_a_report_is_refused_not_read(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    r = run("extract", fifo, timeout=60)
    one_error_line(r, "is not a regular file", str(fifo))


def test_report_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("Đạt 12%. " * 20000, encoding="utf-8")
    r = run("extract", big, "--max-mb", "0.1")
    one_error_line(r, "is larger than the limit", str(big))
    assert run("extract", big).returncode == 0

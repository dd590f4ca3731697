"""The project's own files: dependencies, Makefile, ignores, CI."""

import re
import subprocess

import tomllib
import yaml

from .conftest import ROOT


def _name(req: str) -> str:
    return re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].strip().lower()


def test_environment_yml_has_every_dependency():
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    deps = [_name(d) for d in py["dependencies"]]
    for extra in py["optional-dependencies"].values():
        deps += [_name(d) for d in extra]
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    assert "conda-forge" in env["channels"]
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    names = {_name(d) for d in [*env["dependencies"], *pip] if isinstance(d, str)}
    # conda-forge names the Quarto package "quarto"; PyPI's is "quarto-cli"
    missing = [d for d in deps if d not in names and not (d == "quarto-cli" and "quarto" in names)]
    assert not missing, f"environment.yml lacks {missing}"
    assert "-e ." in pip


def test_quarto_is_optional_and_not_locked():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8").lower()
    assert "quarto" not in lock
    py = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert not any(_name(d) == "quarto-cli" for d in py["dependencies"])
    assert any(_name(d) == "quarto-cli" for d in py["optional-dependencies"]["publish"])


def test_lock_pins_exact_versions():
    lines = [
        ln.split("#")[0].strip()
        for ln in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
    ]
    reqs = [ln for ln in lines if ln]
    assert len(reqs) > 50 and all("==" in r for r in reqs)


def test_makefile_is_self_documenting():
    mk = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert ".DEFAULT_GOAL := help" in mk
    for target in ("site", "test", "data", "notebooks", "bench", "clean", "help"):
        assert re.search(rf"^{target}:.*## .+", mk, re.M), target


def test_generated_outputs_are_ignored():
    # the output links, their versions, temporary folders and locks, caches
    paths = [
        "data/processed", "data/.processed-v-0123", "data/.processed-tmp-0123",
        "data/.processed.lock", "reports", ".reports-v-0123", ".reports.lock", ".quarto",
        ".venv",
    ]  # fmt: skip
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", *paths], cwd=ROOT, capture_output=True, text=True
    )
    assert sorted(done.stdout.split()) == sorted(paths)
    assert subprocess.run(
        ["git", "check-ignore", "--no-index", "data/raw/reports/000_x.txt"], cwd=ROOT
    ).returncode  # the raw reports are not ignored


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in ci and re.search(r"^make test$", ci, re.M)
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_make_lab_serves_jupyterlab_on_the_notebooks(tmp_path):
    # as root (CI, containers) Jupyter refuses to start without --allow-root: make lab passes it
    import os
    import signal
    import time
    import urllib.request

    log = tmp_path / "lab.log"
    args = (
        "--no-browser --ServerApp.ip=127.0.0.1 --ServerApp.port=0 --ServerApp.token= "
        f"--ServerApp.runtime_dir={tmp_path}"
    )
    with open(log, "w") as out:
        proc = subprocess.Popen(
            ["make", "-s", "lab", f"LAB_ARGS={args}"],
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        url = None
        for _ in range(600):
            m = re.search(r"http://127\.0\.0\.1:\d+/lab", log.read_text(encoding="utf-8"))
            if m or proc.poll() is not None:
                url = m and m.group(0)
                break
            time.sleep(0.1)
        assert url, log.read_text(encoding="utf-8")[-2000:]
        page = urllib.request.urlopen(url, timeout=30).read().decode("utf-8")
        assert "JupyterLab" in page
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)

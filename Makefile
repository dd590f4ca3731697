# solieu: every task of the project. `make` (or `make help`) lists them.
# The first target that needs Python creates .venv from requirements.lock by itself;
# later runs reinstall only when the lock or pyproject.toml changed.

PYTHON_BOOT ?= python3
VENV        := .venv
PY          := $(VENV)/bin/python
STAMP       := $(VENV)/.installed
# pip's extra local indexes on some machines print one warning per package; hide only those.
PIP_QUIET   := 2>&1 | grep -v "is ignored: it is neither a file nor a directory" || true

.DEFAULT_GOAL := help
.PHONY: help install lint format test test-lib test-notebooks test-browser data site notebooks lab bench lock clean browser-deps add

help: ## list the tasks
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || $(PYTHON_BOOT) -m venv $(VENV)
	@echo "installing the pinned environment into $(VENV) (requirements.lock)"
	@$(PY) -m pip install -q --upgrade pip $(PIP_QUIET)
	@$(PY) -m pip install -q -r requirements.lock $(PIP_QUIET)
	@$(PY) -m pip install -q --no-deps -e . $(PIP_QUIET)
	@$(PY) -c "import solieu, pandas, nbval, playwright" && touch $(STAMP)

install: $(STAMP) ## create .venv from the lock file and install solieu editable

lock: ## refresh requirements.lock from pyproject.toml (needs network; review the diff)
	$(PY) -m pip install -q uv $(PIP_QUIET)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
	    --no-header --annotation-style line -o requirements.lock

lint: $(STAMP) ## ruff check and ruff format --check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP) ## apply ruff format and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

data: $(STAMP) ## extract figures and build data/processed/ (CSV, Parquet, datapackage.json)
	$(PY) -m solieu build

add: $(STAMP) ## add reports: make add SOURCE="URL or file.html/.pdf/.docx/.txt ..." [ARGS="--dry-run"]
	@test -n "$(SOURCE)" || { echo 'usage: make add SOURCE="https://... or path/to/report.pdf" [ARGS="--dry-run --title ..."]'; exit 2; }
	$(PY) -m solieu add $(ARGS) $(SOURCE)

notebooks: $(STAMP) data ## re-execute every notebook in place: the ONLY way stored outputs change
	$(PY) -m solieu notebooks

lab: $(STAMP) ## open JupyterLab from .venv on notebooks/ (each .ipynb paired with a py:percent script)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

site: $(STAMP) data ## render the report site into reports/ (quarto if on PATH, else the Python fallback)
	$(PY) -m solieu site --auto

browser-deps: ## install Debian chromium for the browser test (root only; no-op when present)
	@bash .ci/browser-deps.sh

test: $(STAMP) lint browser-deps site ## run every test: lint, library tests, nbval over notebooks, browser test
	$(PY) -m pytest tests
	$(PY) -m pytest --nbval notebooks/ --nbval-sanitize-with tests/nbval_sanitize.cfg -p no:cacheprovider

bench: $(STAMP) ## benchmark extraction speed, memory and parallel builds (prints a table)
	$(PY) bench/run.py

clean: ## remove generated outputs (keeps .venv)
	rm -rf data/processed reports .quarto .pytest_cache .hypothesis bench/results.json bench/_corpus \
	    indicators sources provinces _generated

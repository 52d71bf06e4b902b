# stanceviz — two commands set up and run everything on a fresh machine:
#   make figures   create .venv, install, execute every notebook headless, write figures/
#   make test      create .venv, install, run the test suite (unit tests + notebook execution)

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= data/raw
OUT    ?= figures

.DEFAULT_GOAL := help
.PHONY: help venv figures test lab clean benchmarks

help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "}; {printf "  make %-11s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

venv: $(STAMP) ## Create .venv and install stanceviz with its dev extras (re-runs only when pyproject.toml changes)

figures: $(STAMP) ## Execute every notebook headless on the bundled corpus and write figures/
	$(BIN)/stanceviz figures --corpus $(CORPUS) --out $(OUT)

test: $(STAMP) ## Run the test suite (unit tests and notebook execution)
	$(BIN)/python -m pytest

benchmarks: $(STAMP) ## Run the benchmark scripts (print measured ratios)
	@for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

lab: $(STAMP) ## Serve JupyterLab on localhost only (token auth), in notebooks/
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --no-browser --notebook-dir=notebooks

clean: ## Remove the virtualenv, caches and derived data (figures/ and data/raw/ are kept)
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .hypothesis data/processed data/interim
	find . -name __pycache__ -type d -prune -exec rm -rf {} +

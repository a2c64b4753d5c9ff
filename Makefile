# pilot-eval — `make help` lists the targets. The README's two commands are the contract:
#   make report   set up, then run every demo study; prints the path of reports/index.html
#   make test     set up, then run the test suite
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STUDIES ?= data
# one BLAS thread per test worker, as the pipeline pins its kernels (analysis/face/pipeline.py):
# two workers on two cores, and threaded BLAS on top only burns CPU spinning
TEST_ENV := OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

.DEFAULT_GOAL := help
.PHONY: help setup report test test-fast validate lint format typecheck contract lab lock environment demo-data benchmark clean clean-reports

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml requirements.lock
	@if [ -z "$(PYTHON)" ]; then echo "error: Python 3.11 not found (need python3.11 or python3 on PATH)"; exit 1; fi
	@$(PYTHON) -c 'import sys; v=sys.version_info[:2]; sys.exit(0 if v==(3,11) else "error: pilot-eval needs Python 3.11, found %d.%d (set PYTHON=/path/to/python3.11)" % v)'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "Installing dependencies into $(VENV) (pinned by requirements.lock) ..."
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	@$(BIN)/python scripts/ensure_fonts.py
	@touch $(STAMP)

setup: $(STAMP) ## create/refresh the virtual environment (.venv)

report: $(STAMP) ## run all demo studies and publish reports/ (prints the index path)
	@$(BIN)/pilot-eval run $(STUDIES) --reports reports --pdf

test: $(STAMP) ## run the test suite (two workers; each test file stays on one worker, heaviest first)
	@$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder

test-fast: $(STAMP) ## tests without the slow ones (simulations, end-to-end)
	@$(TEST_ENV) $(BIN)/python -m pytest -n 2 --dist loadfile --no-loadscope-reorder -m "not slow"

validate: $(STAMP) ## validate every study under data/
	@$(BIN)/pilot-eval validate $(STUDIES)

lint: $(STAMP) ## ruff over the code and the notebook sources
	@$(BIN)/ruff check analysis tests scripts benchmarks notebooks

format: $(STAMP) ## ruff format
	@$(BIN)/ruff format analysis tests scripts benchmarks

typecheck: $(STAMP) ## mypy on analysis/core, intake and results (config in pyproject.toml)
	@$(BIN)/mypy analysis/core analysis/intake analysis/results

contract: $(STAMP) ## the import contract and size limits (tests/test_architecture.py)
	@$(BIN)/python -m pytest -q tests/test_architecture.py

# JupyterLab with this project's defaults, the user's own configuration untouched: the
# project root served, the file browser opened in notebooks/, and Python files opened as
# Jupytext notebooks (jupyter/lab-settings/overrides.json is read as the application
# settings; a user setting of the default viewers still wins). LAB_ARGS: more options.
LAB_SETTINGS := $(CURDIR)/jupyter/lab-settings
lab: $(STAMP) ## open the notebooks in JupyterLab (notebooks/*.py open as notebooks)
	@$(BIN)/jupyter lab --notebook-dir=. --FileContentsManager.preferred_dir=notebooks \
	  --LabApp.app_settings_dir=$(LAB_SETTINGS) \
	  $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

demo-data: $(STAMP) ## regenerate the synthetic demo studies from their seeds
	@$(BIN)/python scripts/make_demo_data.py

lock: ## re-resolve dependencies in a fresh venv and rewrite requirements.lock + environment.yml
	@rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	@.lock-venv/bin/python -m pip install --quiet -e '.[dev]'
	@.lock-venv/bin/python -m pip freeze --exclude-editable | grep -v '^pilot-eval' > requirements.lock
	@rm -rf .lock-venv
	@$(MAKE) environment

environment: $(STAMP) ## regenerate environment.yml from pyproject.toml + requirements.lock
	@$(BIN)/python scripts/sync_environment.py

benchmark: $(STAMP) ## run the benchmarks (prints ratios)
	@for f in benchmarks/*.py; do [ -e "$$f" ] && $(BIN)/python "$$f"; done; true

clean-reports: ## delete published reports
	@find reports -mindepth 1 ! -name README.md ! -name .gitkeep -exec rm -rf {} +

clean: clean-reports ## delete the virtual environment and caches
	@rm -rf $(VENV) .pytest_cache .ruff_cache test-artifacts

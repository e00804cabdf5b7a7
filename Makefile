# One task runner for people and CI. `make demo` and `make test` install everything they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed

.PHONY: install demo test lint format typecheck contracts pytest schemas docs synthetic-plan bench-compute lock clean

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(INSTALLED)

install: $(INSTALLED)

demo: install
	$(BIN)/scorecard demo

test: install lint typecheck contracts pytest

lint: install
	$(BIN)/ruff check src tests tools benchmarks
	$(BIN)/ruff format --check src tests tools benchmarks

format: install
	$(BIN)/ruff format src tests
	$(BIN)/ruff check --fix src tests

# The domain core and the plan-file reader are checked strictly; the adapters normally.
typecheck: install
	$(BIN)/mypy src
	$(BIN)/mypy --strict src/scorecard/domain src/scorecard/planfiles

contracts: install
	$(BIN)/lint-imports

pytest: install
	$(BIN)/python -m pytest

schemas: install
	$(BIN)/scorecard plan schema --out docs/schemas

# Pages generated from definitions: the plan file schemas and the extract contracts.
docs: schemas
	$(BIN)/python -c "from scorecard.compute.contracts import contracts_markdown; import sys; sys.stdout.write(contracts_markdown())" > docs/extracts.md
	$(BIN)/python -c "from scorecard.compute.recipes.docs import recipes_markdown; import sys; sys.stdout.write(recipes_markdown())" > docs/recipes.md

# The bundled synthetic plan: the West Sussex catalogue with figures computed from synthetic extracts.
synthetic-plan: install
	$(BIN)/python tools/build_synthetic_plan.py

# The compute benchmark: the product against plain pandas and a bare DuckDB scan, on national-scale
# synthetic extracts (written once to data/bench/); writes docs/performance.md. Takes a few minutes.
bench-compute: install
	$(BIN)/python benchmarks/bench_compute.py

# Re-resolve the pinned versions after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/scorecard-lock && $(PYTHON) -m venv /tmp/scorecard-lock
	/tmp/scorecard-lock/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	/tmp/scorecard-lock/bin/pip freeze --exclude send-scorecard | sort -f > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

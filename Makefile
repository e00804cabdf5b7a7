# One task runner for people and CI. `make demo` and `make test` install everything they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
SCSS := src/scorecard/web/dashboard/scss
ASSETS_OUT := src/scorecard/web/dashboard/static/dashboard/govuk
ASSETS_BUILT := $(ASSETS_OUT)/.built
GOVUK_FRONTEND := node_modules/govuk-frontend/dist/govuk

.PHONY: install assets demo test test-postgres lint format typecheck contracts pytest schemas docs synthetic-plan bench-compute bench-web lock clean

$(INSTALLED): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(INSTALLED)

install: $(INSTALLED) $(ASSETS_BUILT)

# The dashboard's CSS and GOV.UK Frontend's JavaScript and images (not its fonts), built from
# package-lock.json and the scss into the dashboard's static folder (not committed; docs/design.md).
# The stamp is inside the built folder, so removing the folder rebuilds it.
$(ASSETS_BUILT): package.json package-lock.json $(wildcard $(SCSS)/*.scss)
	npm ci --no-audit --no-fund
	rm -rf $(ASSETS_OUT)
	mkdir -p $(ASSETS_OUT)/assets
	node_modules/.bin/sass --load-path=node_modules --style=compressed --no-source-map $(SCSS)/app.scss $(ASSETS_OUT)/app.css
	@if grep -q -e 'GDS Transport' -e '@font-face' $(ASSETS_OUT)/app.css; then \
	  echo "$(ASSETS_OUT)/app.css has GDS Transport or @font-face: set \$$govuk-font-family in $(SCSS)/app.scss" >&2; \
	  rm $(ASSETS_OUT)/app.css; exit 1; fi
	cp $(GOVUK_FRONTEND)/govuk-frontend.min.js $(ASSETS_OUT)/
	cp -R $(GOVUK_FRONTEND)/assets/images $(ASSETS_OUT)/assets/
	touch $@

assets: $(ASSETS_BUILT)

demo: install
	$(BIN)/scorecard demo

test: install lint typecheck contracts pytest test-postgres

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

# Tests run in parallel, one worker per core (at most 4): pytest-xdist. `make pytest WORKERS=0`
# runs them in this process, one after another.
WORKERS ?= auto
export WORKERS

pytest: install
	$(BIN)/python -m pytest -n $(WORKERS) --maxprocesses=4

# The store and web page tests again on PostgreSQL (a throwaway server on loopback).
test-postgres: install
	tools/test_postgres.sh

schemas: install
	$(BIN)/scorecard plan schema --out docs/schemas

# Pages generated from definitions: the plan file schemas and the extract contracts.
docs: schemas
	$(BIN)/python -c "from scorecard.compute.contracts import contracts_markdown; import sys; sys.stdout.write(contracts_markdown())" > docs/extracts.md
	$(BIN)/python -c "from scorecard.compute.recipes.docs import recipes_markdown; import sys; sys.stdout.write(recipes_markdown())" > docs/recipes.md
	$(BIN)/python -c "from scorecard.compute.recipes.docs import recipes_in_words_json; import sys; sys.stdout.write(recipes_in_words_json())" > src/scorecard/compute/recipes/in_words.json

# The bundled synthetic plan: the West Sussex catalogue with figures computed from synthetic extracts.
synthetic-plan: install
	$(BIN)/python tools/build_synthetic_plan.py

# The compute benchmark: the product against plain pandas and a bare DuckDB scan, on national-scale
# synthetic extracts (written once to data/bench/); writes docs/performance.md. Takes a few minutes.
bench-compute: install
	$(BIN)/python benchmarks/bench_compute.py

# The web benchmark: the overview and a metric page served by gunicorn as in production, against
# the same HTML served as a static file, under wrk on this machine (Debian: apt-get install wrk);
# writes the Web section of docs/performance.md. Takes about four minutes.
bench-web: install
	$(BIN)/python benchmarks/bench_web.py

# Re-resolve the pinned versions after changing dependencies in pyproject.toml.
lock:
	rm -rf /tmp/scorecard-lock && $(PYTHON) -m venv /tmp/scorecard-lock
	/tmp/scorecard-lock/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	/tmp/scorecard-lock/bin/pip freeze --exclude send-scorecard | sort -f > requirements.lock

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis

# The two commands a newcomer needs: `make run` and `make test`. Everything else is their parts.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo only: staff sign in with a password alone unless TWO_FACTOR_REQUIRED=true make run
# (its users are pre-enrolled: demo_banner prints the key). Everywhere else it is on.
TWO_FACTOR_REQUIRED ?= false

.PHONY: run test setup deps runtime-deps assets static migrate demo lint format check bench loadtest screenshots clean backup restore restore-drill

## make run: set up everything, start the web server and a Celery worker, load the demo council.
## The two installs run side by side, then the migrations beside the CSS build (-j3); the demo
## loads in the worker's slot of Procfile.dev while the web server already answers, and the
## worker starts once it is in (one SQLite writer at a time).
run:
	@$(MAKE) --no-print-directory -j3 assets migrate
	@TWO_FACTOR_REQUIRED=$(TWO_FACTOR_REQUIRED) $(PY) manage.py demo_banner --port $(PORT)
	@# Ctrl+C is how you stop it: honcho's exit status 130 then is not an error for make.
	DEBUG=true TWO_FACTOR_REQUIRED=$(TWO_FACTOR_REQUIRED) SITE_URL=http://$(HOST):$(PORT) HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev || [ $$? -eq 130 ]

## make test: the whole suite (SQLite by default; DATABASE_URL and CELERY_BROKER_URL switch),
## in three pytest-xdist processes over the two cores (the tests wait on PostgreSQL, workers,
## browsers and subprocesses: a third process took the suite from 376 s to 284 s, a fourth
## only to 271 s): each process has its own test database (test_NAME_gw0,
## var/test.sqlite3_gw0) and Celery queue (config/settings.py); tests marked xdist_group share
## one process (a module-wide fixture built once). PYTEST_WORKERS=0 runs in one process.
PYTEST_WORKERS ?= 3
test: setup
	scripts/ensure-chromium
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

setup: deps assets

deps: $(VENV)/.synced
# `make run` needs only what the product runs on: the test and lint tools (playwright, faker,
# hypothesis, mypy, schemathesis...) are installed by the first command that needs them, which
# took a fresh clone's install from 14 to 8 s of CPU.
runtime-deps: $(VENV)/.synced-runtime
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile
# every imported dependency from source in each process (about 11 s of a 15 s command).
define venv_sync
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv sync --frozen --inexact --compile-bytecode --python $(PY) $(1)
endef
$(VENV)/.synced: uv.lock pyproject.toml Makefile
	$(call venv_sync,)
	touch $@ $(VENV)/.synced-runtime
$(VENV)/.synced-runtime: uv.lock pyproject.toml Makefile
	$(call venv_sync,--no-dev)
	touch $@

assets: build/css/app.css
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
build/css/app.css: node_modules/.package-lock.json $(wildcard scss/*.scss)
	npm run -s build:css

migrate: runtime-deps
	$(PY) manage.py migrate --noinput -v 0

demo: runtime-deps
	$(PY) manage.py demo_load --if-empty

## make lint: style, the one-way import layers (import-linter) and types (mypy).
lint: deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

format: deps
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

## Django's own checks, the migrations are up to date, and production settings pass --deploy
## (production counts rate limits in Redis: CACHE_URL names one; check does not connect to it).
check: deps
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run
	PRODUCTION=true SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))') ALLOWED_HOSTS=feedback.example.gov.uk CACHE_URL=redis://127.0.0.1:6379/2 \
		$(PY) manage.py check --deploy --fail-level WARNING

## make bench: figures for the officer list, the public form, letters and reports (never fails on time).
## Its own SQLite file unless DATABASE_URL is set, so the demo's database is left alone.
## BENCH_ARGS="--cases 1000000" for a million.
bench: setup
	export DATABASE_URL=$${DATABASE_URL:-sqlite:///$(CURDIR)/var/bench.sqlite3}; \
	$(PY) manage.py migrate --noinput -v 0 && $(PY) manage.py bench $(BENCH_ARGS)

## make loadtest: gunicorn with the production settings on a scratch PostgreSQL database (DROPPED
## and made again: LOADTEST_DATABASE_URL), Redis (LOADTEST_REDIS_URL), 2,000 public submissions
## from 50 concurrent clients through the API and the whole form. Prints throughput and p50/p95;
## fails only if a count is wrong. LOADTEST_ARGS="--submissions 200 --celery-worker" and so on.
loadtest: setup
	$(PY) manage.py loadtest $(LOADTEST_ARGS)

## make screenshots: PNGs of every page the README lists, at 1280 and 375 px, in var/screenshots/.
screenshots: setup migrate demo
	scripts/ensure-chromium
	$(PY) manage.py screenshots --out var/screenshots

## make backup: database (pg_dump, or SQLite's online backup) and media into var/backups/<time>/.
## make restore BACKUP=var/backups/<time>: into the configured EMPTY database and media folder.
## make restore-drill: back up, restore into a scratch database and folder, check every file.
backup: runtime-deps
	$(PY) manage.py backup
restore: runtime-deps
	$(PY) manage.py restore $(BACKUP)
restore-drill: runtime-deps
	$(PY) manage.py restore_drill

clean:
	rm -rf $(VENV) node_modules build var

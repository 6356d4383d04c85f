# The two commands a newcomer needs: `make run` and `make test`. Everything else is their parts.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
UV_VERSION := 0.13.9
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test setup deps assets static migrate demo lint format check bench clean backup restore restore-drill

## make run: set up everything, load the demo council, start the web server and a Celery worker.
run: setup migrate demo
	@$(PY) manage.py demo_banner --port $(PORT)
	DEBUG=true SITE_URL=http://$(HOST):$(PORT) HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/honcho start -f Procfile.dev

## make test: the whole suite (SQLite by default; DATABASE_URL and CELERY_BROKER_URL switch).
test: setup
	scripts/ensure-chromium
	$(PY) manage.py collectstatic --noinput -v 0
	$(PY) -m pytest $(PYTEST_ARGS)

setup: deps assets

deps: $(VENV)/.synced
# --compile-bytecode: where PYTHONDONTWRITEBYTECODE is set, Python would otherwise compile
# every imported dependency from source in each process (about 11 s of a 15 s command).
$(VENV)/.synced: uv.lock pyproject.toml Makefile
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip
	$(PY) -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(VENV)/bin/uv sync --frozen --inexact --compile-bytecode --python $(PY)
	touch $@

assets: build/css/app.css
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
build/css/app.css: node_modules/.package-lock.json $(wildcard scss/*.scss)
	npm run -s build:css

migrate: deps
	$(PY) manage.py migrate --noinput -v 0

demo: deps
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

## make backup: database (pg_dump, or SQLite's online backup) and media into var/backups/<time>/.
## make restore BACKUP=var/backups/<time>: into the configured EMPTY database and media folder.
## make restore-drill: back up, restore into a scratch database and folder, check every file.
backup: deps
	$(PY) manage.py backup
restore: deps
	$(PY) manage.py restore $(BACKUP)
restore-drill: deps
	$(PY) manage.py restore_drill

clean:
	rm -rf $(VENV) node_modules build var

# The targets here are exactly what CI runs (see .ci/run).
# Development targets run with DEBUG=true, which also lets settings read a `.env` file (see
# .env.example); manage.py itself has no DEBUG default, so cron and bare shells get production's checks.
# HOST and PORT reach the processes too: without SITE_URL, development links point at this server
# (payloads are rendered by load_demo, so it gets them as well as runserver).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help venv install install-dev run demo test test-stack lint check bench clean

help:
	@echo "make run    - set up, load the demo corpus and serve http://$(HOST):$(PORT)"
	@echo "make test   - lint, checks and the whole test suite"
	@echo "make test-stack - the production-stack tests alone (nginx + gunicorn + Redis + PostgreSQL)"
	@echo "make bench  - load benchmark (PostgreSQL + gunicorn + wrk)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

demo: install
	mkdir -p var
	DEBUG=true $(PY) manage.py migrate --noinput
	DEBUG=true HOST=$(HOST) PORT=$(PORT) $(PY) manage.py load_demo

run: demo
	DEBUG=true HOST=$(HOST) PORT=$(PORT) $(PY) manage.py runserver $(HOST):$(PORT)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

check: install-dev
	DEBUG=true $(PY) manage.py check
	DEBUG=true $(PY) manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-secret-value ALLOWED_HOSTS=exodus.example SITE_URL=https://exodus.example \
		CACHE_URL=redis://127.0.0.1:6379/0 $(PY) manage.py check --deploy --fail-level WARNING

test: lint check
	$(PY) -m pytest

# Production's shape (tests/stack/): gunicorn with two workers and DEBUG off, Redis as the cache
# (TEST_REDIS_URL, default database 5), a withdrawal seen by both workers at once; and nginx with
# deploy/nginx in front of gunicorn with deploy/gunicorn.conf.py serving baked pages (publish,
# redact, withdraw through nginx). Needs PostgreSQL and nginx; `make test` on PostgreSQL (CI's
# second leg) runs them too; about a minute.
STACK_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
test-stack: install-dev
	DATABASE_URL=$(STACK_DATABASE_URL) $(PY) -m pytest -m stack -rs tests/stack

# Not part of `make test` or CI. Needs PostgreSQL on 127.0.0.1:5432 (user postgres) and wrk;
# takes about 15 minutes. Options: make bench BENCH_ARGS="--sizes demo --duration 5" (see --help).
bench: install
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq && apt-get install -y -qq wrk; \
		else \
			echo "make bench needs wrk: sudo apt-get install wrk (Debian/Ubuntu), then run make bench again."; exit 1; \
		fi; }
	$(PY) bench/run.py $(BENCH_ARGS)
	$(PY) bench/mentions.py

clean:
	rm -rf $(VENV) var .pytest_cache test-artifacts

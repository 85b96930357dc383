# The two commands: `make run` and `make test`. Everything else supports them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DEV_ENV := DEBUG=1
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-postgres lint format migrate load prod-check clean messages

# A venv with the runtime requirements, rebuilt when requirements.txt changes.
$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

# The same venv plus the test tools, and axe-core (npm) for the accessibility checks.
$(VENV)/.test: $(VENV)/.runtime requirements-test.txt package.json
	$(PY) -m pip install --quiet -r requirements-test.txt
	if command -v npm >/dev/null; then npm install --no-audit --no-fund --silent; fi
	touch $@

# The site, and beside it the task worker that sends its emails; stopping the site stops both.
run: $(VENV)/.runtime
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py load_library
	$(DEV_ENV) $(PY) manage.py load_red_flags
	$(DEV_ENV) $(PY) manage.py db_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.test
	$(PY) -m pytest

# The suite against the PostgreSQL server on this machine (CI runs this too).
test-postgres: $(VENV)/.test
	DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test} $(PY) -m pytest

# Django's deployment checklist with production settings: must print no issue at all. Uses the
# production variables of this shell where set; a throwaway SECRET_KEY and host otherwise.
prod-check: $(VENV)/.runtime
	DEBUG=0 \
	SECRET_KEY="$${SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-library.example.org}" \
	CSRF_TRUSTED_ORIGINS="$${CSRF_TRUSTED_ORIGINS:-https://library.example.org}" \
	$(PY) manage.py check --deploy --fail-level WARNING

lint: $(VENV)/.test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.test
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# The interface catalogs (README, "Translations"): gather every marked sentence into
# locale/{fr,es}/LC_MESSAGES/django.po (needs GNU gettext: apt-get install gettext), then compile
# the .mo files with polib. Commit both; a fresh machine needs neither step.
MESSAGES_IGNORE := -i .venv -i node_modules -i staticfiles -i tests -i media -i private-media
messages: $(VENV)/.test
	$(DEV_ENV) $(PY) manage.py makemessages -l fr -l es --no-wrap --no-obsolete --add-location=file $(MESSAGES_IGNORE)
	$(DEV_ENV) $(PY) manage.py compile_translations

clean:
	rm -rf $(VENV) node_modules staticfiles .pytest_cache .ruff_cache

# Benchmarks (tests/perf/bench.py; README, "Performance"): a throwaway 10,000-routine site under
# gunicorn with production settings, measured against a bare Django view; prints one table and
# writes bench-results.json. `make bench ARGS=--quick` takes under two minutes; DATABASE_URL=
# postgres://… runs it on PostgreSQL. Installs Debian's wrk and ffmpeg first when missing.
.PHONY: bench
bench: $(VENV)/.runtime
	@command -v wrk >/dev/null && command -v ffmpeg >/dev/null || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get update -qq && $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk ffmpeg; }
	$(PY) -m tests.perf.bench $(ARGS)

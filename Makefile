# aduan: `make run` installs and serves the demo, `make test` installs and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
LAPOR_PORT ?= 8001
export DJANGO_SETTINGS_MODULE := aduan.settings

.PHONY: run test install browser imap-server lint fmt typecheck migrations-check pytest pytest-postgres messages bench bench-web clean

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "aduan needs Python 3.11 or newer (set PYTHON=python3.11)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# The e2e tests (tests/e2e, marker e2e) drive Debian's chromium through Playwright; Playwright's
# own browser download does not work on these machines. ADUAN_CHROMIUM points elsewhere.
CHROMIUM := $(or $(ADUAN_CHROMIUM),/usr/bin/chromium)
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ -z "$(ADUAN_CHROMIUM)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else \
		echo "The browser tests need Chromium at $(CHROMIUM). Install it as root"; \
		echo "(apt-get install chromium) or set ADUAN_CHROMIUM to a Chromium binary."; \
		exit 1; \
	fi

# The email-in tests (aduan/integrations/email) start their own Dovecot IMAP server on
# 127.0.0.1, as the browser tests use chromium; ADUAN_DOVECOT points elsewhere.
DOVECOT := $(or $(ADUAN_DOVECOT),/usr/sbin/dovecot)
imap-server:
	@if [ -x "$(DOVECOT)" ]; then :; \
	elif [ -z "$(ADUAN_DOVECOT)" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "== installing Debian's Dovecot for the email-in tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd; \
	else \
		echo "The email-in tests need Dovecot at $(DOVECOT). Install it as root"; \
		echo "(apt-get install dovecot-imapd) or set ADUAN_DOVECOT to a dovecot binary."; \
		exit 1; \
	fi

run: install
	$(BIN)/aduan migrate --noinput
	$(BIN)/aduan createcachetable
	$(BIN)/aduan collectstatic --noinput --verbosity 0
	$(BIN)/aduan load_reference
	$(BIN)/aduan seed_demo --url http://127.0.0.1:$(PORT)/
	@echo "aduan is serving on http://127.0.0.1:$(PORT)/ with its worker and a demo SP4N-LAPOR! on 127.0.0.1:$(LAPOR_PORT)  (Ctrl-C stops all)"
	@# The worker (notifications, clocks) runs beside gunicorn and stops with it (SIGTERM).
	@# Links in messages point at this server unless SITE_URL says otherwise (docs/configuration.md);
	@# ADUAN_DEMO: the channel simulator (/konsol/simulator/) and its webhook secrets, and the fake
	@# SP4N-LAPOR! (docs/lapor.md) that the worker talks to, unless ADUAN_LAPOR_URL names a real one.
	export SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} ADUAN_DEMO=1 ADUAN_DEMO_LAPOR_PORT=$(LAPOR_PORT); \
	$(BIN)/aduan lapor_demo & lapor=$$!; \
	trap 'kill -TERM $$lapor 2>/dev/null; wait $$lapor' EXIT; trap 'exit 130' INT TERM; \
	$(BIN)/aduan lapor_demo --wait; \
	$(BIN)/aduan worker & worker=$$!; \
	trap 'kill -TERM $$worker $$lapor 2>/dev/null; wait $$worker $$lapor' EXIT; \
	$(BIN)/gunicorn aduan.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile - --log-level warning

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

typecheck: install
	$(BIN)/mypy aduan

migrations-check: install
	$(BIN)/aduan makemigrations --check --dry-run
	$(BIN)/python -m aduan.core.migration_names

pytest: install browser imap-server
	$(BIN)/pytest -q

# PostgreSQL run: only when ADUAN_TEST_DATABASE_URL names a server (CI always sets it).
pytest-postgres: install browser imap-server
	@if [ -n "$$ADUAN_TEST_DATABASE_URL" ]; then \
		echo "== pytest on PostgreSQL"; \
		DATABASE_URL="$$ADUAN_TEST_DATABASE_URL" $(BIN)/pytest -q; \
	else \
		echo "== ADUAN_TEST_DATABASE_URL is not set: PostgreSQL run skipped"; \
	fi

test: lint typecheck migrations-check browser imap-server pytest pytest-postgres

# From the repository root, so LOCALE_PATHS (locale/) is the catalogue that gets written; the
# .mo is committed because a fresh machine may have no gettext tools.
messages: install
	$(BIN)/aduan makemessages -l id --no-obsolete --add-location file \
		--ignore=.venv --ignore=var --ignore=bench
	$(BIN)/aduan compilemessages -l id --ignore=.venv

bench: install
	$(BIN)/python -m bench.run

# Web benchmark (docs/performance.md): gunicorn as `make run` serves it, wrk on 127.0.0.1,
# against the databases `make bench` loads. Both databases run even when the first misses.
bench-web: install
	@command -v wrk >/dev/null || { \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
		else echo "bench-web needs wrk: apt-get install wrk (as root)"; exit 1; fi; }
	status=0; \
	$(BIN)/python -m bench.web --db sqlite --duration 20 || status=1; \
	$(BIN)/python -m bench.web --db postgres --duration 20 || status=1; \
	exit $$status

clean:
	rm -rf $(VENV) var

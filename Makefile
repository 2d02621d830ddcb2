# aduan: `make run` installs and serves the demo, `make test` installs and runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := aduan.settings

.PHONY: run test install lint fmt typecheck migrations-check pytest pytest-postgres messages bench clean

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

run: install
	$(BIN)/aduan migrate --noinput
	$(BIN)/aduan createcachetable
	$(BIN)/aduan collectstatic --noinput --verbosity 0
	$(BIN)/aduan load_reference
	$(BIN)/aduan seed_demo --url http://127.0.0.1:$(PORT)/
	@echo "aduan is serving on http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
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

pytest: install
	$(BIN)/pytest -q

# PostgreSQL run: only when ADUAN_TEST_DATABASE_URL names a server (CI always sets it).
pytest-postgres: install
	@if [ -n "$$ADUAN_TEST_DATABASE_URL" ]; then \
		echo "== pytest on PostgreSQL"; \
		DATABASE_URL="$$ADUAN_TEST_DATABASE_URL" $(BIN)/pytest -q; \
	else \
		echo "== ADUAN_TEST_DATABASE_URL is not set: PostgreSQL run skipped"; \
	fi

test: lint typecheck migrations-check pytest pytest-postgres

# From the repository root, so LOCALE_PATHS (locale/) is the catalogue that gets written; the
# .mo is committed because a fresh machine may have no gettext tools.
messages: install
	$(BIN)/aduan makemessages -l id --no-obsolete --add-location file \
		--ignore=.venv --ignore=var --ignore=bench
	$(BIN)/aduan compilemessages -l id --ignore=.venv

bench: install
	$(BIN)/python -m bench.run

clean:
	rm -rf $(VENV) var

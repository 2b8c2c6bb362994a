# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo worker lint messages bench manual-screenshots clean

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo ""
	@echo "  The platform runs at http://127.0.0.1:$(PORT)/"
	@echo "  Log in as the demo staff user: open http://127.0.0.1:$(PORT)/accounts/login/,"
	@echo "  enter staff@example.org and copy the one-time code that this terminal prints."
	@echo "  Other demo logins: desk@example.org, volunteer@example.org, responsible@example.org, admin@example.org (superuser)."
	@echo ""
	@# Every absolute link (emails, feeds, the poster's and venue screen's QR codes) uses this address.
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Needs GNU gettext for extraction; compiling uses Babel, so the .mo files can be rebuilt anywhere.
messages: install
	$(PY) manage.py makemessages --locale zh_Hant --no-obsolete --ignore ".venv/*" --ignore "tests/*"
	$(VENV)/bin/pybabel compile --domain django --directory locale --use-fuzzy --statistics

# Figures, not assertions: pages at scale-10 data under gunicorn vs a minimal view (see bench/run.py).
bench: install
	command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null 2>&1 || true)
	$(PY) bench/run.py

# The instruction manual's screenshots: demo data in a temporary database, the system's headless Chromium.
manual-screenshots: install
	$(PY) manual/screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache bench.sqlite3*

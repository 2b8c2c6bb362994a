# Two commands for a newcomer: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: run test install migrate demo worker lint messages bench bench-crowd manual-screenshots clean serve

$(STAMP): requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $(STAMP)

install: $(STAMP)

migrate: install
	$(PY) manage.py migrate --noinput

# Loads the demo data only into a database without data of its own and says in one line what it did:
# loaded, already present (left as is), or your own data (nothing added). The server starts either way.
demo: migrate
	$(PY) manage.py seed_demo

run: demo
	@echo ""
	@echo "  The platform runs at http://127.0.0.1:$(PORT)/"
	@echo "  To log in, open http://127.0.0.1:$(PORT)/accounts/login/ and copy the one-time code that this terminal prints."
	@echo "  With the demo data, enter staff@example.org (the other demo logins are listed above)."
	@echo ""
	@# Every absolute link (emails, feeds, the poster's and venue screen's QR codes) uses this address.
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} $(PY) manage.py runserver 127.0.0.1:$(PORT)

# A production-like stack on this machine (docs/DEPLOY.md): PostgreSQL, Redis, gunicorn, the task worker and
# the scheduler, started together from the Procfile. Plain http on 127.0.0.1: there is no TLS here, so the
# https-only defaults of production mode are turned off (SITE_URL must still say https). The database
# cvp_serve is kept between runs; the SECRET_KEY is made once into .serve-secret (git-ignored).
SERVE_DATABASE_URL := postgres://postgres@127.0.0.1:5432/cvp_serve
serve: install
	@set -e; \
	export DATABASE_URL="$${DATABASE_URL:-$(SERVE_DATABASE_URL)}"; \
	if [ "$$DATABASE_URL" = "$(SERVE_DATABASE_URL)" ] && \
	   [ "$$(psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'cvp_serve'")" != "1" ]; then \
	  createdb -h 127.0.0.1 -U postgres cvp_serve && echo "Created the PostgreSQL database cvp_serve."; \
	fi; \
	test -s .serve-secret || (umask 077; $(PY) -c "import secrets; print(secrets.token_urlsafe(64))" > .serve-secret); \
	export REDIS_URL="$${REDIS_URL:-redis://127.0.0.1:6379/2}" EMAIL_URL="$${EMAIL_URL:-consolemail://}" \
	  PRODUCTION=true DEBUG=false SECRET_KEY="$$(cat .serve-secret)" ALLOWED_HOSTS=127.0.0.1,localhost \
	  SITE_URL="https://127.0.0.1:$(PORT)" PORT=$(PORT) WEB_HOST=127.0.0.1 \
	  SECURE_SSL_REDIRECT=false SESSION_COOKIE_SECURE=false CSRF_COOKIE_SECURE=false SECURE_HSTS_SECONDS=0 \
	  PATH="$(CURDIR)/$(VENV)/bin:$$PATH"; \
	$(PY) manage.py migrate --noinput; \
	$(PY) manage.py collectstatic --noinput --verbosity 0; \
	$(PY) manage.py seed_demo; \
	echo ""; \
	echo "  Production mode on PostgreSQL ($$DATABASE_URL) and Redis ($$REDIS_URL): web, worker and scheduler."; \
	echo "  Open http://127.0.0.1:$(PORT)/  (plain http: no TLS here, so SSL redirect, HSTS and secure cookies"; \
	echo "  are turned off; links in emails say https://127.0.0.1:$(PORT), as production needs https)."; \
	if grep -q '"health/"' config/urls.py; then echo "  Health: http://127.0.0.1:$(PORT)/health/"; fi; \
	echo "  Emails, login codes included, are printed in this terminal (EMAIL_URL=$$EMAIL_URL)."; \
	echo "  Stop with Ctrl+C. The database cvp_serve and .serve-secret are kept for the next run."; \
	echo ""; \
	exec $(VENV)/bin/honcho start --procfile Procfile --env /dev/null --port $(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Needs GNU gettext for extraction; compiling uses Babel, so the .mo files can be rebuilt anywhere.
messages: install
	$(PY) manage.py makemessages --locale zh_Hant --no-obsolete --ignore ".venv/*" --ignore "tests/*"
	$(VENV)/bin/pybabel compile --domain django --directory locale --statistics

# Figures, not assertions: pages at scale-10 data under gunicorn vs a minimal view (see bench/run.py).
# Each page alone (one address, one cookie: the cached copy), then the crowd below unless BENCH_CROWD=0.
bench: install
	command -v wrk >/dev/null || (apt-get install -y -qq wrk >/dev/null 2>&1 || true)
	$(PY) bench/run.py
	@if [ "$${BENCH_CROWD:-1}" = "0" ]; then echo "BENCH_CROWD=0: crowd scenario skipped"; else $(PY) bench/crowd.py; fi

# A conference crowd on PostgreSQL + Redis: 500 people with sessions, anonymous visitors, 20 writes/s, a
# sign-up burst (see bench/crowd.py). Needs PostgreSQL at 127.0.0.1:5432 (user postgres) and Redis at :6379.
bench-crowd: install
	$(PY) bench/crowd.py

# The instruction manual's screenshots: demo data in a temporary database, the system's headless Chromium.
manual-screenshots: install
	$(PY) manual/screenshots.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache bench.sqlite3*

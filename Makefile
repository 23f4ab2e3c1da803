# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast venv node migrate demo lint bench bench-search serve clean

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# The HTML checkers the tests run (Nu HTML Checker, axe-core), pinned in package-lock.json. Install scripts are
# skipped: vnu-jar's would download a Java runtime, and the machine's Java is used instead.
node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $@

node: node_modules/.installed

migrate: venv
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

run: demo
	@echo ""
	@echo "  The site:  http://$(HOST):$(PORT)/"
	@echo "  The admin: http://$(HOST):$(PORT)/admin/"
	@echo "  Create an editor account first with:  $(PY) manage.py createsuperuser"
	@echo ""
	$(PY) manage.py runserver $(HOST):$(PORT)

test: venv node
	$(PY) -m pytest

# The quick loop while developing: everything but the `slow` tests (browser, HTML checkers, servers, subprocesses).
test-fast: venv
	$(PY) -m pytest -m "not slow"

# Production-like, locally: DEBUG off, static files hashed and compressed, gunicorn. Plain HTTP, so no HTTPS
# redirect and no Secure cookies; a throwaway secret key unless DJANGO_SECRET_KEY is set.
serve: venv
	@export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	  $(PY) manage.py collectstatic --noinput -v0 && \
	  $(PY) manage.py migrate --noinput && \
	  echo "" && echo "  The site (gunicorn): http://$(HOST):$(PORT)/" && echo "" && \
	  GUNICORN_BIND="$(HOST):$(PORT)" exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

# Seeds 100k stories into PostgreSQL `bench` (created if missing), serves them with gunicorn, loads them from
# loopback and writes bench/results.md. About 5 minutes after the first seeding.
bench: venv
	$(PY) bench/run.py

# Search and the filtered news list at 100k stories, in-process, on SQLite and PostgreSQL (`search_bench`):
# seeds each once, writes bench/search-results.md. About 10 minutes the first time, then 3.
bench-search: venv
	$(PY) bench/search.py

lint: venv
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache

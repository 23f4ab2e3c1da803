# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# pytest-xdist processes: one per core. TEST_WORKERS=0 runs the tests in one process.
TEST_WORKERS ?= auto

.PHONY: run test test-fast lighthouse system-packages venv node migrate demo lint bench bench-search serve serve-cached clean

# What the whole suite needs from Debian, checked by where the tests look for it: Chromium (browser tests,
# Lighthouse), Java (Nu HTML Checker), npm (the checkers' install) and Varnish with its modules.
CHROMIUM ?= /usr/bin/chromium
JAVA ?= java
NPM ?= npm
VARNISHD ?= /usr/sbin/varnishd
VMOD_XKEY ?= /usr/lib/*/varnish/vmods/libvmod_xkey.so

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

venv: $(VENV)/.installed

# Installs the missing ones with apt-get as root; otherwise stops at once with the command to run.
system-packages:
	@missing=""; \
	test -x $(CHROMIUM) || missing="$$missing chromium"; \
	command -v $(JAVA) >/dev/null || missing="$$missing default-jre-headless"; \
	command -v $(NPM) >/dev/null || missing="$$missing npm"; \
	test -x $(VARNISHD) || missing="$$missing varnish"; \
	ls $(VMOD_XKEY) >/dev/null 2>&1 || missing="$$missing varnish-modules"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "The tests need these Debian packages:$$missing. Install them with:"; \
	  echo ""; \
	  echo "    sudo sh -c 'apt-get update && apt-get install -y$$missing'"; \
	  echo ""; \
	  exit 1; \
	fi; \
	echo "Installing$$missing with apt-get"; \
	apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 $$missing >/dev/null

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

test: system-packages venv node
	$(PY) -m pytest -n $(TEST_WORKERS)

# The quick loop while developing: everything but the `slow` tests (browser, HTML checkers, servers, subprocesses).
# Property tests try fewer inputs there (the `quick` profile in tests/conftest.py).
test-fast: venv
	HYPOTHESIS_PROFILE=quick $(PY) -m pytest -n $(TEST_WORKERS) -m "not slow"

# Lighthouse (mobile) on the demo article, the news list and a resolution page, served as in production; fails
# below 0.95 in any category. Not a pytest test: its performance score needs the machine to itself.
lighthouse: system-packages venv node
	$(PY) tests/lighthouse.py

# Production-like, locally: DEBUG off, static files hashed and compressed, uploads served from media/, gunicorn.
# Plain HTTP, so no HTTPS redirect and no Secure cookies; a throwaway secret key unless DJANGO_SECRET_KEY is set.
serve: venv
	@export DJANGO_DEBUG=false DJANGO_SECURE_SSL_REDIRECT=false DJANGO_SECURE_COOKIES=false \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')}"; \
	  $(PY) manage.py collectstatic --noinput -v0 && \
	  $(PY) manage.py migrate --noinput && \
	  echo "" && echo "  The site (gunicorn): http://$(HOST):$(PORT)/" && echo "" && \
	  GUNICORN_BIND="$(HOST):$(PORT)" exec $(VENV)/bin/gunicorn -c gunicorn.conf.py

# The same behind Varnish (deploy/varnish.vcl; Debian's varnish and varnish-modules): Varnish on PORT, gunicorn on
# APP_PORT, and the app purging Varnish on every change.
APP_PORT ?= 8001
serve-cached: venv
	@HOST="$(HOST)" PORT="$(PORT)" APP_PORT="$(APP_PORT)" PY="$(PY)" VENV="$(VENV)" bash deploy/serve-cached.sh

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

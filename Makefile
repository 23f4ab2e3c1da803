# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test venv node migrate demo lint bench serve clean

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

lint: venv
	$(PY) -m ruff check .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache

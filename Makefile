# The verbs of the project. `make run` and `make test` are the README's contract: each one sets up
# what is missing on a fresh Debian-like machine, then serves the site or runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help
PY := .venv/bin/python
MANAGE := $(PY) manage.py
# Every recipe sees the variables of .env (created from .env.example by the bootstrap); a
# variable already set in the environment wins, e.g. `DATABASE_URL=… make bench`.
LOAD_ENV := saved="$$(export -p | grep -v '^declare -[a-zA-Z]*r' || true)"; set -a; [ -f .env ] && . ./.env; set +a; eval "$$saved";

.PHONY: help setup assets db run test test-fast lint format bench demo clean

help:
	@echo "make run    installe ce qui manque, prépare les données de démo et sert http://localhost:8000"
	@echo "make test   installe ce qui manque et lance toute la suite de tests (unitaires, intégration, navigateur)"
	@echo "make lint   ruff, djlint, règles d'import (import-linter) et makemigrations --check"
	@echo "make bench  mesures de performance sur un jeu de données réaliste"
	@echo "make demo   (re)crée les données de démonstration"

setup:
	@bash scripts/bootstrap.sh
	@$(MAKE) --no-print-directory assets

assets:
	@bash scripts/vendor_assets.sh

db: setup
	@$(LOAD_ENV) $(MANAGE) migrate --noinput
	@$(LOAD_ENV) $(MANAGE) load_territories

demo: db
	@$(LOAD_ENV) $(MANAGE) seed_demo

run: demo
	@echo "==> Site sur http://localhost:8000 (Ctrl-C arrête le site, le worker et beat)"
	@$(LOAD_ENV) exec .venv/bin/honcho -f Procfile.dev start

test:
	@EPOP_NEED_BROWSER=1 bash scripts/bootstrap.sh
	@$(MAKE) --no-print-directory assets
	@$(LOAD_ENV) DJANGO_SETTINGS_MODULE=epop.settings.test $(PY) -m pytest $(PYTEST_ARGS)

test-fast:
	@$(LOAD_ENV) DJANGO_SETTINGS_MODULE=epop.settings.test $(PY) -m pytest -m "not e2e" $(PYTEST_ARGS)

lint:
	@.venv/bin/ruff check .
	@.venv/bin/ruff format --check .
	@.venv/bin/djlint templates --lint
	@.venv/bin/lint-imports --no-cache
	@$(LOAD_ENV) DJANGO_SETTINGS_MODULE=epop.settings.test $(MANAGE) makemigrations --check --dry-run

format:
	@.venv/bin/ruff check --fix .
	@.venv/bin/ruff format .

bench: db
	@$(LOAD_ENV) $(MANAGE) bench

clean:
	rm -rf .venv .tools node_modules static/vendor staticfiles var

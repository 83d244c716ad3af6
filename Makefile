# Front doors: `make run` (the product on this machine) and `make test`.
# Every target is a thin call into scripts/; docs/operations.md explains them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
# Extra arguments: make test ARGS="-k clock -x"; make bench ARGS="--only reports";
# make manage ARGS="send_monthly_reports --month 2026-11"
ARGS ?=

.PHONY: help setup run manage test test-fast bench assets stop clean-var fmt backup restore

help:
	@echo "make run        start PostgreSQL, Redis, web, worker, beat and mail sink (Ctrl-C stops all)"
	@echo "make manage     a management command against make run's data: make manage ARGS=\"help\""
	@echo "make test       lint, format check, import layers, migrations check, deploy check, pytest in parallel (ARGS=... to pytest)"
	@echo "make test-fast  the same without the browser, Orthanc and slow tests: the inner loop"
	@echo "make bench      benchmarks on a private database (ARGS=... to bench/run.py)"
	@echo "make backup     database and media of make run (or of DATABASE_URL) into var/backups/, with checksums"
	@echo "make restore    BACKUP=<dir> CONFIRM=yes: checks the checksums, then replaces database and media"
	@echo "make setup      install what is missing: system packages, .venv, static/vendor"
	@echo "make assets     refresh static/vendor from package-lock.json"
	@echo "make stop       stop servers left running by run/test/bench"
	@echo "make clean-var  stop them and delete var/ (all local data)"
	@echo "make fmt        ruff format + ruff check --fix"

setup:
	@bash scripts/setup.sh all

run:
	@bash scripts/run.sh $(ARGS)

manage:
	@bash scripts/manage.sh $(ARGS)

test:
	@bash scripts/test.sh $(ARGS)

test-fast:
	@bash scripts/test.sh --fast $(ARGS)

bench:
	@bash scripts/bench.sh $(ARGS)

# make backup ARGS="--keep 14"; make restore BACKUP=var/backups/pacsvendor-20261207T020000Z CONFIRM=yes
BACKUP ?=
CONFIRM ?=

backup:
	@bash scripts/backup.sh $(ARGS)

restore:
	@CONFIRM="$(CONFIRM)" bash scripts/restore.sh $(ARGS) $(if $(BACKUP),"$(BACKUP)")

assets:
	@bash scripts/setup.sh assets

stop:
	@bash scripts/stop.sh

clean-var:
	@bash scripts/clean-var.sh

fmt:
	@bash scripts/setup.sh venv
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

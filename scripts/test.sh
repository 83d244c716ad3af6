#!/usr/bin/env bash
# `make test`: setup -> private test PostgreSQL + Redis -> lint, format, import
# layers, migrations, production deploy check, pytest. Stops at the first failure.
# Arguments are passed to pytest.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
services_start test

export DJANGO_ENV=test
export PATH="$VENV/bin:$PATH"
cd "$REPO_ROOT"

STEPS_TOTAL=6
STEP_NO=0
check() { # check TITLE COMMAND...
  local title="$1" rc=0
  shift
  STEP_NO=$((STEP_NO + 1))
  step "[$STEP_NO/$STEPS_TOTAL] $title"
  "$@" || rc=$?
  if ((rc != 0)); then
    printf '\n%sFAILED:%s %s (exit %s)\n' "$_RED" "$_RESET" "$title" "$rc" >&2
    exit "$rc"
  fi
}

deploy_check() {
  DJANGO_ENV=production DJANGO_SECRET_KEY="$(random_hex 32)" DJANGO_ALLOWED_HOSTS=pacs.example.org \
    python manage.py check --deploy --fail-level WARNING
}

pytest_strict() {
  local rc=0
  pytest "$@" || rc=$?
  if ((rc == 5)); then
    printf '%spytest collected no tests: that counts as a failure%s\n' "$_RED" "$_RESET" >&2
  fi
  return "$rc"
}

check "ruff check" ruff check .
check "ruff format --check" ruff format --check .
check "lint-imports (the layers of docs/architecture.md)" lint-imports
check "makemigrations --check" python manage.py makemigrations --check --dry-run
check "check --deploy (production settings)" deploy_check
check "pytest${*:+ $*}" pytest_strict "$@"

printf '\n'
ok "make test: all $STEPS_TOTAL steps passed"

#!/usr/bin/env bash
# `make test`: setup -> private test PostgreSQL + Redis -> lint, format, import
# layers, migrations, production deploy check, pytest on parallel workers. Stops at the first
# failure. `--fast` first (`make test-fast`): pytest leaves out the browser, Orthanc and slow
# tests. Other arguments are passed to pytest (a later -n overrides the workers: -n 0 for none).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LANE=full
if [[ ${1:-} == --fast ]]; then
  LANE=fast
  shift
fi
# Twice the cores: much of a test's time is spent waiting on PostgreSQL, Redis or a browser.
WORKERS="${PACS_TEST_WORKERS:-$((2 * $(nproc)))}"
[[ $WORKERS =~ ^[0-9]+$ ]] || die "PACS_TEST_WORKERS is a number of pytest workers (0: one process), not '$WORKERS'"
# Each worker uses two Redis databases (core/testing/parallel.py).
REDIS_DATABASES=$((2 * WORKERS > 64 ? 2 * WORKERS : 64))

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

pytest_arguments=(-n "$WORKERS" --dist worksteal)
pytest_title="pytest ${pytest_arguments[*]}"
if [[ $LANE == fast ]]; then
  fast_lane="$(python -c 'from core.testing.lanes import FAST_LANE; print(FAST_LANE)')"
  pytest_arguments+=(-m "$fast_lane")
  pytest_title+=" -m \"$fast_lane\""
fi

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
check "$pytest_title${*:+ $*}" pytest_strict "${pytest_arguments[@]}" "$@"

printf '\n'
if [[ $LANE == fast ]]; then
  ok "make test-fast: all $STEPS_TOTAL steps passed (browser, Orthanc and slow tests left out: make test runs them)"
else
  ok "make test: all $STEPS_TOTAL steps passed"
fi

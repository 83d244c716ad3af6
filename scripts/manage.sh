#!/usr/bin/env bash
# `make manage ARGS="send_monthly_reports --month 2026-11"`: one Django management command
# against the data of `make run`, with the settings make run gives its processes (DATABASE_URL
# with its password, REDIS_URL, DJANGO_ENV, EMAIL_URL, SITE_URL, DEMO_ORTHANC, DEMO_LISTENERS).
# - make run is up (it holds var/run/.lock): the command uses its servers and the environment it
#   saved in var/run/environment; nothing is started or stopped.
# - make run is not up: the run profile's PostgreSQL and Redis that are not running are started
#   for the command and stopped after it; servers already running are used and left running.
# Usage: scripts/manage.sh COMMAND [ARGS...]   (no command: Django's list of commands)
# This script's own messages go to stderr, so stdout is the command's alone.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

exec 3>&1 1>&2

(($#)) || set -- help
[[ -x $VENV/bin/python ]] || die "no .venv yet: 'make run' sets up the project and its database first"

# With the profile lock held: use the run profile's servers, starting (and afterwards stopping)
# only those that are down.
use_run_servers() {
  trap services_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  if [[ -z ${DATABASE_URL:-} && ! -f $PG_LINK/PG_VERSION ]]; then
    die "make run has not created its database yet: run 'make run' once"
  fi
  info "make run is not running: using its database, starting its servers where needed"
  if [[ -n ${DATABASE_URL:-} ]]; then
    info "PostgreSQL: DATABASE_URL is set, using it"
  else
    pg_is_running || OWNED_SERVICES+=(pg)
    pg_start
  fi
  if [[ -n ${REDIS_URL:-} ]]; then
    info "Redis: REDIS_URL is set, using it"
  else
    { redis_pid >/dev/null && redis_ping; } || OWNED_SERVICES+=(redis)
    redis_start
  fi
  run_environment
  orthanc_demo_settings || true
  listeners_demo_settings || true
}

load_profile run
exec {LOCK_FD}>"$PROFILE_DIR/.lock"
if flock -n "$LOCK_FD"; then
  use_run_servers
else
  exec {LOCK_FD}>&-
  unset LOCK_FD
  [[ -f $PROFILE_DIR/environment ]] ||
    die "make run is still starting (var/run/environment is not written yet): try again after its banner"
  # shellcheck source=/dev/null
  source "$PROFILE_DIR/environment"
  export PATH="$VENV/bin:$PATH"
fi

cd "$REPO_ROOT"
python manage.py "$@" >&3

#!/usr/bin/env bash
# `make bench`: setup -> private bench PostgreSQL + Redis -> migrate ->
# bench/run.py (arguments passed on) -> services stopped.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

setup_all
services_start bench

export DJANGO_ENV=test
export PATH="$VENV/bin:$PATH"
cd "$REPO_ROOT"

step "migrate"
python manage.py migrate --noinput

step "bench/run.py $*"
python bench/run.py "$@"

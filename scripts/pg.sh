#!/usr/bin/env bash
# The private PostgreSQL cluster of a profile, by hand.
# Usage: scripts/pg.sh start|stop|status|url|psql PROFILE [psql args]
# A cluster started here keeps running until `scripts/pg.sh stop`, `make stop`,
# or the end of a `make PROFILE`, which adopts it.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { die "usage: scripts/pg.sh start|stop|status|url|psql run|test|bench [psql args]"; }
(($# >= 2)) || usage
action="$1"
load_profile "$2"
shift 2
case "$action" in
  start) pg_start && printf '%s\n' "$DATABASE_URL" ;;
  stop) pg_stop ;;
  status)
    if pg_is_running; then echo "running on 127.0.0.1:$PG_PORT"; else echo "stopped"; exit 3; fi ;;
  url) [[ -f $PG_PASSWORD_FILE ]] || die "no cluster for $PROFILE yet"; pg_url; echo ;;
  psql) pg_psql "$PG_DB" "$@" ;;
  *) usage ;;
esac

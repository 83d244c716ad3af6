#!/usr/bin/env bash
# The private Redis of a profile, by hand.
# Usage: scripts/redis.sh start|stop|status PROFILE
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 2)) || die "usage: scripts/redis.sh start|stop|status run|test|bench"
load_profile "$2"
case "$1" in
  start) redis_start && printf '%s\n' "$REDIS_URL" ;;
  stop) redis_stop ;;
  status)
    if redis_pid >/dev/null; then echo "running on 127.0.0.1:$REDIS_PORT"; else echo "stopped"; exit 3; fi ;;
  *) die "usage: scripts/redis.sh start|stop|status run|test|bench" ;;
esac

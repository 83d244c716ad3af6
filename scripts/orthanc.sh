#!/usr/bin/env bash
# The demo Orthanc of `make run` (devtools/orthanc/), by hand: `stop` takes it down while make run
# keeps going, to watch the demo probes fail and open an incident; `start` brings it back and the
# next probe run closes the incident. `halt` ends one left running by a killed make run.
# Usage: scripts/orthanc.sh stop|start|status|halt
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($# == 1)) || die "usage: scripts/orthanc.sh stop|start|status|halt"
load_profile run
case "$1" in
  stop | start | status | halt) orthanc_py "$1" "$PROFILE_DIR/orthanc" ;;
  *) die "usage: scripts/orthanc.sh stop|start|status|halt" ;;
esac

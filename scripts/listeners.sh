#!/usr/bin/env bash
# The demo interface services of `make run` (devtools/listeners/), by hand while make run keeps
# going: `stop hl7` closes the HL7 listener's port (or dicomweb, fhir) to watch its probe fail and
# an interface incident open; `start hl7` opens it again and the next probe run closes the
# incident; `ack AE` makes the HL7 listener answer AE (application error; or AR), `ack AA` heals
# it; `status` tells which services answer; `halt` ends services left running by a killed make run.
# Usage: scripts/listeners.sh stop|start hl7|dicomweb|fhir; ack AA|AE|AR; status; halt
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage="usage: scripts/listeners.sh stop|start hl7|dicomweb|fhir | ack AA|AE|AR | status | halt"
(($# >= 1)) || die "$usage"
load_profile run
case "$1" in
  stop | start | ack)
    (($# == 2)) || die "$usage"
    listeners_py "$1" "$2" "$PROFILE_DIR/listeners"
    ;;
  status | halt)
    (($# == 1)) || die "$usage"
    listeners_py "$1" "$PROFILE_DIR/listeners"
    ;;
  *) die "$usage" ;;
esac

#!/usr/bin/env bash
# Stops servers left running by profiles that no `make` is using.
# Usage: scripts/stop.sh [PROFILE...]   (default: run test bench)
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

(($#)) || set -- run test bench
for profile in "$@"; do
  stop_profile "$profile"
done

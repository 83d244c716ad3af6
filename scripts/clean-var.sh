#!/usr/bin/env bash
# Stops every profile's servers, then deletes their data: var/ and the
# /var/tmp fallback data directories of this checkout.
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

busy=()
for profile in run test bench; do
  stop_profile "$profile"
  if ((PROFILE_BUSY)); then busy+=("$profile"); fi
done
((${#busy[@]} == 0)) || die "in use: ${busy[*]}; stop it before cleaning var/"
for profile in run test bench; do
  load_profile "$profile"
  fallback="$(pg_fallback_dir)"
  if [[ -d $fallback ]]; then
    rm -rf "$fallback"
    info "removed $fallback"
  fi
done
rm -rf "$VAR_DIR"
info "removed var/"

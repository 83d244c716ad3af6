#!/usr/bin/env bash
# Installs what is missing: system packages, .venv, static/vendor assets.
# Usage: scripts/setup.sh [all|system|venv|assets]
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

case "${1:-all}" in
  all) setup_all ;;
  system) ensure_system_packages ;;
  venv) ensure_venv ;;
  assets) ensure_assets ;;
  *) die "usage: scripts/setup.sh [all|system|venv|assets]" ;;
esac

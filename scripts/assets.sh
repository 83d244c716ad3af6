#!/usr/bin/env bash
# Installs the npm packages and copies them into static/vendor/ (skipped when
# static/vendor/ already matches package-lock.json).
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_assets

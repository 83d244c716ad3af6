# shellcheck shell=bash
# Shared by scripts/backup.sh and scripts/restore.sh. Source it (after lib.sh), do not run it.
#
# Which install a backup is of, or a restore goes into:
# - DATABASE_URL set (a production host, after loading its env file): that database, and the
#   MEDIA_ROOT the settings read from the same environment;
# - otherwise the data of `make run`, found as `make manage` finds it (scripts/manage.sh): the
#   environment the running make run saved, or the run profile's PostgreSQL, started for the
#   command when it is down and stopped after it.
# docs/operations.md "Backups" describes the layout of a backup directory.

BACKUP_PARTS=(manifest.json database.dump media.tar)
BACKUP_PREFIX=pacsvendor-
BACKUP_CHECKSUMS=SHA256SUMS

backup_python() { "$VENV/bin/python" "$@"; }

# use_install_environment MODE: exports DATABASE_URL (and the run profile's settings when it is
# make run's data). MODE "restore" refuses while make run is up: replacing the tables under a
# running web server and worker would mix old and new data.
use_install_environment() {
  local mode="$1"
  trap 'exit 130' INT
  trap 'exit 143' TERM
  [[ -x $VENV/bin/python ]] || die "no .venv yet: 'make run' (or the production install steps) first"
  if [[ -n ${DATABASE_URL:-} ]]; then
    info "database: DATABASE_URL of this environment"
    return 0
  fi
  load_profile run
  exec {LOCK_FD}>"$PROFILE_DIR/.lock"
  if flock -n "$LOCK_FD"; then
    [[ -f $PG_LINK/PG_VERSION ]] || die "make run has not created its database yet: run 'make run' once"
    info "database: make run's (make run is not running; its PostgreSQL is started where needed)"
    pg_is_running || OWNED_SERVICES+=(pg)
    pg_start >/dev/null
    run_environment
    return 0
  fi
  [[ $mode != restore ]] || die "make run is running: stop it (Ctrl-C) before restoring, nothing was changed"
  exec {LOCK_FD}>&-
  unset LOCK_FD
  [[ -f $PROFILE_DIR/environment ]] ||
    die "make run is still starting (var/run/environment is not written yet): try again after its banner"
  # shellcheck source=/dev/null
  source "$PROFILE_DIR/environment"
  export PATH="$VENV/bin:$PATH"
  info "database: make run's (running)"
}

# Sets PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE (and PGSSL* from the URL's query) from
# DATABASE_URL, so the password never appears on a command line.
use_database_url() {
  local exports
  exports="$(backup_python - <<'PYTHON'
import os
import shlex
import sys
from urllib.parse import parse_qsl, unquote, urlsplit

url = urlsplit(os.environ["DATABASE_URL"])
if url.scheme not in ("postgres", "postgresql", "pgsql"):
    sys.exit(f"DATABASE_URL is not a PostgreSQL URL ({url.scheme}://...)")
values = {
    "PGHOST": url.hostname or "",
    "PGPORT": str(url.port or ""),
    "PGUSER": unquote(url.username or ""),
    "PGPASSWORD": unquote(url.password or ""),
    "PGDATABASE": unquote(url.path.lstrip("/")),
}
for name, value in parse_qsl(url.query):
    if name in ("sslmode", "sslrootcert", "sslcert", "sslkey"):
        values[f"PG{name.upper()}"] = value
for name, value in values.items():
    if value:
        print(f"export {name}={shlex.quote(value)}")
PYTHON
)" || die "cannot read DATABASE_URL"
  eval "$exports"
  [[ -n ${PGDATABASE:-} ]] || die "DATABASE_URL names no database"
}

database_label() { printf '%s on %s:%s' "$PGDATABASE" "${PGHOST:-localhost}" "${PGPORT:-5432}"; }

# Fails with PostgreSQL's own reason when the database cannot be reached.
check_database_reachable() {
  local error
  if ! error="$("$PG_BIN/psql" -X -q -tAc 'SELECT 1' 2>&1 >/dev/null)"; then
    die "cannot reach the database $(database_label): ${error:-psql failed}"
  fi
}

# The MEDIA_ROOT the Django settings read from this environment (default var/media).
settings_media_root() {
  (cd "$REPO_ROOT" && backup_python manage.py shell --no-imports -c \
    'from django.conf import settings; print(settings.MEDIA_ROOT)') ||
    die "the Django settings did not load (is the environment complete?)"
}

# A backup directory is complete when its checksum file lists every part and every checksum
# matches; prints the reason otherwise.
verify_backup() {
  local dir="$1" part output
  [[ -d $dir ]] || {
    printf 'no such directory: %s\n' "$dir"
    return 1
  }
  [[ -f $dir/$BACKUP_CHECKSUMS ]] || {
    printf '%s is missing (an incomplete or foreign directory)\n' "$BACKUP_CHECKSUMS"
    return 1
  }
  for part in "${BACKUP_PARTS[@]}"; do
    [[ -f $dir/$part ]] || {
      printf 'part missing: %s\n' "$part"
      return 1
    }
    grep -Eq "^[0-9a-f]{64}  $part\$" "$dir/$BACKUP_CHECKSUMS" || {
      printf 'part not in %s: %s\n' "$BACKUP_CHECKSUMS" "$part"
      return 1
    }
  done
  if ! output="$(cd "$dir" && sha256sum --check --strict "$BACKUP_CHECKSUMS" 2>&1)"; then
    printf 'checksum mismatch:\n%s\n' "$(grep -v ': OK$' <<<"$output")"
    return 1
  fi
}

human_size() { numfmt --to=iec --suffix=B "$1"; }

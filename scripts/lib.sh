# shellcheck shell=bash
# Shared functions for the scripts in this folder. Source it, do not run it.
#
# One place for: setup (system packages, .venv, front-end assets), the private
# PostgreSQL and Redis of each profile (run, test, bench) and their clean stop.
# docs/operations.md describes the behaviour and every environment variable.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
VENV="$REPO_ROOT/.venv"
VAR_DIR="$REPO_ROOT/var"
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_DB=pacsvendor
PG_SUPERUSER=postgres
SYSTEM_PACKAGES=(redis-server chromium chromium-driver poppler-utils orthanc faketime libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)

export NPM_CONFIG_UPDATE_NOTIFIER=false NPM_CONFIG_FUND=false NPM_CONFIG_AUDIT=false
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [[ -t 1 && ${TERM:-dumb} != dumb ]]; then
  _BOLD=$'\033[1m' _RED=$'\033[31m' _GREEN=$'\033[32m' _RESET=$'\033[0m'
else
  _BOLD='' _RED='' _GREEN='' _RESET=''
fi

step() { printf '\n%s==> %s%s\n' "$_BOLD" "$*" "$_RESET"; }
info() { printf '    %s\n' "$*"; }
ok() { printf '%s%s%s\n' "$_GREEN" "$*" "$_RESET"; }
warn() { printf '%swarning:%s %s\n' "$_RED" "$_RESET" "$*" >&2; }
die() {
  printf '%serror:%s %s\n' "$_RED" "$_RESET" "$*" >&2
  exit 1
}

is_root() { [[ $EUID -eq 0 ]]; }

as_root() {
  if is_root; then "$@"; else sudo "$@"; fi
}

# Hash of files' contents (and of any extra words), for stamps.
content_hash() {
  local file
  {
    for file in "$@"; do
      if [[ -f $file ]]; then cat -- "$file"; else printf '%s\n' "$file"; fi
    done
  } | sha256sum | cut -d' ' -f1
}

random_hex() { # random_hex BYTES
  od -An -tx1 -N"$1" /dev/urandom | tr -d ' \n'
}

# Long-lived daemons must not inherit the profile lock, or a leftover daemon
# would keep the lock after its owner died.
run_detached() {
  if [[ -n ${LOCK_FD:-} ]]; then "$@" {LOCK_FD}>&-; else "$@"; fi
}

# ---------------------------------------------------------------- setup ---

dpkg_installed() {
  [[ $(dpkg-query -W -f='${Status}' "$1" 2>/dev/null) == "install ok installed" ]]
}

ensure_system_packages() {
  local missing=() pkg
  if ! command -v dpkg-query >/dev/null 2>&1; then
    warn "not a Debian system: install ${SYSTEM_PACKAGES[*]} and PostgreSQL 15 yourself"
    return 0
  fi
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg_installed "$pkg" || missing+=("$pkg")
  done
  # Present on our machines; installed only when a fresh host lacks them.
  [[ -x $PG_BIN/initdb ]] || missing+=(postgresql-15)
  command -v make >/dev/null 2>&1 || missing+=(make)
  command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)
  # psycopg2 is built from source: it needs pg_config (libpq-dev) and a C compiler.
  command -v pg_config >/dev/null 2>&1 || missing+=(libpq-dev)
  command -v gcc >/dev/null 2>&1 || missing+=(gcc)
  if ((${#missing[@]} == 0)); then
    info "system packages: all present"
    return 0
  fi
  info "installing system packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
  # The orthanc package would start a system-wide PACS on 4242/8042 (all interfaces); tests and
  # `make run` start private ones, so keep the system service off.
  if [[ " ${missing[*]} " == *" orthanc "* ]] && command -v systemctl >/dev/null 2>&1; then
    as_root systemctl disable --now orthanc >/dev/null 2>&1 || true
  fi
}

ensure_venv() {
  local python="${PYTHON:-python3}" stamp="$VENV/.requirements.sha256" key
  if ! "$VENV/bin/python" -c '' >/dev/null 2>&1; then
    info "creating .venv with $python"
    rm -rf "$VENV"
    "$python" -m venv "$VENV"
  fi
  key="$(content_hash "$REPO_ROOT/requirements.txt" "$REPO_ROOT/requirements-dev.txt" \
    "$("$VENV/bin/python" -VV)")"
  if [[ -f $stamp && $(<"$stamp") == "$key" ]]; then
    info ".venv: up to date with requirements-dev.txt"
    return 0
  fi
  info "installing requirements-dev.txt into .venv"
  "$VENV/bin/python" -m pip install --quiet -r "$REPO_ROOT/requirements-dev.txt"
  printf '%s\n' "$key" >"$stamp"
}

# copy_asset SRC DEST: copies SRC, and the source map it names if that exists,
# so that collectstatic's manifest storage finds every referenced map.
copy_asset() {
  local src="$1" dest="$2" map
  [[ -f $src ]] || die "asset missing after npm install: $src"
  mkdir -p "$(dirname "$dest")"
  cp "$src" "$dest"
  map="$(grep -o 'sourceMappingURL=[^ *]*' "$src" | tail -n 1 | cut -d= -f2 || true)"
  if [[ -n $map && -f $(dirname "$src")/$map ]]; then
    cp "$(dirname "$src")/$map" "$(dirname "$dest")/$map"
  fi
}

ensure_assets() {
  local vendor="$REPO_ROOT/static/vendor" nm="$REPO_ROOT/node_modules" key chart
  local stamp="$vendor/.assets.sha256"
  # Keyed on the packages and on the copying code itself, not on all of lib.sh: an unrelated
  # change to these scripts must not reinstall the npm packages.
  key="$(content_hash "$REPO_ROOT/package.json" "$REPO_ROOT/package-lock.json" "$(declare -f ensure_assets copy_asset)")"
  if [[ -f $stamp && $(<"$stamp") == "$key" ]]; then
    info "static/vendor: up to date with package-lock.json"
    return 0
  fi
  info "installing npm packages"
  if [[ -f $REPO_ROOT/package-lock.json ]]; then
    (cd "$REPO_ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  else
    (cd "$REPO_ROOT" && npm install --no-audit --no-fund --loglevel=error)
  fi
  info "copying assets into static/vendor/"
  rm -rf "$vendor"
  copy_asset "$nm/bootstrap/dist/css/bootstrap.min.css" "$vendor/bootstrap/css/bootstrap.min.css"
  copy_asset "$nm/bootstrap/dist/js/bootstrap.bundle.min.js" "$vendor/bootstrap/js/bootstrap.bundle.min.js"
  copy_asset "$nm/bootstrap-icons/font/bootstrap-icons.min.css" \
    "$vendor/bootstrap-icons/bootstrap-icons.min.css"
  mkdir -p "$vendor/bootstrap-icons/fonts"
  cp "$nm"/bootstrap-icons/font/fonts/*.woff* "$vendor/bootstrap-icons/fonts/"
  copy_asset "$nm/htmx.org/dist/htmx.min.js" "$vendor/htmx/htmx.min.js"
  chart="$nm/chart.js/dist/chart.umd.min.js"
  [[ -f $chart ]] || chart="$nm/chart.js/dist/chart.umd.js"
  copy_asset "$chart" "$vendor/chart.js/chart.umd.min.js"
  printf '%s\n' "$key" >"$stamp"
}

setup_all() {
  step "setup: system packages, .venv, front-end assets"
  ensure_system_packages
  ensure_venv
  ensure_assets
}

# ------------------------------------------------------------- profiles ---

# load_profile NAME: sets the ports and directories of run, test or bench.
load_profile() {
  PROFILE="$1"
  case "$PROFILE" in
    run) PG_PORT="${RUN_PG_PORT:-54329}" REDIS_PORT="${RUN_REDIS_PORT:-63799}" PG_FAST=0 ;;
    test) PG_PORT=54339 REDIS_PORT=63809 PG_FAST=1 ;;
    bench) PG_PORT=54349 REDIS_PORT=63819 PG_FAST=1 ;;
    *) die "unknown profile '$PROFILE' (expected run, test or bench)" ;;
  esac
  # The test profile's Redis has a pair of databases per pytest worker (scripts/test.sh sets it).
  REDIS_DATABASES="${REDIS_DATABASES:-16}"
  PROFILE_DIR="$VAR_DIR/$PROFILE"
  PG_LINK="$PROFILE_DIR/pg"
  PG_PASSWORD_FILE="$PROFILE_DIR/pg-password"
  REDIS_DIR="$PROFILE_DIR/redis"
  REDIS_PIDFILE="$REDIS_DIR/redis.pid"
  mkdir -p "$PROFILE_DIR"
}

# Fails when another make run/test/bench of the same profile holds the lock.
acquire_profile_lock() {
  local also=''
  [[ $PROFILE != run ]] || also=", or a 'make manage' that started its servers"
  exec {LOCK_FD}>"$PROFILE_DIR/.lock"
  flock -n "$LOCK_FD" || die "another 'make $PROFILE' is running in this checkout$also ($PROFILE_DIR/.lock is held)"
}

# ----------------------------------------------------------- PostgreSQL ---

# Runs a PostgreSQL tool as the postgres user when we are root (initdb refuses root).
as_pg() {
  if is_root; then
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Where the data of a repo that postgres cannot reach (e.g. under /root) lives.
pg_fallback_dir() {
  printf '/var/tmp/pacsvendor-%s-%s' "$(printf '%s' "$REPO_ROOT" | sha256sum | cut -c1-12)" "$PROFILE"
}

pg_data_dir() { readlink -f "$PG_LINK"; }

pg_is_running() {
  [[ -f $PG_LINK/PG_VERSION ]] && as_pg "$PG_BIN/pg_ctl" status -D "$(pg_data_dir)" >/dev/null 2>&1
}

# Creates an empty data directory the server user can write: var/<profile>/pg
# itself, or a symlink to a directory under /var/tmp when postgres cannot
# traverse the repo's path.
pg_make_data_dir() {
  local fallback
  if [[ -L $PG_LINK ]]; then
    rm -f "$PG_LINK"
  elif [[ -d $PG_LINK ]]; then
    rmdir "$PG_LINK" 2>/dev/null || die "$PG_LINK is not an empty cluster; 'make clean-var' resets it"
  fi
  mkdir -m 700 "$PG_LINK"
  is_root || return 0
  id -u postgres >/dev/null 2>&1 || die "no 'postgres' user: install postgresql-15"
  chown postgres:postgres "$PG_LINK"
  if as_pg test -w "$PG_LINK" -a -x "$PG_LINK"; then
    return 0
  fi
  rmdir "$PG_LINK"
  fallback="$(pg_fallback_dir)"
  info "postgres cannot reach $REPO_ROOT: data in $fallback/pg (symlinked from var/$PROFILE/pg)"
  if [[ -f $fallback/pg/PG_VERSION ]]; then
    # Its password went with var/; stop it if it still runs and start afresh.
    as_pg "$PG_BIN/pg_ctl" stop -D "$fallback/pg" -m immediate -s >/dev/null 2>&1 || true
  fi
  rm -rf "$fallback"
  mkdir -m 755 "$fallback"
  mkdir -m 700 "$fallback/pg"
  chown postgres:postgres "$fallback/pg"
  ln -s "$fallback/pg" "$PG_LINK"
}

pg_init() {
  local password pwfile data
  info "initialising PostgreSQL cluster in var/$PROFILE/pg"
  pg_make_data_dir
  data="$(pg_data_dir)"
  password="$(random_hex 24)"
  (umask 077 && printf '%s\n' "$password" >"$PG_PASSWORD_FILE")
  pwfile="$(mktemp)"
  printf '%s\n' "$password" >"$pwfile"
  if is_root; then chown postgres "$pwfile"; fi
  if ! as_pg "$PG_BIN/initdb" -D "$data" -U "$PG_SUPERUSER" --pwfile="$pwfile" \
    --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$PROFILE_DIR/initdb.log" 2>&1; then
    rm -f "$pwfile"
    cat "$PROFILE_DIR/initdb.log" >&2
    die "initdb failed (log: var/$PROFILE/initdb.log)"
  fi
  rm -f "$pwfile"
  {
    printf '\n# --- pacsvendor private cluster (scripts/lib.sh) ---\n'
    printf "listen_addresses = '127.0.0.1'\n"
    printf 'port = %s\n' "$PG_PORT"
    printf "unix_socket_directories = ''\n"
    if ((PG_FAST)); then
      printf 'fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n'
    fi
  } >>"$data/postgresql.conf"
}

pg_url() {
  printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$PG_SUPERUSER" "$(<"$PG_PASSWORD_FILE")" "$PG_PORT" "$PG_DB"
}

pg_psql() { # pg_psql DB ARGS...: psql over TCP as the superuser
  local db="$1"
  shift
  PGPASSWORD="$(<"$PG_PASSWORD_FILE")" "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" \
    -U "$PG_SUPERUSER" -d "$db" -v ON_ERROR_STOP=1 "$@"
}

pg_start() {
  local data
  if [[ ! -f $PG_LINK/PG_VERSION ]]; then
    pg_init
  elif [[ ! -f $PG_PASSWORD_FILE ]]; then
    die "var/$PROFILE/pg exists but var/$PROFILE/pg-password is gone; 'make clean-var' resets it"
  fi
  data="$(pg_data_dir)"
  if pg_is_running; then
    info "PostgreSQL: reusing the running cluster on 127.0.0.1:$PG_PORT"
  # The port is given at each start (not only at initdb), so RUN_PG_PORT can move it later.
  elif ! run_detached as_pg "$PG_BIN/pg_ctl" start -D "$data" -l "$data/server.log" -o "-p $PG_PORT" -w -t 60 -s; then
    tail -n 20 "$data/server.log" >&2 || true
    die "PostgreSQL did not start (log: var/$PROFILE/pg/server.log)"
  else
    info "PostgreSQL: started on 127.0.0.1:$PG_PORT (data var/$PROFILE/pg)"
  fi
  if [[ -z $(pg_psql postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'") ]]; then
    pg_psql postgres -c "CREATE DATABASE $PG_DB"
  fi
  DATABASE_URL="$(pg_url)"
  export DATABASE_URL
}

pg_stop() {
  if pg_is_running; then
    as_pg "$PG_BIN/pg_ctl" stop -D "$(pg_data_dir)" -m fast -w -t 60 -s
    info "PostgreSQL: stopped (127.0.0.1:$PG_PORT)"
  fi
}

# ---------------------------------------------------------------- Redis ---

redis_pid() { # prints the pid of this profile's running redis-server, or fails
  local pid
  [[ -f $REDIS_PIDFILE ]] || return 1
  pid="$(<"$REDIS_PIDFILE")"
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == redis-server* ]] || return 1
  printf '%s\n' "$pid"
}

redis_ping() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

redis_database_count() { # how many databases the running server has (0 if it does not say)
  local count
  count="$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" config get databases 2>/dev/null | tail -n 1)"
  if [[ $count =~ ^[0-9]+$ ]]; then printf '%s\n' "$count"; else printf '0\n'; fi
}

redis_start() {
  local i
  mkdir -p "$REDIS_DIR"
  # A leftover server with too few databases for this run's workers is started afresh.
  if redis_pid >/dev/null && redis_ping && (($(redis_database_count) >= REDIS_DATABASES)); then
    info "Redis: reusing the running server on 127.0.0.1:$REDIS_PORT"
  else
    redis_stop
    rm -f "$REDIS_PIDFILE"
    run_detached redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save '' --appendonly no --databases "$REDIS_DATABASES" \
      --daemonize yes --pidfile "$REDIS_PIDFILE" --dir "$REDIS_DIR" --logfile "$REDIS_DIR/redis.log"
    for ((i = 0; i < 100; i++)); do
      redis_ping && break
      sleep 0.1
    done
    redis_ping || {
      tail -n 20 "$REDIS_DIR/redis.log" >&2 || true
      die "Redis did not start on 127.0.0.1:$REDIS_PORT (log: var/$PROFILE/redis/redis.log)"
    }
    info "Redis: started on 127.0.0.1:$REDIS_PORT"
  fi
  REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
  export REDIS_URL
}

redis_stop() {
  local pid i
  pid="$(redis_pid)" || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$REDIS_PIDFILE"
  info "Redis: stopped (127.0.0.1:$REDIS_PORT)"
}

# --------------------------------------------------------- demo Orthanc ---
# The demo PACS of `make run` (devtools/orthanc/): prepared here before seed_demo, which points
# the demo probes at it through DEMO_ORTHANC; served by honcho (Procfile `orthanc`).

ORTHANC_DICOM_PORT="${ORTHANC_DICOM_PORT:-4243}"
ORTHANC_HTTP_PORT="${ORTHANC_HTTP_PORT:-8043}"

orthanc_py() { (cd "$REPO_ROOT" && "$VENV/bin/python" -m devtools.orthanc "$@"); }

# Writes var/<profile>/orthanc/demo.json (ports, AE titles, credentials, test study UID) and
# exports DEMO_ORTHANC; stops a demo Orthanc left over by a killed run first (it holds the ports).
orthanc_prepare() {
  local dir="$PROFILE_DIR/orthanc"
  orthanc_stop
  orthanc_py prepare "$dir" --dicom-port "$ORTHANC_DICOM_PORT" --http-port "$ORTHANC_HTTP_PORT" >/dev/null
  orthanc_demo_settings || warn "Orthanc is not installed: the demo probes stay inactive (apt-get install orthanc)"
}

# Exports DEMO_ORTHANC when the demo Orthanc's settings exist and Orthanc is installed.
orthanc_demo_settings() {
  local settings="$PROFILE_DIR/orthanc/demo.json"
  [[ -f $settings ]] || return 1
  command -v Orthanc >/dev/null 2>&1 || [[ -x /usr/sbin/Orthanc ]] || return 1
  DEMO_ORTHANC="$settings"
  export DEMO_ORTHANC
}

# Stops the demo Orthanc and its supervisor left running by a `make run` that was killed.
orthanc_stop() {
  [[ -d $PROFILE_DIR/orthanc && -x $VENV/bin/python ]] || return 0
  orthanc_py halt "$PROFILE_DIR/orthanc" | sed 's/^/    /'
}

# ------------------------------------------- demo interface services ---
# The demo HL7 v2 (MLLP), DICOMweb and FHIR services of `make run` (devtools/listeners/): prepared
# here before seed_demo, which points the demo interface probes at them through DEMO_LISTENERS;
# served by honcho (Procfile `listeners`).

LISTENER_HL7_PORT="${LISTENER_HL7_PORT:-12575}"
LISTENER_DICOMWEB_PORT="${LISTENER_DICOMWEB_PORT:-8044}"
LISTENER_FHIR_PORT="${LISTENER_FHIR_PORT:-8045}"

listeners_py() { (cd "$REPO_ROOT" && "$VENV/bin/python" -m devtools.listeners "$@"); }

# Writes var/<profile>/listeners/listeners.json (ports, test study, test patient) and exports
# DEMO_LISTENERS; stops services left over by a killed run first (they hold the ports).
listeners_prepare() {
  local dir="$PROFILE_DIR/listeners"
  listeners_stop
  listeners_py prepare --hl7-port "$LISTENER_HL7_PORT" --dicomweb-port "$LISTENER_DICOMWEB_PORT" \
    --fhir-port "$LISTENER_FHIR_PORT" "$dir" >/dev/null
  listeners_demo_settings
}

# Exports DEMO_LISTENERS when the demo services' settings exist.
listeners_demo_settings() {
  local settings="$PROFILE_DIR/listeners/listeners.json"
  [[ -f $settings ]] || return 1
  DEMO_LISTENERS="$settings"
  export DEMO_LISTENERS
}

# Stops the demo services left running by a `make run` that was killed (by the PID file).
listeners_stop() {
  [[ -d $PROFILE_DIR/listeners && -x $VENV/bin/python ]] || return 0
  listeners_py halt "$PROFILE_DIR/listeners" | sed 's/^/    /'
}

# ------------------------------------------------ make run's environment ---

# run_environment: the settings `make run` gives its processes; `make manage` gives its command
# the same ones when make run is not up.
run_environment() {
  WEB_PORT="${WEB_PORT:-8000}"
  MAIL_PORT="${MAIL_PORT:-8025}"
  export WEB_PORT MAIL_PORT
  export DJANGO_ENV=development
  export EMAIL_URL="${EMAIL_URL:-smtp://127.0.0.1:$MAIL_PORT}"
  export SITE_URL="${SITE_URL:-http://127.0.0.1:$WEB_PORT}"
  # The demo's logins have published passwords and no authenticator: two-factor sign-in is
  # offered, not required (every page says so); TWO_FACTOR_REQUIRED=true make run to try it.
  export TWO_FACTOR_REQUIRED="${TWO_FACTOR_REQUIRED:-false}"
  export PATH="$VENV/bin:$PATH"
}

RUN_ENVIRONMENT_VARIABLES=(DATABASE_URL REDIS_URL DJANGO_ENV EMAIL_URL SITE_URL WEB_PORT MAIL_PORT DEMO_ORTHANC DEMO_LISTENERS TWO_FACTOR_REQUIRED)

# run_environment_save: what the running `make run` gave its processes, for `make manage`;
# var/run/environment is mode 600 (DATABASE_URL holds the password) and trusted only while
# the profile lock is held.
run_environment_save() {
  local name file="$PROFILE_DIR/environment"
  rm -f "$file"
  (
    umask 077
    for name in "${RUN_ENVIRONMENT_VARIABLES[@]}"; do
      if [[ -n ${!name:-} ]]; then printf 'export %s=%q\n' "$name" "${!name}"; fi
    done >"$file"
  )
}

# ------------------------------------------------- services of a profile ---

OWNED_SERVICES=()

# services_start PROFILE: starts (or adopts) PostgreSQL and Redis of the
# profile unless DATABASE_URL / REDIS_URL are already set, and stops exactly
# those on exit, Ctrl-C or error. Holding the profile lock means any server
# of this profile still running is a leftover of a crashed run: it is reused
# and stopped at the end like one we started.
services_start() {
  load_profile "$1"
  acquire_profile_lock
  trap services_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  step "services ($PROFILE)"
  if [[ -n ${DATABASE_URL:-} ]]; then
    info "PostgreSQL: DATABASE_URL is set, not starting one"
  else
    OWNED_SERVICES+=(pg)
    pg_start
  fi
  if [[ -n ${REDIS_URL:-} ]]; then
    info "Redis: REDIS_URL is set, not starting one"
  else
    OWNED_SERVICES+=(redis)
    redis_start
  fi
}

services_cleanup() {
  local rc=$? service
  set +e
  trap - INT TERM
  if ((${#OWNED_SERVICES[@]})); then
    step "stopping services ($PROFILE)"
    for service in "${OWNED_SERVICES[@]}"; do
      "${service}_stop"
    done
  fi
  exit "$rc"
}

# stop_profile PROFILE: stops servers left running by a profile nobody uses;
# sets PROFILE_BUSY=1 when a make of that profile is running.
# shellcheck disable=SC2034 # PROFILE_BUSY is read by the callers
stop_profile() {
  load_profile "$1"
  PROFILE_BUSY=0
  exec {LOCK_FD}>"$PROFILE_DIR/.lock"
  if ! flock -n "$LOCK_FD"; then
    PROFILE_BUSY=1
    info "$PROFILE: in use by a running 'make $PROFILE' (stop that one with Ctrl-C)"
  else
    pg_stop
    redis_stop
    orthanc_stop
    listeners_stop
  fi
  exec {LOCK_FD}>&-
  unset LOCK_FD
}

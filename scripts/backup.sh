#!/usr/bin/env bash
# `make backup`: the database (pg_dump --format=custom) and MEDIA_ROOT (a tar archive) of this
# install, with a manifest and a SHA-256 checksum of every part, into one directory
# BACKUP_DIR/pacsvendor-<UTC time>/ (BACKUP_DIR: default var/backups).
# Which install: DATABASE_URL when set (a production host with its env file loaded), otherwise
# the data of `make run`, found as `make manage` finds it (scripts/backup-lib.sh).
# The parts are written into a hidden .incomplete-* directory that is renamed once everything is
# written and checksummed: a failed backup leaves nothing that looks complete.
# Usage: scripts/backup.sh [--dir DIR] [--keep N]
#   --dir DIR   where backups go (default $BACKUP_DIR, else var/backups)
#   --keep N    afterwards delete all but the newest N complete backups in that directory
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=backup-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/backup-lib.sh"

# Messages go to stderr; stdout is the path of the new backup alone.
exec 3>&1 1>&2

usage() { die "usage: scripts/backup.sh [--dir DIR] [--keep N]"; }

backup_dir="${BACKUP_DIR:-$REPO_ROOT/var/backups}"
keep="${BACKUP_KEEP:-}"
while (($#)); do
  case "$1" in
    --dir) (($# >= 2)) || usage; backup_dir="$2"; shift 2 ;;
    --keep) (($# >= 2)) || usage; keep="$2"; shift 2 ;;
    *) usage ;;
  esac
done
[[ -z $keep || $keep =~ ^[1-9][0-9]*$ ]] || die "--keep wants a number of backups (1 or more), not '$keep'"

WORK_DIR='' SCRATCH=''
on_exit() {
  local rc=$?
  set +e
  [[ -z $WORK_DIR ]] || rm -rf -- "$WORK_DIR"
  [[ -z $SCRATCH ]] || rm -rf -- "$SCRATCH"
  (exit "$rc")
  services_cleanup
}
trap on_exit EXIT

# run_part NAME COMMAND...: runs a step whose errors go to the log; on failure says why, and
# names a full disk as such.
run_part() {
  local name="$1" log="$SCRATCH/step.log"
  shift
  if "$@" 2>"$log"; then
    return 0
  fi
  if grep -qi 'no space left on device' "$log" || [[ $(df --output=avail -B1 "$WORK_DIR" | tail -n 1) -lt 1048576 ]]; then
    die "the disk of $backup_dir is full: $name could not be written ($(df -h --output=avail "$backup_dir" | tail -n 1 | tr -d ' ') left); nothing was saved"
  fi
  die "$name failed, nothing was saved: $(tail -n 5 "$log")"
}

step "backup"
use_install_environment backup
use_database_url
check_database_reachable
media_root="$(settings_media_root)"

# A directory made here is private (backups hold every user's data); an existing one is left as is.
[[ -d $backup_dir ]] || mkdir -p -m 700 "$backup_dir"
backup_dir="$(cd "$backup_dir" && pwd -P)"
umask 077
WORK_DIR="$(mktemp -d "$backup_dir/.incomplete-XXXXXX")"
SCRATCH="$(mktemp -d)"
started="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

info "database $(database_label) -> database.dump"
run_part "the database dump" "$PG_BIN/pg_dump" --format=custom --file="$WORK_DIR/database.dump"
"$PG_BIN/psql" -X -q -tA -c "SELECT app || '.' || name FROM django_migrations ORDER BY app, name" \
  >"$SCRATCH/migrations" 2>/dev/null || : >"$SCRATCH/migrations"

info "media $media_root -> media.tar"
if [[ -d $media_root ]]; then
  run_part "the media archive" tar --create --file="$WORK_DIR/media.tar" --directory="$media_root" .
  media_files="$(find "$media_root" -type f | wc -l)"
else
  info "(no media directory yet: an empty archive)"
  run_part "the media archive" tar --create --file="$WORK_DIR/media.tar" --files-from=/dev/null
  media_files=0
fi

version="$(git -C "$REPO_ROOT" describe --always --dirty 2>/dev/null || echo unknown)"
server_version="$("$PG_BIN/psql" -X -q -tAc 'SHOW server_version' 2>/dev/null || echo unknown)"
run_part "the manifest" env STARTED="$started" FINISHED="$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
  VERSION="$version" SERVER_VERSION="$server_version" DATABASE="$(database_label)" \
  MEDIA_ROOT_PATH="$media_root" MEDIA_FILES="$media_files" WORK_DIR="$WORK_DIR" MIGRATIONS="$SCRATCH/migrations" \
  "$VENV/bin/python" - <<'PYTHON'
import json
import os
import socket
from pathlib import Path

work = Path(os.environ["WORK_DIR"])
migrations = [line for line in Path(os.environ["MIGRATIONS"]).read_text().splitlines() if line]
manifest = {
    "format": "pacsvendor-backup 1",
    "started": os.environ["STARTED"],
    "finished": os.environ["FINISHED"],
    "host": socket.gethostname(),
    "app_version": os.environ["VERSION"],
    "database": {
        "name": os.environ["DATABASE"],
        "server_version": os.environ["SERVER_VERSION"],
        "file": "database.dump",
        "format": "pg_dump --format=custom",
        "bytes": (work / "database.dump").stat().st_size,
    },
    "media": {
        "media_root": os.environ["MEDIA_ROOT_PATH"],
        "file": "media.tar",
        "files": int(os.environ["MEDIA_FILES"]),
        "bytes": (work / "media.tar").stat().st_size,
    },
    "migrations": {"applied": len(migrations), "names": migrations},
}
(work / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
PYTHON

run_part "the checksums" bash -c 'cd "$1" && shift && sha256sum -- "$@" >SHA256SUMS' _ "$WORK_DIR" "${BACKUP_PARTS[@]}"
run_part "the flush to disk" sync -- "$WORK_DIR"/*

name="$BACKUP_PREFIX$(date -u +%Y%m%dT%H%M%SZ)"
target="$backup_dir/$name"
for ((n = 2; ; n++)); do
  [[ -e $target ]] || break
  target="$backup_dir/$name-$n"
done
mv -T -- "$WORK_DIR" "$target"
WORK_DIR=''
sync -- "$backup_dir" || true

ok "backup complete: $target"
info "database.dump $(human_size "$(stat -c %s "$target/database.dump")"), media.tar $(human_size "$(stat -c %s "$target/media.tar")") (media files: $media_files), checksums in $BACKUP_CHECKSUMS"

if [[ -n $keep ]]; then
  mapfile -t complete < <(find "$backup_dir" -mindepth 1 -maxdepth 1 -type d -name "$BACKUP_PREFIX*" \
    -exec test -f '{}'/"$BACKUP_CHECKSUMS" ';' -print | sort)
  for ((i = 0; i < ${#complete[@]} - keep; i++)); do
    rm -rf -- "${complete[i]}"
    info "deleted the older backup ${complete[i]} (--keep $keep)"
  done
fi
printf '%s\n' "$target" >&3

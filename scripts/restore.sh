#!/usr/bin/env bash
# `make restore BACKUP=<dir> CONFIRM=yes`: replaces the database and MEDIA_ROOT of this install
# with those of a backup made by scripts/backup.sh.
# 1. Every part's SHA-256 is checked first: a missing part or a mismatch refuses the restore
#    before anything is touched.
# 2. It replaces data, so it asks: --yes (or CONFIRM=yes) confirms, a terminal is asked to type
#    "yes", anything else refuses.
# 3. The media archive is unpacked beside MEDIA_ROOT; the database is restored in one transaction
#    (the public schema dropped and made again, then pg_restore's SQL through psql
#    --single-transaction, stopping at the first error): a failure leaves the database as it
#    was; then the unpacked media takes MEDIA_ROOT's place (two renames).
# Which install: as scripts/backup.sh (DATABASE_URL, else make run's data, which must be stopped).
# Usage: scripts/restore.sh [--yes] BACKUP_DIR
set -euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source-path=SCRIPTDIR source=backup-lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/backup-lib.sh"

usage() { die "usage: scripts/restore.sh [--yes] BACKUP_DIR   (make restore BACKUP=var/backups/pacsvendor-... CONFIRM=yes)"; }

confirmed=0
[[ ${CONFIRM:-} != yes ]] || confirmed=1
backup=''
while (($#)); do
  case "$1" in
    --yes) confirmed=1 && shift ;;
    -*) usage ;;
    *) [[ -z $backup ]] || usage; backup="$1" && shift ;;
  esac
done
if [[ -z $backup ]]; then
  listing="$(find "${BACKUP_DIR:-$REPO_ROOT/var/backups}" -mindepth 1 -maxdepth 1 -type d -name "$BACKUP_PREFIX*" 2>/dev/null | sort | sed 's/^/    /')"
  [[ -z $listing ]] || printf 'backups found:\n%s\n' "$listing" >&2
  usage
fi

step "restore: checking $backup"
if ! problem="$(verify_backup "$backup")"; then
  die "refusing to restore $backup, nothing was changed: $problem"
fi
backup="$(cd "$backup" && pwd -P)"
summary="$(backup_python - "$backup/manifest.json" <<'PYTHON'
import json
import sys

manifest = json.load(open(sys.argv[1]))
database, media = manifest["database"], manifest["media"]
print(
    f"backup of {database['name']} taken {manifest['finished']} (app {manifest['app_version']}, "
    f"{manifest['migrations']['applied']} migrations applied, {media['files']} media files)"
)
PYTHON
)" || die "refusing to restore: $backup/manifest.json is not a backup manifest"
info "every checksum matches: $summary"

WORK_DIRS=()
on_exit() {
  local rc=$? dir
  set +e
  for dir in "${WORK_DIRS[@]}"; do rm -rf -- "$dir"; done
  (exit "$rc")
  services_cleanup
}
trap on_exit EXIT

use_install_environment restore
use_database_url
check_database_reachable
# The real directory when MEDIA_ROOT is a symlink: the new media is unpacked beside it, on the
# same file system, so that putting it in place is a rename.
media_root="$(readlink -m "$(settings_media_root)")"
target="the database $(database_label) and the media directory $media_root"

if ((!confirmed)); then
  if [[ -t 0 ]]; then
    read -r -p "This replaces $target with the backup. Type yes to go on: " answer
    [[ $answer == yes ]] || die "not confirmed, nothing was changed"
  else
    die "this replaces $target: confirm with --yes (make restore BACKUP=... CONFIRM=yes); nothing was changed"
  fi
fi

media_parent="$(dirname "$media_root")"
mkdir -p "$media_parent"
unpacked="$(mktemp -d "$media_parent/.media-restore-XXXXXX")"
WORK_DIRS+=("$unpacked")
info "media.tar -> $unpacked (beside $media_root)"
tar --extract --file="$backup/media.tar" --directory="$unpacked" ||
  die "the media archive did not unpack (disk full?): nothing was changed"

info "database.dump -> $(database_label), in one transaction"
# The schema is emptied and rebuilt in the same transaction as the data: pg_restore's --clean
# cannot drop a partitioned table's partitions constraint by constraint (KPI samples are
# partitioned by month).
restore_sql() {
  printf '%s\n' "DROP SCHEMA IF EXISTS public CASCADE;" "CREATE SCHEMA public;"
  "$PG_BIN/pg_restore" --no-owner --exit-on-error --file=- "$backup/database.dump"
}
if ! error="$({ restore_sql | "$PG_BIN/psql" --no-psqlrc --quiet --single-transaction -v ON_ERROR_STOP=1 \
  --dbname="$PGDATABASE" >/dev/null; } 2>&1)"; then
  die "the database restore failed and was rolled back, nothing was changed: $error"
fi

old=''
if [[ -e $media_root ]]; then
  old="$(mktemp -d "$media_parent/.media-old-XXXXXX")"
  WORK_DIRS+=("$old")
  mv -T -- "$media_root" "$old/media"
fi
mv -T -- "$unpacked" "$media_root"

ok "restored from $backup"
info "database $(database_label): replaced by database.dump ($summary)"
info "media: $media_root replaced by media.tar ($(find "$media_root" -type f | wc -l) files)"
if ! (cd "$REPO_ROOT" && backup_python manage.py migrate --check >/dev/null 2>&1); then
  warn "this code has migrations the backup lacks: run 'manage.py migrate' (make manage ARGS=\"migrate\")"
fi

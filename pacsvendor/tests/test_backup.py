"""`make backup` and `make restore` (scripts/backup.sh, scripts/restore.sh) as a user runs them,
against a database of their own: a copy of this worker's test database made for each test (so
the test's own database and transaction are never touched), filled by a process of its own
(pacsvendor/tests/backup_data.py), with MEDIA_ROOT and BACKUP_DIR under tmp_path.

"Identical" is checked table by table: the row count and a hash of all rows in a stable order,
the value of every sequence, and the SHA-256 of every media file."""

import hashlib
import json
import os
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

from core.testing.docs import REPO_ROOT
from core.testing.parallel import free_port

PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
PARTS = {"SHA256SUMS", "manifest.json", "database.dump", "media.tar"}

# Each table: row count and an md5 of its rows, as text, in text order (stable without a primary key).
TABLE_DIGEST = sql.SQL("SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') FROM {} t")


@dataclass
class Install:
    """A database and a media directory that the scripts back up and restore."""

    database: str
    url: str
    media: Path
    backups: Path

    def environment(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.url,
            "MEDIA_ROOT": str(self.media),
            "BACKUP_DIR": str(self.backups),
            "TERM": "dumb",
            **extra,
        }

    def run(self, *argv: str, **extra: str) -> subprocess.CompletedProcess:
        # The argv are our own make targets and scripts, run as a user types them.
        return subprocess.run(  # noqa: S603
            list(argv), cwd=REPO_ROOT, env=self.environment(**extra), capture_output=True, text=True, timeout=240
        )

    def connect(self):
        return psycopg2.connect(self.url)

    def execute(self, *statements: str) -> None:
        with self.connect() as connection, connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        connection.close()

    def snapshot(self) -> dict[str, object]:
        """Everything a restore must bring back, in a form that compares with ==."""
        tables: dict[str, tuple[int, str]] = {}
        with self.connect() as connection, connection.cursor() as cursor:
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
            for (table,) in cursor.fetchall():
                cursor.execute(TABLE_DIGEST.format(sql.Identifier("public", table)))
                tables[table] = cursor.fetchone()
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1")
            sequences = dict(cursor.fetchall())
        connection.close()
        return {"tables": tables, "sequences": sequences, "media": media_digests(self.media)}


def media_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def server_url(database: str, *, user: str | None = None, password: str | None = None) -> str:
    default = settings.DATABASES["default"]
    user = user or default["USER"]
    password = default["PASSWORD"] if password is None else password
    where = f"{default['HOST']}:{default['PORT']}/{database}"
    return f"postgres://{quote(user, safe='')}:{quote(password, safe='')}@{where}"


def admin_execute(statement: str) -> None:
    connection = psycopg2.connect(server_url("postgres"))
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(statement)
    connection.close()


def copy_database(source: str, target: str) -> None:
    """``target`` made from the schema and committed rows of ``source`` (pg_dump | psql)."""
    env = {**os.environ, "PGPASSWORD": settings.DATABASES["default"]["PASSWORD"]}
    default = settings.DATABASES["default"]
    where = ["-h", default["HOST"], "-p", str(default["PORT"]), "-U", default["USER"]]
    dump = subprocess.run(  # noqa: S603
        [PG_BIN / "pg_dump", *where, "--no-owner", source], env=env, capture_output=True, check=True, timeout=120
    )
    subprocess.run(  # noqa: S603
        [PG_BIN / "psql", "-X", "-q", *where, "-v", "ON_ERROR_STOP=1", "-d", target],
        input=dump.stdout,
        env=env,
        capture_output=True,
        check=True,
        timeout=120,
    )


@pytest.fixture
def bare_install(django_db_setup, django_db_blocker, worker_id: str, tmp_path: Path) -> Iterator[Install]:
    """A database of its own (unique per worker and test) with the product's schema, an empty
    MEDIA_ROOT and no BACKUP_DIR yet."""
    database = f"pv_backup_{worker_id}_{secrets.token_hex(4)}"
    admin_execute(f'CREATE DATABASE "{database}"')
    try:
        with django_db_blocker.unblock():
            copy_database(settings.DATABASES["default"]["NAME"], database)
        place = Install(database, server_url(database), tmp_path / "media", tmp_path / "backups")
        place.media.mkdir()
        yield place
    finally:
        admin_execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture
def install(bare_install: Install) -> Install:
    """The same with the round trip's data in it (pacsvendor/tests/backup_data.py)."""
    built = bare_install.run(sys.executable, "-m", "pacsvendor.tests.backup_data")
    assert built.returncode == 0, built.stderr
    return bare_install


def backup(install: Install, *args: str) -> Path:
    done = install.run("make", "--no-print-directory", "backup", *args)
    assert done.returncode == 0, done.stderr
    return Path(done.stdout.strip())


def change_everything(install: Install) -> None:
    """What a restore has to undo: rows deleted, altered and added, a file gone, a file new."""
    install.execute(
        "DELETE FROM kpis_kpisample WHERE id % 2 = 0",
        "UPDATE vendors_vendor SET name = name || ' (renamed)'",
        "DELETE FROM notifications_outboxemail",
        "CREATE TEMPORARY TABLE added AS SELECT * FROM vendors_vendor LIMIT 1",
        "UPDATE added SET id = nextval(pg_get_serial_sequence('vendors_vendor', 'id')), name = 'Added afterwards'",
        "INSERT INTO vendors_vendor SELECT * FROM added",
    )
    attachment = next(install.media.rglob("ticket-0*.log"))
    attachment.unlink()
    (install.media / "stray.txt").write_text("written after the backup\n")


def test_a_backup_restores_to_an_identical_database_and_media(install: Install) -> None:
    before = install.snapshot()
    assert before["tables"]["tickets_ticketattachment"][0] == 6
    assert before["tables"]["kpis_kpisample"][0] == 72
    assert len(before["media"]) == 9  # three contract documents and six ticket attachments

    path = backup(install)

    assert path.parent == install.backups
    assert path.name.startswith("pacsvendor-")
    assert {child.name for child in path.iterdir()} == PARTS
    assert [child.name for child in install.backups.iterdir()] == [path.name]  # no leftover work directory
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["media"]["files"] == 9
    assert manifest["media"]["media_root"] == str(install.media)
    assert manifest["database"]["name"].startswith(install.database)
    assert manifest["migrations"]["applied"] == before["tables"]["django_migrations"][0]
    checked = subprocess.run(
        ["sha256sum", "--check", "--strict", "SHA256SUMS"],  # noqa: S607
        cwd=path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    assert sorted(line.split()[-1] for line in (path / "SHA256SUMS").read_text().splitlines()) == sorted(
        PARTS - {"SHA256SUMS"}
    )

    change_everything(install)
    changed = install.snapshot()
    for part in ("tables", "sequences", "media"):
        assert changed[part] != before[part]

    done = install.run("make", "--no-print-directory", "restore", f"BACKUP={path}", "CONFIRM=yes")

    assert done.returncode == 0, done.stderr
    assert install.snapshot() == before
    assert f"restored from {path}" in done.stdout
    # No unpacked or displaced media directory is left beside MEDIA_ROOT.
    assert sorted(child.name for child in install.media.parent.iterdir() if child.name.startswith(".media")) == []


def damaged_copies(path: Path, where: Path) -> dict[str, Path]:
    """Copies of a good backup, each damaged in one way."""

    def copy(name: str) -> Path:
        return Path(shutil.copytree(path, where / name))

    flipped = copy("one-byte-changed")
    dump = bytearray((flipped / "database.dump").read_bytes())
    dump[len(dump) // 2] ^= 0x01
    (flipped / "database.dump").write_bytes(bytes(dump))
    media = copy("media-byte-changed")
    archive = bytearray((media / "media.tar").read_bytes())
    archive[600] ^= 0x20  # inside the first member's data or header
    (media / "media.tar").write_bytes(bytes(archive))
    missing = copy("part-missing")
    (missing / "media.tar").unlink()
    unlisted = copy("part-not-checksummed")
    sums = (unlisted / "SHA256SUMS").read_text().splitlines()
    (unlisted / "SHA256SUMS").write_text("".join(f"{line}\n" for line in sums if "database.dump" not in line))
    no_sums = copy("no-checksum-file")
    (no_sums / "SHA256SUMS").unlink()
    return {
        "checksum mismatch": flipped,
        "checksum mismatch ": media,
        "part missing: media.tar": missing,
        "part not in SHA256SUMS: database.dump": unlisted,
        "SHA256SUMS is missing": no_sums,
    }


def test_a_damaged_or_unconfirmed_backup_is_refused_and_changes_nothing(install: Install, tmp_path: Path) -> None:
    path = backup(install)
    change_everything(install)
    changed = install.snapshot()

    for reason, damaged in damaged_copies(path, tmp_path / "damaged").items():
        done = install.run("make", "--no-print-directory", "restore", f"BACKUP={damaged}", "CONFIRM=yes")
        assert done.returncode != 0, f"{damaged.name} was restored"
        assert f"refusing to restore {damaged}, nothing was changed: {reason.strip()}" in done.stderr
        assert install.snapshot() == changed, f"{damaged.name} changed data"

    unconfirmed = install.run("scripts/restore.sh", str(path), CONFIRM="")
    assert unconfirmed.returncode != 0
    assert "confirm with --yes" in unconfirmed.stderr
    assert install.snapshot() == changed

    confirmed = install.run("scripts/restore.sh", "--yes", str(path))
    assert confirmed.returncode == 0, confirmed.stderr
    assert install.snapshot() != changed


def test_a_failed_backup_says_why_and_leaves_no_backup(bare_install: Install) -> None:
    closed_port = free_port()
    unreachable = bare_install.run(
        "make", "--no-print-directory", "backup", DATABASE_URL=f"postgres://postgres:x@127.0.0.1:{closed_port}/nothing"
    )
    assert unreachable.returncode != 0
    assert f"cannot reach the database nothing on 127.0.0.1:{closed_port}" in unreachable.stderr

    # A role that may connect but read no table: pg_dump fails half way, after the work
    # directory exists.
    role, password = f"pv_backup_reader_{secrets.token_hex(4)}", secrets.token_hex(12)
    admin_execute(f"CREATE ROLE {role} LOGIN PASSWORD '{password}'")
    try:
        denied = bare_install.run(
            "make",
            "--no-print-directory",
            "backup",
            DATABASE_URL=server_url(bare_install.database, user=role, password=password),
        )
    finally:
        admin_execute(f"DROP ROLE {role}")
    assert denied.returncode != 0
    assert "the database dump failed, nothing was saved" in denied.stderr
    assert "permission denied" in denied.stderr
    assert list(bare_install.backups.iterdir()) == []


@contextmanager
def small_disk(where: Path, size: str) -> Iterator[Path]:
    """A file system of ``size`` at ``where`` (tmpfs); skips the test where mounting is not allowed."""
    where.mkdir()
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small file system here (needs root): {mounted.stderr.strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)  # noqa: S603, S607


def test_a_full_disk_fails_the_backup_and_leaves_nothing(bare_install: Install, tmp_path: Path) -> None:
    with small_disk(tmp_path / "full", "64k") as full:
        done = bare_install.run("make", "--no-print-directory", "backup", BACKUP_DIR=str(full))
        left = list(full.iterdir())
    assert done.returncode != 0
    assert f"the disk of {full} is full: the database dump could not be written" in done.stderr
    assert left == []


def test_keep_deletes_the_oldest_complete_backups(bare_install: Install) -> None:
    first = backup(bare_install)
    second = backup(bare_install)
    third = backup(bare_install, "ARGS=--keep 2")

    assert sorted(bare_install.backups.iterdir()) == [second, third]
    assert not first.exists()


def test_a_symlinked_media_root_stays_a_symlink_to_the_restored_files(bare_install: Install, tmp_path: Path) -> None:
    real = tmp_path / "big-disk" / "media"
    (real / "contracts").mkdir(parents=True)
    (real / "contracts" / "signed.pdf").write_bytes(b"%PDF-1.4 signed contract\n")
    bare_install.media.rmdir()
    bare_install.media.symlink_to(real)
    path = backup(bare_install)
    (real / "contracts" / "signed.pdf").unlink()
    (real / "later.txt").write_text("after the backup\n")

    done = bare_install.run("scripts/restore.sh", "--yes", str(path))

    assert done.returncode == 0, done.stderr
    assert bare_install.media.is_symlink()
    assert bare_install.media.resolve() == real
    assert media_digests(real) == {"contracts/signed.pdf": hashlib.sha256(b"%PDF-1.4 signed contract\n").hexdigest()}
    assert sorted(child.name for child in real.parent.iterdir()) == ["media"]

"""PostgreSQL advisory locks named by text: how the apps serialise work on one key (a vendor's
month, a report being built, an import job) across workers, without a row to lock."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connection


def transaction_lock(key: str) -> None:
    """Wait for the lock on ``key``; it is held until the current transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])


@contextmanager
def session_lock(key: str) -> Iterator[bool]:
    """Try the lock on ``key`` for this connection (not the transaction: it spans transactions
    that commit as work goes on) and release it at the end; PostgreSQL frees it when the
    connection dies. Yields whether this process got it; it never waits."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(hashtext(%s))", [key])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(hashtext(%s))", [key])

"""Every request a vendor user makes to this site goes into the vendor access log: the portal's
pages, the API and downloads (``compliance.middleware`` calls ``request_log``).

It runs on every vendor request, so it is one INSERT and nothing else: no read, no model
instance, no ``full_clean``; the values are already bounded here (``fit``). It runs outside the
request's own transaction (the middleware sits above ``core.middleware.AtomicWriteMiddleware``),
so a request that fails and is rolled back is still logged, with its 5xx."""

import datetime
from dataclasses import dataclass

from django.db import connection

from compliance.models import AccessLogEntry
from core.text import fit

A = AccessLogEntry.Action
TABLE = AccessLogEntry._meta.db_table
PATH_LENGTH = AccessLogEntry._meta.get_field("path").max_length
INSERT = (
    f"INSERT INTO {TABLE} "  # noqa: S608 (the table's name is ours)
    "(created_at, updated_at, recorded_at, at, vendor_id, user_id, actor, system, action, source_ip, detail,"
    " method, path, status) "
    "VALUES (now(), now(), now(), %s, %s, %s, %s, %s, %s, %s, '', %s, %s, %s)"
)


@dataclass(frozen=True)
class RequestAccess:
    """One request of a vendor user, as the middleware saw it."""

    at: datetime.datetime
    vendor_id: int
    user_id: int
    username: str
    method: str
    path: str
    status: int
    source_ip: str | None
    api: bool
    download: bool


def request_action(access: RequestAccess) -> str:
    """A download (a file or an export) whatever the way in; otherwise an API call or a page."""
    if access.download:
        return A.DOWNLOAD
    return A.API_CALL if access.api else A.PAGE


def request_log(access: RequestAccess) -> None:
    """Append ``access`` to the log: one INSERT."""
    with connection.cursor() as cursor:
        cursor.execute(
            INSERT,
            [
                access.at,
                access.vendor_id,
                access.user_id,
                fit(access.username, 200),
                "API" if access.api else "Portal",
                request_action(access),
                access.source_ip or None,
                access.method[:10],
                fit(access.path, PATH_LENGTH),
                access.status,
            ],
        )

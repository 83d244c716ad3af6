"""When the database cannot be reached: a 503 with Retry-After, not a 500 "Server error".

Django turns any uncaught exception, in a view or in a middleware (the session and the user
are read there), into a call of ``handler500`` (``core.views.system.server_error``) inside its
``except`` block; that view asks ``database_unavailable`` about the exception being handled."""

from django.db import InterfaceError, OperationalError

RETRY_AFTER_SECONDS = 30
# SQLSTATE classes of a lost or refused connection: 08 (connection exception), 57P (operator
# intervention: shutdown, cannot connect now). Client-side connection failures have none.
UNAVAILABLE_SQLSTATES = ("08", "57P")


def database_unavailable(error: BaseException | None) -> bool:
    """Whether ``error`` says the database cannot be reached (not that a query was wrong)."""
    if isinstance(error, InterfaceError):
        return True
    if not isinstance(error, OperationalError):
        return False
    sqlstate = getattr(error.__cause__, "sqlstate", None)
    return sqlstate is None or sqlstate.startswith(UNAVAILABLE_SQLSTATES)

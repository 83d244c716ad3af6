"""The sign-in limit per client, across accounts: django-axes locks one username for one client
(``LOGIN_FAILURE_LIMIT``); someone trying many usernames from one address meets this limit
instead. ``LOGIN_CLIENT_FAILURE_LIMIT`` wrong passwords from one client, whichever accounts they
named, within ``LOGIN_LOCKOUT_MINUTES`` stop that client's sign-ins (the page, the Django admin
login and the API token endpoint) until the window ends. Set it well above the per-account limit:
behind a hospital's NAT, a whole department signs in from one address.

The counts live in the cache (Redis), counted from Django's ``user_login_failed`` signal. With
Redis down nothing is counted and nobody is stopped by this limit; the lockout per account, kept
in the database, still counts."""

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.client_ip import client_ip

logger = logging.getLogger(__name__)


def sign_in_window_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _key(request: HttpRequest) -> str:
    return f"sign-in-failures:{client_ip(request)}"


def sign_in_failure_record(request: HttpRequest | None) -> None:
    """Count a wrong password from ``request``'s client (the window starts at its first one)."""
    if request is None:
        return
    key = _key(request)
    try:
        cache.add(key, 0, timeout=sign_in_window_seconds())
        cache.incr(key)
    except Exception as error:  # noqa: BLE001 - the cache being down must not break sign-in
        logger.warning("Sign-in failure not counted per client: the cache is unreachable (%s)", type(error).__name__)


def sign_in_client_blocked(request: HttpRequest) -> bool:
    """Whether ``request``'s client has reached ``LOGIN_CLIENT_FAILURE_LIMIT`` in this window."""
    try:
        failures = cache.get(_key(request), 0)
    except Exception as error:  # noqa: BLE001 - see the module's docstring
        logger.warning("Sign-in limit per client not checked: the cache is unreachable (%s)", type(error).__name__)
        return False
    return failures >= settings.LOGIN_CLIENT_FAILURE_LIMIT


def sign_in_client_message() -> str:
    return (
        "Too many failed sign-in attempts from your network, for several accounts. Signing in from "
        f"here is paused for up to {sign_in_window_seconds() // 60} minutes; try again later."
    )


def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    """``user_login_failed`` receiver (connected in ``AccountsConfig.ready``)."""
    sign_in_failure_record(request)

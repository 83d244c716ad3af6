"""What a sign-in refused by the lockout (django-axes, settings ``AXES_*``) tells the user: the
page of the sign-in and admin logins, and the text the token endpoint answers with."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def lockout_seconds() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message() -> str:
    return (
        "Too many failed sign-in attempts for this account from your network. Signing in is locked "
        f"for {lockout_seconds() // 60} minutes; try again later or reset your password."
    )


def locked_out_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: a 429 page saying why and for how long."""
    response = render(request, "registration/locked_out.html", {"message": lockout_message()}, status=429)
    response["Retry-After"] = str(lockout_seconds())
    return response

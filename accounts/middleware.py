"""Refuse sign-in attempts from a client over the limit per client (``accounts.sign_in_limit``)
before any password is checked: the sign-in page and the Django admin login answer the "locked"
page, the API token endpoint a JSON 429; all with ``Retry-After``."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from accounts.sign_in_limit import sign_in_client_blocked, sign_in_client_message, sign_in_window_seconds

SIGN_IN_PAGES = ("login", "admin:login")
SIGN_IN_API = ("api:api-token",)


class SignInClientLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._pages: set[str] | None = None
        self._api: set[str] | None = None

    def _paths(self) -> tuple[set[str], set[str]]:
        if self._pages is None or self._api is None:
            self._pages = {reverse(name) for name in SIGN_IN_PAGES}
            self._api = {reverse(name) for name in SIGN_IN_API}
        return self._pages, self._api

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method == "POST":
            pages, api = self._paths()
            if (request.path in pages or request.path in api) and sign_in_client_blocked(request):
                return self._refused(request, api=request.path in api)
        return self.get_response(request)

    @staticmethod
    def _refused(request: HttpRequest, *, api: bool) -> HttpResponse:
        message = sign_in_client_message()
        if api:
            response: HttpResponse = JsonResponse({"detail": message}, status=429)
        else:
            response = render(request, "registration/locked_out.html", {"message": message}, status=429)
        response["Retry-After"] = str(sign_in_window_seconds())
        return response

"""The sign-in's own middleware: a client over the sign-in limit is refused before any password is
checked, and a session that owes its second factor reaches nothing but the way to give it.

**Sign-in limit per client.** Refuse sign-in attempts from a client over the limit per client
(``accounts.sign_in_limit``) before any password is checked: the sign-in page and the Django admin
login answer the "locked" page, the API token endpoint a JSON 429; all with ``Retry-After``.

**The second factor.** A signed-in user who must pass a second factor
(``accounts.two_factor.second_factor_expected``) and whose session is not verified yet (django-otp's
``OTPMiddleware``, installed before this one) is sent to the code page, or to enrolment while they
have no authenticator. Every other request is refused until then: pages are redirected there, htmx
requests answer 403 with ``HX-Redirect`` (htmx follows it instead of swapping a page into a
fragment), the API answers 403 in JSON. Open meanwhile: signing in and out, the health check and
the two pages of the second step themselves. Static files never get here (WhiteNoise answers them
first). API tokens are not sessions: the token endpoint asks for the second factor itself
(``accounts.api.views``).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve, reverse

from accounts import two_factor
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


OPEN_VIEWS = frozenset({"login", "logout", "healthz", "two_factor_verify", "two_factor_setup"})


def _is_open(request: HttpRequest) -> bool:
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.view_name in OPEN_VIEWS


def second_step_url(request: HttpRequest, *, enrolled: bool) -> str:
    """The code page (or enrolment), coming back to this page afterwards when it is one to GET."""
    url = reverse("two_factor_verify" if enrolled else "two_factor_setup")
    if request.method == "GET" and not request.path.startswith("/api/"):
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


def refusal(request: HttpRequest) -> HttpResponse:
    enrolled = two_factor.has_second_factor(request.user)
    target = second_step_url(request, enrolled=enrolled)
    if request.path.startswith("/api/"):
        return JsonResponse(
            {"detail": "Enter your second factor in the web app first: this session is not verified."}, status=403
        )
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=403)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and two_factor.second_factor_expected(user)
            and not _is_open(request)
        ):
            return refusal(request)
        return self.get_response(request)

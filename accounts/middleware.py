"""Sessions that owe their second factor reach nothing but the way to give it.

A signed-in user who must pass a second factor (``accounts.two_factor.second_factor_expected``)
and whose session is not verified yet (django-otp's ``OTPMiddleware``, installed before this one)
is sent to the code page, or to enrolment while they have no authenticator. Every other request
is refused until then: pages are redirected there, htmx requests answer 403 with ``HX-Redirect``
(htmx follows it instead of swapping a page into a fragment), the API answers 403 in JSON. Open
meanwhile: signing in and out, the health check and the two pages of the second step themselves.
Static files never get here (WhiteNoise answers them first). API tokens are not sessions: the
token endpoint asks for the second factor itself (``accounts.api.views``).
"""

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import Resolver404, resolve, reverse

from accounts import two_factor

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

from django.conf import settings
from django.http import HttpRequest

from core.roles import is_vendor_user


def layout(request: HttpRequest) -> dict[str, str | bool]:
    """The page frame for the signed-in user: vendor users always see the portal's navigation
    (on shared pages such as "My account", notifications and error pages too), and every page
    says when two-factor sign-in is not required (``make run``'s demo)."""
    user = getattr(request, "user", None)
    return {
        "base_template": "portal/base.html" if is_vendor_user(user) else "base.html",
        "two_factor_optional": not settings.TWO_FACTOR_REQUIRED,
    }

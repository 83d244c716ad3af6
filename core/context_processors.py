from django.http import HttpRequest

from core.roles import is_vendor_user


def layout(request: HttpRequest) -> dict[str, str]:
    """The page frame for the signed-in user: vendor users always see the portal's navigation
    (on shared pages such as "My account", notifications and error pages too)."""
    user = getattr(request, "user", None)
    return {"base_template": "portal/base.html" if is_vendor_user(user) else "base.html"}

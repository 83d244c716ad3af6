"""A maintenance window's page and the calendar-feed panel, shared by the hospital UI and the
portal: what the window's page shows, service errors at the form's fields, a POST-only action,
and making a new feed link."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from accounts.models import User
from core.roles import is_vendor_user
from slas.models import MaintenanceWindow
from slas.selectors import maintenance as selectors
from slas.services import maintenance as services
from slas.services.maintenance import feed_token_regenerate
from slas.tables.maintenance import STATE_BADGES, state_badge
from vendors.models import Vendor


def notice_text(notice: datetime.timedelta) -> str:
    """Notice as people say it: ``6 days 2 h``, ``20 h``, ``45 min``."""
    minutes = max(int(notice.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days >= 2:
        return f"{days} days {hours} h" if hours else f"{days} days"
    hours += days * 24
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    return f"{minutes} min"


def window_context(window: MaintenanceWindow, user: User, *, show_vendor: bool = True) -> dict[str, Any]:
    """What the shared detail partial shows, for the hospital page and the portal page alike."""
    actual_end = window.actual_end
    return {
        "window": window,
        "show_vendor": show_vendor,
        "state_badge": state_badge(window),
        "state_colour": STATE_BADGES[window.state],
        "planned_duration": window.planned_end - window.planned_start,
        "notice_given": notice_text(window.planned_start - window.announced_at),
        "actual_duration": actual_end - window.actual_start if actual_end and window.actual_start else None,
        "compliance": selectors.maintenance_compliance_of(window),
        "may": services.maintenance_may(window, user),
    }


def run_window_action(
    request: HttpRequest, call: Callable[[], MaintenanceWindow], *, success: str, back_url: str
) -> HttpResponse:
    """A POST-only action (cancel) for the hospital UI and the portal: call, report, go back."""
    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return HttpResponseRedirect(back_url)


def _absolute(path: str) -> str:
    return settings.SITE_URL + path


def feed_url(key: str, vendor_id: int | None = None) -> str:
    if vendor_id is None:
        return _absolute(reverse("slas:maintenance_feed", kwargs={"key": key}))
    return _absolute(reverse("slas:maintenance_vendor_feed", kwargs={"key": key, "vendor_id": vendor_id}))


@dataclass(frozen=True)
class FeedLink:
    label: str
    url: str


@dataclass(frozen=True)
class FeedPanel:
    """The "Subscribe in your calendar" panel: the user's feed URLs (none until they make a
    link) and where to POST for a new link."""

    links: list[FeedLink]
    vendor_links: list[FeedLink]
    regenerate_url: str

    @property
    def has_link(self) -> bool:
        return bool(self.links)


def feed_panel(user: User, *, regenerate_url: str) -> FeedPanel:
    """Hospital users get the overall feed and one per vendor; a vendor user gets their own
    vendor's feed only."""
    token = selectors.feed_token_of(user)
    if token is None:
        return FeedPanel(links=[], vendor_links=[], regenerate_url=regenerate_url)
    if is_vendor_user(user):
        label = f"Maintenance of {user.vendor}"
        return FeedPanel([FeedLink(label, feed_url(token.key, user.vendor_id))], [], regenerate_url)
    vendors = Vendor.objects.visible_to(user).only("pk", "name").order_by("name")
    return FeedPanel(
        links=[FeedLink("All vendors", feed_url(token.key))],
        vendor_links=[FeedLink(vendor.name, feed_url(token.key, vendor.pk)) for vendor in vendors],
        regenerate_url=regenerate_url,
    )


def regenerate_feed(request: HttpRequest, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: a new key; the old URL stops working."""
    had_link = selectors.feed_token_of(request.user) is not None
    feed_token_regenerate(user=request.user)
    if had_link:
        messages.success(
            request, "New calendar link made. The old link no longer works: subscribe again with the new one."
        )
    else:
        messages.success(request, "Calendar link made. Add it to your calendar application as a subscription.")
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = back_url
    return HttpResponseRedirect(target)

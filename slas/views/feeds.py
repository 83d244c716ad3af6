"""The maintenance calendar feed: a secret per-user URL that calendar applications poll without
signing in. The key stands for its user: the feed holds what that user may see, and an unknown
key, a deactivated user or a vendor the user may not see is a 404."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View

from core.roles import is_vendor_user
from core.views import HospitalUserRequiredMixin
from slas.ical import maintenance_calendar
from slas.models import MaintenanceWindow
from slas.selectors import maintenance as maintenance_selectors
from slas.services.maintenance import feed_token_regenerate
from vendors.models import Vendor


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


def feed_panel(user: Any, *, regenerate_url: str) -> FeedPanel:
    """Hospital users get the overall feed and one per vendor; a vendor user gets their own
    vendor's feed only."""
    token = maintenance_selectors.feed_token_of(user)
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


class MaintenanceFeedView(View):
    """GET ``feed/<key>.ics`` (everything the key's user may see) or
    ``feed/<key>/vendor/<vendor_id>.ics`` (one vendor)."""

    def get(self, request: HttpRequest, key: str, vendor_id: int | None = None) -> HttpResponse:
        user = maintenance_selectors.feed_owner(key)
        if user is None:
            raise Http404("No such calendar feed.")
        name = "PACS maintenance windows"
        if vendor_id is not None:
            vendor = Vendor.objects.visible_to(user).filter(pk=vendor_id).only("pk", "name").first()
            if vendor is None:
                raise Http404("No such calendar feed.")
            name = f"Maintenance: {vendor.name}"
        detail_name = "portal:maintenance_detail" if is_vendor_user(user) else "slas:maintenancewindow_detail"

        def detail_url(window: MaintenanceWindow) -> str:
            return _absolute(reverse(detail_name, kwargs={"pk": window.pk}))

        windows = maintenance_selectors.feed_windows(user, vendor_id=vendor_id)
        response = HttpResponse(
            maintenance_calendar(windows, name=name, detail_url=detail_url), content_type="text/calendar; charset=utf-8"
        )
        response["Content-Disposition"] = 'inline; filename="maintenance.ics"'
        # The URL is a secret: no shared cache may keep it, and no search engine index it.
        response["Cache-Control"] = "private, max-age=300"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response


def regenerate_feed(request: HttpRequest, *, back_url: str) -> HttpResponse:
    """Shared by the hospital UI and the portal: a new key; the old URL stops working."""
    had_link = maintenance_selectors.feed_token_of(request.user) is not None
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


class FeedRegenerateView(HospitalUserRequiredMixin, View):
    """POST: make or replace the signed-in hospital user's feed link."""

    def post(self, request: HttpRequest) -> HttpResponse:
        return regenerate_feed(request, back_url=reverse("slas:maintenancewindow_list"))

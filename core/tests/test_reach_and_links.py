"""Two mechanisms that keep the layers one-way: the views vendor users may reach are declared on
the views (``core.views.reach``, read by ``core.middleware``), and lower apps link to the pages
of higher ones through ``core.links``, which the portal fills."""

import pytest
from django.urls import reverse

from accounts.tests.two_factor import VerifiedClient
from core.links import Audience, object_url
from core.testing.routes import iter_routes
from core.views.reach import is_vendor_reachable
from slas.tests.factories import incident_for
from tickets.models import Ticket

# Vendor users reach the portal and the API as a whole; outside them, only these routes. A new
# ``@vendor_reachable`` view is a decision to make here, on purpose.
REACHABLE_OUTSIDE_PORTAL_AND_API = {
    "home",
    "healthz",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "profile",
    "two_factor_verify",
    "two_factor",
    "two_factor_setup",
    "two_factor_recovery_codes",
    "two_factor_recovery_codes_download",
    "two_factor_recovery_codes_regenerate",
    "two_factor_remove",
    "notifications:notification_list",
    "notifications:notification_mark_read",
    "notifications:preferences",
    "slas:maintenance_feed",
    "slas:maintenance_vendor_feed",
    "reports:opt_out",
    "governance:meeting_feed",
}


def test_the_views_vendor_users_reach_are_the_portal_the_api_and_the_declared_few() -> None:
    reachable, hidden = set(), set()
    for route in iter_routes():
        in_portal = bool(route.name and route.name.startswith("portal:"))
        in_api = route.regex.startswith("api/")
        if in_portal or in_api:
            assert is_vendor_reachable(route.callback), f"{route.name or route.regex} is closed to vendor users"
        elif is_vendor_reachable(route.callback):
            reachable.add(route.name or route.regex)
        else:
            hidden.add(route.name or route.regex)
    assert reachable == REACHABLE_OUTSIDE_PORTAL_AND_API
    assert {"slas:incident_detail", "tickets:rate", "notifications:outbox_list", "admin:index"} <= hidden


def test_a_vendor_user_is_stopped_before_any_view_runs(vendor_user: object) -> None:
    """A hospital page answers 404, not the 403 of the CSRF check that would run later; a
    declared page and the portal open."""
    client = VerifiedClient(enforce_csrf_checks=True)
    client.force_login(vendor_user)
    assert client.post(reverse("vendors:vendor_add"), {"name": "x"}).status_code == 404
    assert client.get(reverse("slas:incident_list")).status_code == 404
    assert client.get(reverse("notifications:notification_list")).status_code == 200
    assert client.get(reverse("portal:home")).status_code == 200
    assert client.get("/").url == reverse("portal:home")


def test_an_object_links_to_the_portal_for_vendor_users_and_to_its_own_page_otherwise(vendor: object) -> None:
    incident = incident_for(vendor)
    assert object_url(incident, audience=Audience.VENDOR) == reverse("portal:incident_detail", args=[incident.pk])
    assert object_url(incident, audience=Audience.HOSPITAL) == incident.get_absolute_url()
    # By model and primary key, without loading the row.
    assert object_url("slas.Incident", incident.pk, audience=Audience.VENDOR) == f"/portal/incidents/{incident.pk}/"
    assert object_url(Ticket, 7, audience=Audience.HOSPITAL) == reverse("tickets:ticket_detail", args=[7])


def test_a_model_without_a_vendor_page_is_an_error_not_a_hospital_link() -> None:
    with pytest.raises(LookupError, match=r"slas\.businesscalendar"):
        object_url("slas.BusinessCalendar", 1, audience=Audience.VENDOR)

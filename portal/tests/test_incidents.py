"""The vendor's incidents in the portal: own vendor only, review and follow-ups to read, and the
discussion where the vendor proposes a root cause."""

import pytest
from django.test import Client

from accounts.tests.factories import HospitalAdminFactory
from core.testing.queries import queries_per_path
from notifications.event_types import EventType
from notifications.models import Notification
from slas.models import FollowUpAction, IncidentComment
from slas.services import incidents as services
from slas.tests.factories import incident_for
from tickets.services import tickets as lifecycle

pytestmark = pytest.mark.django_db


def test_the_vendor_lists_only_its_own_incidents(vendor_client: Client, vendor, other_vendor) -> None:
    own = incident_for(vendor, title="Archive unreachable")
    incident_for(other_vendor, title="Competitor outage")

    html = vendor_client.get("/portal/incidents/").content.decode()
    assert f'href="/portal/incidents/{own.pk}/"' in html
    assert "Competitor outage" not in html
    assert 'name="vendor"' not in html  # one vendor: no vendor filter
    export = b"".join(vendor_client.get("/portal/incidents/", {"export": "csv"}).streaming_content).decode()
    assert "Archive unreachable" in export
    assert "Competitor outage" not in export


def test_another_vendors_incident_does_not_exist_for_the_vendor(vendor_client: Client, other_vendor) -> None:
    foreign = incident_for(other_vendor)
    assert vendor_client.get(f"/portal/incidents/{foreign.pk}/").status_code == 404
    response = vendor_client.post(f"/portal/incidents/{foreign.pk}/comments/", {"body": "hello"})
    assert response.status_code == 404
    assert not IncidentComment.objects.exists()
    assert vendor_client.get(f"/sla/incidents/{foreign.pk}/").status_code == 404  # hospital pages: none


def test_the_vendor_reads_the_incident_review_and_follow_ups(vendor_client: Client, vendor) -> None:
    incident = incident_for(vendor, title="Archive unreachable", summary="No priors for two hours.")
    services.review_save(
        incident=incident, root_cause="Full storage tier", what_worked="Failover", what_to_change="", status="in_review"
    )
    services.follow_up_save(action=FollowUpAction(incident=incident, description="Patch firmware", owner_name="Jo"))
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Priors missing", incident=incident)

    html = vendor_client.get(f"/portal/incidents/{incident.pk}/").content.decode()
    assert "No priors for two hours." in html
    assert "Full storage tier" in html
    assert "In review with the vendor" in html
    assert "Patch firmware" in html
    assert f'href="/portal/tickets/{ticket.pk}/"' in html
    # Read-only: no review form, no follow-up actions, no way to end the incident.
    for hospital_only in ("/review/", "/status/", "follow-ups/", "/close/", "End incident", "/sla/"):
        assert hospital_only not in html.split("<main", 1)[1], hospital_only
    assert "This proposes a root cause" in html


def test_the_vendor_proposes_a_root_cause_and_hospital_admins_are_told(vendor_client: Client, vendor) -> None:
    admin = HospitalAdminFactory()
    incident = incident_for(vendor)
    response = vendor_client.post(
        f"/portal/incidents/{incident.pk}/comments/",
        {"body": "RAID controller firmware bug", "proposes_root_cause": "on"},
    )
    assert response["Location"] == f"/portal/incidents/{incident.pk}/#discussion"
    comment = IncidentComment.objects.get()
    assert (comment.body, comment.proposes_root_cause) == ("RAID controller firmware bug", True)
    notice = Notification.objects.get(recipient=admin, event_type=EventType.INCIDENT_COMMENT)
    assert "proposed a root cause" in notice.title

    html = vendor_client.get(f"/portal/incidents/{incident.pk}/").content.decode()
    assert "RAID controller firmware bug" in html
    assert "Proposes a root cause" in html
    assert "/adopt/" not in html


def test_an_empty_comment_shows_the_error_on_the_page(vendor_client: Client, vendor) -> None:
    incident = incident_for(vendor)
    response = vendor_client.post(f"/portal/incidents/{incident.pk}/comments/", {"body": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not IncidentComment.objects.exists()


def test_hospital_users_have_no_portal_incident_pages(staff_client: Client, vendor) -> None:
    incident = incident_for(vendor)
    assert staff_client.get("/portal/incidents/").status_code == 404
    assert staff_client.get(f"/portal/incidents/{incident.pk}/").status_code == 404


def test_portal_incident_pages_do_not_grow_in_queries(vendor_client: Client, vendor, vendor_user) -> None:
    def add(n: int) -> object:
        for i in range(n):
            incident = incident_for(vendor, title=f"Outage {i}")
            services.comment_add(incident=incident, author=vendor_user, body="Looking")
            services.follow_up_save(action=FollowUpAction(incident=incident, description="x", owner_name="Jo"))
        return incident

    incident = add(2)
    few = queries_per_path(vendor_client, ["/portal/incidents/", f"/portal/incidents/{incident.pk}/"])
    incident = add(5)
    many = queries_per_path(vendor_client, ["/portal/incidents/", f"/portal/incidents/{incident.pk}/"])
    assert list(few.values()) == list(many.values())

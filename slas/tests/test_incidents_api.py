"""``/api/v1/incidents/`` and its close, review, comments and follow-ups routes."""

import datetime as dt

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import VendorUserFactory
from core.testing.queries import queries_per_path
from notifications.models import Notification
from slas.models import FollowUpAction, Incident, IncidentComment, IncidentReview
from slas.selectors.incidents import incident_list
from slas.services import incidents as services
from slas.tests.factories import incident_for
from tickets.services import tickets as lifecycle
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/incidents/"
HOUR = dt.timedelta(hours=1)


def payload(vendor, components, **overrides: object) -> dict:
    return {
        "vendor": vendor.pk,
        "components": [c.pk for c in components],
        "title": "Archive unreachable",
        "impact": "down",
        "started_at": (timezone.now() - 2 * HOUR).isoformat(),
        "detected_by": "monitoring",
        "cause_category": "storage",
        **overrides,
    }


# --- the incident ---------------------------------------------------------------------------------------


def test_staff_report_an_incident_and_read_it_back(staff_api: APIClient, staff_user, vendor) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    response = staff_api.post(URL, payload(vendor, [archive]), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    incident = Incident.objects.get()
    assert body["id"] == incident.pk
    assert body["components"] == [archive.pk]
    assert (body["is_open"], body["ended_at"], body["reported_by"]) == (True, None, staff_user.pk)
    assert body["review"]["status"] == "draft"
    assert (body["follow_ups"], body["tickets"]) == ([], [])
    assert body["duration_minutes"] >= 119

    detail = staff_api.get(f"{URL}{incident.pk}/").json()
    assert detail["title"] == "Archive unreachable"


def test_an_ongoing_incident_lasts_until_the_moment_its_list_is_read(vendor) -> None:
    # Views keep the selector's queryset as a class attribute, built once at import: "now" must
    # be read when the query runs, on the application's clock.
    start = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)
    incident = incident_for(vendor, started_at=start)
    built_once = incident_list()
    with time_machine.travel(start + 3 * HOUR, tick=False):
        assert built_once.get(pk=incident.pk).duration == 3 * HOUR
    with time_machine.travel(start + 5 * HOUR, tick=False):
        assert built_once.all().get(pk=incident.pk).duration == 5 * HOUR


def test_bad_input_is_a_400_with_field_messages(staff_api: APIClient, vendor, other_vendor) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign")
    response = staff_api.post(URL, payload(vendor, [foreign]), format="json")
    assert response.status_code == 400
    assert response.json() == {"components": [f"Not components of this vendor: {foreign}."]}

    own = ComponentFactory(vendor=vendor)
    future = (timezone.now() + 5 * HOUR).isoformat()
    response = staff_api.post(URL, payload(vendor, [own], started_at=future), format="json")
    assert response.status_code == 400
    assert "cannot start in the future" in response.json()["started_at"][0]

    start = timezone.now() - 2 * HOUR
    response = staff_api.post(
        URL,
        payload(vendor, [own], started_at=start.isoformat(), ended_at=(start - HOUR).isoformat()),
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["An incident cannot end before it starts."]}

    response = staff_api.post(URL, payload(vendor, [], impact="sideways"), format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"components", "impact"}
    assert not Incident.objects.exists()


def test_an_unknown_component_id_is_a_400(admin_api: APIClient, vendor) -> None:
    response = admin_api.post(URL, {**payload(vendor, []), "components": [999999]}, format="json")
    assert response.status_code == 400
    assert response.json()["components"] == ['Invalid pk "999999" - object does not exist.']


def test_admins_update_and_staff_may_not(admin_api: APIClient, staff_api: APIClient, vendor) -> None:
    incident = incident_for(vendor, title="Archive unreachable")
    new_component = ComponentFactory(vendor=vendor, name="Viewer")
    assert staff_api.patch(f"{URL}{incident.pk}/", {"title": "x"}, format="json").status_code == 403

    response = admin_api.patch(f"{URL}{incident.pk}/", {"title": "Archive down"}, format="json")
    assert response.status_code == 200
    assert response.json()["title"] == "Archive down"
    assert len(response.json()["components"]) == 1  # not sent: kept

    response = admin_api.patch(f"{URL}{incident.pk}/", {"components": [new_component.pk]}, format="json")
    assert response.json()["components"] == [new_component.pk]
    assert admin_api.delete(f"{URL}{incident.pk}/").status_code == 405
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_filters_vendor_impact_open_and_started_range(staff_api: APIClient, vendor, other_vendor) -> None:
    march = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
    ended = incident_for(vendor, title="Ended", started_at=march, ended_at=march + HOUR, impact="degraded")
    ongoing = incident_for(vendor, title="Ongoing")
    foreign = incident_for(other_vendor, title="Other")

    def ids(**params: object) -> set[int]:
        response = staff_api.get(URL, params)
        assert response.status_code == 200
        return {row["id"] for row in response.json()["results"]}

    assert ids(vendor=vendor.pk) == {ended.pk, ongoing.pk}
    assert ids(impact="degraded") == {ended.pk}
    assert ids(open="true") == {ongoing.pk, foreign.pk}
    assert ids(open="false") == {ended.pk}
    assert ids(started_from="2026-03-10", started_to="2026-03-10") == {ended.pk}
    assert staff_api.get(URL, {"started_from": "not a date"}).status_code == 400


def test_linked_ticket_ids_are_listed(staff_api: APIClient, vendor) -> None:
    incident = incident_for(vendor)
    first = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="A", incident=incident)
    second = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P2", title="B", incident=incident)
    lifecycle.ticket_open(vendor_id=vendor.pk, severity="P2", title="Unlinked")
    assert staff_api.get(f"{URL}{incident.pk}/").json()["tickets"] == [first.pk, second.pk]


def test_the_list_runs_a_fixed_number_of_queries(admin_api: APIClient, vendor_api: APIClient, vendor) -> None:
    def add(n: int) -> None:
        for i in range(n):
            incident = incident_for(
                vendor,
                title=f"Outage {i}",
                components=[ComponentFactory(vendor=vendor), ComponentFactory(vendor=vendor)],
            )
            services.follow_up_save(action=FollowUpAction(incident=incident, description="x", owner_name="Jo"))
            lifecycle.ticket_open(vendor_id=vendor.pk, severity="P2", title="Linked", incident=incident)

    add(2)
    few = queries_per_path(admin_api, [URL]) | {"vendor": queries_per_path(vendor_api, [URL])[URL]}
    add(8)
    many = queries_per_path(admin_api, [URL]) | {"vendor": queries_per_path(vendor_api, [URL])[URL]}
    assert few == many


# --- vendor users ---------------------------------------------------------------------------------------


def test_vendor_users_read_their_own_incidents_only(vendor_api: APIClient, vendor, other_vendor) -> None:
    own = incident_for(vendor)
    foreign = incident_for(other_vendor)
    assert [row["id"] for row in vendor_api.get(URL).json()["results"]] == [own.pk]
    assert vendor_api.get(f"{URL}{foreign.pk}/").status_code == 404
    for route in ("review/", "comments/", "follow-ups/"):
        assert vendor_api.get(f"{URL}{foreign.pk}/{route}").status_code == 404
        assert vendor_api.get(f"{URL}{own.pk}/{route}").status_code == 200


def test_vendor_users_may_not_create_change_close_or_review(vendor_api: APIClient, vendor) -> None:
    incident = incident_for(vendor)
    component = incident.components.get()
    assert vendor_api.post(URL, payload(vendor, [component]), format="json").status_code == 403
    assert vendor_api.patch(f"{URL}{incident.pk}/", {"title": "x"}, format="json").status_code == 403
    assert vendor_api.post(f"{URL}{incident.pk}/close/", {}, format="json").status_code == 403
    review = {"root_cause": "x", "status": "in_review"}
    assert vendor_api.put(f"{URL}{incident.pk}/review/", review, format="json").status_code == 403
    follow_up = {"description": "x", "owner_name": "y"}
    assert vendor_api.post(f"{URL}{incident.pk}/follow-ups/", follow_up, format="json").status_code == 403
    incident.refresh_from_db()
    assert incident.is_open
    assert Incident.objects.count() == 1
    assert not FollowUpAction.objects.exists()


def test_vendor_users_comment_and_propose_a_root_cause(vendor_api: APIClient, vendor, other_vendor, admin_user) -> None:
    incident = incident_for(vendor)
    response = vendor_api.post(
        f"{URL}{incident.pk}/comments/",
        {"body": "RAID controller firmware bug", "proposes_root_cause": True},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["proposes_root_cause"] is True
    assert response.json()["author_is_vendor"] is True
    assert Notification.objects.filter(recipient=admin_user, title__contains="proposed a root cause").exists()

    listed = vendor_api.get(f"{URL}{incident.pk}/comments/").json()
    assert [c["body"] for c in listed] == ["RAID controller firmware bug"]
    assert vendor_api.post(f"{URL}{incident.pk}/comments/", {"body": " "}, format="json").status_code == 400

    foreign = incident_for(other_vendor)
    assert vendor_api.post(f"{URL}{foreign.pk}/comments/", {"body": "x"}, format="json").status_code == 404
    assert IncidentComment.objects.count() == 1


# --- close, review, follow-ups ---------------------------------------------------------------------------


def test_close_now_or_at_a_time_and_not_twice(staff_api: APIClient, vendor) -> None:
    incident = incident_for(vendor, started_at=timezone.now() - 3 * HOUR)
    at = timezone.now() - HOUR
    response = staff_api.post(f"{URL}{incident.pk}/close/", {"ended_at": at.isoformat()}, format="json")
    assert response.status_code == 200
    assert response.json()["is_open"] is False
    assert response.json()["duration_minutes"] == 120
    again = staff_api.post(f"{URL}{incident.pk}/close/", {}, format="json")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["This incident has already ended."]}

    other = incident_for(vendor)
    assert staff_api.post(f"{URL}{other.pk}/close/", {}, format="json").json()["ended_at"] is not None
    bad = incident_for(vendor)
    response = staff_api.post(f"{URL}{bad.pk}/close/", {"ended_at": "2000-01-01T00:00:00Z"}, format="json")
    assert response.json() == {"ended_at": ["An incident cannot end before it starts."]}


def test_review_read_and_written_by_admins(admin_api: APIClient, staff_api: APIClient, vendor) -> None:
    incident = incident_for(vendor)
    url = f"{URL}{incident.pk}/review/"
    assert staff_api.get(url).json()["status"] == "draft"
    assert staff_api.put(url, {"status": "in_review"}, format="json").status_code == 403

    response = admin_api.put(url, {"root_cause": "Full tier", "status": "completed"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"what_to_change", "status"}

    services.incident_close(incident=incident)
    admin_api.put(url, {"root_cause": "Full tier", "status": "in_review"}, format="json")
    response = admin_api.put(url, {"what_to_change": "Alert at 85 %", "status": "completed"}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert (body["root_cause"], body["what_to_change"], body["status"]) == ("Full tier", "Alert at 85 %", "completed")
    assert body["completed_at"] is not None
    assert IncidentReview.objects.get().status == "completed"
    assert admin_api.get(f"{URL}{incident.pk}/").json()["review"]["root_cause"] == "Full tier"


def test_follow_ups_are_added_and_updated_by_hospital_users(
    staff_api: APIClient, staff_user, vendor, other_vendor
) -> None:
    incident = incident_for(vendor)
    url = f"{URL}{incident.pk}/follow-ups/"
    assert staff_api.post(url, {"description": "Capacity alert"}, format="json").json() == {
        "owner": ["Name an owner: a user, or a name when they have no account."]
    }
    outsider = VendorUserFactory(vendor=other_vendor)
    refused = staff_api.post(url, {"description": "x", "owner": outsider.pk}, format="json")
    assert refused.status_code == 400
    assert "owner" in refused.json()

    response = staff_api.post(
        url, {"description": "Capacity alert", "owner": staff_user.pk, "due_date": "2030-01-31"}, format="json"
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["owner_label"], created["status"], created["due_date"]) == ("Anna Staff", "open", "2030-01-31")

    done = staff_api.patch(f"{url}{created['id']}/", {"status": "done"}, format="json")
    assert done.status_code == 200
    assert done.json()["status"] == "done"
    assert done.json()["done_at"] is not None
    assert staff_api.patch(f"{url}999999/", {"status": "done"}, format="json").status_code == 404
    assert [a["description"] for a in staff_api.get(url).json()] == ["Capacity alert"]
    assert staff_api.get(f"{URL}{incident.pk}/").json()["follow_ups"][0]["status"] == "done"


def test_the_openapi_schema_documents_the_incident_routes(admin_client) -> None:
    schema = admin_client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/v1/incidents/",
        "/api/v1/incidents/{id}/",
        "/api/v1/incidents/{id}/close/",
        "/api/v1/incidents/{id}/review/",
        "/api/v1/incidents/{id}/comments/",
        "/api/v1/incidents/{id}/follow-ups/",
        "/api/v1/incidents/{id}/follow-ups/{follow_up_id}/",
    ):
        assert path in paths, path
    assert "put" in paths["/api/v1/incidents/{id}/review/"]
    assert "delete" not in paths["/api/v1/incidents/{id}/"]

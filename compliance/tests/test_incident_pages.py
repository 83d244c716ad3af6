"""Security incidents over the hospital pages, the portal and the API: what each side sees and
may do, bad input, scoping, and lists that read flat."""

import datetime as dt

import pytest
from django.utils import timezone

from compliance.models import SecurityIncident
from compliance.tests.factories import incident_for, terms_for
from vendors.tests.factories import ComponentFactory, VendorFactory

pytestmark = pytest.mark.django_db
HOUR = dt.timedelta(hours=1)


def local(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


# --- hospital pages ---


def test_the_list_shows_both_clocks_as_text_and_colour_and_reads_flat(
    admin_client, django_assert_max_num_queries
) -> None:
    for number in range(12):
        incident_for(VendorFactory(name=f"Vendor {number}"), title=f"Incident {number}", reported=False)
    incident_for(VendorFactory(name="Late"), title="Late one", reported=False, aware_hours_ago=30)
    with django_assert_max_num_queries(12):
        response = admin_client.get("/compliance/incidents/")
    html = response.content.decode()
    assert html.count("Incident ") >= 12
    assert '<span class="badge text-bg-primary">Running</span>' in html
    assert '<span class="badge text-bg-danger">Breached</span>' in html


def test_the_empty_list_says_what_shows_there(admin_client) -> None:
    assert "No security incidents recorded" in admin_client.get("/compliance/incidents/").content.decode()


def test_an_admin_records_an_incident_and_sees_its_clocks(admin_client, vendor) -> None:
    terms_for(vendor, breach_notification_hours=24)
    archive = ComponentFactory(vendor=vendor, name="Archive")
    now = timezone.now()
    response = admin_client.post(
        "/compliance/incidents/add/",
        {
            "vendor": vendor.pk,
            "title": "Support laptop stolen",
            "kind": "data_loss",
            "severity": "high",
            "components": [archive.pk],
            "description": "A laptop with cached studies was stolen.",
            "vendor_aware_at": local(now - 3 * HOUR),
            "hospital_aware_at": local(now - HOUR),
        },
    )
    incident = SecurityIncident.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/compliance/incidents/{incident.pk}/"
    assert (incident.vendor_deadline_hours, incident.reported_at, list(incident.components.all())) == (
        24,
        None,
        [archive],
    )
    html = admin_client.get(response["Location"]).content.decode()
    assert "Vendor tells us" in html
    assert "We tell the authority" in html
    assert " left</p>" in html
    assert f'action="/compliance/incidents/{incident.pk}/notified-vendor/"' in html
    assert f'action="/compliance/incidents/{incident.pk}/close/"' in html


def test_bad_instants_are_form_errors_and_nothing_is_stored(admin_client, vendor) -> None:
    now = timezone.now()
    response = admin_client.post(
        "/compliance/incidents/add/",
        {
            "vendor": vendor.pk,
            "title": "X",
            "kind": "other",
            "severity": "low",
            "description": "X",
            "occurred_at": local(now - HOUR),
            "vendor_aware_at": local(now - 2 * HOUR),
        },
    )
    assert response.status_code == 200
    assert "It cannot have happened after the vendor noticed it." in response.content.decode()
    assert not SecurityIncident.objects.exists()


def test_recording_the_authority_stops_its_clock_and_closing_needs_a_root_cause(admin_client, vendor) -> None:
    incident = incident_for(vendor)
    response = admin_client.post(
        f"/compliance/incidents/{incident.pk}/notified-authority/",
        {"at": local(timezone.now()), "reference": "DPA-77"},
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.authority_reference, incident.authority_notified_at is not None) == ("DPA-77", True)
    response = admin_client.post(f"/compliance/incidents/{incident.pk}/close/", {"root_cause": ""})
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    response = admin_client.post(f"/compliance/incidents/{incident.pk}/close/", {"root_cause": "Phished admin"})
    incident.refresh_from_db()
    assert (incident.status, incident.root_cause) == ("closed", "Phished admin")
    html = admin_client.get(incident.get_absolute_url()).content.decode()
    assert "Close with this root cause" not in html
    assert "Closed. Root cause: Phished admin" in html


def test_an_unknown_step_is_a_404(admin_client, vendor) -> None:
    incident = incident_for(vendor)
    assert admin_client.post(f"/compliance/incidents/{incident.pk}/delete/", {}).status_code == 404


def test_hospital_staff_read_but_take_no_step(staff_client, vendor) -> None:
    incident = incident_for(vendor)
    html = staff_client.get(incident.get_absolute_url()).content.decode()
    assert "Vendor tells us" in html
    assert "Post the update" not in html
    assert staff_client.post(f"/compliance/incidents/{incident.pk}/update/", {"body": "x"}).status_code == 403
    assert not incident.updates.exists()


# --- the portal ---


def test_a_vendor_reports_an_incident_in_the_portal_and_posts_an_update(vendor_client, vendor, admin_user) -> None:
    now = timezone.now()
    response = vendor_client.post(
        "/portal/security-incidents/report/",
        {
            "title": "Ransomware on our support network",
            "kind": "ransomware",
            "severity": "critical",
            "description": "Our support network is encrypted; your site VPN is cut.",
            "vendor_aware_at": local(now - 2 * HOUR),
            "patients_affected": "0",
        },
    )
    incident = SecurityIncident.objects.get()
    assert response["Location"] == f"/portal/security-incidents/{incident.pk}/"
    assert incident.reported_at is not None
    assert incident.reported_by.vendor == vendor
    page = vendor_client.get(response["Location"]).content.decode()
    assert "We tell the authority" in page
    assert "notified-" not in page  # the hospital's steps are not offered in the portal
    assert "Close with this root cause" not in page
    vendor_client.post(f"/portal/security-incidents/{incident.pk}/update/", {"body": "Forensics engaged."})
    assert list(incident.updates.values_list("body", flat=True)) == ["Forensics engaged."]
    assert (
        vendor_client.post(f"/portal/security-incidents/{incident.pk}/close/", {"root_cause": "x"}).status_code == 404
    )
    incident.refresh_from_db()
    assert incident.status == "suspected"


def test_the_portal_shows_only_the_vendors_own_incidents(vendor_client, vendor, other_vendor) -> None:
    incident_for(vendor, title="Our incident")
    foreign = incident_for(other_vendor, title="Their incident")
    html = vendor_client.get("/portal/security-incidents/").content.decode()
    assert "Our incident" in html
    assert "Their incident" not in html
    assert vendor_client.get(f"/portal/security-incidents/{foreign.pk}/").status_code == 404
    assert vendor_client.post(f"/portal/security-incidents/{foreign.pk}/update/", {"body": "x"}).status_code == 404
    assert not foreign.updates.exists()


def test_a_vendor_reporting_anothers_component_gets_a_form_error(vendor_client, vendor, other_vendor) -> None:
    response = vendor_client.post(
        "/portal/security-incidents/report/",
        {
            "title": "X",
            "kind": "other",
            "severity": "low",
            "description": "X",
            "vendor_aware_at": local(timezone.now() - HOUR),
            "components": [ComponentFactory(vendor=other_vendor).pk],
        },
    )
    assert response.status_code == 200
    assert not SecurityIncident.objects.exists()


# --- the API ---


def test_a_vendor_token_reports_and_reads_the_clocks(vendor_api, vendor, admin_api) -> None:
    terms_for(vendor, breach_notification_hours=24)
    aware = timezone.now() - 30 * HOUR
    response = vendor_api.post(
        "/api/v1/security-incidents/",
        {
            "vendor": vendor.pk,
            "title": "Late report",
            "kind": "data_breach",
            "severity": "high",
            "description": "Found late.",
            "vendor_aware_at": aware.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert [(c["key"], c["hours"], c["state"]) for c in body["clocks"]] == [
        ("vendor", 24, "breached"),
        ("regulator", 72, "running"),
    ]
    pk = body["id"]
    assert (
        vendor_api.post(f"/api/v1/security-incidents/{pk}/updates/", {"body": "Contained"}, format="json").json()[0][
            "body"
        ]
        == "Contained"
    )
    refused = vendor_api.post(f"/api/v1/security-incidents/{pk}/close/", {"root_cause": "x"}, format="json")
    assert refused.status_code == 403
    closed = admin_api.post(
        f"/api/v1/security-incidents/{pk}/close/", {"root_cause": "Misconfigured S3"}, format="json"
    )
    assert closed.json()["status"] == "closed"


def test_the_api_answers_bad_input_with_field_messages(admin_api, vendor) -> None:
    incident = incident_for(vendor)
    response = admin_api.post(
        f"/api/v1/security-incidents/{incident.pk}/notified/",
        {"which": "authority", "at": (incident.hospital_aware_at - HOUR).isoformat()},
        format="json",
    )
    assert response.status_code == 400
    assert "at" in response.json()
    incident.refresh_from_db()
    assert incident.authority_notified_at is None


def test_a_vendor_token_sees_only_its_own(vendor_api, vendor, other_vendor, django_assert_max_num_queries) -> None:
    for number in range(5):
        incident_for(vendor, title=f"Own {number}")
    foreign = incident_for(other_vendor)
    with django_assert_max_num_queries(10):
        response = vendor_api.get("/api/v1/security-incidents/")
    assert [row["title"] for row in response.json()["results"]] == [f"Own {n}" for n in range(4, -1, -1)]
    assert vendor_api.get(f"/api/v1/security-incidents/{foreign.pk}/").status_code == 404

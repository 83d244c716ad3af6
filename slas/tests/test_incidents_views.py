"""Hospital UI for incidents (/sla/incidents/...): list, report, edit, the incident page and its
actions, and the incident shown on the ticket page."""

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.utils import timezone

from core.testing.queries import queries_per_path
from slas.models import FollowUpAction, Incident, IncidentComment, IncidentReview
from slas.services import incidents as services
from slas.tests.factories import incident_for
from tickets.services import tickets as lifecycle
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)
LIST = "/sla/incidents/"


def flash(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def local(value: dt.datetime) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M")


def table_html(response) -> str:
    return response.content.decode().split("<table", 1)[1]


# --- list -------------------------------------------------------------------------------------


def test_the_list_shows_incidents_with_badges_and_filters_them(staff_client: Client, vendor, other_vendor) -> None:
    ongoing = incident_for(
        vendor, title="Archive unreachable", components=[ComponentFactory(vendor=vendor, name="Archive")]
    )
    ended = incident_for(
        other_vendor,
        title="Slow viewer",
        impact="degraded",
        started_at=timezone.now() - 5 * HOUR,
        ended_at=timezone.now() - 2 * HOUR,
        vendor_attributable="disputed",
        components=[ComponentFactory(vendor=other_vendor, name="Viewer")],
    )

    page = staff_client.get(LIST)
    assert page.status_code == 200
    html = table_html(page)
    assert f"INC-{ongoing.pk}" in html
    assert f"INC-{ended.pk}" in html
    assert '<span class="badge text-bg-danger">Ongoing</span>' in html
    assert '<span class="badge text-bg-warning">Degraded</span>' in html
    assert '<span class="badge text-bg-warning">Disputed</span>' in html
    assert '<span class="badge text-bg-secondary">Draft</span>' in html
    assert "3 h" in html  # the ended incident's duration
    assert "Archive" in html

    only_open = table_html(staff_client.get(LIST, {"open": "true"}))
    assert "Archive unreachable" in only_open
    assert "Slow viewer" not in only_open
    by_vendor = table_html(staff_client.get(LIST, {"vendor": other_vendor.pk}))
    assert "Slow viewer" in by_vendor
    assert "Archive unreachable" not in by_vendor
    by_component_name = table_html(staff_client.get(LIST, {"q": "archive"}))
    assert by_component_name.count(f"INC-{ongoing.pk}<") == 1
    assert "Slow viewer" not in by_component_name


def test_the_started_range_filter_uses_hospital_days(staff_client: Client, vendor) -> None:
    incident_for(
        vendor, title="Late on the 3rd", started_at=dt.datetime(2026, 3, 3, 23, 30, tzinfo=dt.UTC)
    )  # 00:30 Berlin
    incident_for(vendor, title="Early on the 3rd", started_at=dt.datetime(2026, 3, 3, 6, 0, tzinfo=dt.UTC))
    html = table_html(staff_client.get(LIST, {"started_from": "2026-03-04", "started_to": "2026-03-04"}))
    assert "Late on the 3rd" in html
    assert "Early on the 3rd" not in html


def test_the_list_has_a_helpful_empty_state_and_staff_may_report(staff_client: Client) -> None:
    html = staff_client.get(LIST).content.decode()
    assert "No incidents recorded yet." in html
    assert 'href="/sla/incidents/add/"' in html
    assert "Report an incident" in html
    filtered = staff_client.get(LIST, {"impact": "degraded"}).content.decode()
    assert "No incidents match these filters." in filtered


def test_the_list_exports_csv_with_the_same_filters(staff_client: Client, vendor) -> None:
    start = dt.datetime(2026, 2, 10, 8, 0, tzinfo=dt.UTC)
    incident = incident_for(
        vendor,
        title="Worklist down",
        started_at=start,
        ended_at=start + dt.timedelta(minutes=95),
        components=[ComponentFactory(vendor=vendor, name="Worklist")],
    )
    incident_for(vendor, title="Ongoing one")

    response = staff_client.get(LIST, {"export": "csv", "open": "false"})
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert header == [
        "#",
        "Title",
        "Vendor",
        "Components",
        "Impact",
        "Started",
        "Ended",
        "Duration",
        "Detected by",
        "Cause",
        "Attributable",
        "Review",
    ]
    assert rows == [
        [
            f"INC-{incident.pk}",
            "Worklist down",
            vendor.name,
            "Worklist",
            "Down",
            "2026-02-10 09:00",
            "2026-02-10 10:35",
            "1 h 35 min",
            "Person",
            "Unknown",
            "Yes",
            "Draft",
        ]
    ]


def test_the_list_sorts_by_duration(staff_client: Client, vendor) -> None:
    now = timezone.now()
    incident_for(vendor, title="Short one", started_at=now - 2 * HOUR, ended_at=now - HOUR)
    incident_for(vendor, title="Long one", started_at=now - 9 * HOUR, ended_at=now - HOUR)
    html = table_html(staff_client.get(LIST, {"sort": "-duration"}))
    assert html.index("Long one") < html.index("Short one")


def test_list_and_detail_queries_do_not_grow_with_rows(admin_client: Client, vendor, vendor_user) -> None:
    def add_incidents(n: int) -> Incident:
        for i in range(n):
            incident = incident_for(
                vendor,
                title=f"Outage {i}",
                components=[ComponentFactory(vendor=vendor), ComponentFactory(vendor=vendor)],
            )
            services.follow_up_save(action=FollowUpAction(incident=incident, description="x", owner=vendor_user))
            services.comment_add(incident=incident, author=vendor_user, body="Looking", proposes_root_cause=True)
            lifecycle.ticket_open(vendor_id=vendor.pk, severity="P2", title="Linked", incident=incident)
        return incident

    incident = add_incidents(2)
    paths = [LIST, f"{LIST}{incident.pk}/"]
    queries_per_path(admin_client, paths)  # warm per-process caches (content types, calendar clocks)
    few = queries_per_path(admin_client, paths)
    incident = add_incidents(6)
    services.comment_add(incident=incident, author=vendor_user, body="More")
    paths_many = [LIST, f"{LIST}{incident.pk}/"]
    many = queries_per_path(admin_client, paths_many)
    assert list(few.values()) == list(many.values())


# --- report and edit -----------------------------------------------------------------------------


def form_data(vendor, components, **overrides: object) -> dict:
    data = {
        "vendor": vendor.pk,
        "components": [c.pk for c in components],
        "title": "Archive unreachable",
        "impact": "down",
        "started_at": local(timezone.now() - 2 * HOUR),
        "ended_at": "",
        "detected_by": "monitoring",
        "cause_category": "storage",
        "vendor_attributable": "yes",
        "summary": "Studies could not be retrieved.",
    }
    data.update(overrides)
    return data


def test_staff_report_an_incident(staff_client: Client, staff_user, vendor) -> None:
    archive = ComponentFactory(vendor=vendor, name="Archive")
    ComponentFactory(vendor=vendor, name="Viewer")

    form = staff_client.get(f"{LIST}add/?vendor={vendor.pk}").content.decode()
    assert ">Archive (Main campus)</option>" in form
    assert ">Viewer (Main campus)</option>" in form
    assert 'type="datetime-local"' in form

    response = staff_client.post(f"{LIST}add/", form_data(vendor, [archive]))
    incident = Incident.objects.get()
    assert response["Location"] == f"/sla/incidents/{incident.pk}/"
    assert list(incident.components.all()) == [archive]
    assert (incident.reported_by, incident.detected_by, incident.is_open) == (staff_user, "monitoring", True)
    assert flash(response) == [f"Incident “{incident}” reported."]


def test_the_report_form_shows_errors_from_the_form_and_the_service(staff_client: Client, vendor, other_vendor) -> None:
    foreign = ComponentFactory(vendor=other_vendor, name="Foreign archive")
    response = staff_client.post(
        f"{LIST}add/", form_data(vendor, [foreign], title="", ended_at=local(timezone.now() + 5 * HOUR))
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This field is required." in html
    assert not Incident.objects.exists()

    response = staff_client.post(f"{LIST}add/", form_data(vendor, [foreign], ended_at=local(timezone.now() + 5 * HOUR)))
    html = response.content.decode()
    assert f"Not components of this vendor: {foreign}." in html
    assert "An incident cannot end in the future." in html
    assert not Incident.objects.exists()

    response = staff_client.post(f"{LIST}add/", form_data(vendor, []))
    assert "This field is required." in response.content.decode()


def test_component_options_follow_the_chosen_vendor(staff_client: Client, vendor, other_vendor) -> None:
    ComponentFactory(vendor=vendor, name="Archive", site="")
    ComponentFactory(vendor=other_vendor, name="Other viewer")
    choices = "/vendors/choices/slas.forms.incidents.IncidentForm/"
    html = staff_client.get(choices, {"vendor": vendor.pk}).content.decode()
    assert re.fullmatch(
        r'<select id="id_components" hx-swap-oob="innerHTML"><option value="\d+">Archive</option></select>', html
    )
    empty = '<select id="id_components" hx-swap-oob="innerHTML"></select>'
    assert staff_client.get(choices, {"vendor": "x"}).content.decode() == empty


def test_admins_edit_an_incident_and_staff_may_not(admin_client: Client, staff_client: Client, vendor) -> None:
    incident = incident_for(vendor, title="Archive unreachable")
    components = list(incident.components.all())
    assert staff_client.get(f"{LIST}{incident.pk}/edit/").status_code == 403

    page = admin_client.get(f"{LIST}{incident.pk}/edit/").content.decode()
    assert 'value="Archive unreachable"' in page
    assert f'<option value="{components[0].pk}" selected>' in page
    response = admin_client.post(
        f"{LIST}{incident.pk}/edit/",
        form_data(
            vendor, components, title="Archive down", vendor_attributable="no", started_at=local(incident.started_at)
        ),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.title, incident.vendor_attributable) == ("Archive down", "no")


# --- the incident page ------------------------------------------------------------------------------


def test_the_page_shows_facts_review_follow_ups_discussion_and_tickets(
    admin_client: Client, vendor, vendor_user
) -> None:
    incident = incident_for(
        vendor,
        title="Archive unreachable",
        summary="No priors for 2 hours.",
        components=[ComponentFactory(vendor=vendor, name="Archive")],
    )
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Priors missing", incident=incident)
    services.comment_add(
        incident=incident, author=vendor_user, body="Controller firmware bug", proposes_root_cause=True
    )
    comment = IncidentComment.objects.get()
    services.follow_up_save(
        action=FollowUpAction(
            incident=incident, description="Patch firmware", owner_name="Field engineer", due_date=dt.date(2020, 1, 1)
        )
    )

    html = admin_client.get(f"{LIST}{incident.pk}/").content.decode()
    assert f"INC-{incident.pk} Archive unreachable" in html
    assert "No priors for 2 hours." in html
    assert "ongoing for <time data-elapsed-since=" in html
    assert "End incident" in html
    assert f'href="/tickets/{ticket.pk}/"' in html
    assert "Priors missing" in html
    assert "Controller firmware bug" in html
    assert "Proposes a root cause" in html
    assert f'action="/sla/incident-comments/{comment.pk}/adopt/"' in html
    assert "Patch firmware" in html
    assert "Field engineer" in html
    assert '<span class="badge text-bg-danger">Overdue</span>' in html
    assert f'action="/sla/incidents/{incident.pk}/review/"' in html
    assert f'href="/sla/incidents/{incident.pk}/edit/"' in html
    assert "/static/slas/js/incidents.js" in html


def test_staff_see_the_review_read_only_and_may_propose_a_root_cause(staff_client: Client, vendor) -> None:
    incident = incident_for(vendor)
    html = staff_client.get(f"{LIST}{incident.pk}/").content.decode()
    assert "Not established yet." in html
    assert "/review/" not in html
    assert "/edit/" not in html
    assert "This proposes a root cause" in html
    assert "End incident" in html
    assert "follow-ups/" in html


def test_ending_an_incident_now_or_at_a_time(staff_client: Client, vendor) -> None:
    at = (timezone.now() - HOUR).replace(second=0, microsecond=0)
    incident = incident_for(vendor, started_at=at - 2 * HOUR)
    response = staff_client.post(f"{LIST}{incident.pk}/close/", {"ended_at": local(at)})
    assert response["Location"] == f"/sla/incidents/{incident.pk}/"
    incident.refresh_from_db()
    assert incident.ended_at == at
    page = staff_client.get(f"{LIST}{incident.pk}/").content.decode()
    assert "End incident" not in page
    assert "2 h" in page

    other = incident_for(vendor)
    staff_client.post(f"{LIST}{other.pk}/close/", {"ended_at": ""})
    other.refresh_from_db()
    assert other.ended_at is not None


def test_ending_at_an_impossible_time_shows_the_error_on_the_page(staff_client: Client, vendor) -> None:
    incident = incident_for(vendor, started_at=timezone.now() - 3 * HOUR)
    response = staff_client.post(f"{LIST}{incident.pk}/close/", {"ended_at": local(incident.started_at - HOUR)})
    assert response.status_code == 400
    assert "An incident cannot end before it starts." in response.content.decode()
    incident.refresh_from_db()
    assert incident.is_open


def test_admin_saves_and_completes_the_review(admin_client: Client, staff_client: Client, vendor) -> None:
    incident = incident_for(vendor)
    url = f"{LIST}{incident.pk}/review/"
    data = {"root_cause": "Full tier", "what_worked": "Failover", "what_to_change": "", "status": "completed"}
    assert staff_client.post(url, data).status_code == 403

    refused = admin_client.post(url, data)
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Required to complete the review." in html
    assert "The incident is still ongoing" in html
    assert "Full tier</textarea>" in html  # kept as typed
    assert IncidentReview.objects.get().status == "draft"

    services.incident_close(incident=incident)
    response = admin_client.post(url, {**data, "what_to_change": "Capacity alert at 85 %"})
    assert response["Location"] == f"/sla/incidents/{incident.pk}/#review"
    review = IncidentReview.objects.get()
    assert (review.status, review.root_cause) == ("completed", "Full tier")


def test_admin_adopts_a_proposed_root_cause(admin_client: Client, vendor, vendor_user) -> None:
    incident = incident_for(vendor)
    proposal = services.comment_add(
        incident=incident, author=vendor_user, body="Firmware bug", proposes_root_cause=True
    )
    response = admin_client.post(f"/sla/incident-comments/{proposal.pk}/adopt/")
    assert response["Location"] == f"/sla/incidents/{incident.pk}/#review"
    assert IncidentReview.objects.get().root_cause == "Firmware bug"
    html = admin_client.get(f"{LIST}{incident.pk}/").content.decode()
    assert '<span class="badge text-bg-success">Adopted</span>' in html

    plain = services.comment_add(incident=incident, author=vendor_user, body="Just a note")
    response = admin_client.post(f"/sla/incident-comments/{plain.pk}/adopt/")
    assert flash(response) == ["This comment does not propose a root cause."]


def test_follow_ups_are_added_and_marked_done_or_dropped(staff_client: Client, staff_user, vendor) -> None:
    incident = incident_for(vendor)
    url = f"{LIST}{incident.pk}/follow-ups/"

    refused = staff_client.post(url, {"description": "Capacity alert", "owner": "", "owner_name": "", "due_date": ""})
    assert refused.status_code == 400
    assert "Name an owner" in refused.content.decode()
    assert not FollowUpAction.objects.exists()

    response = staff_client.post(
        url, {"description": "Capacity alert", "owner": staff_user.pk, "due_date": "2030-01-31"}
    )
    assert response["Location"] == f"/sla/incidents/{incident.pk}/#follow-ups"
    action = FollowUpAction.objects.get()
    assert (action.owner, action.due_date) == (staff_user, dt.date(2030, 1, 31))

    staff_client.post(f"/sla/follow-ups/{action.pk}/status/", {"status": "done"})
    action.refresh_from_db()
    assert action.status == "done"
    assert action.done_at is not None
    staff_client.post(f"/sla/follow-ups/{action.pk}/status/", {"status": "dropped"})
    action.refresh_from_db()
    assert (action.status, action.done_at) == ("dropped", None)


def test_the_follow_up_owner_list_offers_hospital_users_and_the_vendors_own(
    admin_client: Client, vendor, other_vendor
) -> None:
    from accounts.tests.factories import VendorUserFactory

    VendorUserFactory(vendor=vendor, first_name="Own", last_name="Engineer")
    VendorUserFactory(vendor=other_vendor, first_name="Foreign", last_name="Engineer")
    incident = incident_for(vendor)
    html = admin_client.get(f"{LIST}{incident.pk}/").content.decode()
    assert "Own Engineer" in html
    assert "Foreign Engineer" not in html


def test_staff_comment_and_the_vendor_is_told(staff_client: Client, vendor, vendor_user) -> None:
    incident = incident_for(vendor)
    vendor_user.notifications.all().delete()
    response = staff_client.post(f"{LIST}{incident.pk}/comments/", {"body": "Please send the controller logs."})
    assert response["Location"] == f"/sla/incidents/{incident.pk}/#discussion"
    assert IncidentComment.objects.get().body == "Please send the controller logs."
    assert vendor_user.notifications.count() == 1

    empty = staff_client.post(f"{LIST}{incident.pk}/comments/", {"body": "  "})
    assert empty.status_code == 400


def test_admins_see_the_change_history_when_incidents_are_audited(admin_client: Client, vendor) -> None:
    from auditlog.registry import auditlog

    incident = incident_for(vendor)
    html = admin_client.get(f"{LIST}{incident.pk}/").content.decode()
    assert ("Change history" in html) == auditlog.contains(Incident)


# --- the ticket page ---------------------------------------------------------------------------


def test_the_ticket_page_links_its_incident(staff_client: Client, vendor_client: Client, vendor) -> None:
    incident = incident_for(vendor, title="Archive unreachable")
    ticket = lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Priors missing", incident=incident)
    html = staff_client.get(f"/tickets/{ticket.pk}/").content.decode()
    assert f'href="/sla/incidents/{incident.pk}/"' in html
    portal = vendor_client.get(f"/portal/tickets/{ticket.pk}/").content.decode()
    assert f'href="/portal/incidents/{incident.pk}/"' in portal


def test_the_ticket_form_offers_the_chosen_vendors_incidents(staff_client: Client, vendor, other_vendor) -> None:
    incident = incident_for(vendor, title="Archive unreachable")
    incident_for(other_vendor, title="Other outage")
    html = staff_client.get("/tickets/add/", {"vendor": vendor.pk}).content.decode()
    assert f'<option value="{incident.pk}">INC-{incident.pk}: Archive unreachable</option>' in html
    assert "Other outage" not in html

"""Maintenance windows in the vendor portal: the vendor's own list and pages (the same body as
the hospital's), announcing, changing work still to come, cancelling, the calendar link."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from notifications.models import Notification
from slas.models import FeedToken, MaintenanceWindow
from slas.tests.factories import maintenance_for
from slas.tests.maintenance_support import PAST_SUNDAY, berlin, next_sunday, sla_with_sunday_window
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db

State = MaintenanceWindow.State
H = dt.timedelta(hours=1)
LIST = "/portal/maintenance/"


def _local(instant: dt.datetime) -> str:
    return timezone.localtime(instant).strftime("%Y-%m-%dT%H:%M")


def test_the_list_shows_the_vendors_own_windows_only(vendor_client: Client, vendor, other_vendor) -> None:
    sla_with_sunday_window(vendor)
    maintenance_for(
        vendor,
        title="Overran",
        planned_start=berlin(PAST_SUNDAY, 1),
        duration=3 * H,
        actual_start=berlin(PAST_SUNDAY, 1),
        actual_end=berlin(PAST_SUNDAY, 4, 40),
    )
    maintenance_for(other_vendor, title="Someone else's release")
    response = vendor_client.get(LIST)
    html = response.content.decode()
    assert "Overran" in html
    assert "Someone else" not in html
    assert "Breaks contract" in html
    assert "Overran the planned end by 40 min." in html
    assert "Announce maintenance" in html
    assert [column.name for column in response.context["table"].columns][:3] == ["id", "title", "components"]
    assert 'href="/portal/maintenance/' in html
    assert "/sla/maintenance/" not in html.replace("/sla/maintenance/feed", "")


def test_announcing_a_window_awaits_the_hospitals_approval(
    vendor_client: Client, vendor, vendor_user, admin_user, other_vendor
) -> None:
    sla_with_sunday_window(vendor)
    archive = ComponentFactory(vendor=vendor, name="Archive")
    ComponentFactory(vendor=other_vendor, name="Their viewer")
    page = vendor_client.get(f"{LIST}announce/")
    html = page.content.decode()
    assert "Your SLA asks for 48 h written notice and work only in Sunday 00:00-06:00" in html
    assert "Archive" in html
    assert "Their viewer" not in html
    assert "announced_at" not in page.context["form"].fields
    assert "vendor" not in page.context["form"].fields

    start = berlin(next_sunday(), 1)
    response = vendor_client.post(
        f"{LIST}announce/",
        {
            "title": "Archive firmware",
            "components": [archive.pk],
            "planned_start": _local(start),
            "planned_end": _local(start + 3 * H),
            "description": "Controller firmware 7.2.",
        },
    )
    window = MaintenanceWindow.objects.get()
    assert response["Location"] == f"/portal/maintenance/{window.pk}/"
    assert (window.vendor, window.state, window.announced_by) == (vendor, State.PROPOSED, vendor_user)
    assert Notification.objects.filter(recipient=admin_user, title=f"Maintenance to approve: {window}").exists()

    html = vendor_client.get(f"/portal/maintenance/{window.pk}/").content.decode()
    # The same body as the hospital's page: plan, compliance in words, actual work.
    assert "Contract compliance" in html
    assert "Actual work" in html
    assert "Nothing counts yet: the window awaits approval." in html
    assert "Change" in html
    assert "Cancel window" in html
    assert "Approve" not in html
    assert "Save actual times" not in html


def test_bad_input_shows_form_errors(vendor_client: Client, vendor) -> None:
    start = berlin(next_sunday(), 1)
    response = vendor_client.post(
        f"{LIST}announce/", {"title": "x", "planned_start": _local(start), "planned_end": _local(start - H)}
    )
    assert response.status_code == 200
    assert "The planned end must be after the planned start." in response.content.decode()
    assert not MaintenanceWindow.objects.exists()


def test_changing_an_approved_window_sends_it_back_for_approval(vendor_client: Client, vendor) -> None:
    start = berlin(next_sunday(), 1)
    window = maintenance_for(vendor, planned_start=start, duration=3 * H, announced_at=timezone.now() - 24 * H)
    html = vendor_client.get(f"{LIST}{window.pk}/").content.decode()
    assert "Changing an approved window sends it back to the hospital for approval." in html
    response = vendor_client.post(
        f"{LIST}{window.pk}/edit/",
        {"title": "Archive firmware", "planned_start": _local(start), "planned_end": _local(start + 2 * H)},
        follow=True,
    )
    assert "changed. It awaits the hospital&#x27;s approval." in response.content.decode()
    window.refresh_from_db()
    assert (window.state, window.planned_end) == (State.PROPOSED, start + 2 * H)


def test_past_work_cannot_be_changed_or_cancelled_here(vendor_client: Client, vendor) -> None:
    window = maintenance_for(vendor, planned_start=berlin(PAST_SUNDAY, 1))
    html = vendor_client.get(f"{LIST}{window.pk}/").content.decode()
    assert "Cancel window" not in html
    assert f"/portal/maintenance/{window.pk}/edit/" not in html
    response = vendor_client.get(f"{LIST}{window.pk}/edit/", follow=True)
    assert "This window can no longer be changed here; ask the hospital." in response.content.decode()
    response = vendor_client.post(f"{LIST}{window.pk}/cancel/", follow=True)
    assert "The planned start has passed; ask the hospital to cancel the window." in response.content.decode()
    window.refresh_from_db()
    assert window.state == State.APPROVED


def test_cancelling_tells_the_hospital(vendor_client: Client, vendor, admin_user) -> None:
    window = maintenance_for(vendor, announced_at=timezone.now())
    response = vendor_client.post(f"{LIST}{window.pk}/cancel/", follow=True)
    assert "cancelled; the hospital has been told." in response.content.decode()
    window.refresh_from_db()
    assert window.state == State.CANCELLED
    assert Notification.objects.filter(recipient=admin_user, title=f"Maintenance cancelled: {window}").exists()


def test_another_vendors_window_does_not_exist(vendor_client: Client, other_vendor) -> None:
    theirs = maintenance_for(other_vendor, announced_at=timezone.now())
    for path in (f"{LIST}{theirs.pk}/", f"{LIST}{theirs.pk}/edit/"):
        assert vendor_client.get(path).status_code == 404
    assert vendor_client.post(f"{LIST}{theirs.pk}/cancel/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.state == State.APPROVED


def test_the_calendar_link_is_the_vendors_own_feed(vendor_client: Client, vendor, vendor_user, settings) -> None:
    settings.SITE_URL = "https://pacs.hospital.example"
    assert "Make my calendar link" in vendor_client.get(LIST).content.decode()
    response = vendor_client.post(f"{LIST}feed/regenerate/", follow=True)
    key = FeedToken.objects.get(user=vendor_user).key
    html = response.content.decode()
    assert f'value="https://pacs.hospital.example/sla/maintenance/feed/{key}/vendor/{vendor.pk}.ics"' in html
    assert html.count("data-copy-source") == 1  # one vendor: one feed
    assert "Regenerate link" in html
    vendor_client.post(f"{LIST}feed/regenerate/")
    assert FeedToken.objects.get(user=vendor_user).key != key

"""Who hears of what happens to a ticket: a P1 or P2 is news for the hospital and the vendor
(each as their preferences say), a vendor reply and the resolution are news for the reporter;
the SLA sweep raises warnings and breaches; the history import tells nobody."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from notifications.event_types import EmailDelivery, EventType
from notifications.models import Notification, NotificationPreference, OutboxEmail
from slas.models import Agreement
from tickets.models import ClockAction, SlaClock
from tickets.services import thread
from tickets.services import tickets as lifecycle
from tickets.services.sweep import sweep_due_actions
from tickets.services.tickets import ticket_open
from tickets.tests.support import import_history

pytestmark = pytest.mark.django_db

AT_ONCE = (True, EmailDelivery.IMMEDIATE)


def told(event: str) -> dict[str, tuple[bool, str]]:
    """Who heard of ``event``, and how: username -> (in the app, email delivery)."""
    rows = Notification.objects.filter(event_type=event).select_related("recipient")
    return {row.recipient.username: (row.in_app, row.email_delivery) for row in rows}


@pytest.fixture
def people(agreement: Agreement, admin_user, staff_user, vendor_user) -> dict[str, object]:
    """Both sides of the agreement's vendor, and a user of another vendor who hears nothing."""
    return {
        "admin": admin_user,
        "staff": staff_user,
        "vendor": vendor_user,
        "outsider": VendorUserFactory(username="outsider"),
    }


def test_a_p1_reaches_the_admins_and_the_vendor_at_once_but_not_its_reporter(agreement, people) -> None:
    reporter = HospitalAdminFactory(username="reporting-admin")
    ticket = ticket_open(
        vendor_id=agreement.contract.vendor_id,
        severity="P1",
        title="Archive down",
        description="No images in any reading room.",
        reporter=reporter,
        patient_safety_risk=True,
    )

    assert told(EventType.TICKET_P1_OPENED) == {"admin": AT_ONCE, "vendoruser": AT_ONCE}
    note = Notification.objects.get(recipient=people["admin"])
    assert note.title == f"P1 ticket opened: #{ticket.pk} Archive down (Meridian Imaging Systems)"
    assert note.body == "No images in any reading room.\nPatient safety at risk."
    assert (note.url, note.level) == (f"/tickets/{ticket.pk}/", Notification.Level.DANGER)
    assert Notification.objects.get(recipient=people["vendor"]).url == f"/portal/tickets/{ticket.pk}/"
    assert sorted(a for e in OutboxEmail.objects.all() for a in e.to) == sorted(
        [people["admin"].email, people["vendor"].email]
    )


def test_a_p2_goes_to_the_admins_digest_and_staff_who_opted_in(agreement, people) -> None:
    NotificationPreference.objects.create(user=people["staff"], event_type=EventType.TICKET_P2_OPENED, in_app=True)

    ticket_open(vendor_id=agreement.contract.vendor_id, severity="P2", title="Worklist slow")

    assert told(EventType.TICKET_P2_OPENED) == {
        "admin": (True, EmailDelivery.DIGEST),
        "staff": (True, EmailDelivery.OFF),
        "vendoruser": AT_ONCE,
    }
    assert [e.to for e in OutboxEmail.objects.all()] == [[people["vendor"].email]]


def test_p3_and_p4_tickets_tell_nobody_until_raised_to_p1(agreement, people) -> None:
    ticket = ticket_open(vendor_id=agreement.contract.vendor_id, severity="P3", title="Hanging protocol wrong")
    ticket_open(vendor_id=agreement.contract.vendor_id, severity="P4", title="Typo in the viewer menu")
    assert not Notification.objects.exists()

    lifecycle.ticket_change_severity(ticket=ticket, by=people["staff"], severity="P1")
    lifecycle.ticket_change_severity(ticket=ticket, by=people["admin"], severity="P2")  # lowered: no news

    assert told(EventType.TICKET_P1_OPENED) == {"admin": AT_ONCE, "vendoruser": AT_ONCE}
    assert Notification.objects.get(recipient=people["admin"]).title.startswith("P1 ticket raised from P3 to P1: ")
    assert not Notification.objects.filter(event_type=EventType.TICKET_P2_OPENED).exists()


def test_a_vendor_reply_and_the_resolution_reach_the_reporter(agreement, people) -> None:
    reporter = people["staff"]
    ticket = ticket_open(vendor_id=agreement.contract.vendor_id, severity="P3", title="Prior fetch", reporter=reporter)

    thread.ticket_reply(ticket=ticket, by=people["vendor"], body="Please send a study UID.")
    thread.ticket_reply(ticket=ticket, by=people["admin"], body="Internal: chase them", internal=True)
    lifecycle.ticket_resolve(ticket=ticket, by=people["vendor"], summary="Cache rebuilt")

    assert told(EventType.REPORTED_TICKET_ANSWERED) == {"staff": AT_ONCE}
    answered = Notification.objects.get(event_type=EventType.REPORTED_TICKET_ANSWERED)
    assert answered.body == "Please send a study UID."
    assert told(EventType.REPORTED_TICKET_RESOLVED) == {"staff": AT_ONCE}
    resolved = Notification.objects.get(event_type=EventType.REPORTED_TICKET_RESOLVED)
    assert resolved.title == f"Ticket #{ticket.pk} resolved: how was the support?"
    assert resolved.url.startswith("/rate/")
    assert OutboxEmail.objects.filter(to=[reporter.email]).count() == 2


def test_the_sweep_raises_the_breach_to_admins_at_once_and_the_warning_to_the_assignee(now, agreement) -> None:
    admin, assignee = HospitalAdminFactory(username="admin2"), UserFactory(username="assignee")
    opened = now.value - datetime.timedelta(days=3)
    ticket = ticket_open(
        vendor_id=agreement.contract.vendor_id, severity="P3", title="Slow", at=opened, assignee_user=assignee
    )

    assert sweep_due_actions(now=now.value) > 0

    breaches = Notification.objects.filter(event_type=EventType.SLA_BREACH)
    assert {n.recipient for n in breaches} >= {admin}
    assert all((n.in_app, n.email_delivery) == AT_ONCE for n in breaches)
    assert all(n.url == f"/tickets/{ticket.pk}/" for n in breaches)
    assert Notification.objects.filter(event_type=EventType.SLA_WARNING, recipient=assignee).exists()
    assert OutboxEmail.objects.filter(to=[admin.email], subject__contains="breached").exists()


def test_the_history_import_tells_nobody(admin_api: APIClient, agreement, people) -> None:
    content = (
        b"vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at\n"
        b"Meridian Imaging Systems,P1,Archive down,,2026-10-01T02:00:00+02:00,,,\n"
        b"Meridian Imaging Systems,P2,Viewer slow,,2026-10-02T09:00:00+02:00,2026-10-02T09:10:00+02:00,"
        b"2026-10-03T09:00:00+02:00,\n"
    )
    _, job = import_history(admin_api, content)

    assert (job["status"], job["imported"]) == ("done", 2)
    assert not Notification.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_imported_open_tickets_are_breached_silently_and_the_sweep_then_tells_nobody(
    admin_api: APIClient, agreement, people
) -> None:
    """6,000 old open tickets once queued ~24,000 breach emails at the next sweep."""
    live = ticket_open(
        vendor_id=agreement.contract.vendor_id, severity="P1", title="Live outage", reporter=people["staff"]
    )
    Notification.objects.all().delete()
    OutboxEmail.objects.all().delete()
    opened = timezone.now() - datetime.timedelta(days=30)
    content = (
        "vendor,severity,title,description,opened_at,responded_at,resolved_at,closed_at\n"
        + "".join(f"Meridian Imaging Systems,P1,Old outage {n},,{opened.isoformat()},,,\n" for n in range(3))
    ).encode()
    _, job = import_history(admin_api, content)

    assert (job["status"], job["imported"]) == ("done", 3)
    imported = SlaClock.objects.filter(ticket__title__startswith="Old outage")
    assert imported.count() > 0
    assert set(imported.values_list("state", flat=True)) == {SlaClock.State.BREACHED}
    assert not ClockAction.objects.filter(clock__ticket__title__startswith="Old outage", fired_at__isnull=True).exists()
    assert not Notification.objects.exists()
    assert not OutboxEmail.objects.exists()
    # The next sweep: nothing of the import is left to announce; the live ticket is still told.
    sweep_due_actions(now=timezone.now() + datetime.timedelta(days=1))
    breached = Notification.objects.filter(event_type=EventType.SLA_BREACH)
    assert breached.exists()
    assert {n.url for n in breached} == {f"/tickets/{live.pk}/"}
    assert all("Old outage" not in e.body for e in OutboxEmail.objects.all())

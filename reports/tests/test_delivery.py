"""Who receives a report and what they get: one email per active address through the outbox and
a real SMTP server, with the PDF, the opt-out link and a List-Unsubscribe header; opted-out
recipients, deactivated users and contacts without an address get nothing; resending."""

import hashlib
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve

from notifications.models import OutboxEmail
from notifications.tasks import outbox_flush
from reports.models import MonthlyReport, ReportDelivery, ReportRecipient
from reports.services.delivery import (
    NotDeliverable,
    active_recipients,
    deliveries_schedule,
    recipient_from_token,
    recipient_opt_out,
    report_resend,
)
from reports.services.generation import report_generate, report_start
from reports.tests.conftest import MONTH, SEPTEMBER
from reports.views.opt_out import OptOutView
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(world) -> MonthlyReport:
    report = report_generate(vendor=world.vendor, month=MONTH)
    assert report.state == MonthlyReport.State.READY, report.error
    return report


def test_each_recipient_gets_one_email_with_the_pdf_and_a_way_to_opt_out(world, report, smtp_server) -> None:
    deliveries = deliveries_schedule(report=report)

    assert sorted(d.email for d in deliveries) == world.addresses
    assert {d.kind for d in deliveries} == {ReportDelivery.Kind.SCHEDULED}
    assert {d.recipient for d in deliveries} == set(world.recipients)
    assert outbox_flush() == len(world.recipients)  # the outbox task, in process
    assert sorted(r for mail in smtp_server.inbox for r in mail.rcpt_tos) == world.addresses
    for delivery in deliveries:
        delivery.refresh_from_db()
        assert delivery.outbox_email.state == OutboxEmail.State.SENT
        [mail] = [m for m in smtp_server.inbox if m.rcpt_tos == [delivery.email]]
        assert mail.subject == "Meridian Imaging Systems: performance report October 2026"
        [(filename, mimetype, content)] = mail.attachments()
        assert (filename, mimetype) == ("meridian-imaging-systems-2026-10-v1.pdf", "application/pdf")
        assert hashlib.sha256(content).hexdigest() == report.pdf_sha256
        assert report.pdf_sha256 in mail.text
        assert "Uptime: 99.597 % (target 99.9 %)" in mail.text
        assert f"Hello {delivery.recipient.name}," in mail.text
        # The opt-out link: in the text and in the List-Unsubscribe header, for this recipient.
        header = str(mail.message["List-Unsubscribe"]).strip()  # long, so folded
        assert header.startswith("<http://")
        assert header.endswith(">")
        link = header[1:-1]
        assert f"To stop receiving it: {link}" in mail.text
        path = urlsplit(link).path
        assert resolve(path).func.view_class is OptOutView
        assert recipient_from_token(path.rstrip("/").rsplit("/", 1)[1]) == delivery.recipient
    # Each person is sent to their own side of the archive.
    by_address = {m.rcpt_tos[0]: m.text for m in smtp_server.inbox}
    assert "/portal/reports/" in by_address[world.vendor_user.email]
    assert "/portal/reports/" in by_address[world.contact.email]
    assert "/portal/reports/" not in by_address[world.admin.email]
    assert "/reports/" in by_address[world.admin.email]
    # The month's access log, linked on each side too.
    vendor_link = f"access log (PDF): {settings.SITE_URL}/portal/reports/access-log/?month=2026-10"
    assert vendor_link in by_address[world.contact.email]
    assert f"/reports/access-log/?vendor={report.vendor_id}&month=2026-10" in by_address[world.admin.email]


def test_opted_out_deactivated_duplicate_and_addressless_recipients_get_nothing(world, report, smtp_server) -> None:
    admin, _staff, vendor_user, _contact = world.recipients
    recipient_opt_out(recipient=vendor_user)
    world.staff.is_active = False
    world.staff.save()
    # The admin's address again, in other capitals, on a contact row: one email, not two.
    ReportRecipient.objects.create(
        vendor=world.vendor,
        contact=ContactFactory(vendor=world.vendor, name="Admin as contact", email=world.admin.email.upper()),
    )
    # A contact without an address is skipped, not an error.
    ReportRecipient.objects.create(vendor=world.vendor, contact=ContactFactory(vendor=world.vendor, email=""))
    # A deactivated user does not hold their address against a contact who has it too.
    ReportRecipient.objects.create(
        vendor=world.vendor, contact=ContactFactory(vendor=world.vendor, name="Staff desk", email=world.staff.email)
    )

    deliveries = deliveries_schedule(report=report)
    outbox_flush()

    assert sorted(d.email for d in deliveries) == sorted([world.admin.email, world.staff.email, world.contact.email])
    assert [d.recipient for d in deliveries if d.email == world.admin.email] == [admin]
    assert [d.recipient.name for d in deliveries if d.email == world.staff.email] == ["Staff desk"]
    received = sorted(r for mail in smtp_server.inbox for r in mail.rcpt_tos)
    assert received == sorted([world.admin.email, world.staff.email, world.contact.email])
    assert world.vendor_user.email not in received
    # Nothing left over for a later run to send.
    assert deliveries_schedule(report=report) == []


def test_following_the_opt_out_link_stops_the_next_report(world, report, smtp_server) -> None:
    deliveries_schedule(report=report)
    outbox_flush()
    mail = next(m for m in smtp_server.inbox if m.rcpt_tos == [world.contact.email])
    path = urlsplit(str(mail.message["List-Unsubscribe"]).strip()[1:-1]).path
    client = Client()

    assert client.get(path).status_code == 200  # a mail scanner following the link changes nothing
    assert ReportRecipient.objects.get(contact=world.contact).opted_out_at is None
    assert client.post(path).status_code == 200
    assert ReportRecipient.objects.get(contact=world.contact).opted_out_at is not None
    token = path.rstrip("/").rsplit("/", 1)[1]
    forged = token[:-1] + ("x" if token[-1] != "x" else "y")
    assert client.get(path.replace(token, forged)).status_code == 404

    smtp_server.inbox.clear()
    september = report_generate(vendor=world.vendor, month=SEPTEMBER)
    deliveries = deliveries_schedule(report=september)
    outbox_flush()
    expected = sorted(a for a in world.addresses if a != world.contact.email)
    assert sorted(d.email for d in deliveries) == expected
    assert sorted(r for m in smtp_server.inbox for r in m.rcpt_tos) == expected


def test_resending_sends_again_on_request_beside_the_scheduled_delivery(world, report, admin_user) -> None:
    scheduled = deliveries_schedule(report=report)

    again = report_resend(report=report, requested_by=admin_user)
    one = report_resend(report=report, requested_by=admin_user, recipient_ids=[world.recipients[3].pk])

    assert sorted(d.email for d in again) == world.addresses
    assert {(d.kind, d.requested_by) for d in again} == {(ReportDelivery.Kind.RESEND, admin_user)}
    assert [d.email for d in one] == [world.contact.email]
    assert ReportDelivery.objects.filter(kind=ReportDelivery.Kind.SCHEDULED).count() == len(scheduled)
    assert ReportDelivery.objects.filter(kind=ReportDelivery.Kind.RESEND).count() == len(world.recipients) + 1
    outbox = {d.outbox_email_id for d in [*scheduled, *again, *one]}
    assert len(outbox) == 2 * len(world.recipients) + 1  # each delivery its own email
    # The scheduled delivery stays once per address: a resend does not count as one.
    assert deliveries_schedule(report=report) == []


def test_only_a_generated_version_is_sent(world, admin_user) -> None:
    running = report_start(vendor=world.vendor, month=MONTH)
    with pytest.raises(NotDeliverable):
        deliveries_schedule(report=running)
    with pytest.raises(NotDeliverable):
        report_resend(report=running, requested_by=admin_user)
    assert not ReportDelivery.objects.exists()
    assert not OutboxEmail.objects.filter(subject__contains="performance report").exists()


def test_resending_with_nobody_to_send_to_is_refused(world, report, admin_user) -> None:
    for recipient in world.recipients:
        recipient_opt_out(recipient=recipient)
    assert active_recipients(world.vendor.pk) == []
    with pytest.raises(NotDeliverable, match="No recipient"):
        report_resend(report=report, requested_by=admin_user)
    assert deliveries_schedule(report=report) == []

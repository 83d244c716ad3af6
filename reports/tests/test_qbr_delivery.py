"""Sending a QBR pack: to the meeting's attendees and the vendor's contacts, one outbox mail per
address with the PDF attached, each send recorded (a second one as a re-send); the pack's page
and its send button; and ``/api/v1/qbr-packs/``: generate, follow the progress, download, send
(hospital admins any pack; vendor users read their own meetings' generated packs only)."""

import datetime
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from accounts.tests.factories import HospitalAdminFactory, UserFactory
from governance.models import Attendance, Meeting
from governance.tests.factories import meeting_for, series_for
from notifications.models import Notification, OutboxAttachment, OutboxEmail
from notifications.services.failures import email_failure_report
from reports.models import QbrPack, QbrPackDelivery, QbrPackDocument
from reports.services.qbr_delivery import qbr_pack_addressees, qbr_pack_send
from reports.tests.factories import make_qbr_pack
from vendors.models import Vendor
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pack(vendor: Vendor, admin_user: object) -> QbrPack:
    """A generated pack whose meeting has a hospital attendee, a vendor attendee, an inactive
    user and a contact without address; the vendor has one more contact, and one that repeats
    an attendee's address in capitals."""
    pack = make_qbr_pack(vendor=vendor, user=admin_user, marker="Q4")
    meeting = pack.meeting
    account = ContactFactory(vendor=vendor, name="Sam Account", email="sam@vendor.example")
    Attendance.objects.create(meeting=meeting, user=UserFactory(first_name="Petra", last_name="Chief"))
    Attendance.objects.create(meeting=meeting, user=UserFactory(first_name="Gone", last_name="User", is_active=False))
    Attendance.objects.create(meeting=meeting, contact=account)
    Attendance.objects.create(meeting=meeting, contact=ContactFactory(vendor=vendor, name="No Mail", email=""))
    ContactFactory(vendor=vendor, name="Erin Engineer", email="erin@vendor.example", escalation_level=2)
    ContactFactory(vendor=vendor, name="Sam Again", email="SAM@vendor.example", escalation_level=3)
    return pack


def test_the_pack_goes_to_the_attendees_then_the_vendors_contacts_once_per_address(
    pack: QbrPack, admin_user: object
) -> None:
    chief = Attendance.objects.get(meeting=pack.meeting, user__first_name="Petra").user

    deliveries = qbr_pack_send(pack=pack, requested_by=admin_user)

    stored = list(QbrPackDelivery.objects.filter(pack=pack).order_by("pk"))
    assert [(d.name, d.email, d.kind) for d in stored] == [
        ("Petra Chief", chief.email, "send"),
        ("Sam Account", "sam@vendor.example", "send"),
        ("Erin Engineer", "erin@vendor.example", "send"),
    ]
    assert [d.pk for d in deliveries] == [d.pk for d in stored]
    assert {(d.requested_by_id, d.vendor_id, d.pdf_sha256) for d in stored} == {
        (admin_user.pk, pack.vendor_id, pack.pdf_sha256)
    }
    mails = OutboxEmail.objects.filter(pk__in=[d.outbox_email_id for d in stored]).order_by("pk")
    assert [mail.to for mail in mails] == [[chief.email], ["sam@vendor.example"], ["erin@vendor.example"]]
    mail = mails[0]
    assert mail.subject == f"{pack.vendor.name}: QBR pack of Q4 QBR, {pack.meeting.starts_at.astimezone():%d %b %Y}"
    assert "Hello Petra Chief," in mail.body
    assert pack.pdf_sha256 in mail.body
    attachment = OutboxAttachment.objects.get(email=mail)
    assert (attachment.filename, attachment.mimetype) == (pack.filename, "application/pdf")
    assert bytes(attachment.content) == bytes(QbrPackDocument.objects.get(pack=pack).pdf)


def test_sending_again_is_recorded_as_a_resend_with_the_pdf_it_carried(pack: QbrPack, admin_user: object) -> None:
    qbr_pack_send(pack=pack, requested_by=admin_user)
    first_pdf = pack.pdf_sha256
    QbrPack.objects.filter(pk=pack.pk).update(pdf_sha256="f" * 64)  # generated again since
    pack.refresh_from_db()

    again = qbr_pack_send(pack=pack, requested_by=admin_user)

    assert len(again) == 3
    kinds = list(QbrPackDelivery.objects.filter(pack=pack).order_by("pk").values_list("kind", "pdf_sha256"))
    assert kinds == [("send", first_pdf)] * 3 + [("resend", "f" * 64)] * 3
    assert OutboxEmail.objects.count() == 6


def test_a_pack_not_generated_or_without_addressees_is_not_sent(
    vendor: Vendor, admin_user: object, pack: QbrPack
) -> None:
    QbrPack.objects.filter(pk=pack.pk).update(state=QbrPack.State.GENERATING)
    pack.refresh_from_db()
    with pytest.raises(ValidationError, match="Only a generated pack can be sent"):
        qbr_pack_send(pack=pack, requested_by=admin_user)

    lonely = make_qbr_pack(vendor=make_vendor_without_contacts(), user=admin_user, marker="Alone")
    with pytest.raises(ValidationError, match="Nobody to send the pack to"):
        qbr_pack_send(pack=lonely, requested_by=admin_user)
    assert not QbrPackDelivery.objects.exists()
    assert not OutboxEmail.objects.exists()


def make_vendor_without_contacts() -> Vendor:
    from vendors.tests.factories import VendorFactory

    return VendorFactory(name="Quiet Vendor")


def test_only_hospital_admins_send_a_pack(pack: QbrPack, staff_user: object, vendor_user: object) -> None:
    for user in (staff_user, vendor_user):
        with pytest.raises(PermissionDenied):
            qbr_pack_send(pack=pack, requested_by=user)
    assert not QbrPackDelivery.objects.exists()


def test_a_send_that_fails_for_good_is_raised_to_the_admins_with_the_pack(pack: QbrPack, admin_user: object) -> None:
    delivery = qbr_pack_send(pack=pack, requested_by=admin_user)[2]
    email = delivery.outbox_email
    email.state, email.last_error = OutboxEmail.State.FAILED, "SMTPRecipientsRefused: 550 mailbox unavailable"
    email.save(update_fields=["state", "last_error"])

    email_failure_report(email=email)

    note = Notification.objects.get(recipient=admin_user)
    assert note.title == f"QBR pack not delivered to erin@vendor.example: {pack.vendor} 2026-06"
    assert "550 mailbox unavailable" in note.body
    assert note.url == pack.get_absolute_url()


def test_the_addressees_follow_the_meeting_and_the_vendor(pack: QbrPack) -> None:
    assert [name for name, _ in qbr_pack_addressees(pack)] == ["Petra Chief", "Sam Account", "Erin Engineer"]


# The pack's page -----------------------------------------------------------------------------


def test_the_page_sends_the_pack_and_lists_each_send(pack: QbrPack, admin_client: Client, staff_client: Client) -> None:
    page = admin_client.get(pack.get_absolute_url())
    assert page.status_code == 200
    assert "Not emailed yet." in page.content.decode()
    assert "3 addresses: the meeting's attendees" in page.content.decode()
    assert "Send to attendees" in page.content.decode()

    response = admin_client.post(f"/reports/qbr/{pack.pk}/send/", follow=True)

    assert response.redirect_chain[-1][0].endswith(f"/reports/qbr/{pack.pk}/#deliveries")
    html = response.content.decode()
    assert "Sending: the pack goes to 3 addresses." in html
    assert "erin@vendor.example" in html
    assert "Send again" in html
    assert QbrPackDelivery.objects.filter(pack=pack, kind="send").count() == 3

    staff_page = staff_client.get(pack.get_absolute_url()).content.decode()
    assert "erin@vendor.example" in staff_page  # staff see what was sent
    assert "Send again" not in staff_page
    assert staff_client.post(f"/reports/qbr/{pack.pk}/send/").status_code == 403
    assert QbrPackDelivery.objects.count() == 3


def test_a_send_the_service_refuses_is_shown_and_stores_nothing(
    vendor: Vendor, admin_user: object, admin_client: Client
) -> None:
    lonely = make_qbr_pack(vendor=make_vendor_without_contacts(), user=admin_user, marker="Alone")

    response = admin_client.post(f"/reports/qbr/{lonely.pk}/send/", follow=True)

    assert "Nobody to send the pack to" in response.content.decode()
    assert not QbrPackDelivery.objects.exists()


# The API -------------------------------------------------------------------------------------


def test_the_api_lists_packs_with_their_state_and_a_vendor_only_its_own_generated_ones(
    pack: QbrPack,
    admin_api: APIClient,
    vendor_api: APIClient,
    other_vendor: Vendor,
    admin_user: object,
    django_assert_max_num_queries: object,
) -> None:
    theirs = make_qbr_pack(vendor=other_vendor, user=admin_user, marker="Other")
    for index in range(3):
        make_qbr_pack(vendor=other_vendor, user=admin_user, marker=f"More{index}")
    generating = make_qbr_pack(vendor=pack.vendor, user=admin_user, marker="Busy")
    QbrPack.objects.filter(pk=generating.pk).update(state=QbrPack.State.GENERATING, progress=40, progress_note="Charts")

    with django_assert_max_num_queries(6):
        response = admin_api.get("/api/v1/qbr-packs/")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert len(rows) == 6
    row = rows[pack.pk]
    assert (row["vendor"], row["meeting"], row["meeting_title"], row["state"]) == (
        pack.vendor_id,
        pack.meeting_id,
        "Q4 QBR",
        "ready",
    )
    assert row["first_month"] == "2026-06"
    assert row["pdf_url"] == f"http://testserver/api/v1/qbr-packs/{pack.pk}/pdf/"
    busy = rows[generating.pk]
    assert (busy["state"], busy["progress"], busy["progress_note"], busy["pdf_url"]) == (
        "generating",
        40,
        "Charts",
        None,
    )

    vendor_rows = vendor_api.get("/api/v1/qbr-packs/").json()["results"]
    assert [row["id"] for row in vendor_rows] == [pack.pk]
    assert vendor_api.get(f"/api/v1/qbr-packs/{theirs.pk}/").status_code == 404
    assert vendor_api.get(f"/api/v1/qbr-packs/{theirs.pk}/pdf/").status_code == 404
    assert vendor_api.get(f"/api/v1/qbr-packs/{generating.pk}/").status_code == 404


def test_the_api_downloads_the_pdf(pack: QbrPack, vendor_api: APIClient) -> None:
    response = vendor_api.get(f"/api/v1/qbr-packs/{pack.pk}/pdf/", HTTP_ACCEPT="application/pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content if response.streaming else [response.content]) == bytes(
        QbrPackDocument.objects.get(pack=pack).pdf
    )


def held_review(vendor: Vendor) -> Meeting:
    from governance.models import Frequency, MeetingKind

    series = series_for(
        vendor, title="Review", kind=MeetingKind.QUARTERLY_BUSINESS_REVIEW, frequency=Frequency.QUARTERLY
    )
    start = datetime.datetime(2026, 11, 10, 9, 0, tzinfo=datetime.UTC)
    return meeting_for(
        vendor,
        series=series,
        starts_at=start,
        status=Meeting.Status.STARTED,
        agenda={"built_at": start.isoformat(), "sections": []},
        agenda_frozen_at=start,
    )


def test_an_admin_requests_a_pack_and_follows_its_progress_in_the_api(
    vendor: Vendor, admin_api: APIClient, vendor_api: APIClient, django_capture_on_commit_callbacks: object
) -> None:
    meeting = held_review(vendor)

    with (
        mock.patch("reports.tasks.generate_qbr_pack.delay") as queued,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = admin_api.post("/api/v1/qbr-packs/generate/", {"meeting": meeting.pk}, format="json")
        assert vendor_api.post("/api/v1/qbr-packs/generate/", {"meeting": meeting.pk}, format="json").status_code == 403

    assert response.status_code == 202
    body = response.json()
    pack = QbrPack.objects.get(meeting=meeting)
    assert (body["id"], body["state"], body["progress"], body["progress_note"]) == (
        pack.pk,
        "generating",
        0,
        "Waiting for a worker",
    )
    queued.assert_called_once_with(pack.pk)
    QbrPack.objects.filter(pk=pack.pk).update(progress=60, progress_note="Drawing charts and laying out the PDF")
    progress = admin_api.get(f"/api/v1/qbr-packs/{pack.pk}/").json()
    assert (progress["state"], progress["progress"]) == ("generating", 60)
    assert admin_api.get(f"/api/v1/qbr-packs/{pack.pk}/pdf/").status_code == 404

    again = admin_api.post("/api/v1/qbr-packs/generate/", {"meeting": meeting.pk}, format="json")
    assert again.status_code == 400
    assert "being generated" in again.json()["meeting"][0]


def test_the_api_refuses_a_meeting_that_is_not_a_held_review(vendor: Vendor, admin_api: APIClient) -> None:
    ahead = meeting_for(vendor, series=series_for(vendor, title="Weekly"))

    for data, field in (({"meeting": ahead.pk}, "meeting"), ({"meeting": 999999}, "meeting"), ({}, "meeting")):
        response = admin_api.post("/api/v1/qbr-packs/generate/", data, format="json")
        assert response.status_code == 400
        assert field in response.json()
    assert not QbrPack.objects.exists()


def test_an_admin_sends_a_pack_in_the_api_and_a_vendor_may_not(
    pack: QbrPack, admin_api: APIClient, vendor_api: APIClient
) -> None:
    assert vendor_api.post(f"/api/v1/qbr-packs/{pack.pk}/send/").status_code == 403

    first = admin_api.post(f"/api/v1/qbr-packs/{pack.pk}/send/")
    second = admin_api.post(f"/api/v1/qbr-packs/{pack.pk}/send/")

    assert first.status_code == second.status_code == 201
    assert [(row["email"], row["kind"], row["state"]) for row in first.json()] == [
        (pack.meeting.attendance.filter(user__first_name="Petra").get().user.email, "send", "queued"),
        ("sam@vendor.example", "send", "queued"),
        ("erin@vendor.example", "send", "queued"),
    ]
    assert {row["kind"] for row in second.json()} == {"resend"}
    assert QbrPackDelivery.objects.filter(pack=pack).count() == 6


def test_a_hospital_admin_is_any_admin(pack: QbrPack) -> None:
    other_admin = HospitalAdminFactory()
    assert len(qbr_pack_send(pack=pack, requested_by=other_admin)) == 3

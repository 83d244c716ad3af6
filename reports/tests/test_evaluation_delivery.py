"""Sending an evaluation's PDF: one outbox email with the PDF attached to each of the vendor's
account managers and each hospital admin, the send recorded (who, when, to whom), sending again
recorded again, nothing mailed while notifications are silenced, and clear refusals."""

import datetime
import re
from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from accounts.tests.factories import HospitalAdminFactory, UserFactory
from accounts.tests.two_factor import VerifiedClient
from notifications.models import OutboxAttachment, OutboxEmail
from notifications.services.notify import silenced
from reports.models import EvaluationDelivery, EvaluationReport, EvaluationReportDocument
from reports.services.evaluation_delivery import evaluation_addressees, evaluation_report_send
from reports.services.evaluations import evaluation_report_build, evaluation_report_queue
from scorecards.tests.factories import finalised_for, last_year
from vendors.models import Contact
from vendors.tests.factories import ContactFactory, VendorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> object:
    return HospitalAdminFactory(first_name="Ada", last_name="Admin", email="ada@hospital.example")


@pytest.fixture
def vendor() -> object:
    vendor = VendorFactory(name="Meridian Imaging")
    ContactFactory(vendor=vendor, name="Mara Manager", role=Contact.Role.ACCOUNT_MANAGER, email="mara@meridian.example")
    ContactFactory(vendor=vendor, name="Eli Engineer", role=Contact.Role.ENGINEER, email="eli@meridian.example")
    ContactFactory(vendor=vendor, name="No Mail", role=Contact.Role.ACCOUNT_MANAGER, email="", phone="+49 30 1")
    return vendor


def generated(vendor: object, admin: object) -> EvaluationReport:
    evaluation = finalised_for(vendor, admin=admin)
    with mock.patch("reports.tasks.generate_evaluation_report.delay"):
        report = evaluation_report_queue(evaluation=evaluation, requested_by=admin)
    return evaluation_report_build(report_id=report.pk)


def test_the_addressees_are_the_account_managers_and_the_hospital_admins_once_each(admin, vendor) -> None:
    HospitalAdminFactory(first_name="Ben", last_name="Board", email="MARA@meridian.example")  # the same address
    UserFactory(email="staff@hospital.example")  # hospital staff: not an addressee
    HospitalAdminFactory(email="gone@hospital.example", is_active=False)

    people = [(person.name, person.email, person.side) for person in evaluation_addressees(vendor.pk)]

    assert people == [
        ("Mara Manager", "mara@meridian.example", "vendor"),
        ("Ada Admin", "ada@hospital.example", "hospital"),
    ]


def test_sending_mails_the_pdf_to_each_and_records_the_send(admin, vendor) -> None:
    report = generated(vendor, admin)
    now = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)

    deliveries = evaluation_report_send(report=report, by=admin, now=now)

    stored = list(EvaluationDelivery.objects.order_by("side", "pk").values_list("email", "side", "sent_by", "sent_at"))
    assert stored == [
        ("ada@hospital.example", "hospital", admin.pk, now),
        ("mara@meridian.example", "vendor", admin.pk, now),
    ]
    assert {delivery.pdf_sha256 for delivery in deliveries} == {report.pdf_sha256}
    emails = OutboxEmail.objects.order_by("pk")
    assert [email.to for email in emails] == [["mara@meridian.example"], ["ada@hospital.example"]]
    assert all(email.subject == f"Meridian Imaging: vendor evaluation {last_year().year}" for email in emails)
    assert "/portal/evaluations/" in emails[0].body
    assert report.get_absolute_url() in emails[1].body
    pdf = bytes(EvaluationReportDocument.objects.get(report=report).pdf)
    attachments = OutboxAttachment.objects.order_by("email_id")
    assert [(a.filename, a.mimetype) for a in attachments] == [(report.filename, "application/pdf")] * 2
    assert all(bytes(attachment.content) == pdf for attachment in attachments)
    assert {d.outbox_email_id for d in EvaluationDelivery.objects.all()} == set(emails.values_list("pk", flat=True))


def test_sending_again_is_recorded_as_a_second_send(admin, vendor) -> None:
    report = generated(vendor, admin)
    first = datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    evaluation_report_send(report=report, by=admin, now=first)
    other_admin = HospitalAdminFactory(email="")
    evaluation_report_send(report=report, by=other_admin, now=first + datetime.timedelta(days=2))

    sends = list(EvaluationDelivery.objects.values_list("sent_at", "sent_by").distinct().order_by("sent_at"))
    assert sends == [(first, admin.pk), (first + datetime.timedelta(days=2), other_admin.pk)]
    assert OutboxEmail.objects.count() == 4


def test_nothing_is_mailed_while_notifications_are_silenced(admin, vendor) -> None:
    report = generated(vendor, admin)
    with silenced():
        evaluation_report_send(report=report, by=admin)
    assert EvaluationDelivery.objects.filter(outbox_email__isnull=True).count() == 2
    assert not OutboxEmail.objects.exists()


def test_a_pdf_not_generated_is_not_sent_and_nothing_is_stored(admin, vendor) -> None:
    evaluation = finalised_for(vendor, admin=admin)
    with mock.patch("reports.tasks.generate_evaluation_report.delay"):
        report = evaluation_report_queue(evaluation=evaluation, requested_by=admin)
    with pytest.raises(ValidationError, match="not generated"):
        evaluation_report_send(report=report, by=admin)
    assert not EvaluationDelivery.objects.exists()
    assert not OutboxEmail.objects.exists()


def test_no_one_to_send_to_is_a_clear_error(admin) -> None:
    vendor = VendorFactory(name="Silent Systems")
    report = generated(vendor, admin)
    admin.email = ""
    admin.save(update_fields=["email"])
    with pytest.raises(ValidationError, match="No one to send to"):
        evaluation_report_send(report=report, by=admin)
    assert not EvaluationDelivery.objects.exists()


def test_only_hospital_admins_send(admin, vendor) -> None:
    report = generated(vendor, admin)
    with pytest.raises(PermissionDenied):
        evaluation_report_send(report=report, by=UserFactory())
    assert not EvaluationDelivery.objects.exists()


def logged_in(user: object) -> Client:
    client = VerifiedClient()
    client.force_login(user)
    return client


def test_the_page_sends_and_lists_the_sends(admin, vendor) -> None:
    report = generated(vendor, admin)
    client = logged_in(admin)
    page = client.get(report.get_absolute_url()).content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title  # the page's title is text (a card once slipped into its block)
    assert page.count('id="evaluation-sends"') == 1
    assert "Not sent yet." in page
    assert "Mara Manager &lt;mara@meridian.example&gt;" in page

    response = client.post(reverse("reports:evaluation_report_send", kwargs={"pk": report.pk}))

    assert response.status_code == 302
    assert EvaluationDelivery.objects.count() == 2
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Send again" in page
    assert "2 addresses" in page
    assert "Queued" in page
    assert (
        logged_in(UserFactory()).post(reverse("reports:evaluation_report_send", kwargs={"pk": report.pk})).status_code
        == 403
    )
    assert EvaluationDelivery.objects.count() == 2


def test_the_api_sends_and_answers_the_addresses(admin, vendor, admin_api, admin_user, vendor_api) -> None:
    report = generated(vendor, admin)
    assert vendor_api.post(f"/api/v1/evaluation-pdfs/{report.pk}/send/").status_code in (403, 404)
    assert not EvaluationDelivery.objects.exists()

    response = admin_api.post(f"/api/v1/evaluation-pdfs/{report.pk}/send/")

    assert response.status_code == 201
    assert sorted((row["email"], row["side"], row["outbox_status"]) for row in response.json()) == [
        ("ada@hospital.example", "hospital", "queued"),
        (admin_user.email, "hospital", "queued"),
        ("mara@meridian.example", "vendor", "queued"),
    ]
    assert {row["sent_by"] for row in response.json()} == {admin_user.username}
    assert EvaluationDelivery.objects.count() == 3

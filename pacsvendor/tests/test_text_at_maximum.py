"""Every text input at its maximum length, through every record derived from it (issue 12).

What people type is stored as typed (up to its field's maximum), then words are put around it:
"Outage detected: INC-7: <title>" for a notification, the same as an email subject, a vendor's
name in a report's file name. Hypothesis fills each input to its maximum with any characters,
line breaks and control characters included (NUL aside: forms and the API refuse it, and
PostgreSQL cannot store it), runs the service that derives records from it, and checks that
every derived record was stored within its column, and every email it queued is delivered.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.text import FILENAME_BYTES, single_line
from notifications.models import Notification, OutboxAttachment, OutboxEmail
from notifications.reminders import contract_reminders_send
from notifications.services.outbox import outbox_deliver
from slas.models import Incident, MaintenanceWindow
from slas.services.incidents import comment_add, incident_save
from slas.services.maintenance import MaintenancePlan, maintenance_decide, maintenance_save
from slas.tests.maintenance_support import berlin, next_sunday, sla_with_sunday_window
from tickets.models import Ticket, TicketAttachment
from tickets.services.thread import ticket_reply
from tickets.services.tickets import ticket_open
from vendors.models import Contract, ContractDocument, Vendor
from vendors.services import contract_document_attach
from vendors.tests.factories import ComponentFactory, ContractFactory, VendorFactory

pytestmark = pytest.mark.django_db

# Any character a person can type or paste, line breaks and controls included.
TYPED = st.characters(exclude_characters="\x00", exclude_categories=("Cs",))
AT_MOST = settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def at_maximum(model: type[models.Model], field: str) -> st.SearchStrategy[str]:
    """Text exactly as long as ``model.field`` allows, that is not blank: a chunk Hypothesis
    chooses, repeated (Hypothesis draws texts of a few thousand characters at most)."""
    length = model._meta.get_field(field).max_length
    chunks = st.text(TYPED, min_size=1, max_size=min(length, 300)).filter(str.strip)
    return chunks.map(lambda chunk: (chunk * (length // len(chunk) + 1))[:length])


@contextmanager
def rolled_back() -> Iterator[None]:
    """One example's records, undone after it: the next example starts from the same data."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def assert_derived_records_fit_and_mail_goes_out() -> None:
    """Every notification and email stored within its columns, on one line where it is a header,
    and every queued email delivered (the test transport builds the message as SMTP would)."""
    for field in ("title", "dedupe_key", "url"):
        length = Notification._meta.get_field(field).max_length
        assert all(len(value) <= length for value in Notification.objects.values_list(field, flat=True))
    for email in OutboxEmail.objects.all():
        assert len(email.subject) <= OutboxEmail._meta.get_field("subject").max_length
        assert email.subject == single_line(email.subject)
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT, email.last_error


@pytest.fixture
def people(db) -> dict:
    vendor = VendorFactory(name="Meridian Imaging Systems")
    return {
        "vendor": vendor,
        "admin": HospitalAdminFactory(email="admin@hospital.example"),
        "staff": UserFactory(email="staff@hospital.example"),
        "vendor_user": VendorUserFactory(vendor=vendor, email="engineer@vendor.example"),
        "component": ComponentFactory(vendor=vendor, name="Archive"),
    }


@given(title=at_maximum(Incident, "title"), summary=at_maximum(Incident, "summary"))
@AT_MOST
def test_an_incident_at_its_maximum(people: dict, title: str, summary: str) -> None:
    with rolled_back():
        incident = Incident(
            vendor=people["vendor"],
            title=title,
            summary=summary,
            impact="down",
            started_at=timezone.now() - dt.timedelta(hours=1),
            detected_by=Incident.DetectedBy.MONITORING,
        )
        incident_save(incident=incident, components=[people["component"]], actor=people["staff"])
        comment_add(incident=incident, author=people["vendor_user"], body=summary)
        assert Notification.objects.filter(recipient=people["admin"]).count() == 2
        assert_derived_records_fit_and_mail_goes_out()


@given(
    title=at_maximum(MaintenanceWindow, "title"),
    description=at_maximum(MaintenanceWindow, "description"),
    note=at_maximum(MaintenanceWindow, "decision_note"),
)
@AT_MOST
def test_a_maintenance_window_at_its_maximum(people: dict, title: str, description: str, note: str) -> None:
    with rolled_back():
        sla_with_sunday_window(people["vendor"])
        start = berlin(next_sunday(), 1)
        plan = MaintenancePlan(
            vendor_id=people["vendor"].pk,
            title=title,
            description=description,
            planned_start=start,
            planned_end=start + dt.timedelta(hours=3),
        )
        window = maintenance_save(window=None, plan=plan, actor=people["vendor_user"])
        maintenance_decide(window=window, approve=False, actor=people["admin"], note=note)
        assert Notification.objects.filter(recipient=people["vendor_user"]).exists()
        assert_derived_records_fit_and_mail_goes_out()


@given(
    title=at_maximum(Ticket, "title"),
    description=at_maximum(Ticket, "description"),
    # An upload's name is a base name (browsers send no folders and Django keeps the last part
    # only): "…/" + ".log" would be a file named ".log", which has no type and is refused.
    filename=st.text(
        st.characters(exclude_characters="\x00/\\", exclude_categories=("Cs",)), min_size=300, max_size=300
    ),
)
@AT_MOST
def test_a_ticket_at_its_maximum(people: dict, title: str, description: str, filename: str) -> None:
    with rolled_back():
        ContractFactory(vendor=people["vendor"], start_date=dt.date(2025, 1, 1))
        ticket = ticket_open(
            vendor_id=people["vendor"].pk,
            severity="P1",
            title=title,
            description=description,
            reporter=people["staff"],
        )
        upload = SimpleUploadedFile(filename + ".log", b"ERROR", content_type="text/plain")
        ticket_reply(ticket=ticket, by=people["vendor_user"], body=description, files=[upload])
        stored = TicketAttachment.objects.get().filename
        assert stored.endswith(".log")
        assert len(stored.encode()) <= FILENAME_BYTES
        assert Notification.objects.filter(recipient=people["staff"]).exists()
        assert_derived_records_fit_and_mail_goes_out()


@given(name=at_maximum(Vendor, "name"), reference=at_maximum(Contract, "reference"))
@AT_MOST
def test_a_vendor_and_contract_at_their_maximum(people: dict, name: str, reference: str) -> None:
    with rolled_back():
        vendor = VendorFactory(name=name)
        today = timezone.localdate()
        contract = ContractFactory(
            vendor=vendor, reference=reference, start_date=today - dt.timedelta(days=300), end_date=today
        )
        report = contract_reminders_send(today=today)
        assert (report.done, report.failed) == (1, [])
        # Named after the vendor, as a base name (browsers send no folders: see the ticket test).
        upload_name = name.replace("/", "-").replace("\\", "-") + ".pdf"
        upload = SimpleUploadedFile(upload_name, b"%PDF-1.4\n", content_type="application/pdf")
        document = contract_document_attach(contract=contract, title=name, file=upload, uploaded_by=people["admin"])
        assert len(ContractDocument.objects.get(pk=document.pk).filename.encode()) <= FILENAME_BYTES
        assert_derived_records_fit_and_mail_goes_out()


def test_the_report_file_name_and_attachment_fit_for_a_vendor_name_at_its_maximum(people: dict) -> None:
    from reports.models import MonthlyReport

    vendor = VendorFactory(name="Ä" * 200)
    report = MonthlyReport(vendor=vendor, month=dt.date(2026, 3, 1), version=12)
    assert report.filename == "ä" * 60 + "-2026-03-v12.pdf"
    assert len(report.filename) <= OutboxAttachment._meta.get_field("filename").max_length

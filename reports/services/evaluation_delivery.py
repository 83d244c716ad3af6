"""Sending an evaluation's PDF: an admin mails the generated PDF, through the notifications
outbox (which retries and marks failures), to the vendor's account managers and the hospital's
admins, one email each with the PDF attached. Each send is recorded per address (who sent it,
when, to whom, which PDF); sending again is allowed and recorded again. While notifications are
silenced (replaying history: the demo) the send is recorded and nobody is mailed."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from core.roles import hospital_admins
from notifications.services.notify import notifications_silenced
from notifications.services.outbox import outbox_enqueue_many
from reports.models import EvaluationDelivery, EvaluationReport, EvaluationReportDocument
from vendors.models import Contact
from vendors.selectors import contact_list

Side = EvaluationDelivery.Side


@dataclass(frozen=True)
class Addressee:
    name: str
    email: str
    side: str


def evaluation_addressees(vendor_id: int) -> list[Addressee]:
    """Who receives a vendor's evaluation: its account-manager contacts, then the active hospital
    admins, each address once (people without an address are left out)."""
    contacts = contact_list().filter(vendor_id=vendor_id, role=Contact.Role.ACCOUNT_MANAGER).exclude(email="")
    people = [Addressee(contact.name, contact.email, Side.VENDOR) for contact in contacts.order_by("name", "pk")]
    admins = hospital_admins().exclude(email="").order_by("last_name", "first_name", "pk")
    people += [Addressee(admin.get_full_name() or admin.username, admin.email, Side.HOSPITAL) for admin in admins]
    seen: set[str] = set()
    addressees = []
    for person in people:
        key = person.email.strip().lower()
        if key not in seen:
            seen.add(key)
            addressees.append(Addressee(person.name, key, person.side))
    return addressees


def _message(report: EvaluationReport, person: Addressee, pdf: bytes) -> EmailMessage:
    evaluation = report.evaluation
    context = {
        "report": report,
        "evaluation": evaluation,
        "snapshot": report.snapshot,
        "person": person,
        "page_url": settings.SITE_URL + report.get_absolute_url() if person.side == Side.HOSPITAL else "",
        "site_url": settings.SITE_URL,
    }
    message = EmailMessage(
        subject=f"{report.vendor.name}: vendor evaluation {evaluation.period_label}",
        body=render_to_string("reports/email/evaluation.txt", context),
        to=[person.email],
    )
    message.attach(report.filename, pdf, "application/pdf")
    return message


@transaction.atomic
def evaluation_report_send(
    *, report: EvaluationReport, by: User, now: datetime.datetime | None = None
) -> list[EvaluationDelivery]:
    """Mail the evaluation's generated PDF to the vendor's account managers and the hospital
    admins, and record the send; all or nothing."""
    require(by, "report.manage", report)
    report = EvaluationReport.objects.select_for_update().select_related("vendor", "evaluation").get(pk=report.pk)
    if report.state != EvaluationReport.State.READY:
        raise ValidationError(f"The PDF is not generated ({report.get_state_display().lower()}): nothing to send.")
    addressees = evaluation_addressees(report.vendor_id)
    if not addressees:
        raise ValidationError(
            "No one to send to: give the vendor an account-manager contact with an email address, "
            "or the hospital admins an address."
        )
    now = now or timezone.now()
    deliveries = EvaluationDelivery.objects.bulk_create(
        EvaluationDelivery(
            report=report,
            vendor_id=report.vendor_id,
            sent_at=now,
            sent_by=by,
            pdf_sha256=report.pdf_sha256,
            name=person.name[:200],
            email=person.email,
            side=person.side,
        )
        for person in addressees
    )
    if notifications_silenced():  # replaying history (the demo) mails nobody
        return deliveries
    pdf = bytes(EvaluationReportDocument.objects.values_list("pdf", flat=True).get(report=report))
    emails = outbox_enqueue_many(messages=[_message(report, person, pdf) for person in addressees])
    for delivery, outbox_email in zip(deliveries, emails, strict=True):
        delivery.outbox_email = outbox_email
    EvaluationDelivery.objects.bulk_update(deliveries, ["outbox_email"])
    return deliveries

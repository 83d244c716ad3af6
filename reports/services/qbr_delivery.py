"""Sending a QBR pack: a hospital admin emails the generated PDF to the meeting's attendees and
the vendor's contacts, through the notifications outbox (which retries and records failure).
Each send is recorded per address; sending again records a re-send, with the PDF it carried.
The delivery rows and their outbox emails commit together, so a crash leaves both or neither."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from core.roles import hospital_admins
from core.text import single_line
from governance.selectors.meetings import meeting_addressees
from notifications.event_types import EventType
from notifications.models import Notification, OutboxEmail
from notifications.services.notify import notify
from notifications.services.outbox import outbox_enqueue_many
from reports.models import QbrPack, QbrPackDelivery, QbrPackDocument
from vendors.selectors import contact_list


def qbr_pack_addressees(pack: QbrPack) -> list[tuple[str, str]]:
    """Who a pack goes to, as (name, email), one per address (compared without case): the
    meeting's attendees (active hospital users, vendor contacts), then the vendor's other
    contacts with an address."""
    contacts = contact_list().filter(vendor_id=pack.vendor_id).exclude(email="").values_list("name", "email")
    seen: set[str] = set()
    people = []
    for name, email in [*meeting_addressees(pack.meeting_id), *contacts]:
        key = email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            people.append((name, email.strip()))
    return people


def qbr_pack_deliveries(pack: QbrPack) -> QuerySet[QbrPackDelivery]:
    """The pack's sends, newest first, with their outbox state."""
    return pack.deliveries.select_related("outbox_email", "requested_by").order_by("-created_at", "pk")


def _message(pack: QbrPack, name: str, email: str, pdf: bytes) -> EmailMessage:
    meeting = pack.meeting
    context = {"pack": pack, "meeting": meeting, "name": name, "site_url": settings.SITE_URL}
    when = timezone.localtime(meeting.starts_at)
    message = EmailMessage(
        subject=single_line(f"{pack.vendor.name}: QBR pack of {meeting.series.title}, {when:%d %b %Y}", 200),
        body=render_to_string("reports/email/qbr_pack.txt", context),
        to=[email],
    )
    message.attach(pack.filename, pdf, "application/pdf")
    return message


@transaction.atomic
def qbr_pack_send(*, pack: QbrPack, requested_by: User) -> list[QbrPackDelivery]:
    """Email the generated pack to everyone it goes to, one mail per address. The first send is
    recorded as sent, every later one as resent."""
    require(requested_by, "report.manage", pack)
    pack = QbrPack.objects.select_for_update().select_related("vendor", "meeting__series").get(pk=pack.pk)
    if pack.state != QbrPack.State.READY:
        raise ValidationError(f"Only a generated pack can be sent; this one is {pack.get_state_display().lower()}.")
    people = qbr_pack_addressees(pack)
    if not people:
        raise ValidationError(
            "Nobody to send the pack to: the meeting's attendees and the vendor's contacts have no email address."
        )
    pdf = bytes(QbrPackDocument.objects.values_list("pdf", flat=True).get(pack_id=pack.pk))
    kind = QbrPackDelivery.Kind.RESEND if pack.deliveries.exists() else QbrPackDelivery.Kind.SEND
    deliveries = QbrPackDelivery.objects.bulk_create(
        [
            QbrPackDelivery(
                pack=pack,
                vendor_id=pack.vendor_id,
                kind=kind,
                name=single_line(name, 200),
                email=email,
                pdf_sha256=pack.pdf_sha256,
                requested_by=requested_by,
            )
            for name, email in people
        ]
    )
    emails = outbox_enqueue_many(messages=[_message(pack, d.name, d.email, pdf) for d in deliveries])
    for delivery, outbox_email in zip(deliveries, emails, strict=True):
        delivery.outbox_email = outbox_email
    QbrPackDelivery.objects.bulk_update(deliveries, ["outbox_email"])
    return deliveries


def qbr_delivery_failure_report(email: OutboxEmail) -> bool:
    """Registered with the outbox (``reports.apps``): a QBR pack's email that failed after its
    last attempt is raised to hospital admins as "Report delivery failed", linking the pack
    (where it can be sent again). Returns False for mail that is not a pack's."""
    delivery = QbrPackDelivery.objects.filter(outbox_email=email).select_related("pack__vendor").first()
    if delivery is None:
        return False
    pack = delivery.pack
    notify(
        event=EventType.REPORT_DELIVERY_FAILED,
        recipients=hospital_admins(),
        title=f"QBR pack not delivered to {delivery.email}: {pack.vendor} {pack.first_month:%Y-%m}",
        body=f"Last error: {email.last_error}\n\nCheck the address, then send the pack again from its page.",
        url=pack.get_absolute_url(),
        level=Notification.Level.DANGER,
    )
    return True

"""Who receives a vendor's monthly report, and sending it to them through the notifications
outbox (which retries with backoff and marks a mail failed, visibly, after the last attempt).

The scheduled delivery is exactly once per vendor, month and address: a transaction lock per
vendor-month, the addresses already served read under it, and a partial unique constraint
behind both. The delivery rows and their outbox emails commit together, so a crash leaves
either both or neither.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.locks import transaction_lock
from core.roles import hospital_admins
from notifications.event_types import EventType
from notifications.models import Notification, OutboxEmail
from notifications.services.notify import notify
from notifications.services.outbox import outbox_enqueue_many
from reports.models import MonthlyReport, ReportDelivery, ReportDocument, ReportRecipient

OPT_OUT_SALT = "reports.recipient-opt-out"


class NotDeliverable(ValueError):
    """The report is not a generated version (still generating, or failed)."""


def active_recipients(vendor_id: int) -> list[ReportRecipient]:
    """The vendor's recipients who have not opted out and have an address, one per address."""
    rows = (
        ReportRecipient.objects.filter(vendor_id=vendor_id, opted_out_at__isnull=True)
        .select_related("user", "contact")
        .order_by("pk")
    )
    seen: set[str] = set()
    recipients = []
    for recipient in rows:
        email = recipient.email.strip().lower()
        if not email or email in seen:
            continue
        if recipient.user_id and not recipient.user.is_active:
            continue
        seen.add(email)
        recipients.append(recipient)
    return recipients


def opt_out_token(recipient: ReportRecipient) -> str:
    return signing.dumps({"recipient": recipient.pk}, salt=OPT_OUT_SALT)


def opt_out_url(recipient: ReportRecipient) -> str:
    return settings.SITE_URL + reverse("reports:opt_out", args=[opt_out_token(recipient)])


def recipient_from_token(token: str) -> ReportRecipient | None:
    try:
        data = signing.loads(token, salt=OPT_OUT_SALT)
    except signing.BadSignature:
        return None
    return ReportRecipient.objects.select_related("vendor", "user", "contact").filter(pk=data.get("recipient")).first()


def recipient_opt_out(*, recipient: ReportRecipient, now: datetime.datetime | None = None) -> ReportRecipient:
    if recipient.opted_out_at is None:
        recipient.opted_out_at = now or timezone.now()
        recipient.save(update_fields=["opted_out_at", "updated_at"])
    return recipient


def recipient_opt_in(*, recipient: ReportRecipient) -> ReportRecipient:
    if recipient.opted_out_at is not None:
        recipient.opted_out_at = None
        recipient.save(update_fields=["opted_out_at", "updated_at"])
    return recipient


def _message(report: MonthlyReport, recipient: ReportRecipient | None, email: str, pdf: bytes) -> EmailMessage:
    summary = (report.snapshot or {}).get("sections", {}).get("summary", {})
    context = {
        "report": report,
        "summary": summary,
        "recipient": recipient,
        "opt_out_url": opt_out_url(recipient) if recipient else "",
        "site_url": settings.SITE_URL,
    }
    message = EmailMessage(
        subject=f"{report.vendor.name}: performance report {report.month:%B %Y}",
        body=render_to_string("reports/email/report.txt", context),
        to=[email],
        headers={"List-Unsubscribe": f"<{context['opt_out_url']}>"} if recipient else {},
    )
    message.attach(report.filename, pdf, "application/pdf")
    return message


def _deliver(
    report: MonthlyReport, recipients: list[ReportRecipient], kind: str, requested_by: User | None
) -> list[ReportDelivery]:
    pdf = bytes(ReportDocument.objects.values_list("pdf", flat=True).get(report=report))
    deliveries = ReportDelivery.objects.bulk_create(
        [
            ReportDelivery(
                report=report,
                vendor_id=report.vendor_id,
                month=report.month,
                kind=kind,
                recipient=recipient,
                email=recipient.email.strip().lower(),
                requested_by=requested_by,
            )
            for recipient in recipients
        ]
    )
    emails = outbox_enqueue_many(
        messages=[_message(report, d.recipient, d.email, pdf) for d in deliveries],
    )
    for delivery, outbox_email in zip(deliveries, emails, strict=True):
        delivery.outbox_email = outbox_email
    ReportDelivery.objects.bulk_update(deliveries, ["outbox_email"])
    return deliveries


def _require_ready(report: MonthlyReport) -> None:
    if report.state != MonthlyReport.State.READY:
        raise NotDeliverable(f"Version {report.version} is not a generated report ({report.get_state_display()}).")


@transaction.atomic
def deliveries_schedule(*, report: MonthlyReport) -> list[ReportDelivery]:
    """Email the report to each active recipient who has not had this vendor-month's scheduled
    delivery yet. Running it again (a double beat, a second worker, a retry after a crash) sends
    nothing twice."""
    _require_ready(report)
    transaction_lock(f"report-delivery:{report.vendor_id}:{report.month:%Y-%m}")
    served = set(
        ReportDelivery.objects.filter(
            vendor_id=report.vendor_id, month=report.month, kind=ReportDelivery.Kind.SCHEDULED
        ).values_list("email", flat=True)
    )
    fresh = [r for r in active_recipients(report.vendor_id) if r.email.strip().lower() not in served]
    if not fresh:
        return []
    return _deliver(report, fresh, ReportDelivery.Kind.SCHEDULED, None)


@transaction.atomic
def report_resend(
    *, report: MonthlyReport, requested_by: User, recipient_ids: list[int] | None = None
) -> list[ReportDelivery]:
    """Send the report again, on request, to the given recipients (default: all active ones)."""
    _require_ready(report)
    recipients = active_recipients(report.vendor_id)
    if recipient_ids is not None:
        wanted = set(recipient_ids)
        recipients = [r for r in recipients if r.pk in wanted]
    if not recipients:
        raise NotDeliverable("No recipient to send to: add recipients, or check who opted out.")
    return _deliver(report, recipients, ReportDelivery.Kind.RESEND, requested_by)


def delivery_failure_report(email: OutboxEmail) -> bool:
    """Registered with the outbox (``reports.apps``): a report email that failed after its last
    attempt is raised to hospital admins as "Report delivery failed", linking the report (where
    it can be resent). Returns False for mail that is not a report delivery."""
    delivery = ReportDelivery.objects.filter(outbox_email=email).select_related("report__vendor").first()
    if delivery is None:
        return False
    report = delivery.report
    notify(
        event=EventType.REPORT_DELIVERY_FAILED,
        recipients=hospital_admins(),
        title=f"Report not delivered to {delivery.email}: {report.vendor} {report.month:%Y-%m}",
        body=f"Last error: {email.last_error}\n\nCheck the address, then resend the report from the archive.",
        url=reverse("reports:report_detail", args=[report.pk]),
        level=Notification.Level.DANGER,
    )
    return True

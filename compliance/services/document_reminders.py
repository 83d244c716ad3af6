"""Daily reminders before an accepted compliance document runs out, to both sides: the hospital
admins, the vendor's portal users and the vendor's account managers (by email: they may have no
account).

Each reminder has a key per document, date and lead time, so a second run on the same day tells
nobody twice; a document already outlasted by a later accepted version of the same type is not
reminded of. A document that cannot be reminded of is reported and skipped (``core.jobs``).
"""

import datetime

from django.utils import timezone

from compliance.models import ComplianceDocument
from compliance.selectors.documents import documents_expiring_on
from core.jobs import JobReport, for_each_row
from core.links import Audience, object_url
from core.roles import hospital_admins, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import ExternalMail, notices_for, notify_bulk
from vendors.models import Contact

# Reminders go out this many days before a document's valid-until date (and on the day itself).
REMINDER_DAYS_AHEAD = (90, 60, 30, 14, 7, 1, 0)


def _when(days_left: int, day: datetime.date) -> str:
    if days_left == 0:
        return "today"
    return f"in {days_left} day{'s' if days_left != 1 else ''} ({day:%Y-%m-%d})"


def _remind_of(document: ComplianceDocument, today: datetime.date, admins: list) -> int:
    days_left = (document.valid_until - today).days
    vendor = document.vendor
    title = f"{vendor}: {document} expires {_when(days_left, document.valid_until)}"
    body = (
        f"The {document.document_type} ({document.version}) of {vendor} is valid until "
        f"{document.valid_until:%Y-%m-%d}. Upload the renewed document in time: it counts once the hospital "
        "accepts it."
    )
    key = f"compliance-expiry:{document.pk}:{document.valid_until:%Y%m%d}:{days_left}"
    level = Notification.Level.WARNING if days_left > 14 else Notification.Level.DANGER
    event = EventType.COMPLIANCE_DOCUMENT_EXPIRING
    # Asked before anyone is told: the account managers are mailed on the run that first raises it.
    mails = [] if Notification.objects.filter(dedupe_key=key).exists() else _account_manager_mail(document, title, body)
    notices = notices_for(
        event=event,
        recipients=admins,
        title=title,
        body=body,
        url=document.get_absolute_url(),
        level=level,
        dedupe_key=key,
    ) + notices_for(
        event=event,
        recipients=vendor_users(document.vendor_id),
        title=title,
        body=body,
        url=object_url(document, audience=Audience.VENDOR),
        level=level,
        dedupe_key=key,
    )
    created = notify_bulk(notices=notices, external=mails)
    return len(created)


def _account_manager_mail(document: ComplianceDocument, title: str, body: str) -> list[ExternalMail]:
    """The reminder by email to the vendor's account managers (contacts, who may have no account)."""
    addresses = list(
        Contact.objects.filter(vendor_id=document.vendor_id, role=Contact.Role.ACCOUNT_MANAGER)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return [ExternalMail(event=EventType.COMPLIANCE_DOCUMENT_EXPIRING, to=addresses, title=title, body=body)]


def document_expiry_reminders(*, today: datetime.date | None = None) -> JobReport:
    """Remind both sides ahead of each accepted document's valid-until date (``REMINDER_DAYS_AHEAD``).
    The report's ``done`` is the number of notifications raised."""
    today = today or timezone.localdate()
    admins = list(hospital_admins())
    days = {today + datetime.timedelta(days=ahead) for ahead in REMINDER_DAYS_AHEAD}
    return for_each_row(
        documents_expiring_on(days=days),
        lambda document: _remind_of(document, today, admins),
        job="Compliance document reminders",
    )

"""Who receives a vendor's monthly report: adding and removing recipients, by hand or the usual
set at once. (Opting out and back in lives beside the delivery, in ``delivery.py``.)

Rules: a recipient is a hospital user or one of the vendor's contacts, never both; a vendor
user or contact receives only their own vendor's report; the person needs an email address;
each person is on a vendor's list once. An opted-out row is kept, so adding the person again
does not quietly undo their choice: they are opted back in explicitly.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.roles import hospital_admins
from reports.models import ReportRecipient
from vendors.models import Contact, Vendor


def _existing_message(existing: ReportRecipient, vendor: Vendor) -> str:
    if existing.opted_out_at is not None:
        day = timezone.localdate(existing.opted_out_at)
        return (
            f"{existing.name} opted out of {vendor}'s report on {day:%Y-%m-%d}. "
            "Opt them back in from the list if they asked for it."
        )
    return f"{existing.name} already receives {vendor}'s report."


def _check_user(user: User, vendor: Vendor) -> None:
    if user.is_vendor_user and user.vendor_id != vendor.pk:
        raise ValidationError(
            {"user": f"{user} is a user of {user.vendor}; they can only receive that vendor's report."}
        )
    if not user.is_active:
        raise ValidationError({"user": f"{user}'s account is deactivated."})
    if not (user.email or "").strip():
        raise ValidationError({"user": f"{user} has no email address: add one to their account first."})


def _check_contact(contact: Contact, vendor: Vendor) -> None:
    if contact.vendor_id != vendor.pk:
        raise ValidationError({"contact": f"{contact} is a contact of {contact.vendor}, not of {vendor}."})
    if not (contact.email or "").strip():
        raise ValidationError({"contact": f"{contact} has no email address: add one to the contact first."})


@transaction.atomic
def recipient_add(
    *, vendor: Vendor, user: User | None = None, contact: Contact | None = None, added_by: User | None = None
) -> ReportRecipient:
    """Put a hospital user, a user of this vendor, or a contact of this vendor on the vendor's
    list. Raises ValidationError (by field) when a rule is broken or the person is on it already."""
    if (user is None) == (contact is None):
        raise ValidationError("Choose either a user or a vendor contact.")
    if user is not None:
        _check_user(user, vendor)
        existing = ReportRecipient.objects.filter(vendor=vendor, user=user).select_related("user").first()
    else:
        _check_contact(contact, vendor)
        existing = ReportRecipient.objects.filter(vendor=vendor, contact=contact).select_related("contact").first()
    if existing is not None:
        raise ValidationError({"user" if user is not None else "contact": _existing_message(existing, vendor)})
    try:
        with transaction.atomic():
            return ReportRecipient.objects.create(vendor=vendor, user=user, contact=contact, added_by=added_by)
    except IntegrityError as error:  # added by someone else a moment ago
        field = "user" if user is not None else "contact"
        raise ValidationError({field: f"{user or contact} already receives {vendor}'s report."}) from error


@transaction.atomic
def recipient_remove(*, recipient: ReportRecipient) -> None:
    """Take someone off the list. Deliveries already made keep their address as evidence."""
    recipient.delete()


@transaction.atomic
def recipients_add_usual(*, vendor: Vendor, added_by: User | None = None) -> list[ReportRecipient]:
    """Every active hospital admin and the vendor's account managers (those with an email
    address), unless already on the list, opted out or not. Returns the rows added."""
    admins = hospital_admins().exclude(email="").order_by("pk")
    managers = Contact.objects.filter(vendor=vendor, role=Contact.Role.ACCOUNT_MANAGER).exclude(email="")
    listed = ReportRecipient.objects.filter(vendor=vendor)
    listed_users = set(listed.filter(user__isnull=False).values_list("user_id", flat=True))
    listed_contacts = set(listed.filter(contact__isnull=False).values_list("contact_id", flat=True))
    rows = [
        ReportRecipient(vendor=vendor, user=user, added_by=added_by) for user in admins if user.pk not in listed_users
    ]
    rows += [
        ReportRecipient(vendor=vendor, contact=contact, added_by=added_by)
        for contact in managers.order_by("name")
        if contact.pk not in listed_contacts
    ]
    # ignore_conflicts: a row someone added meanwhile stays as it is (opted out or not).
    ReportRecipient.objects.bulk_create(rows, ignore_conflicts=True)
    return rows

"""Reads of data-protection terms: one agreement's, and the list with their agreements."""

import datetime

from django.db.models import Min, Q, QuerySet

from compliance.models import DataProtectionTerms
from core.roles import ScopedUser


def terms_list() -> QuerySet[DataProtectionTerms]:
    return DataProtectionTerms.objects.select_related("agreement__contract__vendor")


def terms_of_agreement(agreement_id: int, *, user: ScopedUser) -> DataProtectionTerms | None:
    return DataProtectionTerms.objects.visible_to(user).filter(agreement_id=agreement_id).first()


def breach_deadline_hours(vendor_id: int, *, day: datetime.date) -> int | None:
    """The strictest breach-notification deadline (hours) of the vendor's agreements in effect on
    ``day``; ``None`` when none of them sets one."""
    in_effect = Q(agreement__effective_from__lte=day) & (
        Q(agreement__effective_to__isnull=True) | Q(agreement__effective_to__gte=day)
    )
    return (
        DataProtectionTerms.objects.filter(in_effect, agreement__contract__vendor_id=vendor_id)
        .exclude(breach_notification_hours__isnull=True)
        .aggregate(hours=Min("breach_notification_hours"))["hours"]
    )

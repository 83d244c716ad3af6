"""Reads of data-protection terms: one agreement's, and the list with their agreements."""

from django.db.models import QuerySet

from compliance.models import DataProtectionTerms
from core.roles import ScopedUser


def terms_list() -> QuerySet[DataProtectionTerms]:
    return DataProtectionTerms.objects.select_related("agreement__contract__vendor")


def terms_of_agreement(agreement_id: int, *, user: ScopedUser) -> DataProtectionTerms | None:
    return DataProtectionTerms.objects.visible_to(user).filter(agreement_id=agreement_id).first()

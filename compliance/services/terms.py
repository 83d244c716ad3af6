"""Writes on the data-protection terms of an agreement."""

from typing import Any

from django.db import transaction

from accounts.models import User
from compliance.models import DataProtectionTerms
from core.permissions import require
from slas.models import Agreement

TERMS_FIELDS = (
    "encryption_at_rest",
    "encryption_in_transit",
    "access_control",
    "data_location",
    "sub_processors",
    "breach_notification_hours",
    "audit_rights",
    "data_return_and_deletion",
    "notes",
)


@transaction.atomic
def terms_save(*, agreement: Agreement, values: dict[str, Any], actor: User) -> DataProtectionTerms:
    """Record what the agreement states about data protection (one set of terms per agreement
    version, created on the first save). Hospital admins only; every term is checked against
    its limits (``full_clean``)."""
    require(actor, "compliance.terms_manage", agreement)
    terms = DataProtectionTerms.objects.select_for_update().filter(agreement=agreement).first()
    terms = terms or DataProtectionTerms(agreement=agreement)
    for name in TERMS_FIELDS:
        if name in values:
            setattr(terms, name, values[name])
    terms.full_clean()
    terms.save()
    return terms

"""Writes on compliance documents: a vendor (or the hospital for it) files a new version, which
waits for review; a hospital admin accepts it (with or without findings) or rejects it."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from compliance.models import ComplianceDocument, DocumentType, Outcome
from core.links import Audience, object_url
from core.permissions import require
from core.roles import hospital_admins, is_vendor_user, vendor_users
from notifications.event_types import EventType
from notifications.models import Notification
from notifications.services.notify import notify
from vendors.models import Vendor


@transaction.atomic
def document_submit(
    *,
    vendor: Vendor,
    document_type: DocumentType,
    version: str,
    issued_on: datetime.date,
    valid_until: datetime.date | None,
    scope: str,
    file: UploadedFile,
    submitted_by: User,
) -> ComplianceDocument:
    """File a new version of a document for ``vendor``; it waits for a hospital admin's review.
    The file's type (by name and first bytes) and size, and valid-until after issued, are
    checked (``ComplianceDocument.clean``). A vendor user files for their own vendor only; the
    hospital admins are told when a vendor files one."""
    document = ComplianceDocument(
        vendor=vendor,
        document_type=document_type,
        version=version,
        issued_on=issued_on,
        valid_until=valid_until,
        scope=scope,
        file=file,
        size_bytes=file.size or 0,
        uploaded_by=submitted_by,
    )
    require(submitted_by, "compliance.document_submit", document)
    if not document_type.active:
        raise ValidationError({"document_type": "This document type is no longer asked for."})
    document.full_clean()
    document.save()
    if is_vendor_user(submitted_by):
        notify(
            event=EventType.COMPLIANCE_DOCUMENT_SUBMITTED,
            recipients=hospital_admins(),
            title=f"{vendor}: {document} uploaded for review",
            body=f"{submitted_by.get_full_name() or submitted_by} uploaded {document_type} {version} "
            f"({_validity(document)}). It counts once a hospital admin accepts it.",
            url=document.get_absolute_url(),
            actor=submitted_by,
        )
    return document


def _validity(document: ComplianceDocument) -> str:
    issued = f"issued {document.issued_on:%Y-%m-%d}"
    if document.valid_until is None:
        return f"{issued}, does not expire"
    return f"{issued}, valid until {document.valid_until:%Y-%m-%d}"


@transaction.atomic
def document_review(*, document: ComplianceDocument, reviewer: User, outcome: str, notes: str) -> ComplianceDocument:
    """Record a hospital admin's review of a pending document: accepted, accepted with findings
    (the findings in the notes) or rejected (the reason in the notes). A document is reviewed
    once; the vendor's users are told the outcome."""
    require(reviewer, "compliance.document_review", document)
    document = ComplianceDocument.objects.select_for_update().get(pk=document.pk)
    if not document.is_pending:
        raise ValidationError(f"This document was already reviewed ({document.get_outcome_display().lower()}).")
    if outcome not in Outcome.values or outcome == Outcome.PENDING:
        raise ValidationError({"outcome": "Choose accepted, accepted with findings or rejected."})
    if outcome != Outcome.ACCEPTED and not notes.strip():
        what = "the findings" if outcome == Outcome.ACCEPTED_WITH_FINDINGS else "why it is rejected"
        raise ValidationError({"notes": f"Write down {what}: the vendor reads it."})
    document.outcome = outcome
    document.reviewed_by = reviewer
    document.reviewed_at = timezone.now()
    document.review_notes = notes.strip()
    document.full_clean(exclude=["file"])
    document.save(update_fields=["outcome", "reviewed_by", "reviewed_at", "review_notes", "updated_at"])
    notify(
        event=EventType.COMPLIANCE_DOCUMENT_REVIEWED,
        recipients=vendor_users(document.vendor_id),
        title=f"{document}: {document.get_outcome_display().lower()}",
        body=document.review_notes,
        url=object_url(document, audience=Audience.VENDOR),
        level=Notification.Level.WARNING if outcome == Outcome.REJECTED else Notification.Level.INFO,
        actor=reviewer,
    )
    return document

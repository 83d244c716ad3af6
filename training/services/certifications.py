"""Recording who holds which certification. The last valid day follows from the kind's validity
(months after the day it was earned, the way refreshers count: ``training.compliance``); the
evidence is a PDF or an image, checked and stored for the scoped views."""

import datetime
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from accounts.models import StaffMember, User
from core.permissions import require
from training.compliance import add_months
from training.models import Certification, CertificationKind

EVIDENCE_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg")


def expiry_for(kind: CertificationKind, earned_on: datetime.date) -> datetime.date | None:
    """The last valid day of ``kind`` earned on ``earned_on`` (None: valid for good)."""
    if kind.validity_months is None:
        return None
    return add_months(earned_on, kind.validity_months) - datetime.timedelta(days=1)


def _check_evidence(evidence: UploadedFile) -> None:
    if PurePath(evidence.name).suffix.lower() not in EVIDENCE_EXTENSIONS:
        raise ValidationError({"evidence": f"Allowed file types: {', '.join(EVIDENCE_EXTENSIONS)}."})
    if evidence.size > settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024:
        raise ValidationError({"evidence": f"The file is larger than {settings.DOCUMENT_MAX_UPLOAD_MB} MB."})


@transaction.atomic
def certification_save(
    *,
    certification: Certification | None,
    person: StaffMember,
    kind: CertificationKind,
    earned_on: datetime.date,
    note: str,
    by: User,
    evidence: UploadedFile | None = None,
) -> Certification:
    """Record (``certification`` None) or correct a certification; a new evidence file replaces
    the old one (removed once the change is committed)."""
    require(by, "certification.manage")
    certification = certification or Certification()
    if certification.pk is None and not kind.active:
        raise ValidationError({"kind": "This certification is no longer awarded."})
    old_file = certification.evidence.name if certification.pk and evidence else ""
    certification.person, certification.kind, certification.earned_on = person, kind, earned_on
    certification.expires_on = expiry_for(kind, earned_on) if earned_on else None
    certification.note = note
    certification.recorded_by = certification.recorded_by or by
    if evidence:
        _check_evidence(evidence)
        certification.evidence = evidence
    certification.full_clean()
    certification.save()
    if old_file:
        storage = certification.evidence.storage
        transaction.on_commit(lambda: storage.delete(old_file))
    return certification

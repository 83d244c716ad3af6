"""Compliance documents: the configurable types a vendor must hold (BAA, DPA, SOC 2 Type II ...)
and each version a vendor or the hospital files, with its validity and its review."""

from pathlib import PurePath
from typing import ClassVar

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from compliance.matrix import Requirement
from core import limits
from core.fields import BoundedTextField
from core.models import SharedQuerySet, TimeStampedModel, VendorOwnedModel
from core.text import fit_filename
from vendors.models import Vendor

# What a compliance document may be: reports and certificates as PDF or office files, scans.
ALLOWED_EXTENSIONS = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".odt", ".ods", ".png", ".jpg", ".jpeg")
# The first bytes of each kind of file, so a renamed executable is not accepted as a PDF.
FILE_SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".odt": (b"PK\x03\x04",),
    ".ods": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".xls": (b"\xd0\xcf\x11\xe0",),
}


class DocumentType(TimeStampedModel):
    """A kind of document the hospital asks vendors for, and of which vendors it asks it."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    required_for = models.CharField(
        "required of",
        max_length=12,
        choices=[
            (Requirement.ALL.value, "Every vendor"),
            (Requirement.HOSTS_DATA.value, "Vendors hosting our data"),
            (Requirement.NONE.value, "No vendor (kept on file when given)"),
        ],
        default=Requirement.ALL,
    )
    vendor_kinds = ArrayField(
        models.CharField(max_length=10, choices=Vendor.Kind.choices),
        blank=True,
        default=list,
        help_text="The kinds of vendor it applies to; none chosen: every kind.",
    )
    expires = models.BooleanField(
        default=True, help_text="Documents of this type are valid until a date (a certificate, a yearly report)."
    )
    position = models.PositiveSmallIntegerField(default=0, help_text="Its column in the matrix, left to right.")
    active = models.BooleanField(default=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("compliance:documenttype_list")


def compliance_document_path(instance: "ComplianceDocument", filename: str) -> str:
    return f"compliance/{instance.vendor_id}/{fit_filename(filename)}"


class Outcome(models.TextChoices):
    PENDING = "pending", "Pending review"
    ACCEPTED = "accepted", "Accepted"
    ACCEPTED_WITH_FINDINGS = "accepted_with_findings", "Accepted with findings"
    REJECTED = "rejected", "Rejected"


ACCEPTED_OUTCOMES = (Outcome.ACCEPTED, Outcome.ACCEPTED_WITH_FINDINGS)


class ComplianceDocument(VendorOwnedModel):
    """One version of one document type from one vendor; served only through scoped downloads."""

    vendor_lookup: ClassVar[str] = "vendor"

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="compliance_documents")
    document_type = models.ForeignKey(DocumentType, on_delete=models.PROTECT, related_name="documents")
    version = models.CharField(max_length=60, help_text="As the document names itself, e.g. 2026 or v3.1.")
    issued_on = models.DateField(validators=limits.value_range(limits.DATES))
    valid_until = models.DateField(
        null=True,
        blank=True,
        validators=limits.value_range(limits.DATES),
        help_text="Empty only for documents that do not expire.",
    )
    scope = models.CharField(
        max_length=300, blank=True, help_text="What it covers, e.g. the cloud archive and its EU data centres."
    )
    file = models.FileField(upload_to=compliance_document_path, max_length=300)
    size_bytes = models.PositiveBigIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(max_length=24, choices=Outcome.choices, default=Outcome.PENDING)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_notes = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)

    class Meta:
        ordering = ["vendor__name", "document_type__position", "-issued_on", "-pk"]
        indexes = [
            models.Index(fields=["vendor", "document_type", "outcome"], name="compliance_doc_vendor_type"),
            models.Index(fields=["valid_until"], name="compliance_doc_valid_until"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("issued_on")),
                name="compliance_document_valid_after_issued",
                violation_error_message="The valid-until date must be after the issue date.",
            ),
            models.CheckConstraint(
                condition=Q(outcome=Outcome.PENDING, reviewed_at__isnull=True)
                | (~Q(outcome=Outcome.PENDING) & Q(reviewed_at__isnull=False)),
                name="compliance_document_reviewed_when_decided",
                violation_error_message="A reviewed document has a review date; a pending one has none.",
            ),
            limits.range_check("issued_on", limits.DATES, label="The issue date"),
            limits.range_check("valid_until", limits.DATES, label="The valid-until date"),
        ]

    def __str__(self) -> str:
        return f"{self.document_type} {self.version}"

    def get_absolute_url(self) -> str:
        return reverse("compliance:compliancedocument_detail", kwargs={"pk": self.pk})

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name

    @property
    def is_pending(self) -> bool:
        return self.outcome == Outcome.PENDING

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.issued_on and self.valid_until and self.valid_until <= self.issued_on:
            errors["valid_until"] = "The valid-until date must be after the issue date."
        type_id = self.document_type_id
        if type_id and not self.valid_until and self.document_type.expires:
            errors["valid_until"] = f"A {self.document_type} expires: give the date it is valid until."
        if self.file:
            problem = file_problem(self.file)
            if problem:
                errors["file"] = problem
        if errors:
            raise ValidationError(errors)


def file_problem(file: models.fields.files.FieldFile) -> str:
    """Why an uploaded file cannot be a compliance document ('' if it can): its type, by name
    and by its first bytes, and its size (``DOCUMENT_MAX_UPLOAD_MB``)."""
    suffix = PurePath(file.name).suffix.lower()
    if suffix not in ALLOWED_EXTENSIONS:
        return f"Allowed file types: {', '.join(ALLOWED_EXTENSIONS)}."
    if file.size > settings.DOCUMENT_MAX_UPLOAD_MB * 1024 * 1024:
        return f"The file is larger than {settings.DOCUMENT_MAX_UPLOAD_MB} MB."
    if getattr(file, "_committed", True):
        return ""  # stored earlier: checked when it was uploaded
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    if not head.startswith(FILE_SIGNATURES[suffix]):
        return f"The file is not a {suffix[1:].upper()} file, whatever its name says."
    return ""

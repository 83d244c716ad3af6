"""Certifications: what a person of the staff directory can be certified as (the hospital's own,
e.g. internal trainer, or a vendor's product certification, issued by the vendor), and who holds
which, since when and until when, with the evidence (a file served through scoped views)."""

import datetime
from pathlib import PurePath
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from core.text import fit_filename

VALIDITY_MONTHS = limits.Range(1, 240)
# A certification is "expiring soon" this many days ahead of its last valid day.
EXPIRING_SOON_DAYS = 60


class CertificationKind(VendorOwnedModel):
    """A certification one can hold. A vendor's kind is the vendor's to issue (the vendor reads
    who holds it, in the portal and the API); the hospital's own kinds (no vendor), such as
    internal trainer, vendor users never see. ``validity_months`` empty: valid for good."""

    name = models.CharField(max_length=200)
    vendor = models.ForeignKey(
        "vendors.Vendor",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certification_kinds",
        verbose_name="issued by",
        help_text="The vendor that certifies; empty for the hospital's own (e.g. internal trainer).",
    )
    validity_months = models.PositiveIntegerField(
        "valid for (months)",
        null=True,
        blank=True,
        validators=limits.value_range(VALIDITY_MONTHS),
        help_text="Empty: valid for good.",
    )
    internal_trainer = models.BooleanField(
        "qualifies internal trainers", default=False, help_text="Holders may give the hospital's internal courses."
    )
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                "vendor",
                nulls_distinct=False,
                name="training_certificationkind_name_unique",
                violation_error_message="There is already a certification of this name from this issuer.",
            ),
            limits.range_check("validity_months", VALIDITY_MONTHS, label="The validity"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("training:certificationkind_edit", kwargs={"pk": self.pk})

    @property
    def issuer(self) -> str:
        return str(self.vendor) if self.vendor_id else "The hospital"


class CertificationState(models.TextChoices):
    VALID = "valid", "Valid"
    EXPIRING = "expiring", "Expiring soon"
    EXPIRED = "expired", "Expired"


def evidence_path(instance: "Certification", filename: str) -> str:
    return f"training/certifications/{instance.person_id}/{fit_filename(filename)}"


class Certification(VendorOwnedModel):
    """A person holds a certification from ``earned_on`` to ``expires_on`` (the last valid day,
    set from the kind's validity by ``training.services.certifications``; empty: for good)."""

    vendor_lookup: ClassVar[str] = "kind__vendor"

    person = models.ForeignKey("accounts.StaffMember", on_delete=models.CASCADE, related_name="certifications")
    kind = models.ForeignKey(CertificationKind, on_delete=models.PROTECT, related_name="certifications")
    earned_on = models.DateField(validators=limits.value_range(limits.DATES))
    expires_on = models.DateField(null=True, blank=True, validators=limits.value_range(limits.DATES))
    evidence = models.FileField(upload_to=evidence_path, max_length=300, blank=True)
    note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["expires_on", "pk"]
        indexes = [models.Index(fields=["expires_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "earned_on"],
                name="training_certification_unique",
                violation_error_message="This certification is already recorded for this person and day.",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("earned_on")),
                name="training_certification_expires_after_earned",
                violation_error_message="A certification cannot expire before it is earned.",
            ),
            limits.range_check("earned_on", limits.DATES, label="Earned on"),
            limits.range_check("expires_on", limits.DATES, label="Expires on"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.kind}"

    def get_absolute_url(self) -> str:
        return reverse("training:certification_edit", kwargs={"pk": self.pk})

    @property
    def evidence_name(self) -> str:
        return PurePath(self.evidence.name).name if self.evidence else ""

    def state(self, today: datetime.date) -> CertificationState:
        if self.expires_on is None or self.expires_on >= today + datetime.timedelta(days=EXPIRING_SOON_DAYS):
            return CertificationState.VALID
        return CertificationState.EXPIRED if self.expires_on < today else CertificationState.EXPIRING

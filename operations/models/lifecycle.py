"""A PACS component over its life: what it runs and on what (``ComponentLifecycle``, one row per
component of ``vendors``), every version change (``VersionChange``) and the security bulletins
the vendor released for it (``SecurityBulletin``), each against the day its fix was applied.

The component itself stays in ``vendors`` (a lower app); its lifecycle facts live here, keyed
one to one to it, so ``vendors`` knows nothing of operations."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel

# A planned replacement's budget, in the hospital's currency.
REPLACEMENT_BUDGET = limits.Range(0, 1_000_000_000)


class ComponentLifecycle(VendorOwnedModel):
    """The lifecycle facts of one component. The software version and patch level change only
    through a recorded ``VersionChange`` (``operations.services.lifecycle.version_change_record``)."""

    vendor_lookup: ClassVar[str] = "component__vendor"

    component = models.OneToOneField(
        "vendors.Component", on_delete=models.CASCADE, primary_key=True, related_name="lifecycle"
    )
    software_version = models.CharField(max_length=60, blank=True)
    patch_level = models.CharField(max_length=60, blank=True, help_text="Service pack or hotfix, e.g. SP2 HF14.")
    operating_system = models.CharField(max_length=120, blank=True)
    hardware_model = models.CharField(max_length=120, blank=True)
    serial_number = models.CharField(max_length=80, blank=True)
    installed_on = models.DateField("install date", null=True, blank=True, validators=limits.value_range(limits.DATES))
    warranty_ends_on = models.DateField(
        "warranty end", null=True, blank=True, validators=limits.value_range(limits.DATES)
    )
    support_ends_on = models.DateField(
        "vendor end of support",
        null=True,
        blank=True,
        validators=limits.value_range(limits.DATES),
        help_text="The last day the vendor supports this version or model.",
    )
    end_of_life_on = models.DateField("end of life", null=True, blank=True, validators=limits.value_range(limits.DATES))
    replacement_planned_on = models.DateField(
        "planned replacement", null=True, blank=True, validators=limits.value_range(limits.DATES)
    )
    replacement_budget = models.DecimalField(
        "replacement budget",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=limits.value_range(REPLACEMENT_BUDGET),
    )
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        verbose_name = "component lifecycle"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_of_life_on__isnull=True)
                | Q(support_ends_on__isnull=True)
                | Q(end_of_life_on__gte=F("support_ends_on")),
                name="operations_lifecycle_end_of_life_after_support",
                violation_error_message="The end of life cannot come before the end of support.",
            ),
            limits.range_check("installed_on", limits.DATES, label="The install date"),
            limits.range_check("warranty_ends_on", limits.DATES, label="The warranty end"),
            limits.range_check("support_ends_on", limits.DATES, label="The end of support"),
            limits.range_check("end_of_life_on", limits.DATES, label="The end of life"),
            limits.range_check("replacement_planned_on", limits.DATES, label="The planned replacement"),
            limits.range_check("replacement_budget", REPLACEMENT_BUDGET, label="The replacement budget"),
        ]

    def __str__(self) -> str:
        return f"Lifecycle of {self.component}"

    def get_absolute_url(self) -> str:
        return reverse("operations:lifecycle_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.installed_on and self.warranty_ends_on and self.warranty_ends_on < self.installed_on:
            raise ValidationError({"warranty_ends_on": "The warranty cannot end before the component is installed."})


class VersionChange(VendorOwnedModel):
    """One change of a component's software version or patch level, as recorded. Going backwards
    is a rollback and must say so (``kind``)."""

    class Kind(models.TextChoices):
        UPGRADE = "upgrade", "Upgrade"
        PATCH = "patch", "Patch"
        ROLLBACK = "rollback", "Rollback"
        INITIAL = "initial", "First recorded version"

    vendor_lookup: ClassVar[str] = "component__vendor"

    component = models.ForeignKey("vendors.Component", on_delete=models.CASCADE, related_name="version_changes")
    changed_on = models.DateField(validators=limits.value_range(limits.DATES))
    kind = models.CharField(max_length=10, choices=Kind.choices)
    from_version = models.CharField(max_length=60, blank=True)
    from_patch_level = models.CharField(max_length=60, blank=True)
    to_version = models.CharField(max_length=60)
    to_patch_level = models.CharField(max_length=60, blank=True)
    note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_on", "-id"]
        indexes = [models.Index(fields=["component", "-changed_on", "-id"], name="operations_version_latest")]
        constraints = [limits.range_check("changed_on", limits.DATES, label="The date of the change")]

    def __str__(self) -> str:
        return f"{self.component}: {self.to_version} {self.to_patch_level}".strip()

    def get_absolute_url(self) -> str:
        return reverse("operations:lifecycle_detail", kwargs={"pk": self.component_id})


class SecurityBulletin(VendorOwnedModel):
    """A security fix the vendor released for a component, and the day it was applied here."""

    class Severity(models.TextChoices):
        CRITICAL = "critical", "Critical"
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    vendor_lookup: ClassVar[str] = "component__vendor"

    component = models.ForeignKey("vendors.Component", on_delete=models.CASCADE, related_name="security_bulletins")
    reference = models.CharField(max_length=60, help_text="The vendor's identifier, e.g. MIS-SB-2026-014.")
    title = models.CharField(max_length=200)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    released_on = models.DateField(validators=limits.value_range(limits.DATES))
    fixed_in_version = models.CharField(
        max_length=60, blank=True, help_text="The version that carries the fix: reaching it applies the bulletin."
    )
    applied_on = models.DateField(null=True, blank=True, validators=limits.value_range(limits.DATES))
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        ordering = ["-released_on", "reference"]
        indexes = [models.Index(fields=["component", "applied_on"], name="operations_bulletin_open")]
        constraints = [
            models.UniqueConstraint(
                "component",
                Lower("reference"),
                name="operations_bulletin_reference_unique",
                violation_error_message="This component already has a bulletin with this reference.",
            ),
            models.CheckConstraint(
                condition=Q(applied_on__isnull=True) | Q(applied_on__gte=F("released_on")),
                name="operations_bulletin_applied_after_release",
                violation_error_message="A bulletin cannot be applied before it was released.",
            ),
            limits.range_check("released_on", limits.DATES, label="The release date"),
            limits.range_check("applied_on", limits.DATES, label="The date applied"),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:lifecycle_detail", kwargs={"pk": self.component_id})

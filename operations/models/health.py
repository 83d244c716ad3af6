"""Health assessments: checklist templates per component kind (``HealthTemplate``: database
optimisation, storage, hardware inspection, backup status, security patches, interface queues,
certificates, licence counts...), the schedule of one component against a template, quarterly by
default (``HealthAssessment``), each run of it with a result and a measurement per check
(``HealthRun`` and its ``HealthCheckResult`` rows, the check's wording frozen on the row) and the
findings a run raises (``HealthFinding``): actions with a named owner on one side and a due date,
open until done. Writes go through ``operations.services.health``."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import SharedQuerySet, TimeStampedModel, VendorOwnedModel
from operations.models.actions import OwnedAction, done_when
from vendors.models import Component

EVERY_MONTHS = limits.Range(1, 12)
CHECKS_LENGTH = 4000
MAX_CHECKS = 40


class HealthTemplate(TimeStampedModel):
    """A checklist for one kind of component; every signed-in user reads it, hospital admins keep it."""

    name = models.CharField(max_length=120, unique=True)
    component_kind = models.CharField(
        "component kind", max_length=10, choices=Component.Kind.choices, help_text="The components it assesses."
    )
    checks = BoundedTextField(
        max_length=CHECKS_LENGTH, help_text="One check per line, in the order the engineer goes through them."
    )
    active = models.BooleanField(default=True, help_text="Inactive templates are no longer offered for new schedules.")

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["component_kind", "name"]
        verbose_name = "health-assessment template"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("operations:healthtemplate_detail", kwargs={"pk": self.pk})

    @property
    def check_list(self) -> list[str]:
        return [line.strip() for line in self.checks.splitlines() if line.strip()]


class HealthAssessment(VendorOwnedModel):
    """One component assessed against one template every N months (quarterly by default)."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="health_assessments")
    component = models.ForeignKey("vendors.Component", on_delete=models.PROTECT, related_name="health_assessments")
    template = models.ForeignKey(HealthTemplate, on_delete=models.PROTECT, related_name="assessments")
    every_months = models.PositiveSmallIntegerField(
        "every (months)", default=3, validators=limits.value_range(EVERY_MONTHS)
    )
    next_due_on = models.DateField("next assessment due", validators=limits.value_range(limits.DATES))
    active = models.BooleanField(default=True, help_text="Inactive schedules are no longer flagged or reminded of.")

    class Meta:
        verbose_name = "health assessment"
        ordering = ["next_due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["component", "template"],
                name="operations_health_one_per_template",
                violation_error_message="This component is assessed against this template already.",
            ),
            limits.range_check("every_months", EVERY_MONTHS, label="The interval"),
            limits.range_check("next_due_on", limits.DATES, label="The due date"),
        ]

    def __str__(self) -> str:
        return f"{self.template}: {self.component}"

    def get_absolute_url(self) -> str:
        return reverse("operations:healthassessment_detail", kwargs={"pk": self.pk})


class HealthRun(VendorOwnedModel):
    """One assessment done: when, by which engineer, with a result per check."""

    vendor_lookup: ClassVar[str] = "assessment__vendor"

    assessment = models.ForeignKey(HealthAssessment, on_delete=models.CASCADE, related_name="runs")
    performed_on = models.DateField("performed on", validators=limits.value_range(limits.DATES))
    engineer_name = models.CharField("engineer", max_length=120, help_text="Who went through the checks.")
    summary = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["assessment", "-performed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.assessment} on {self.performed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("operations:healthassessment_detail", kwargs={"pk": self.assessment_id})


class HealthCheckResult(VendorOwnedModel):
    class Result(models.TextChoices):
        OK = "ok", "OK"
        ATTENTION = "attention", "Needs attention"
        FAILED = "failed", "Failed"
        NOT_APPLICABLE = "n_a", "Not applicable"

    vendor_lookup: ClassVar[str] = "run__assessment__vendor"

    run = models.ForeignKey(HealthRun, on_delete=models.CASCADE, related_name="results")
    position = models.PositiveSmallIntegerField()
    check_text = models.CharField("check", max_length=200)
    result = models.CharField(max_length=9, choices=Result.choices)
    measurement = models.CharField(max_length=200, blank=True, help_text="What was measured or seen.")

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="operations_health_result_one_per_check"),
        ]

    def __str__(self) -> str:
        return f"{self.check_text}: {self.get_result_display()}"


class HealthFinding(OwnedAction):
    """What a run found that needs doing: an action with a named owner on one side and a due date."""

    vendor_lookup: ClassVar[str] = "run__assessment__vendor"

    run = models.ForeignKey(HealthRun, on_delete=models.CASCADE, related_name="findings")

    class Meta:
        ordering = ["run", "due_date", "id"]
        constraints = [done_when("operations_health_finding_done_when", "finding")]

    def get_absolute_url(self) -> str:
        return reverse("operations:healthassessment_detail", kwargs={"pk": self.run.assessment_id})

"""Security assessments with the vendor (audits, penetration tests, tabletop exercises) and their
findings: severity, remediation due date by severity, the vendor's answer and the retest."""

from pathlib import PurePath
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from compliance.models.documents import file_problem
from compliance.remediation import Severity
from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from core.text import fit_filename
from vendors.models import Vendor

CVSS = limits.Range(0, 10)


class FindingSeverity(models.TextChoices):
    """``compliance.remediation.Severity`` as model choices."""

    CRITICAL = Severity.CRITICAL.value, "Critical"
    HIGH = Severity.HIGH.value, "High"
    MEDIUM = Severity.MEDIUM.value, "Medium"
    LOW = Severity.LOW.value, "Low"


def assessment_report_path(instance: "Assessment", filename: str) -> str:
    return f"compliance/{instance.vendor_id}/assessments/{fit_filename(filename)}"


class Assessment(VendorOwnedModel):
    class Kind(models.TextChoices):
        AUDIT = "audit", "Security audit"
        PENETRATION_TEST = "penetration_test", "Penetration test"
        TABLETOP = "tabletop", "Tabletop exercise"

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    planned_on = models.DateField(validators=limits.value_range(limits.DATES))
    performed_on = models.DateField(
        null=True, blank=True, validators=limits.value_range(limits.DATES), help_text="Empty while it is planned."
    )
    scope = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    hospital_participants = models.CharField(max_length=300, blank=True)
    vendor_participants = models.CharField(max_length=300, blank=True)
    report = models.FileField(upload_to=assessment_report_path, max_length=300, blank=True)

    class Meta:
        ordering = ["-planned_on", "-pk"]
        constraints = [
            limits.range_check("planned_on", limits.DATES, label="The planned date"),
            limits.range_check("performed_on", limits.DATES, label="The date it was performed"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compliance:assessment_detail", kwargs={"pk": self.pk})

    @property
    def report_filename(self) -> str:
        return PurePath(self.report.name).name if self.report else ""

    def clean(self) -> None:
        if self.report:
            problem = file_problem(self.report)
            if problem:
                raise ValidationError({"report": problem})


class Finding(VendorOwnedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered by the vendor"
        RESOLVED = "resolved", "Resolved (retest passed)"

    class Retest(models.TextChoices):
        NONE = "", "Not retested"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Failed"

    vendor_lookup: ClassVar[str] = "assessment__vendor"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)
    severity = models.CharField(max_length=10, choices=FindingSeverity.choices)
    cvss_score = models.DecimalField(
        "CVSS score", max_digits=3, decimal_places=1, null=True, blank=True, validators=limits.value_range(CVSS)
    )
    reported_on = models.DateField(validators=limits.value_range(limits.DATES))
    due_on = models.DateField("remediation due", validators=limits.value_range(limits.DATES))
    remediation_owner = models.CharField(max_length=200, blank=True, help_text="Who fixes it, on the vendor's side.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    vendor_response = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    retest_result = models.CharField(max_length=10, choices=Retest.choices, blank=True, default=Retest.NONE)
    retest_notes = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    retested_on = models.DateField(null=True, blank=True, validators=limits.value_range(limits.DATES))

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="compliance_finding_due")]
        constraints = [
            limits.range_check("cvss_score", CVSS, label="The CVSS score"),
            models.CheckConstraint(
                condition=~Q(status="resolved") | Q(retest_result="passed"),
                name="compliance_finding_resolved_by_retest",
                violation_error_message="A finding is resolved by a passed retest.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return f"{self.assessment.get_absolute_url()}#finding-{self.pk}"

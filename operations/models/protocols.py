"""Test protocols of upgrade and change plans: reusable templates per component kind
(``ProtocolTemplate`` with its ``ProtocolTemplateCase`` rows: DICOM query/retrieve, HL7 orders in
and results out, viewer launch, prior retrieval...) and the cases of one plan (``PlanTestCase``),
copied from a template or written for the plan, each run after the change with its result, who
recorded it and when, and the ticket a failure opened.

Templates are reference rows every signed-in user reads (a vendor drafting a plan applies them);
only hospital admins keep them. Writes go through ``operations.services.protocols``."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import SharedQuerySet, TimeStampedModel, VendorOwnedModel
from vendors.models import Component


class ProtocolTemplate(TimeStampedModel):
    """A reusable list of test cases for one kind of component."""

    name = models.CharField(max_length=120, unique=True)
    component_kind = models.CharField(
        "component kind", max_length=10, choices=Component.Kind.choices, help_text="The components it tests."
    )
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    active = models.BooleanField(default=True, help_text="Inactive templates are no longer offered for new plans.")

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["component_kind", "name"]
        verbose_name = "test-protocol template"

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("operations:protocoltemplate_detail", kwargs={"pk": self.pk})


class ProtocolTemplateCase(TimeStampedModel):
    """One case of a template, in order; mandatory cases must pass before a plan is done."""

    template = models.ForeignKey(ProtocolTemplate, on_delete=models.CASCADE, related_name="cases")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    expected_result = models.CharField("expected result", max_length=300)
    mandatory = models.BooleanField(default=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["template", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:protocoltemplate_detail", kwargs={"pk": self.template_id})


class PlanTestCase(VendorOwnedModel):
    """A case of one plan's test protocol and its result after the change."""

    class Result(models.TextChoices):
        NOT_RUN = "not_run", "Not run"
        PASS = "pass", "Pass"
        FAIL = "fail", "Fail"

    vendor_lookup: ClassVar[str] = "plan__vendor"

    plan = models.ForeignKey("operations.ChangePlan", on_delete=models.CASCADE, related_name="test_cases")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    expected_result = models.CharField("expected result", max_length=300)
    mandatory = models.BooleanField(default=True)
    template = models.ForeignKey(
        ProtocolTemplate, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", help_text="Copied from."
    )
    result = models.CharField(max_length=8, choices=Result.choices, default=Result.NOT_RUN)
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    notes = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(result="not_run") | Q(recorded_at__isnull=False),
                name="operations_test_case_result_recorded",
                violation_error_message="A pass or a fail says when it was recorded.",
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:changeplan_detail", kwargs={"pk": self.plan_id})

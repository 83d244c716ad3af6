"""Upgrade and change plans: a vendor's planned change of one component from the release it runs
to another (``ChangePlan``), its steps with an owner on each side (``PlanStep``) and the pre-checks
and go/no-go items each signed by a named person (``PlanCheck``).

The plan's window becomes a maintenance window of ``slas`` when the plan is approved (through that
app's service: the window is linked, never copied). States move only through
``operations.services.plans``."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel


class ChangePlan(VendorOwnedModel):
    class Kind(models.TextChoices):
        PATCH = "patch", "Patch"
        MINOR = "minor", "Minor upgrade"
        MAJOR = "major", "Major upgrade"
        MIGRATION = "migration", "Migration"

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        PROPOSED = "proposed", "Proposed"
        APPROVED = "approved", "Approved"
        GO = "go", "Go"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        ROLLED_BACK = "rolled_back", "Rolled back"
        CANCELLED = "cancelled", "Cancelled"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        ROLLBACK = "rollback", "Rolled back"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="change_plans")
    component = models.ForeignKey("vendors.Component", on_delete=models.PROTECT, related_name="change_plans")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.MINOR)
    from_version = models.CharField(max_length=60, blank=True, help_text="What the component runs when planned.")
    from_patch_level = models.CharField(max_length=60, blank=True)
    to_version = models.CharField("target version", max_length=60)
    to_patch_level = models.CharField("target patch level", max_length=60, blank=True)
    window_start = models.DateTimeField("window start")
    window_end = models.DateTimeField("window end")
    description = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    rollback_plan = BoundedTextField(
        max_length=limits.DESCRIPTION_LENGTH,
        blank=True,
        help_text="How the change is undone, and what triggers it (e.g. DICOM store failing after 30 minutes).",
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    maintenance_window = models.ForeignKey(
        "slas.MaintenanceWindow", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    go_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    go_decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, blank=True)
    outcome_note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    incident = models.ForeignKey("slas.Incident", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    version_change = models.ForeignKey(
        "operations.VersionChange", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "upgrade or change plan"
        verbose_name_plural = "upgrade and change plans"
        ordering = ["-window_start", "-id"]
        indexes = [models.Index(fields=["vendor", "state"], name="operations_plan_vendor_state")]
        constraints = [
            models.CheckConstraint(
                condition=Q(window_end__gt=F("window_start")),
                name="operations_plan_window_order",
                violation_error_message="The window must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(state__in=["done", "rolled_back"]),
                name="operations_plan_outcome_when_finished",
                violation_error_message="Only a finished plan has an outcome.",
            ),
        ]

    def __str__(self) -> str:
        return f"CP-{self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:changeplan_detail", kwargs={"pk": self.pk})


class PlanStep(VendorOwnedModel):
    """One step of the plan, in order, with the side that does it and the person who owns it."""

    class Side(models.TextChoices):
        HOSPITAL = "hospital", "Hospital"
        VENDOR = "vendor", "Vendor"

    vendor_lookup: ClassVar[str] = "plan__vendor"

    plan = models.ForeignKey(ChangePlan, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    description = models.CharField(max_length=300)
    side = models.CharField(max_length=8, choices=Side.choices)
    owner = models.CharField(max_length=120, help_text="The named person who does it.")

    class Meta:
        ordering = ["plan", "position", "id"]

    def __str__(self) -> str:
        return f"{self.position}. {self.description}"

    def get_absolute_url(self) -> str:
        return reverse("operations:changeplan_detail", kwargs={"pk": self.plan_id})


class PlanCheck(VendorOwnedModel):
    """A pre-check or a go/no-go item; signed by a named person, it is no longer open."""

    class Stage(models.TextChoices):
        PRE_CHECK = "pre_check", "Pre-check"
        GO_NO_GO = "go_no_go", "Go/no-go"

    vendor_lookup: ClassVar[str] = "plan__vendor"

    plan = models.ForeignKey(ChangePlan, on_delete=models.CASCADE, related_name="checks")
    stage = models.CharField(max_length=10, choices=Stage.choices)
    description = models.CharField(max_length=300)
    signed_by_name = models.CharField("signed by", max_length=120, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["plan", "-stage", "id"]  # pre-checks first, then the go/no-go items
        constraints = [
            models.CheckConstraint(
                condition=Q(signed_at__isnull=True, signed_by_name="")
                | (Q(signed_at__isnull=False) & ~Q(signed_by_name="")),
                name="operations_check_signed_by_a_name",
                violation_error_message="A signed item names who signed it.",
            )
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_open(self) -> bool:
        return self.signed_at is None

    def get_absolute_url(self) -> str:
        return reverse("operations:changeplan_detail", kwargs={"pk": self.plan_id})


class PlanIntegrationCheck(VendorOwnedModel):
    """One probe run of the integration checks asked for on a plan: after a change, every probe
    of the interfaces touching the plan's component runs at once (``kpis.services.integration_checks``),
    and each run is kept here with the batch it belongs to (``checked_at``)."""

    vendor_lookup: ClassVar[str] = "plan__vendor"

    plan = models.ForeignKey(ChangePlan, on_delete=models.CASCADE, related_name="integration_checks")
    probe_run = models.ForeignKey("kpis.ProbeRun", on_delete=models.CASCADE, related_name="+")
    checked_at = models.DateTimeField(help_text="When the batch ran: every run of one request shares it.")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-checked_at", "id"]
        indexes = [models.Index(fields=["plan", "-checked_at"], name="operations_plan_integration")]

    def __str__(self) -> str:
        return f"Integration check of {self.plan} at {self.checked_at:%Y-%m-%d %H:%M}"

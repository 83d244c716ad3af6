"""Improvement plans: items with an owner side (vendor or hospital), an owner, a milestone date,
a status and the consequence if missed. An evaluation whose standing requires a plan opens a
draft plan; the vendor sees a plan once it is active and updates its own items' progress."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from core.roles import Side

KPI_PERIODS = limits.Range(1, 24)
KPI_TARGET = limits.Range(-1_000_000_000, 1_000_000_000)


class ImprovementPlan(VendorOwnedModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        CLOSED = "closed", "Closed"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="improvement_plans")
    evaluation = models.OneToOneField(
        "scorecards.Evaluation", on_delete=models.PROTECT, null=True, blank=True, related_name="plan"
    )
    title = models.CharField(max_length=200)
    state = models.CharField(max_length=6, choices=State.choices, default=State.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    activated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    source_key = models.CharField(
        max_length=80,
        blank=True,
        editable=False,
        help_text="What proposed the plan, once (e.g. a chronic SLA failure).",
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_key"], condition=~Q(source_key=""), name="scorecards_plan_proposed_once"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scorecards:improvementplan_detail", kwargs={"pk": self.pk})

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return ~Q(state=cls.State.DRAFT)


class PlanItem(VendorOwnedModel):
    Side = Side

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        MISSED = "missed", "Missed"

    vendor_lookup = "plan__vendor"

    plan = models.ForeignKey(ImprovementPlan, on_delete=models.CASCADE, related_name="items")
    description = models.CharField(max_length=300)
    owner_side = models.CharField(max_length=8, choices=Side.choices, default=Side.VENDOR)
    owner = models.CharField(max_length=120, help_text="Who on that side answers for it.")
    milestone = models.DateField(validators=limits.value_range(limits.DATES))
    status = models.CharField(max_length=11, choices=Status.choices, default=Status.OPEN)
    consequence = models.CharField(
        max_length=200, blank=True, help_text="If missed, e.g. an additional credit or a contract review."
    )
    progress = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # An item tied to a KPI closes itself once the KPI holds ``kpi_target`` for ``kpi_periods``
    # finished months in a row (``scorecards.services.plan_kpis``).
    kpi = models.ForeignKey("kpis.Kpi", on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    kpi_target = models.DecimalField(
        "KPI target", max_digits=14, decimal_places=4, null=True, blank=True, validators=limits.value_range(KPI_TARGET)
    )
    kpi_periods = models.PositiveSmallIntegerField(
        "months to hold", default=3, validators=limits.value_range(KPI_PERIODS)
    )
    at_risk = models.BooleanField(default=False, help_text="The KPI's latest month missed the target.")

    class Meta:
        ordering = ["milestone", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kpi__isnull=True) | Q(kpi_target__isnull=False),
                name="scorecards_kpi_item_has_target",
                violation_error_message="An item tied to a KPI names its target.",
            ),
            limits.range_check("kpi_periods", KPI_PERIODS, label="The months to hold"),
        ]

    def __str__(self) -> str:
        return self.description

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return ~Q(plan__state=ImprovementPlan.State.DRAFT)


class PlanItemCheck(VendorOwnedModel):
    """One periodic check of a KPI-tied item: the months looked at, their values, and what came
    of it. Kept as the item's history; one per item and last month looked at."""

    class Outcome(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        ON_TRACK = "on_track", "On track"
        AT_RISK = "at_risk", "At risk"

    vendor_lookup = "item__plan__vendor"

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="checks")
    last_month = models.DateField(help_text="The latest finished month looked at.")
    values = models.JSONField(default=list, help_text='[["2026-01-01", "99.5" or null], ...] oldest first.')
    outcome = models.CharField(max_length=8, choices=Outcome.choices)
    evidence = models.CharField(max_length=500)
    checked_at = models.DateTimeField()

    class Meta:
        ordering = ["item", "-last_month"]
        constraints = [
            models.UniqueConstraint(fields=["item", "last_month"], name="scorecards_one_check_per_item_month"),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_outcome_display()} ({self.last_month:%Y-%m})"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return ~Q(item__plan__state=ImprovementPlan.State.DRAFT)

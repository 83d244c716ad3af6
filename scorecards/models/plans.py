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

    class Meta:
        ordering = ["-created_at"]

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

    class Meta:
        ordering = ["milestone", "pk"]

    def __str__(self) -> str:
        return self.description

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return ~Q(plan__state=ImprovementPlan.State.DRAFT)

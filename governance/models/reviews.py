"""The SLA annual review: per agreement, a yearly review of the year's figures (gathered from the
data, frozen when the review is concluded), findings and proposed changes per target, the
decisions, and the outcome (unchanged, a new version drafted in ``slas``, renegotiation)."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import HospitalOnlyQuerySet, VendorOwnedModel


class ReviewOutcome(models.TextChoices):
    UNCHANGED = "unchanged", "Unchanged: the agreement stays as it is"
    NEW_VERSION = "new_version", "New version: draft the next version of the agreement"
    RENEGOTIATE = "renegotiate", "Renegotiate the contract"


class SlaReview(VendorOwnedModel):
    """The review of one agreement's year (``period_start`` to ``period_end``, excluded), due on
    ``due_on``. Open until concluded; a contract's reviews never overlap in time."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CONCLUDED = "concluded", "Concluded"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="sla_reviews")
    objects = HospitalOnlyQuerySet.as_manager()  # the hospital's preparation: not shown to vendors
    agreement = models.ForeignKey("slas.Agreement", on_delete=models.PROTECT, related_name="annual_reviews")
    period_start = models.DateField(validators=limits.value_range(limits.DATES))
    period_end = models.DateField(validators=limits.value_range(limits.DATES))
    due_on = models.DateField(validators=limits.value_range(limits.DATES))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    figures = models.JSONField(default=dict, blank=True, help_text="The year's figures as concluded.")
    decisions = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    outcome = models.CharField(max_length=12, choices=ReviewOutcome.choices, blank=True)
    new_agreement = models.ForeignKey(
        "slas.Agreement", on_delete=models.PROTECT, null=True, blank=True, related_name="created_by_reviews"
    )
    concluded_at = models.DateTimeField(null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "SLA review"
        verbose_name_plural = "SLA reviews"
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"],
                condition=Q(status="open"),
                name="governance_review_one_open",
                violation_error_message="This agreement already has an open review.",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=F("period_start")),
                name="governance_review_period_order",
                violation_error_message="A review's year ends after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(outcome=""),
                name="governance_review_concluded_outcome",
                violation_error_message="A concluded review states its outcome.",
            ),
            limits.range_check("due_on", limits.DATES, label="The due date"),
        ]

    def __str__(self) -> str:
        return f"Annual review of {self.agreement} ({self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("governance:slareview_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ReviewFinding(VendorOwnedModel):
    """What the review found about one target (or the uptime, or the agreement as a whole) and
    the change it proposes."""

    vendor_lookup: ClassVar[str] = "review__vendor"

    review = models.ForeignKey(SlaReview, on_delete=models.CASCADE, related_name="findings")
    objects = HospitalOnlyQuerySet.as_manager()
    subject = models.CharField(max_length=60)
    finding = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH)
    proposed_change = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.subject}: {self.finding[:60]}"

    def get_absolute_url(self) -> str:
        return self.review.get_absolute_url() + "#findings"

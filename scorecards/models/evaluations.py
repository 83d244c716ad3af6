"""Evaluations: one per vendor, period kind and period start. A draft is scored live from the
records; finalising freezes every input and score in ``snapshot`` with its SHA-256; the vendor
sees it once shared, and acknowledges or appeals each criterion."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import SharedQuerySet, VendorOwnedModel

SCORE = limits.Range(0, 100)


class PeriodKind(models.TextChoices):
    ANNUAL = "annual", "Annual"
    QUARTERLY = "quarterly", "Quarterly"


MONTHS_IN = {PeriodKind.ANNUAL: 12, PeriodKind.QUARTERLY: 3}


class Standing(models.Model):
    """A band of totals: from ``minimum`` up to the next standing's minimum. Together the
    standings cover 0 to 100 without a gap (``scorecards.services.standings``)."""

    class Colour(models.TextChoices):
        SUCCESS = "success", "Green"
        PRIMARY = "primary", "Blue"
        WARNING = "warning", "Amber"
        DANGER = "danger", "Red"

    name = models.CharField(max_length=60)
    minimum = models.DecimalField(max_digits=4, decimal_places=1, validators=limits.value_range(SCORE))
    requires_plan = models.BooleanField(default=False, help_text="An improvement plan is required.")
    consequence = models.CharField(max_length=200, blank=True, help_text="e.g. contract review.")
    colour = models.CharField(max_length=7, choices=Colour.choices, default=Colour.PRIMARY)

    objects = SharedQuerySet.as_manager()

    class Meta:
        ordering = ["-minimum"]
        constraints = [
            models.UniqueConstraint(fields=["minimum"], name="scorecards_standing_minimum_once"),
            limits.range_check("minimum", SCORE, label="A standing's minimum total"),
        ]

    def __str__(self) -> str:
        return self.name


class Evaluation(VendorOwnedModel):
    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINALISED = "finalised", "Finalised"
        SHARED = "shared", "Shared with the vendor"
        CLOSED = "closed", "Closed"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="evaluations")
    template = models.ForeignKey("scorecards.EvaluationTemplate", on_delete=models.PROTECT, related_name="evaluations")
    period_kind = models.CharField(max_length=9, choices=PeriodKind.choices, default=PeriodKind.ANNUAL)
    period_start = models.DateField(help_text="The first day of the year or quarter.")
    state = models.CharField(max_length=9, choices=State.choices, default=State.DRAFT)
    recognition = BoundedTextField(
        "what went well", max_length=limits.NOTE_LENGTH, blank=True, help_text="Recognition written for the vendor."
    )
    snapshot = models.JSONField(null=True, blank=True, editable=False)
    snapshot_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    total = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True, editable=False)
    standing = models.CharField(max_length=60, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    finalised_at = models.DateTimeField(null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shared_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-period_start", "vendor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "period_kind", "period_start"], name="scorecards_one_evaluation_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} · {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("scorecards:evaluation_detail", kwargs={"pk": self.pk})

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(state__in=[cls.State.SHARED, cls.State.CLOSED])

    @property
    def period_end(self) -> datetime.date:
        """The first day after the period."""
        months = self.period_start.month - 1 + MONTHS_IN[PeriodKind(self.period_kind)]
        return self.period_start.replace(year=self.period_start.year + months // 12, month=months % 12 + 1)

    @property
    def period_label(self) -> str:
        if self.period_kind == PeriodKind.QUARTERLY:
            return f"{self.period_start.year} Q{(self.period_start.month - 1) // 3 + 1}"
        return str(self.period_start.year)

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class ManualScore(VendorOwnedModel):
    """The admin's score of a manual criterion in a draft, with the reason for it."""

    vendor_lookup = "evaluation__vendor"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="manual_scores")
    criterion = models.ForeignKey("scorecards.Criterion", on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(max_digits=4, decimal_places=1, validators=limits.value_range(SCORE))
    justification = BoundedTextField(max_length=limits.NOTE_LENGTH)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="scorecards_manual_score_once"),
            limits.range_check("score", SCORE, label="A score"),
        ]

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(evaluation__state__in=[Evaluation.State.SHARED, Evaluation.State.CLOSED])


class CriterionResponse(VendorOwnedModel):
    """The vendor's word on one criterion of a shared evaluation: acknowledged, or appealed with
    a comment the hospital answers."""

    class Kind(models.TextChoices):
        ACKNOWLEDGE = "acknowledge", "Acknowledged"
        APPEAL = "appeal", "Appealed"

    vendor_lookup = "evaluation__vendor"

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    criterion = models.ForeignKey("scorecards.Criterion", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=11, choices=Kind.choices)
    comment = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    responded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    answer = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="scorecards_one_response_per_criterion"),
        ]

    @property
    def awaits_answer(self) -> bool:
        return self.kind == self.Kind.APPEAL and self.answered_at is None

"""Service credits: bands and ticket rules per agreement, and one statement per vendor and month."""

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from slas.models.agreements import Metric, Severity

PERCENT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class CreditBand(models.Model):
    """Monthly uptime below ``below_percent`` earns ``credit_percent`` of the monthly fee; the
    band with the lowest threshold that the uptime falls below applies."""

    agreement = models.ForeignKey("slas.Agreement", on_delete=models.CASCADE, related_name="credit_bands")
    below_percent = models.DecimalField("uptime below %", max_digits=6, decimal_places=3, validators=PERCENT_VALIDATORS)
    credit_percent = models.DecimalField("credit %", max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)

    class Meta:
        ordering = ["-below_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "below_percent"],
                name="slas_credit_band_once",
                violation_error_message="Two credit bands have the same threshold.",
            ),
            models.CheckConstraint(
                condition=Q(
                    below_percent__gte=0, below_percent__lte=100, credit_percent__gte=0, credit_percent__lte=100
                ),
                name="slas_credit_band_range",
                violation_error_message="Thresholds and credits are percentages from 0 to 100.",
            ),
        ]

    def __str__(self) -> str:
        return f"below {self.below_percent} %: {self.credit_percent} %"


class TicketCreditRule(models.Model):
    """Each ticket of ``severity`` whose ``metric`` target was missed earns ``credit_percent``."""

    agreement = models.ForeignKey("slas.Agreement", on_delete=models.CASCADE, related_name="ticket_credit_rules")
    severity = models.CharField(max_length=2, choices=Severity.choices)
    metric = models.CharField(max_length=12, choices=Metric.choices)
    credit_percent = models.DecimalField(
        "credit % per miss", max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS
    )

    class Meta:
        ordering = ["severity", "metric"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "severity", "metric"],
                name="slas_ticket_credit_once",
                violation_error_message="This severity and metric already has a credit rule.",
            ),
            limits.range_check("credit_percent", limits.PERCENT, label="The credit"),
        ]

    def __str__(self) -> str:
        return f"{self.credit_percent} % per missed {self.severity} {self.get_metric_display().lower()}"


class CreditStatement(VendorOwnedModel):
    """What the vendor owes for one month and why, and the claim's progress. Recomputing a month
    replaces an unclaimed statement; a claimed one is evidence and never changes its figures."""

    class State(models.TextChoices):
        NONE = "none", "Nothing owed"
        OWED = "owed", "Owed"
        CLAIMED = "claimed", "Claimed"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by vendor"
        DISPUTED = "disputed", "Disputed by vendor"
        APPLIED = "applied", "Applied to invoice"

    RECOMPUTABLE_STATES: ClassVar[tuple[str, ...]] = (State.NONE, State.OWED)

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="credit_statements")
    month = models.DateField(help_text="The first day of the month.")
    agreement = models.ForeignKey("slas.Agreement", on_delete=models.PROTECT, related_name="credit_statements")
    state = models.CharField(max_length=12, choices=State.choices, default=State.OWED)
    uptime_percent = models.DecimalField(max_digits=8, decimal_places=4)
    target_percent = models.DecimalField(max_digits=6, decimal_places=3)
    downtime_minutes = models.DecimalField(max_digits=10, decimal_places=1)
    excluded_minutes = models.DecimalField(max_digits=10, decimal_places=1)
    availability_credit_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    ticket_credit_percent = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(0))
    credit_percent = models.DecimalField(max_digits=5, decimal_places=2, default=Decimal(0))
    monthly_fee = models.DecimalField(max_digits=14, decimal_places=2)
    credit_amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    lines = models.JSONField(default=list, help_text="Why: one entry per band, ticket miss and cap applied.")
    claim_deadline = models.DateField()
    chronic_failure = models.BooleanField(
        default=False, help_text="Below the chronic-failure threshold in too many recent months."
    )
    computed_at = models.DateTimeField()
    invoice_reference = models.CharField(max_length=80, blank=True)

    class Meta:
        ordering = ["-month", "vendor__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["vendor", "month"],
                name="slas_credit_statement_once_per_month",
                violation_error_message="This vendor already has a statement for this month.",
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="slas_credit_statement_month_start"),
            models.CheckConstraint(
                condition=~Q(state="applied") | ~Q(invoice_reference=""),
                name="slas_credit_applied_has_invoice",
                violation_error_message="An applied credit needs the invoice reference.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.vendor} {self.month:%Y-%m}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        """An owed credit not yet claimed is the hospital's draft; vendors see it once claimed."""
        return ~Q(state=cls.State.OWED)

    def get_absolute_url(self) -> str:
        return reverse("slas:creditstatement_detail", kwargs={"pk": self.pk})


class CreditStatementEvent(VendorOwnedModel):
    """The statement's history: computed, claimed, acknowledged, disputed (with the reason),
    answered, applied. Disputes and answers are kept here."""

    vendor_lookup: ClassVar[str] = "statement__vendor"

    class Kind(models.TextChoices):
        COMPUTED = "computed", "Computed"
        RECOMPUTED = "recomputed", "Recomputed"
        CLAIMED = "claimed", "Claimed from the vendor"
        ACKNOWLEDGED = "acknowledged", "Acknowledged by the vendor"
        DISPUTED = "disputed", "Disputed by the vendor"
        ANSWERED = "answered", "Dispute answered; claim upheld"
        APPLIED = "applied", "Applied to an invoice"
        CHRONIC = "chronic", "Chronic failure flagged"

    statement = models.ForeignKey(CreditStatement, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.statement}: {self.get_kind_display()}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return ~Q(statement__state=CreditStatement.State.OWED)

    def get_absolute_url(self) -> str:
        return self.statement.get_absolute_url()

"""Service-level agreements: versions per contract, targets per severity, escalation rules."""

import datetime
from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from vendors.models import Contact

# The business ranges of an agreement's numbers.
VERSION = limits.Range(1, 999)
RETRIEVAL_DEGRADED_SECONDS = limits.Range(1, 3600)
MAINTENANCE_NOTICE_HOURS = limits.Range(0, 2160)  # 90 days
CLAIM_DEADLINE_DAYS = limits.Range(0, 365)
CHRONIC_MONTHS = limits.Range(1, 12)
CHRONIC_WINDOW_MONTHS = limits.Range(1, 24)
# A target in business time: at most a year of it (8760 h), which the clock can still walk.
TARGET_DURATION = limits.Range(datetime.timedelta(0), datetime.timedelta(hours=8760))
ESCALATION_LEVEL = limits.Range(1, 5)


class Severity(models.TextChoices):
    P1 = "P1", "P1 critical"
    P2 = "P2", "P2 high"
    P3 = "P3", "P3 medium"
    P4 = "P4", "P4 low"


class Metric(models.TextChoices):
    RESPONSE = "response", "Response"
    UPDATE = "update", "Status update"
    RESOLUTION = "resolution", "Resolution"


class SupportTier(models.TextChoices):
    HELP_DESK = "help_desk", "Help desk"
    REMOTE_DIAGNOSTICS = "remote_diagnostics", "Remote diagnostics"
    ON_SITE = "on_site", "On-site"


class DegradedCounting(models.TextChoices):
    FULL = "full", "In full"
    HALF = "half", "Half"
    NONE = "none", "Not at all"

    @property
    def weight(self) -> Decimal:
        return {"full": Decimal(1), "half": Decimal("0.5"), "none": Decimal(0)}[self.value]


class Agreement(VendorOwnedModel):
    """One version of the SLA of a contract; a version applies to tickets opened from its
    ``effective_from`` until the next version starts (or its ``effective_to``)."""

    vendor_lookup: ClassVar[str] = "contract__vendor"

    contract = models.ForeignKey("vendors.Contract", on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveIntegerField(default=1, validators=limits.value_range(VERSION))
    name = models.CharField(max_length=200, blank=True)
    effective_from = models.DateField(validators=limits.value_range(limits.DATES))
    effective_to = models.DateField(
        null=True,
        blank=True,
        validators=limits.value_range(limits.DATES),
        help_text="Empty: until a later version starts.",
    )
    uptime_target_percent = models.DecimalField(
        "uptime target %",
        max_digits=6,
        decimal_places=3,
        default=Decimal("99.900"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    degraded_counting = models.CharField(
        "degraded time counts",
        max_length=6,
        choices=DegradedCounting.choices,
        default=DegradedCounting.HALF,
        help_text="How much of a minute in which components were degraded counts as downtime.",
    )
    retrieval_degraded_seconds = models.PositiveIntegerField(
        "degraded when retrieval takes (s)",
        default=60,
        validators=limits.value_range(RETRIEVAL_DEGRADED_SECONDS),
        help_text="Our probes count the minutes in which retrieving the test study takes longer as degraded.",
    )
    maintenance_notice_hours = models.PositiveIntegerField(
        "maintenance notice (hours)",
        default=48,
        validators=limits.value_range(MAINTENANCE_NOTICE_HOURS),
        help_text="Written notice the vendor must give before maintenance.",
    )
    maintenance_calendar = models.ForeignKey(
        "slas.BusinessCalendar",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="When maintenance is allowed, e.g. Sunday 00:00-06:00. Empty: at any time.",
    )
    credit_cap_percent = models.DecimalField(
        "credit cap %",
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The most a month can earn, availability and ticket credits together.",
    )
    ticket_credit_cap_percent = models.DecimalField(
        "ticket credit cap %",
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text="The most ticket-based credits can add in a month.",
    )
    claim_deadline_days = models.PositiveSmallIntegerField(
        "claim deadline (days)",
        default=10,
        validators=limits.value_range(CLAIM_DEADLINE_DAYS),
        help_text="Days after the month ends by which a credit must be claimed.",
    )
    chronic_threshold_percent = models.DecimalField(
        "chronic failure below %",
        max_digits=6,
        decimal_places=3,
        default=Decimal("99.500"),
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    chronic_months = models.PositiveSmallIntegerField(
        "chronic failure months", default=3, validators=limits.value_range(CHRONIC_MONTHS)
    )
    chronic_window_months = models.PositiveSmallIntegerField(
        "out of any months", default=6, validators=limits.value_range(CHRONIC_WINDOW_MONTHS)
    )
    notes = BoundedTextField(max_length=limits.DESCRIPTION_LENGTH, blank=True)

    class Meta:
        ordering = ["contract__reference", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "version"],
                name="slas_agreement_version_unique",
                violation_error_message="This contract already has an agreement with this version number.",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gte=F("effective_from")),
                name="slas_agreement_effective_order",
                violation_error_message="An agreement cannot end before it takes effect.",
            ),
            models.CheckConstraint(
                condition=Q(uptime_target_percent__gte=0, uptime_target_percent__lte=100),
                name="slas_agreement_uptime_range",
                violation_error_message="The uptime target is a percentage from 0 to 100.",
            ),
            models.CheckConstraint(
                condition=Q(chronic_months__lte=F("chronic_window_months")),
                name="slas_agreement_chronic_window",
                violation_error_message="Chronic failure needs no more months than the window it counts in.",
            ),
            limits.range_check("version", VERSION, label="The version"),
            limits.range_check("effective_from", limits.DATES, label="The effective date"),
            limits.range_check("effective_to", limits.DATES, label="The end date"),
            limits.range_check("retrieval_degraded_seconds", RETRIEVAL_DEGRADED_SECONDS, label="Degraded retrieval"),
            limits.range_check("maintenance_notice_hours", MAINTENANCE_NOTICE_HOURS, label="Maintenance notice"),
            limits.range_check("credit_cap_percent", limits.PERCENT, label="The credit cap"),
            limits.range_check("ticket_credit_cap_percent", limits.PERCENT, label="The ticket credit cap"),
            limits.range_check("claim_deadline_days", CLAIM_DEADLINE_DAYS, label="The claim deadline"),
            limits.range_check("chronic_threshold_percent", limits.PERCENT, label="The chronic failure threshold"),
            limits.range_check("chronic_months", CHRONIC_MONTHS, label="Chronic failure months"),
            limits.range_check("chronic_window_months", CHRONIC_WINDOW_MONTHS, label="The chronic failure window"),
        ]

    def __str__(self) -> str:
        return f"{self.contract} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("slas:agreement_detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        if self.contract_id is None or self.effective_from is None:
            return
        far_future = datetime.date.max
        overlapping = [
            other
            for other in Agreement.objects.filter(contract_id=self.contract_id).exclude(pk=self.pk)
            if other.effective_from <= (self.effective_to or far_future)
            and self.effective_from <= (other.effective_to or far_future)
        ]
        if overlapping:
            periods = ", ".join(
                f"v{a.version} from {a.effective_from:%Y-%m-%d}"
                + (f" to {a.effective_to:%Y-%m-%d}" if a.effective_to else " (open-ended)")
                for a in overlapping
            )
            raise ValidationError(
                {"effective_from": f"The effective dates overlap another version of this contract's SLA: {periods}."}
            )


def _positive(value: datetime.timedelta) -> None:
    if value is not None and value <= datetime.timedelta(0):
        raise ValidationError("Durations must be positive.")


TARGET_VALIDATORS = [
    _positive,
    MaxValueValidator(
        TARGET_DURATION.high, message=f"Ensure this value is at most {limits.shown(TARGET_DURATION.high)}."
    ),
]


class AgreementTarget(models.Model):
    """Targets of one severity; each runs on its own calendar (P1 24x7, P3 business hours)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="targets")
    severity = models.CharField(max_length=2, choices=Severity.choices)
    response = models.DurationField(validators=TARGET_VALIDATORS, help_text="e.g. 00:15:00 for 15 minutes.")
    update = models.DurationField(
        null=True,
        blank=True,
        validators=TARGET_VALIDATORS,
        help_text="Status update interval.",
    )
    resolution = models.DurationField(
        null=True,
        blank=True,
        validators=TARGET_VALIDATORS,
        help_text="Restore or workaround.",
    )
    calendar = models.ForeignKey("slas.BusinessCalendar", on_delete=models.PROTECT, related_name="targets")

    class Meta:
        ordering = ["severity"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "severity"],
                name="slas_target_once_per_severity",
                violation_error_message="An agreement has one target row per severity.",
            ),
            models.CheckConstraint(
                condition=Q(response__gt=datetime.timedelta(0))
                & (Q(update__isnull=True) | Q(update__gt=datetime.timedelta(0)))
                & (Q(resolution__isnull=True) | Q(resolution__gt=datetime.timedelta(0))),
                name="slas_target_durations_positive",
                violation_error_message="Durations must be positive.",
            ),
            limits.range_check("response", TARGET_DURATION, label="The response target"),
            limits.range_check("update", TARGET_DURATION, label="The update target"),
            limits.range_check("resolution", TARGET_DURATION, label="The resolution target"),
        ]

    def __str__(self) -> str:
        return f"{self.agreement} {self.severity}"

    def duration_for(self, metric: str) -> datetime.timedelta | None:
        return {Metric.RESPONSE: self.response, Metric.UPDATE: self.update, Metric.RESOLUTION: self.resolution}[metric]


class EscalationRule(models.Model):
    """At ``threshold_percent`` of a metric's target (50 warns, 100 is the breach, 150 escalates
    further), do these actions."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="escalation_rules")
    metric = models.CharField(max_length=12, choices=Metric.choices)
    threshold_percent = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(500)], help_text="Percent of the target, 1 to 500."
    )
    notify_assignee = models.BooleanField(default=True)
    notify_contact_role = models.CharField(
        max_length=30,
        blank=True,
        choices=Contact.Role.choices,
        help_text="Notify the vendor's contacts with this role.",
    )
    notify_escalation_level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=limits.value_range(ESCALATION_LEVEL),
        help_text="Notify the vendor's contacts at this escalation level.",
    )
    notify_hospital_admins = models.BooleanField(default=False)
    raise_tier_to = models.CharField(max_length=20, choices=SupportTier.choices, blank=True)

    class Meta:
        ordering = ["metric", "threshold_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "metric", "threshold_percent"],
                name="slas_rule_once_per_threshold",
                violation_error_message="This metric already has a rule at this threshold.",
            ),
            models.CheckConstraint(
                condition=Q(threshold_percent__gte=1, threshold_percent__lte=500),
                name="slas_rule_threshold_range",
                violation_error_message="Thresholds are 1 to 500 % of the target.",
            ),
            limits.range_check("notify_escalation_level", ESCALATION_LEVEL, label="The escalation level"),
        ]

    def __str__(self) -> str:
        return f"{self.get_metric_display()} at {self.threshold_percent} %"

    def clean(self) -> None:
        actions = (
            self.notify_assignee,
            self.notify_contact_role,
            self.notify_escalation_level,
            self.notify_hospital_admins,
            self.raise_tier_to,
        )
        if not any(actions):
            raise ValidationError("Choose at least one action for this rule.")

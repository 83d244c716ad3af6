"""Security and privacy incidents of a vendor (a suspected or confirmed breach), their two
notification clocks (``compliance.breach_clocks``), the timeline of updates from both sides, and
their closure with the root cause."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from compliance.breach_clocks import Clock, incident_clocks
from compliance.models.assessments import FindingSeverity
from compliance.models.terms import BREACH_NOTIFICATION_HOURS
from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from vendors.models import Vendor

PATIENTS = limits.Range(0, 100_000_000)


class SecurityIncident(VendorOwnedModel):
    class Kind(models.TextChoices):
        DATA_BREACH = "data_breach", "Personal data breach"
        UNAUTHORISED_ACCESS = "unauthorised_access", "Unauthorised access"
        RANSOMWARE = "ransomware", "Ransomware or malware"
        DATA_LOSS = "data_loss", "Loss of data"
        VULNERABILITY = "vulnerability", "Exploited vulnerability"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SUSPECTED = "suspected", "Suspected"
        CONFIRMED = "confirmed", "Confirmed"
        CLOSED = "closed", "Closed"

    vendor = models.ForeignKey(Vendor, on_delete=models.PROTECT, related_name="security_incidents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    severity = models.CharField(max_length=10, choices=FindingSeverity.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUSPECTED)
    components = models.ManyToManyField(
        "vendors.Component", blank=True, related_name="security_incidents", verbose_name="systems affected"
    )
    description = BoundedTextField(max_length=limits.MESSAGE_LENGTH, help_text="What happened, as far as known.")
    data_affected = BoundedTextField(
        max_length=limits.NOTE_LENGTH, blank=True, help_text="Which data: images, reports, demographics, credentials."
    )
    patients_affected = models.PositiveIntegerField(
        "patients affected (estimate)", null=True, blank=True, validators=limits.value_range(PATIENTS)
    )
    occurred_at = models.DateTimeField("happened", null=True, blank=True, help_text="Empty while unknown.")
    vendor_aware_at = models.DateTimeField("vendor aware", help_text="When the vendor noticed: its clock starts.")
    reported_at = models.DateTimeField(
        "vendor told us", null=True, blank=True, help_text="Empty while the vendor has not told us."
    )
    hospital_aware_at = models.DateTimeField(
        "we were aware", help_text="Our own awareness: the regulator's clock starts."
    )
    vendor_deadline_hours = models.PositiveIntegerField(
        "vendor deadline (hours)",
        null=True,
        blank=True,
        validators=limits.value_range(BREACH_NOTIFICATION_HOURS),
        help_text="From the agreement's data-protection terms when the incident was recorded; empty: none agreed.",
    )
    authority_notified_at = models.DateTimeField("authority told", null=True, blank=True)
    authority_reference = models.CharField(max_length=120, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    root_cause = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)
    lessons_learned = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)

    class Meta:
        ordering = ["-hospital_aware_at", "-pk"]
        indexes = [models.Index(fields=["status", "hospital_aware_at"], name="compliance_secinc_open")]
        constraints = [
            limits.range_check("patients_affected", PATIENTS, label="The patients affected"),
            limits.range_check(
                "vendor_deadline_hours", BREACH_NOTIFICATION_HOURS, label="The vendor's notification deadline"
            ),
            models.CheckConstraint(
                condition=Q(occurred_at__isnull=True) | Q(occurred_at__lte=F("vendor_aware_at")),
                name="compliance_secinc_happened_before_noticed",
                violation_error_message="It cannot have happened after the vendor noticed it.",
            ),
            models.CheckConstraint(
                condition=Q(reported_at__isnull=True) | Q(reported_at__gte=F("vendor_aware_at")),
                name="compliance_secinc_told_after_noticed",
                violation_error_message="The vendor cannot have told us before it noticed.",
            ),
            models.CheckConstraint(
                condition=Q(authority_notified_at__isnull=True) | Q(authority_notified_at__gte=F("hospital_aware_at")),
                name="compliance_secinc_authority_after_aware",
                violation_error_message="We cannot have told the authority before we knew.",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & ~Q(root_cause="")),
                name="compliance_secinc_closed_with_root_cause",
                violation_error_message="A closed incident has its closing instant and root cause.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("compliance:securityincident_detail", kwargs={"pk": self.pk})

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def clocks(self) -> tuple[Clock, Clock]:
        return incident_clocks(
            vendor_aware_at=self.vendor_aware_at,
            vendor_hours=self.vendor_deadline_hours,
            reported_at=self.reported_at,
            hospital_aware_at=self.hospital_aware_at,
            authority_notified_at=self.authority_notified_at,
        )

    def instants_in_order(self) -> dict[str, str]:
        """The field errors of instants out of order, for forms and the API (the table checks too)."""
        errors = {}
        if self.occurred_at and self.vendor_aware_at and self.occurred_at > self.vendor_aware_at:
            errors["occurred_at"] = "It cannot have happened after the vendor noticed it."
        if self.reported_at and self.vendor_aware_at and self.reported_at < self.vendor_aware_at:
            errors["reported_at"] = "The vendor cannot have told us before it noticed."
        if (
            self.authority_notified_at
            and self.hospital_aware_at
            and self.authority_notified_at < self.hospital_aware_at
        ):
            errors["authority_notified_at"] = "We cannot have told the authority before we knew."
        return errors


class SecurityIncidentUpdate(VendorOwnedModel):
    """One entry of an incident's timeline: an update from either side, or a step recorded."""

    class Kind(models.TextChoices):
        UPDATE = "update", "Update"
        STATUS = "status", "Status changed"
        NOTIFIED = "notified", "Notification recorded"
        CLOSED = "closed", "Closed"

    vendor_lookup: ClassVar[str] = "incident__vendor"

    incident = models.ForeignKey(SecurityIncident, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPDATE)
    at = models.DateTimeField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = BoundedTextField(max_length=limits.MESSAGE_LENGTH)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.incident}"

    def get_absolute_url(self) -> str:
        return f"{self.incident.get_absolute_url()}#update-{self.pk}"

"""Incidents (downtime of a vendor's components) and their post-incident review."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel


class Impact(models.TextChoices):
    DOWN = "down", "Down"
    DEGRADED = "degraded", "Degraded"


class Incident(VendorOwnedModel):
    """A period in which components of a vendor were down or degraded; open while ``ended_at``
    is empty. Incidents the vendor is not answerable for do not count against its uptime."""

    class DetectedBy(models.TextChoices):
        PERSON = "person", "Person"
        VENDOR = "vendor", "Vendor"
        MONITORING = "monitoring", "Monitoring"

    class Cause(models.TextChoices):
        HARDWARE = "hardware", "Hardware"
        SOFTWARE = "software", "Software defect"
        STORAGE = "storage", "Storage"
        NETWORK = "network", "Network"
        CONFIGURATION = "configuration", "Configuration change"
        CAPACITY = "capacity", "Capacity"
        POWER = "power", "Power or facilities"
        THIRD_PARTY = "third_party", "Third party"
        HUMAN_ERROR = "human_error", "Human error"
        SECURITY = "security", "Security"
        UNKNOWN = "unknown", "Unknown"

    class Attributable(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        DISPUTED = "disputed", "Disputed"

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="incidents")
    components = models.ManyToManyField("vendors.Component", related_name="incidents")
    title = models.CharField(max_length=200)
    impact = models.CharField(max_length=10, choices=Impact.choices, default=Impact.DOWN)
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True, help_text="Empty while the incident is ongoing.")
    detected_by = models.CharField(max_length=12, choices=DetectedBy.choices, default=DetectedBy.PERSON)
    cause_category = models.CharField(max_length=16, choices=Cause.choices, default=Cause.UNKNOWN)
    summary = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)
    vendor_attributable = models.CharField(
        "vendor attributable",
        max_length=10,
        choices=Attributable.choices,
        default=Attributable.YES,
        help_text="“No” keeps the incident out of the vendor's uptime; “disputed” still counts.",
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at"]
        indexes = [
            models.Index(fields=["vendor", "ended_at"], name="slas_incident_vendor_end"),
            models.Index(fields=["vendor", "started_at"], name="slas_incident_vendor_start"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("started_at")),
                name="slas_incident_ends_after_start",
                violation_error_message="An incident cannot end before it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"INC-{self.pk}: {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("slas:incident_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.ended_at is None

    @property
    def counts_against_vendor(self) -> bool:
        return self.vendor_attributable != self.Attributable.NO


class IncidentReview(VendorOwnedModel):
    """The post-incident review: the "lessons learned" of the monthly report."""

    vendor_lookup: ClassVar[str] = "incident__vendor"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        IN_REVIEW = "in_review", "In review with the vendor"
        COMPLETED = "completed", "Completed"

    incident = models.OneToOneField(Incident, on_delete=models.CASCADE, related_name="review")
    root_cause = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)
    what_worked = BoundedTextField("what worked", max_length=limits.MESSAGE_LENGTH, blank=True)
    what_to_change = BoundedTextField("what to change", max_length=limits.MESSAGE_LENGTH, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    completed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Review of {self.incident}"

    def get_absolute_url(self) -> str:
        return self.incident.get_absolute_url()


class FollowUpAction(VendorOwnedModel):
    vendor_lookup: ClassVar[str] = "incident__vendor"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="follow_ups")
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="follow_up_actions"
    )
    owner_name = models.CharField(
        max_length=120, blank=True, help_text="When the owner has no account, e.g. the vendor's engineer."
    )
    due_date = models.DateField(null=True, blank=True, validators=limits.value_range(limits.DATES))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_date", "pk"]
        # The action register (governance) reads the open follow-ups earliest due first, a page at a time.
        indexes = [
            models.Index(fields=["due_date", "id"], condition=Q(status="open"), name="slas_followup_open_due"),
        ]
        constraints = [limits.range_check("due_date", limits.DATES, label="The due date")]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return self.incident.get_absolute_url()

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return self.owner.get_full_name() or self.owner.email
        return self.owner_name


class IncidentComment(VendorOwnedModel):
    """The discussion with the vendor; a comment may propose a root cause for the review."""

    vendor_lookup: ClassVar[str] = "incident__vendor"

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = BoundedTextField(max_length=limits.MESSAGE_LENGTH)
    proposes_root_cause = models.BooleanField(
        default=False, help_text="The text is a proposed root cause for the post-incident review."
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"Comment on {self.incident}"

    def get_absolute_url(self) -> str:
        return self.incident.get_absolute_url()

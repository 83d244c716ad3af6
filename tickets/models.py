"""Support tickets, their append-only events, thread, SLA clocks and the clocks' action queue."""

from pathlib import PurePath
from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import HospitalOnlyQuerySet, TimeStampedModel, VendorOwnedModel
from core.text import fit_filename
from slas.models import Metric, Severity
from slas.models.agreements import SupportTier


class Status(models.TextChoices):
    NEW = "new", "New"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    IN_PROGRESS = "in_progress", "In progress"
    WAITING_ON_HOSPITAL = "waiting_on_hospital", "Waiting on hospital"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


OPEN_STATUSES = (Status.NEW, Status.ACKNOWLEDGED, Status.IN_PROGRESS, Status.WAITING_ON_HOSPITAL)
STUDIES_DELAYED = limits.Range(0, 100_000)
RATING_SCORE = limits.Range(1, 5)


class Ticket(VendorOwnedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="tickets")
    component = models.ForeignKey(
        "vendors.Component", on_delete=models.PROTECT, null=True, blank=True, related_name="tickets"
    )
    agreement = models.ForeignKey(
        "slas.Agreement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
        help_text="The SLA version in force when the ticket was opened.",
    )
    severity = models.CharField(max_length=2, choices=Severity.choices)
    tier = models.CharField(max_length=20, choices=SupportTier.choices, default=SupportTier.HELP_DESK)
    title = models.CharField(max_length=200)
    description = BoundedTextField(max_length=limits.MESSAGE_LENGTH, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="reported_tickets"
    )
    assignee_contact = models.ForeignKey(
        "vendors.Contact", on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tickets"
    )
    assignee_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_tickets"
    )
    incident = models.ForeignKey(
        "slas.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        help_text="The outage or degradation this ticket is part of.",
    )
    # Clinical impact
    sites_affected = models.CharField(max_length=200, blank=True)
    modalities_affected = models.CharField(max_length=200, blank=True)
    studies_delayed = models.PositiveIntegerField(default=0, validators=limits.value_range(STUDIES_DELAYED))
    downtime_procedure_invoked = models.BooleanField(default=False)
    patient_safety_risk = models.BooleanField(default=False)

    opened_at = models.DateTimeField(db_index=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened_at", "-id"]
        indexes = [
            models.Index(fields=["vendor", "-opened_at"], name="tickets_vendor_newest"),
            models.Index(
                fields=["-opened_at"], condition=~Q(status__in=["resolved", "closed"]), name="tickets_open_newest"
            ),
            # The overview's open P1/P2 tickets, counted and listed oldest first without a scan.
            models.Index(
                fields=["severity", "opened_at"], condition=Q(status__in=OPEN_STATUSES), name="tickets_open_by_severity"
            ),
        ]
        constraints = [limits.range_check("studies_delayed", STUDIES_DELAYED, label="Studies delayed")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tickets:ticket_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


# What a person gives when opening a ticket (form and API alike).
TICKET_INPUT_FIELDS = [
    "vendor",
    "component",
    "severity",
    "title",
    "description",
    "assignee_contact",
    "incident",
    "sites_affected",
    "modalities_affected",
    "studies_delayed",
    "downtime_procedure_invoked",
    "patient_safety_risk",
]


class TicketEvent(models.Model):
    """Append-only: everything that happened to a ticket, from which its clocks can be rebuilt."""

    class Kind(models.TextChoices):
        OPENED = "opened", "Opened"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"
        RESPONDED = "responded", "Vendor responded"
        UPDATED = "updated", "Vendor update"
        PAUSED = "paused", "Paused"
        RESUMED = "resumed", "Resumed"
        SEVERITY_CHANGED = "severity_changed", "Severity changed"
        RESOLVED = "resolved", "Resolved"
        REOPENED = "reopened", "Reopened"
        CLOSED = "closed", "Closed"
        RATED = "rated", "Rated"
        ESCALATED = "escalated", "Escalated"
        BREACHED = "breached", "Breached"

    vendor_lookup: ClassVar[str] = "ticket__vendor"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["ticket", "at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} at {self.at:%Y-%m-%d %H:%M}"


class SlaClock(models.Model):
    """One clock per ticket and metric, under the policy (agreement version and target) it
    started with. Pausing banks the business time consumed; resuming sets ``due_at`` from the
    remaining budget. Met and breached outcomes are frozen."""

    class State(models.TextChoices):
        RUNNING = "running", "Running"
        PAUSED = "paused", "Paused"
        MET = "met", "Met"
        BREACHED = "breached", "Breached"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="clocks")
    metric = models.CharField(max_length=12, choices=Metric.choices)
    agreement = models.ForeignKey("slas.Agreement", on_delete=models.PROTECT, related_name="+")
    calendar = models.ForeignKey("slas.BusinessCalendar", on_delete=models.PROTECT, related_name="+")
    target_seconds = models.PositiveIntegerField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.RUNNING)
    started_at = models.DateTimeField()
    last_resumed_at = models.DateTimeField(null=True, blank=True)
    consumed_seconds = models.FloatField(default=0)
    due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    met_at = models.DateTimeField(null=True, blank=True)
    breached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ticket", "metric"]
        constraints = [models.UniqueConstraint(fields=["ticket", "metric"], name="tickets_one_clock_per_metric")]
        indexes = [
            models.Index(fields=["breached_at"], condition=Q(state="breached"), name="tickets_clock_breached_at"),
            # The edges of a period that the hourly roll-up (ClockOutcomeHour) does not cover.
            models.Index(fields=["met_at"], condition=Q(state="met"), name="tickets_clock_met_at"),
            # Clocks at risk are found among the running ones due soonest, the horizon set by the
            # longest running target (selectors.at_risk_clocks).
            models.Index(fields=["due_at"], condition=Q(state="running"), name="tickets_clock_running_due"),
            models.Index(fields=["target_seconds"], condition=Q(state="running"), name="tickets_clock_running_target"),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.metric} {self.state}"


class ClockAction(models.Model):
    """A warning or escalation due at ``threshold_percent`` of a clock's target; fired once."""

    clock = models.ForeignKey(SlaClock, on_delete=models.CASCADE, related_name="actions")
    rule = models.ForeignKey("slas.EscalationRule", on_delete=models.SET_NULL, null=True, related_name="+")
    threshold_percent = models.PositiveSmallIntegerField()
    fire_at = models.DateTimeField(null=True, blank=True)
    fired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["clock", "threshold_percent"], name="tickets_action_once_per_threshold")
        ]
        indexes = [models.Index(fields=["fire_at"], condition=Q(fired_at__isnull=True), name="tickets_actions_due")]

    def __str__(self) -> str:
        return f"{self.clock} at {self.threshold_percent} %"


class TicketMessage(VendorOwnedModel):
    """The thread: replies both sides see, and internal notes vendor users never see."""

    vendor_lookup: ClassVar[str] = "ticket__vendor"

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = BoundedTextField(max_length=limits.MESSAGE_LENGTH)
    internal = models.BooleanField(default=False, help_text="Internal notes are never shown to vendor users.")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.at:%Y-%m-%d %H:%M}"

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(internal=False)


class SatisfactionRating(models.Model):
    ticket = models.OneToOneField(Ticket, on_delete=models.CASCADE, related_name="rating")
    score = models.PositiveSmallIntegerField(validators=limits.value_range(RATING_SCORE))
    comment = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    rated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    rated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="tickets_rating_score_range",
                violation_error_message="Rate from 1 (poor) to 5 (excellent).",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.score}/5"


ATTACHMENT_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".txt", ".log", ".csv", ".zip", ".dcm", ".xml", ".json")


def attachment_path(instance: "TicketAttachment", filename: str) -> str:
    return f"tickets/{instance.message.ticket_id}/{fit_filename(filename)}"


class TicketAttachment(VendorOwnedModel):
    """A file on a thread message (logs, screenshots, a DICOM sample); served only through
    scoped views, and never to vendor users when the message is an internal note."""

    vendor_lookup: ClassVar[str] = "message__ticket__vendor"

    message = models.ForeignKey(TicketMessage, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    size_bytes = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename

    def get_absolute_url(self) -> str:
        return self.message.ticket.get_absolute_url()

    @classmethod
    def vendor_visible_q(cls) -> Q:
        return Q(message__internal=False)

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name

    def clean(self) -> None:
        if PurePath(self.file.name).suffix.lower() not in ATTACHMENT_EXTENSIONS:
            raise ValidationError({"file": f"Allowed file types: {', '.join(ATTACHMENT_EXTENSIONS)}."})
        if self.file.size > settings.TICKET_ATTACHMENT_MAX_MB * 1024 * 1024:
            raise ValidationError({"file": f"The file is larger than {settings.TICKET_ATTACHMENT_MAX_MB} MB."})


class HistoryImport(TimeStampedModel):
    """One upload of ticket history, checked and imported by a worker (``services/history_jobs``).

    The upload is stored as a file under MEDIA_ROOT, not in the row: 50,000 rows
    (``history.MAX_ROWS``) with descriptions run to tens of megabytes. It is deleted once the job
    has ended (the tickets are stored, or the error report says why not).

    A file names its vendors row by row, so a job belongs to no vendor: it is the hospital's
    own record, and no vendor user ever sees one (``HospitalOnlyQuerySet``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        VALIDATING = "validating", "Checking rows"
        IMPORTING = "importing", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Nothing imported"

    RUNNING = (Status.VALIDATING, Status.IMPORTING)

    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    upload = models.FileField(upload_to="ticket-history/%Y/%m/", max_length=300, blank=True)
    filename = models.CharField(max_length=100)
    size_bytes = models.PositiveBigIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0, help_text="Data rows in the file, once counted.")
    rows_done = models.PositiveIntegerField(default=0, help_text="Rows checked, then rows imported.")
    imported = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True, help_text="Every bad row: [line, message] pairs.")
    failure = models.CharField(max_length=300, blank=True, help_text="Why the job itself stopped.")
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="The worker's last sign of life.")
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rows_done__lte=models.F("rows_total")), name="history_import_done_le_total"
            ),
            models.CheckConstraint(
                condition=Q(imported__lte=models.F("rows_total")), name="history_import_imported_le_total"
            ),
        ]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        return reverse("tickets:history_import", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


class ClockOutcomeHour(models.Model):
    """How many of a vendor's SLA clocks were met and breached in one hour (UTC), by the
    ticket's severity and the metric: the roll-up ``selectors.clock_outcomes`` sums instead of
    counting every clock of a quarter (a vendor with a million tickets has three million).

    Nothing in Python writes it: triggers in the database (migration 0007) keep it exact on every
    write of a clock (met, breached, reopened, restarted, deleted) and of a ticket's severity or
    vendor, whoever writes it: the lifecycle services, the sweep's bulk update, the history
    import, set-based SQL. A clock counts in the hour of its ``met_at`` or ``breached_at``."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.CASCADE, related_name="+")
    hour = models.DateTimeField()
    severity = models.CharField(max_length=2, choices=Severity.choices)
    metric = models.CharField(max_length=12, choices=Metric.choices)
    met = models.IntegerField(default=0)
    breached = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vendor", "hour", "severity", "metric"], name="tickets_outcome_hour_once")
        ]

    def __str__(self) -> str:
        return f"{self.vendor_id} {self.hour:%Y-%m-%d %H:00} {self.severity} {self.metric}"

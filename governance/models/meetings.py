"""Meeting series per vendor, their occurrences, the agenda items people add by hand, and the
secret of each user's meeting calendar feed."""

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel

DURATION_MINUTES = limits.Range(15, 8 * 60)
HORIZON_DAYS = 120  # occurrences exist this far ahead (the periodic task tops them up daily)


class MeetingKind(models.TextChoices):
    WEEKLY_OPERATIONAL = "weekly_operational", "Weekly operational meeting"
    BIWEEKLY_OPERATIONAL = "biweekly_operational", "Biweekly operational meeting"
    MONTHLY_SERVICE_REVIEW = "monthly_service_review", "Monthly service review"
    QUARTERLY_BUSINESS_REVIEW = "quarterly_business_review", "Quarterly business review"
    INCIDENT_REVIEW = "incident_review", "Incident review"
    LESSONS_LEARNED = "lessons_learned", "Lessons learned"
    GOVERNANCE_BOARD = "governance_board", "Governance board"


class Frequency(models.TextChoices):
    ONCE = "once", "Once"
    WEEKLY = "weekly", "Every week"
    BIWEEKLY = "biweekly", "Every two weeks"
    MONTHLY = "monthly", "Every month"
    QUARTERLY = "quarterly", "Every quarter"


# The recurrence a kind usually has, offered when a series is set up.
USUAL_FREQUENCY = {
    MeetingKind.WEEKLY_OPERATIONAL: Frequency.WEEKLY,
    MeetingKind.BIWEEKLY_OPERATIONAL: Frequency.BIWEEKLY,
    MeetingKind.MONTHLY_SERVICE_REVIEW: Frequency.MONTHLY,
    MeetingKind.QUARTERLY_BUSINESS_REVIEW: Frequency.QUARTERLY,
    MeetingKind.INCIDENT_REVIEW: Frequency.ONCE,
    MeetingKind.LESSONS_LEARNED: Frequency.ONCE,
    MeetingKind.GOVERNANCE_BOARD: Frequency.QUARTERLY,
}


class MeetingSeries(VendorOwnedModel):
    """A recurring (or one-off) meeting with a vendor. Occurrences follow ``first_start``'s wall
    time in the hospital's zone (``TIME_ZONE``), so a 10:00 meeting stays at 10:00 across DST."""

    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="meeting_series")
    kind = models.CharField(max_length=30, choices=MeetingKind.choices)
    title = models.CharField(max_length=200)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    first_start = models.DateTimeField(help_text="The first meeting; later ones keep its weekday and time.")
    duration_minutes = models.PositiveSmallIntegerField(default=60, validators=limits.value_range(DURATION_MINUTES))
    until = models.DateField(
        null=True, blank=True, validators=limits.value_range(limits.DATES), help_text="Empty: no end."
    )
    location = models.CharField(max_length=200, blank=True, help_text="A room, or the video-call link.")
    hospital_attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="meeting_series")
    vendor_attendees = models.ManyToManyField("vendors.Contact", blank=True, related_name="meeting_series")
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["vendor__name", "title"]
        verbose_name_plural = "meeting series"
        constraints = [
            limits.range_check("duration_minutes", DURATION_MINUTES, label="The duration"),
            limits.range_check("until", limits.DATES, label="The end date"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("governance:series_detail", kwargs={"pk": self.pk})


class Meeting(VendorOwnedModel):
    """One occurrence of a series. Its agenda is built from the data until the meeting starts;
    then it is frozen into ``agenda`` (a snapshot), so the minutes refer to what was shown."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        STARTED = "started", "Held"
        CANCELLED = "cancelled", "Cancelled"

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="meetings")
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    agenda = models.JSONField(null=True, blank=True, help_text="The agenda as frozen when the meeting started.")
    agenda_frozen_at = models.DateTimeField(null=True, blank=True)
    # The iCalendar SEQUENCE of the invitation: raised with each update sent.
    invitation_sequence = models.PositiveIntegerField(default=0)
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["vendor", "starts_at"], name="gov_meeting_vendor_start")]
        constraints = [
            models.UniqueConstraint(fields=["series", "starts_at"], name="governance_meeting_once_per_start"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="governance_meeting_ends_after_start",
                violation_error_message="A meeting must end after it starts.",
            ),
            models.CheckConstraint(
                condition=Q(agenda_frozen_at__isnull=True) | Q(agenda__isnull=False),
                name="governance_meeting_frozen_has_agenda",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series.title}, {self.starts_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("governance:meeting_detail", kwargs={"pk": self.pk})

    @property
    def is_frozen(self) -> bool:
        return self.agenda_frozen_at is not None


class AgendaItem(VendorOwnedModel):
    """An item added by hand (by the hospital, or by the vendor in the portal) before the freeze."""

    vendor_lookup: ClassVar[str] = "meeting__vendor"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="manual_items")
    title = models.CharField(max_length=200)
    detail = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.meeting.get_absolute_url()


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


class MeetingFeedToken(models.Model):
    """The secret in a user's meeting-calendar subscription URL: the feed holds the meetings the
    user attends (a vendor user: their vendor's only). A new key revokes the old URL; deleting
    the row revokes the feed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_feed_token")
    key = models.CharField(max_length=64, unique=True, default=new_feed_key)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Meeting calendar of {self.user}"

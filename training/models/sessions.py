"""Sessions of a course: when and where it is given, by whom, for how many; who is enrolled, who
waits for a seat, and who attended."""

import datetime
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core import limits
from core.fields import BoundedTextField
from core.models import HospitalOnlyQuerySet, TimeStampedModel, VendorOwnedModel

CAPACITY = limits.Range(1, 1000)


class Session(VendorOwnedModel):
    """One session of a course. A vendor sees its own courses' sessions (and records who
    attended them); an internal course's sessions are the hospital's. An internal course's
    trainer is a person of the staff directory holding a valid internal-trainer certification
    (``training.services.sessions`` checks it); a vendor course's trainer may be a vendor contact."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        CANCELLED = "cancelled", "Cancelled"

    vendor_lookup: ClassVar[str] = "course__vendor"

    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="sessions")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField("room", max_length=200, blank=True, help_text="Where it is held on site.")
    link = models.URLField("remote link", max_length=500, blank=True, help_text="The video meeting, if remote.")
    trainer = models.ForeignKey(
        "accounts.StaffMember",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions_trained",
        help_text="An internal trainer from the staff directory (certified as internal trainer).",
    )
    vendor_trainer = models.ForeignKey(
        "vendors.Contact",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="training_sessions",
        help_text="The vendor's trainer (a contact of the course's vendor).",
    )
    capacity = models.PositiveIntegerField(default=12, validators=limits.value_range(CAPACITY))
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    # The iCalendar SEQUENCE of the invitations: raised each time the session moves or is cancelled.
    invitation_sequence = models.PositiveIntegerField(default=0, editable=False)
    note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["course", "starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="training_session_ends_after_start",
                violation_error_message="A session ends after it starts.",
            ),
            limits.range_check("capacity", CAPACITY, label="The capacity"),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {timezone.localtime(self.starts_at):%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("training:session_detail", kwargs={"pk": self.pk})

    @property
    def day(self) -> datetime.date:
        """The session's day in the hospital's zone (the day its attendees complete the course)."""
        return timezone.localtime(self.starts_at).date()

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED


class Enrolment(VendorOwnedModel):
    """A person's place on a session: enrolled (a seat), waiting (in order of ``enrolled_at``),
    withdrawn, and after the session attended, no-show or excused (the seat stays counted)."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", "Enrolled"
        WAITING = "waiting", "Waiting list"
        WITHDRAWN = "withdrawn", "Withdrawn"
        ATTENDED = "attended", "Attended"
        NO_SHOW = "no_show", "No-show"
        EXCUSED = "excused", "Excused"

    vendor_lookup: ClassVar[str] = "session__course__vendor"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    person = models.ForeignKey("accounts.StaffMember", on_delete=models.CASCADE, related_name="enrolments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ENROLLED)
    enrolled_at = models.DateTimeField(help_text="When the person asked for a seat: the waiting list's order.")
    # The invitation sequence this person was last sent (None: not invited yet).
    invited_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quiz_score = models.PositiveSmallIntegerField(
        "quiz score (%)",
        null=True,
        blank=True,
        validators=limits.value_range(limits.PERCENT),
        help_text="An attendee's score in the course's quiz, 0-100.",
    )

    class Meta:
        ordering = ["enrolled_at", "pk"]
        indexes = [models.Index(fields=["session", "status", "enrolled_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="training_enrolment_unique",
                violation_error_message="This person is already on the session.",
            ),
            limits.range_check("quiz_score", limits.PERCENT, label="The quiz score"),
            models.CheckConstraint(
                condition=models.Q(quiz_score__isnull=True) | models.Q(status="attended"),
                name="training_enrolment_quiz_score_attended",
                violation_error_message="Only an attendee has a quiz score.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"

    def get_absolute_url(self) -> str:
        return self.session.get_absolute_url()


# Enrolments that hold a seat: booked, and after the session whatever their attendance was.
SEAT_HOLDING = (
    Enrolment.Status.ENROLLED,
    Enrolment.Status.ATTENDED,
    Enrolment.Status.NO_SHOW,
    Enrolment.Status.EXCUSED,
)
ATTENDANCE = (Enrolment.Status.ATTENDED, Enrolment.Status.NO_SHOW, Enrolment.Status.EXCUSED)
ATTENDANCE_CHOICES = [(status.value, status.label) for status in ATTENDANCE]


RATING = limits.Range(1, 5)
# How long a feedback link works after it is sent.
FEEDBACK_DAYS = 30


# The three parts of the feedback (field, question), each rated 1 to 5.
FEEDBACK_PARTS = (
    ("content_rating", "The content"),
    ("trainer_rating", "The trainer"),
    ("usefulness_rating", "Its usefulness for your work"),
)


class SessionFeedback(TimeStampedModel):
    """An attendee's feedback on a session, through a one-use signed link (no sign-in): asked
    when their attendance is recorded, answered once (``answered_at``), within ``FEEDBACK_DAYS``:
    1 to 5 on the content, the trainer and the usefulness, and a comment. Answers given before
    the three parts rated usefulness alone ("How useful was the session?"): they keep it as
    ``usefulness_rating``, the other two empty. The hospital's alone: vendors see the means only."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="feedback")
    requested_at = models.DateTimeField()
    answered_at = models.DateTimeField(null=True, blank=True)
    content_rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=limits.value_range(RATING))
    trainer_rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=limits.value_range(RATING))
    usefulness_rating = models.PositiveSmallIntegerField(null=True, blank=True, validators=limits.value_range(RATING))
    comment = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["requested_at", "pk"]
        constraints = [
            limits.range_check("content_rating", RATING, label="The content rating"),
            limits.range_check("trainer_rating", RATING, label="The trainer rating"),
            limits.range_check("usefulness_rating", RATING, label="The usefulness rating"),
            models.CheckConstraint(
                condition=models.Q(answered_at__isnull=True) | models.Q(usefulness_rating__isnull=False),
                name="training_sessionfeedback_answered_has_rating",
                violation_error_message="An answer gives a rating.",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.pk} on {self.enrolment.session}"

    def get_absolute_url(self) -> str:
        return self.enrolment.session.get_absolute_url()

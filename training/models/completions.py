"""Completions: a person of the staff directory completed a course on a day."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import limits
from core.models import VendorOwnedModel


class Source(models.TextChoices):
    MANUAL = "manual", "Recorded by hand"
    IMPORT = "import", "Imported"
    API = "api", "Reported through the API"
    SESSION = "session", "Attended a session"


class Completion(VendorOwnedModel):
    """A vendor sees the completions of its own courses (whose names and professions only, in
    the portal and the API); internal courses' completions are the hospital's."""

    vendor_lookup: ClassVar[str] = "course__vendor"

    person = models.ForeignKey("accounts.StaffMember", on_delete=models.CASCADE, related_name="completions")
    course = models.ForeignKey("training.Course", on_delete=models.PROTECT, related_name="completions")
    completed_on = models.DateField(validators=limits.value_range(limits.DATES))
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["course", "person", "-completed_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "course", "completed_on"],
                name="training_completion_unique",
                violation_error_message="This completion is already recorded.",
            ),
            limits.range_check("completed_on", limits.DATES, label="The completion date"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.course} · {self.completed_on:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("training:transcript", kwargs={"pk": self.person_id})


class LatestCompletion(models.Model):
    """Each person's latest completion of each course, kept by PostgreSQL triggers on
    ``Completion`` (migration 0002: inserts, updates and deletes, whoever makes them, in the
    same transaction), so coverage joins one row per (person, course) instead of aggregating
    every completion ever recorded. Read-only for the code."""

    person = models.ForeignKey("accounts.StaffMember", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey("training.Course", on_delete=models.CASCADE, related_name="+")
    completed_on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "course"], name="training_latestcompletion_unique")]

    def __str__(self) -> str:
        return f"{self.person_id} · {self.course_id} · {self.completed_on:%Y-%m-%d}"

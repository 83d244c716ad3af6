"""The requirement matrix: which profession must (or should) complete which course, by when, and
how often again."""

from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.models import Profession
from core import limits
from core.fields import BoundedTextField
from core.models import HospitalOnlyQuerySet, TimeStampedModel

DUE_WITHIN_DAYS = limits.Range(0, 3650)
REFRESHER_MONTHS = limits.Range(1, 120)


class Level(models.TextChoices):
    MANDATORY = "mandatory", "Mandatory"
    RECOMMENDED = "recommended", "Recommended"


class Requirement(TimeStampedModel):
    """A profession x course cell of the matrix. Due: by ``deadline`` if it has one (a release
    everyone must know by a date), else ``due_within_days`` after a person's start date (or after
    ``effective_from`` for people who were there before); valid for ``refresher_months`` after
    each completion, or for good. The rules are ``training.compliance``'s."""

    profession = models.CharField(max_length=20, choices=Profession.choices)
    course = models.ForeignKey("training.Course", on_delete=models.CASCADE, related_name="requirements")
    level = models.CharField(max_length=12, choices=Level.choices, default=Level.MANDATORY)
    due_within_days = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=limits.value_range(DUE_WITHIN_DAYS),
        help_text="Onboarding: days after a person's start date. Empty: due at once.",
    )
    refresher_months = models.PositiveIntegerField(
        null=True,
        blank=True,
        validators=limits.value_range(REFRESHER_MONTHS),
        help_text="Complete it again every so many months. Empty: once is enough.",
    )
    deadline = models.DateField(
        null=True,
        blank=True,
        validators=limits.value_range(limits.DATES),
        help_text="A fixed date everyone must have completed it by (e.g. a new release).",
    )
    effective_from = models.DateField(
        default=timezone.localdate,
        validators=limits.value_range(limits.DATES),
        help_text="People who started before this date have their due days counted from it.",
    )
    note = BoundedTextField(max_length=limits.NOTE_LENGTH, blank=True)

    objects = HospitalOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["profession", "course__title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["profession", "course"],
                name="training_requirement_unique",
                violation_error_message="This profession already has a requirement for this course.",
            ),
            limits.range_check("due_within_days", DUE_WITHIN_DAYS, label="Due within days"),
            limits.range_check("refresher_months", REFRESHER_MONTHS, label="The refresher interval"),
            limits.range_check("deadline", limits.DATES, label="The deadline"),
            limits.range_check("effective_from", limits.DATES, label="Effective from"),
        ]

    def __str__(self) -> str:
        return f"{self.get_profession_display()}: {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("training:requirement_edit", kwargs={"pk": self.pk})

"""Lessons learned after a change: one review per finished upgrade or change plan (done or rolled
back) with what went well, what did not, and the actions that follow, each with an owner, a side
and a due date. Writes go through ``operations.services.lessons``."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel


class LessonsReview(VendorOwnedModel):
    vendor = models.ForeignKey("vendors.Vendor", on_delete=models.PROTECT, related_name="lessons_reviews")
    plan = models.OneToOneField("operations.ChangePlan", on_delete=models.PROTECT, related_name="lessons_review")
    held_on = models.DateField("review held on", validators=limits.value_range(limits.DATES))
    went_well = BoundedTextField("what went well", max_length=limits.DESCRIPTION_LENGTH)
    went_badly = BoundedTextField("what did not go well", max_length=limits.DESCRIPTION_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "lessons-learned review"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Lessons learned: {self.plan.title}"

    def get_absolute_url(self) -> str:
        return reverse("operations:lessonsreview_detail", kwargs={"pk": self.pk})


class LessonAction(VendorOwnedModel):
    """An action a review agreed, owned by a named person on one side, open until done."""

    class Side(models.TextChoices):
        HOSPITAL = "hospital", "Hospital"
        VENDOR = "vendor", "Vendor"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"

    vendor_lookup: ClassVar[str] = "review__vendor"

    review = models.ForeignKey(LessonsReview, on_delete=models.CASCADE, related_name="actions")
    description = models.CharField(max_length=300)
    side = models.CharField(max_length=8, choices=Side.choices)
    owner_name = models.CharField("owner", max_length=120, help_text="The named person who does it.")
    due_date = models.DateField("due", validators=limits.value_range(limits.DATES))
    status = models.CharField(max_length=4, choices=Status.choices, default=Status.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["review", "due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | Q(status="done", done_at__isnull=False),
                name="operations_lesson_action_done_when",
                violation_error_message="A done action says when it was done.",
            )
        ]

    def __str__(self) -> str:
        return self.description

    def get_absolute_url(self) -> str:
        return reverse("operations:lessonsreview_detail", kwargs={"pk": self.review_id})

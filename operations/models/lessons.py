"""Lessons learned after a change: one review per finished upgrade or change plan (done or rolled
back) with what went well, what did not, and the actions that follow, each with an owner, a side
and a due date. Writes go through ``operations.services.lessons``."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse

from core import limits
from core.fields import BoundedTextField
from core.models import VendorOwnedModel
from operations.models.actions import OwnedAction, done_when


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


class LessonAction(OwnedAction):
    """An action a review agreed, owned by a named person on one side, open until done."""

    vendor_lookup: ClassVar[str] = "review__vendor"

    review = models.ForeignKey(LessonsReview, on_delete=models.CASCADE, related_name="actions")

    class Meta:
        ordering = ["review", "due_date", "id"]
        constraints = [done_when("operations_lesson_action_done_when", "action")]

    def get_absolute_url(self) -> str:
        return reverse("operations:lessonsreview_detail", kwargs={"pk": self.review_id})

"""Reads of lessons learned: the reviews (per vendor, with their open actions counted), one
review's actions, and the finished plans still waiting for their review."""

from django.db.models import Count, Prefetch, Q, QuerySet

from operations.models import ChangePlan, LessonAction, LessonsReview
from operations.services.lessons import FINISHED


def review_list() -> QuerySet[LessonsReview]:
    return (
        LessonsReview.objects.select_related("vendor", "plan", "plan__component")
        .annotate(open_actions=Count("actions", filter=Q(actions__status=LessonAction.Status.OPEN)))
        .order_by("-held_on", "-id")
    )


def review_detail() -> QuerySet[LessonsReview]:
    return (
        review_list()
        .select_related("written_by")
        .prefetch_related(Prefetch("actions", queryset=LessonAction.objects.order_by("status", "due_date", "id")))
    )


def plans_awaiting_review() -> QuerySet[ChangePlan]:
    """Done or rolled-back plans without a review (the choices of a new review)."""
    return (
        ChangePlan.objects.filter(state__in=FINISHED, lessons_review__isnull=True)
        .select_related("vendor", "component")
        .order_by("-finished_at", "-id")
    )


def lesson_actions_open_list() -> QuerySet[LessonAction]:
    """Open actions of every review with their review, plan and vendor: the action register's rows."""
    return LessonAction.objects.filter(status=LessonAction.Status.OPEN).select_related("review__vendor", "review__plan")

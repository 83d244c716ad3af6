"""Writes on lessons learned: a review of a finished change (done or rolled back), one per plan,
and the actions it agrees, each owned by a named person on one side until it is done.

Hospital admins and the plan's vendor write them (``lessons.record``); a plan still running, or
one that was cancelled, has no review. A refused write stores nothing."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.permissions import require
from operations.models import ChangePlan, LessonAction, LessonsReview
from operations.services.actions import owned_action_add, owned_action_done

FINISHED = (ChangePlan.State.DONE, ChangePlan.State.ROLLED_BACK)


@transaction.atomic
def lessons_save(*, review: LessonsReview, by: User) -> LessonsReview:
    """Write or change the review of a finished plan."""
    if review.plan_id is None:
        raise ValidationError({"plan": "Choose the change the lessons are about."})
    plan = ChangePlan.objects.select_for_update().get(pk=review.plan_id)
    require(by, "lessons.record", plan)
    if plan.state not in FINISHED:
        state = plan.get_state_display().lower()
        raise ValidationError({"plan": f"Lessons are drawn once a change is done or rolled back; {plan} is {state}."})
    if review.pk is None:
        if LessonsReview.objects.filter(plan=plan).exists():
            raise ValidationError({"plan": f"{plan} has its lessons-learned review already: edit it."})
        review.written_by = by
    elif LessonsReview.objects.filter(pk=review.pk).exclude(plan=plan).exists():
        raise ValidationError({"plan": "A review stays with its change."})
    review.vendor_id = plan.vendor_id
    review.went_well, review.went_badly = review.went_well.strip(), review.went_badly.strip()
    review.full_clean(exclude=["written_by"])
    review.save()
    return review


@transaction.atomic
def lesson_action_add(
    *, review: LessonsReview, description: str, side: str, owner_name: str, due_date: datetime.date, by: User
) -> LessonAction:
    """Add an action the review agreed, open until done."""
    require(by, "lessons.record", review)
    review = LessonsReview.objects.select_for_update().get(pk=review.pk)
    return owned_action_add(
        LessonAction, review=review, description=description, side=side, owner_name=owner_name, due_date=due_date
    )


def lesson_action_done(*, action: LessonAction, by: User) -> LessonAction:
    """Mark an open action done, now."""
    return owned_action_done(action, by=by, permission="lessons.record")

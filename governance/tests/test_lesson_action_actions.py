"""The open actions of lessons-learned reviews are actions in the register (one source, read from
operations): open ones only, with their owner, side and due date, each vendor its own."""

import pytest
from django.utils import timezone

from governance.action_sources import ActionQuery
from governance.selectors.actions import action_register
from operations.tests.factories import finished_plan, lesson_action_for, review_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


def test_open_lesson_actions_are_register_actions(admin_user, vendor_user, vendor, other_vendor) -> None:
    review = review_for(finished_plan(ComponentFactory(vendor=vendor)))
    action = lesson_action_for(review, description="Ship the ACK fix", side="vendor", owner_name="Lukas Brandt")
    lesson_action_for(review, description="Done already", status="done", done_at=timezone.now())
    foreign = lesson_action_for(review_for(finished_plan(ComponentFactory(vendor=other_vendor))))

    rows = {row["r_action_id"]: row for row in action_register(ActionQuery(user=admin_user), source="lesson_action")}
    assert set(rows) == {action.pk, foreign.pk}
    row = rows[action.pk]
    assert row["r_description"] == f"Ship the ACK fix (lessons learned: {review.plan.title})"
    assert (row["r_vendor_id"], row["r_owner_name"], row["r_side"], row["r_status"], row["r_due_date"]) == (
        vendor.pk,
        "Lukas Brandt",
        "vendor",
        "open",
        action.due_date,
    )
    assert (row["r_parent_model"], row["r_parent_id"]) == ("operations.lessonsreview", review.pk)
    theirs = {row["r_action_id"] for row in action_register(ActionQuery(user=vendor_user), source="lesson_action")}
    assert theirs == {action.pk}

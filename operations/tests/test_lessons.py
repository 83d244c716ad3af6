"""Lessons learned (operations.services.lessons and its pages, portal and API): one review per
done or rolled-back plan, its actions with owners kept by the hospital and the vendor, listed per
vendor in flat queries, refused for a running plan or another vendor with nothing stored."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.tests.factories import VendorUserFactory
from operations.models import ChangePlan, LessonAction, LessonsReview
from operations.services import lessons as services
from operations.tests.factories import finished_plan, lesson_action_for, ready_plan, review_for
from vendors.models import Component, Vendor
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive(vendor: Vendor) -> Component:
    return ComponentFactory(vendor=vendor, name="Enterprise Archive")


def review(plan: ChangePlan) -> LessonsReview:
    return LessonsReview(
        plan=plan, held_on=timezone.localdate(), went_well=" Rollback rehearsed ", went_badly="HL7 test late"
    )


def test_a_review_of_a_rolled_back_change_is_written_once(archive, vendor_user) -> None:
    plan = finished_plan(archive, state=ChangePlan.State.ROLLED_BACK)
    written = services.lessons_save(review=review(plan), by=vendor_user)
    written.refresh_from_db()
    assert (written.vendor_id, written.written_by, written.went_well) == (
        archive.vendor_id,
        vendor_user,
        "Rollback rehearsed",
    )
    with pytest.raises(ValidationError) as error:
        services.lessons_save(review=review(plan), by=vendor_user)
    assert "has its lessons-learned review already" in error.value.message_dict["plan"][0]
    assert LessonsReview.objects.count() == 1


@pytest.mark.parametrize("state", [ChangePlan.State.IN_PROGRESS, ChangePlan.State.CANCELLED])
def test_no_review_before_the_change_is_over(archive, admin_user, state) -> None:
    with pytest.raises(ValidationError) as error:
        services.lessons_save(review=review(ready_plan(archive, state=state)), by=admin_user)
    assert "once a change is done or rolled back" in error.value.message_dict["plan"][0]
    assert not LessonsReview.objects.exists()


def test_staff_and_other_vendors_do_not_write_reviews(archive, staff_user, other_vendor) -> None:
    plan = finished_plan(archive)
    for user in (staff_user, VendorUserFactory(vendor=other_vendor)):
        with pytest.raises(PermissionDenied):
            services.lessons_save(review=review(plan), by=user)
    assert not LessonsReview.objects.exists()


def test_actions_are_added_with_owners_and_marked_done(archive, admin_user, time_machine) -> None:
    time_machine.move_to("2026-04-01 09:00:00+00:00", tick=False)
    written = review_for(finished_plan(archive))
    action = services.lesson_action_add(
        review=written,
        description=" Add the results-out case to the template ",
        side="hospital",
        owner_name="Petra Lindqvist",
        due_date=datetime.date(2026, 4, 15),
        by=admin_user,
    )
    assert (action.description, action.status) == ("Add the results-out case to the template", "open")
    services.lesson_action_done(action=action, by=admin_user)
    action.refresh_from_db()
    assert (action.status, action.done_at.isoformat()) == ("done", "2026-04-01T09:00:00+00:00")
    with pytest.raises(ValidationError, match="done already"):
        services.lesson_action_done(action=action, by=admin_user)


def test_the_list_per_vendor_in_flat_queries(
    admin_client: Client, archive, other_vendor, django_assert_max_num_queries
):
    for number in range(3):
        written = review_for(finished_plan(ComponentFactory(vendor=archive.vendor), title=f"Meridian change {number}"))
        lesson_action_for(written)
    review_for(finished_plan(ComponentFactory(vendor=other_vendor), title="Other change"))
    with django_assert_max_num_queries(12):
        html = admin_client.get(f"/operations/lessons/?vendor={archive.vendor_id}").content.decode()
    assert html.count("Meridian change") == 3
    assert "Other change" not in html


def test_the_hospital_writes_a_review_from_the_plan_page(admin_client: Client, archive) -> None:
    plan = finished_plan(archive)
    page = admin_client.get(f"/operations/plans/{plan.pk}/").content.decode()
    assert f'href="/operations/lessons/add/?plan={plan.pk}"' in page
    response = admin_client.post(
        "/operations/lessons/add/",
        {"plan": plan.pk, "held_on": "2026-03-02", "went_well": "Smooth", "went_badly": "Late announcement"},
    )
    written = LessonsReview.objects.get()
    assert response.headers["Location"] == f"/operations/lessons/{written.pk}/"
    assert (written.plan, written.went_badly) == (plan, "Late announcement")
    page = admin_client.get(f"/operations/plans/{plan.pk}/").content.decode()
    assert f'href="/operations/lessons/{written.pk}/"' in page


def test_the_vendor_adds_and_closes_actions_in_the_portal(vendor_client: Client, archive) -> None:
    written = review_for(finished_plan(archive))
    act = f"/portal/lessons/{written.pk}/act/"
    vendor_client.post(
        act,
        {
            "action": "add_action",
            "action-description": "Ship the HL7 fix in 5.5.1",
            "action-side": "vendor",
            "action-owner_name": "Tobias Wagner",
            "action-due_date": "2026-05-01",
        },
    )
    added = LessonAction.objects.get()
    assert (added.side, added.owner_name) == ("vendor", "Tobias Wagner")
    page = vendor_client.get(f"/portal/lessons/{written.pk}/").content.decode()
    assert "Ship the HL7 fix in 5.5.1" in page
    vendor_client.post(act, {"action": "action_done", "action_id": added.pk})
    assert LessonAction.objects.get().status == "done"
    assert "Enterprise Archive" in vendor_client.get("/portal/lessons/").content.decode()


def test_a_bad_action_is_a_message_and_nothing_stored(vendor_client: Client, archive) -> None:
    written = review_for(finished_plan(archive))
    response = vendor_client.post(
        f"/portal/lessons/{written.pk}/act/", {"action": "add_action", "action-description": "x"}, follow=True
    )
    assert "Not saved:" in response.content.decode()
    assert not LessonAction.objects.exists()


def test_the_api_writes_a_review_and_its_actions(vendor_api: APIClient, archive, other_vendor) -> None:
    plan = finished_plan(archive, state=ChangePlan.State.ROLLED_BACK)
    response = vendor_api.post(
        "/api/v1/lessons-reviews/",
        {"plan": plan.pk, "held_on": "2026-03-02", "went_well": "Fast rollback", "went_badly": "No HL7 test"},
        format="json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    response = vendor_api.post(
        f"/api/v1/lessons-reviews/{pk}/actions/",
        {"description": "Test HL7 before go", "side": "vendor", "owner_name": "Tobias", "due_date": "2026-04-01"},
        format="json",
    )
    assert response.status_code == 201
    action_id = response.json()["id"]
    response = vendor_api.post(f"/api/v1/lessons-reviews/{pk}/done/", {"action": action_id}, format="json")
    assert response.json()["status"] == "done"
    assert LessonAction.objects.get().status == "done"
    foreign = finished_plan(ComponentFactory(vendor=other_vendor))
    response = vendor_api.post(
        "/api/v1/lessons-reviews/",
        {"plan": foreign.pk, "held_on": "2026-03-02", "went_well": "x", "went_badly": "y"},
        format="json",
    )
    assert response.status_code == 400
    assert LessonsReview.objects.count() == 1

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.tests.factories import VendorUserFactory
from scorecards.models import ImprovementPlan, PlanItem, Standing
from scorecards.services import plans as services
from scorecards.tests.factories import active_plan_for, finalised_for
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db


def test_a_standing_that_requires_a_plan_opens_a_draft_plan(admin_user, vendor) -> None:
    Standing.objects.update(requires_plan=True)  # whatever the total, its standing asks for a plan
    evaluation = finalised_for(vendor, admin=admin_user)
    plan = ImprovementPlan.objects.get()
    assert plan.evaluation == evaluation
    assert plan.state == ImprovementPlan.State.DRAFT
    assert plan.vendor == vendor
    assert evaluation.standing in plan.title


def test_no_plan_when_the_standing_does_not_ask_for_one(admin_user, vendor) -> None:
    Standing.objects.update(requires_plan=False)
    finalised_for(vendor, admin=admin_user)
    assert not ImprovementPlan.objects.exists()


def test_a_plan_is_activated_with_items_and_closed_when_none_is_open(admin_user, vendor) -> None:
    plan = services.plan_create(vendor=vendor, title="Uptime plan", by=admin_user)
    with pytest.raises(ValidationError, match="at least one item"):
        services.plan_activate(plan=plan, by=admin_user)
    plan = active_plan_for(vendor, admin=admin_user)
    with pytest.raises(ValidationError, match="still open"):
        services.plan_close(plan=plan, by=admin_user)
    for item in plan.items.all():
        services.plan_item_progress(item=item, status="done", progress="Done", by=admin_user)
    services.plan_close(plan=plan, by=admin_user)
    plan.refresh_from_db()
    assert plan.state == ImprovementPlan.State.CLOSED


def test_the_vendor_updates_its_own_items_only_and_never_marks_them_missed(admin_user, vendor) -> None:
    plan = active_plan_for(vendor, admin=admin_user)
    vendor_user = VendorUserFactory(vendor=vendor)
    ours = plan.items.get(owner_side="vendor")
    theirs = plan.items.get(owner_side="hospital")
    services.plan_item_progress(item=ours, status="in_progress", progress="Firmware staged", by=vendor_user)
    with pytest.raises(ValidationError, match="the hospital records its progress"):
        services.plan_item_progress(item=theirs, status="done", progress="", by=vendor_user)
    with pytest.raises(ValidationError, match="Only the hospital marks an item missed"):
        services.plan_item_progress(item=ours, status="missed", progress="", by=vendor_user)
    with pytest.raises(PermissionDenied):
        services.plan_item_progress(
            item=ours, status="done", progress="", by=VendorUserFactory(vendor=VendorFactory(name="Other"))
        )
    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert (ours.status, ours.progress, ours.updated_by) == ("in_progress", "Firmware staged", vendor_user)
    assert theirs.status == "open"


def test_the_portal_shows_active_plans_and_takes_progress(vendor_client, vendor_user, admin_user, vendor) -> None:
    draft = services.plan_create(vendor=vendor, title="Not yet agreed", by=admin_user)
    plan = active_plan_for(vendor, admin=admin_user)
    listing = vendor_client.get("/portal/plans/").content.decode()
    assert plan.title in listing
    assert draft.title not in listing
    assert vendor_client.get(f"/portal/plans/{draft.pk}/").status_code == 404
    item = plan.items.get(owner_side="vendor")
    vendor_client.post(
        f"/portal/plans/{plan.pk}/act/",
        {"action": "progress", "item": item.pk, "status": "done", "progress": "Upgraded on the 3rd"},
    )
    item.refresh_from_db()
    assert (item.status, item.progress) == ("done", "Upgraded on the 3rd")


def test_the_hospital_adds_items_and_sees_overdue_ones(
    admin_client, admin_user, vendor, django_assert_max_num_queries
) -> None:
    plan = services.plan_create(vendor=vendor, title="Response plan", by=admin_user)
    admin_client.post(
        f"/scorecards/plans/{plan.pk}/act/",
        {
            "action": "add_item",
            "description": "Staff the P1 line at night",
            "owner_side": "vendor",
            "owner": "Support lead",
            "milestone": "2020-01-31",
            "consequence": "Contract review",
        },
    )
    item = PlanItem.objects.get()
    assert (item.description, item.milestone, item.consequence) == (
        "Staff the P1 line at night",
        datetime.date(2020, 1, 31),
        "Contract review",
    )
    admin_client.post(f"/scorecards/plans/{plan.pk}/act/", {"action": "activate"})
    page = admin_client.get(f"/scorecards/plans/{plan.pk}/").content.decode()
    assert "Overdue" in page
    for index in range(4):
        active_plan_for(VendorFactory(name=f"Vendor {index}"), admin=admin_user, marker=f"V{index}")
    with django_assert_max_num_queries(14):
        listing = admin_client.get("/scorecards/plans/").content.decode()
    assert "V3 stability plan" in listing


def test_the_api_reads_plans_and_takes_the_vendor_s_progress(vendor_api, admin_api, admin_user, vendor) -> None:
    draft = services.plan_create(vendor=vendor, title="Draft", by=admin_user)
    plan = active_plan_for(vendor, admin=admin_user)
    assert [row["id"] for row in vendor_api.get("/api/v1/improvement-plans/").json()["results"]] == [plan.pk]
    assert vendor_api.get(f"/api/v1/improvement-plans/{draft.pk}/").status_code == 404
    hospital_item = plan.items.get(owner_side="hospital")
    refused = vendor_api.post(
        f"/api/v1/improvement-plans/{plan.pk}/progress/",
        {"item": hospital_item.pk, "status": "done"},
        format="json",
    )
    assert refused.status_code == 400
    item = plan.items.get(owner_side="vendor")
    body = vendor_api.post(
        f"/api/v1/improvement-plans/{plan.pk}/progress/",
        {"item": item.pk, "status": "in_progress", "progress": "Staged"},
        format="json",
    ).json()
    assert next(row for row in body["items"] if row["id"] == item.pk)["status"] == "in_progress"
    empty = admin_api.post(f"/api/v1/improvement-plans/{draft.pk}/activate/", format="json")
    assert empty.status_code == 400
    assert empty.json()["non_field_errors"] == ["Add at least one item before activating the plan."]

"""Reminders of improvement-plan items: a week before the milestone and once overdue, to hospital
admins and (for the vendor's side) the vendor's users, each once."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import VendorUserFactory
from notifications.event_types import EventType
from notifications.models import Notification, OutboxEmail
from scorecards.models import PlanItem
from scorecards.services import plans as services
from scorecards.services.plan_reminders import plan_reminders_send

pytestmark = pytest.mark.django_db


def plan_with(vendor: object, admin: object, items: list[tuple[str, str, int]], *, activate: bool = True) -> object:
    """A plan with items (description, side, days from today to the milestone)."""
    plan = services.plan_create(vendor=vendor, title="Reminder plan", by=admin)
    today = timezone.localdate()
    for description, side, days in items:
        services.plan_item_add(
            plan=plan,
            description=description,
            owner_side=side,
            owner="Lead",
            milestone=today + datetime.timedelta(days=days),
            consequence="Contract review",
            by=admin,
        )
    return services.plan_activate(plan=plan, by=admin) if activate else plan


def notices(user: object) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, event_type=EventType.PLAN_ITEM_DUE)
        .order_by("pk")
        .values_list("title", flat=True)
    )


def test_items_due_within_a_week_and_overdue_are_reminded_once(admin_user, vendor) -> None:
    vendor_user = VendorUserFactory(vendor=vendor)
    plan_with(
        vendor,
        admin_user,
        [("Firmware upgrade", "vendor", 5), ("Monitoring access", "hospital", 2), ("Later", "vendor", 30)],
    )
    report = plan_reminders_send()
    assert report.done == 2
    due = (timezone.localdate() + datetime.timedelta(days=5)).strftime("%d %b %Y")
    assert f"Plan item due {due}: Firmware upgrade" in notices(admin_user)
    assert len(notices(admin_user)) == 2
    assert notices(vendor_user) == [f"Plan item due {due}: Firmware upgrade"]  # not the hospital's item
    assert OutboxEmail.objects.filter(to__contains=[vendor_user.email]).count() == 1
    assert plan_reminders_send().done == 0  # run again: nobody told twice
    assert len(notices(admin_user)) == 2


def test_an_overdue_item_is_reminded_again_once_overdue(admin_user, vendor) -> None:
    plan_with(vendor, admin_user, [("Firmware upgrade", "vendor", 1)])
    plan_reminders_send()
    later = timezone.localdate() + datetime.timedelta(days=3)
    assert plan_reminders_send(today=later).done == 1
    titles = notices(admin_user)
    assert len(titles) == 2
    assert titles[1].startswith("Plan item overdue since")
    assert plan_reminders_send(today=later + datetime.timedelta(days=1)).done == 0


def test_done_items_and_draft_plans_are_not_reminded(admin_user, vendor) -> None:
    plan = plan_with(vendor, admin_user, [("Done already", "vendor", -3)])
    PlanItem.objects.filter(plan=plan).update(status=PlanItem.Status.DONE)
    plan_with(vendor, admin_user, [("In a draft", "vendor", -3)], activate=False)
    assert plan_reminders_send().done == 0
    assert not Notification.objects.filter(event_type=EventType.PLAN_ITEM_DUE).exists()


def test_the_command_sends_the_reminders(admin_user, vendor, capsys) -> None:
    plan_with(vendor, admin_user, [("Firmware upgrade", "vendor", 0)])
    call_command("send_plan_reminders")
    assert "Reminded of 1 plan item(s)." in capsys.readouterr().out
    assert len(notices(admin_user)) == 1

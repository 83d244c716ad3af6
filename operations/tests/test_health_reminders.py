"""Daily reminders of health assessments: to hospital admins and the vendor (linked to the
portal's page for the vendor), raised once per day and due date, none for inactive schedules or
ones not due yet, and the command that runs them."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification
from operations.services.health_reminders import health_reminders_send
from operations.tests.factories import health_assessment_for
from vendors.tests.factories import ComponentFactory

pytestmark = pytest.mark.django_db


def test_reminders_go_to_admins_and_the_vendor_once(vendor, admin_user, vendor_user) -> None:
    today = timezone.localdate()
    overdue = health_assessment_for(ComponentFactory(vendor=vendor), next_due_on=today - datetime.timedelta(days=14))
    health_assessment_for(ComponentFactory(vendor=vendor), next_due_on=today + datetime.timedelta(days=5))
    health_assessment_for(ComponentFactory(vendor=vendor), next_due_on=today - datetime.timedelta(days=7), active=False)
    report = health_reminders_send(today=today)
    assert report.done == 2
    assert health_reminders_send(today=today).done == 0
    expected = f"Health assessment overdue by 14 days: {overdue} ({vendor})"
    assert set(Notification.objects.values_list("recipient_id", "title", "event_type")) == {
        (admin_user.pk, expected, "health_assessment_due"),
        (vendor_user.pk, expected, "health_assessment_due"),
    }
    assert Notification.objects.get(recipient=vendor_user).url == f"/portal/health/{overdue.pk}/"
    assert Notification.objects.get(recipient=admin_user).url == f"/operations/health/{overdue.pk}/"


def test_the_command_runs_the_reminders(vendor, admin_user, capsys) -> None:
    health_assessment_for(ComponentFactory(vendor=vendor), next_due_on=timezone.localdate())
    call_command("send_health_reminders")
    assert "Raised 1 reminder notification(s)." in capsys.readouterr().out
    assert Notification.objects.filter(recipient=admin_user, title__startswith="Health assessment due today").exists()

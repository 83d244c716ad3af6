import datetime

import pytest
from django.utils import timezone

from governance.models import ActionItem, ActionReminder
from governance.services.reminders import action_reminders_send
from governance.tests.factories import started_meeting_for
from notifications.models import Notification, OutboxEmail
from slas.models import FollowUpAction
from slas.tests.factories import incident_for
from vendors.tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def test_owners_are_reminded_once_before_due_and_once_overdue(vendor, staff_user):
    today = timezone.localdate()
    meeting = started_meeting_for(vendor)
    contact = ContactFactory(vendor=vendor, email="engineer@vendor.example")
    ActionItem.objects.create(
        meeting=meeting,
        vendor=vendor,
        description="Send the plan",
        owner_contact=contact,
        side="vendor",
        due_date=today + datetime.timedelta(days=2),
    )
    FollowUpAction.objects.create(
        incident=incident_for(vendor),
        description="Replace the disk",
        owner=staff_user,
        due_date=today - datetime.timedelta(days=1),
    )
    ActionItem.objects.create(
        meeting=meeting,
        vendor=vendor,
        description="Far away",
        owner_contact=contact,
        side="vendor",
        due_date=today + datetime.timedelta(days=30),
    )
    report = action_reminders_send(today=today)
    assert report.done == 2
    assert set(ActionReminder.objects.values_list("kind", flat=True)) == {"due_soon", "overdue"}
    assert Notification.objects.get(recipient=staff_user, event_type="action_due").title.startswith("Action is overdue")
    assert OutboxEmail.objects.filter(to=["engineer@vendor.example"], subject__contains="Send the plan").count() == 1
    assert action_reminders_send(today=today).done == 0

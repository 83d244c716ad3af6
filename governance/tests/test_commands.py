import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from governance.models import ActionReminder
from governance.tests.factories import make_action, series_for

pytestmark = pytest.mark.django_db


def test_schedule_meetings_creates_what_the_beat_would(vendor):
    series = series_for(vendor, first_start=timezone.now() + datetime.timedelta(hours=3))
    out = StringIO()
    call_command("schedule_meetings", stdout=out)
    assert series.meetings.count() == 9
    assert "Created 9 meeting(s)." in out.getvalue()


def test_remind_actions_reminds_once(vendor):
    action = make_action(vendor=vendor, user=None, marker="Cmd")
    action.due_date = timezone.localdate()
    action.save()
    out = StringIO()
    call_command("remind_actions", stdout=out)
    call_command("remind_actions", stdout=out)
    assert ActionReminder.objects.filter(action_id=action.pk).count() == 1
    assert "Sent 1 action reminder(s)." in out.getvalue()

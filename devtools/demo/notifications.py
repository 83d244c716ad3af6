"""Demo notifications: the whole demo is seeded silenced (it is history: nobody is told of it),
and two demo users have made choices of their own, to show on their notification settings."""

from contextlib import AbstractContextManager

from django.contrib.auth import get_user_model

from devtools.seeding import DemoSeeder
from notifications.event_types import EmailDelivery, EventType
from notifications.models import NotificationPreference
from notifications.services.notify import silenced

# (username, event type, in the app, email): deviations from the role's defaults.
DEMO_CHOICES = [
    # A radiologist who wants to hear of outages and P1 tickets, in the app and in her digest.
    ("radiologist", EventType.MONITORING_INCIDENT_OPENED, True, EmailDelivery.DIGEST),
    ("radiologist", EventType.TICKET_P1_OPENED, True, EmailDelivery.DIGEST),
    # The admin reads acknowledged credits in the app and wants no digest line for them.
    ("admin", EventType.CREDIT_ACKNOWLEDGED, None, EmailDelivery.OFF),
]


def seed_context() -> AbstractContextManager[None]:
    """Every app's demo seeding runs inside: no notification, no email, no digest entry."""
    return silenced()


def seed(demo: DemoSeeder) -> None:
    users = {user.username: user for user in get_user_model().objects.filter(username__in={c[0] for c in DEMO_CHOICES})}
    for username, event_type, in_app, email in DEMO_CHOICES:
        if username not in users:
            continue
        _, created = NotificationPreference.objects.get_or_create(
            user=users[username], event_type=event_type, defaults={"in_app": in_app, "email": email}
        )
        demo.count_created("notification preferences", created)

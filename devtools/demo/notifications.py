"""Demo notifications: today's contract reminders for the demo admins."""

from devtools.seeding import DemoSeeder
from notifications.reminders import contract_reminders_send


def seed(demo: DemoSeeder) -> None:
    sent = contract_reminders_send()
    if sent:
        demo.created["reminder notifications"] = sent

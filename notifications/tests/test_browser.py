"""In Chromium: a hospital admin finds the notification settings in the account menu, changes
two rows, saves, resets one row and then everything; the choice changes what the next event does.
The email outbox shows a message a worker is sending as such, with no retry button."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from notifications.event_types import EmailDelivery, EventType
from notifications.models import NotificationPreference, OutboxEmail
from notifications.services.notify import notify
from notifications.tests.factories import OutboxEmailFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def row(page: Page, label: str):
    return page.locator("tbody tr").filter(has=page.get_by_text(label, exact=True))


def test_an_admin_changes_resets_and_relies_on_the_notification_settings(login, live_server, admin_user, shot):
    page = login(admin_user)
    page.get_by_role("button", name=str(admin_user)).click()  # the account menu
    page.get_by_role("link", name="Notification settings").click()

    expect(page.get_by_role("heading", name="Notification settings")).to_be_visible()
    kpi, p2 = row(page, "KPI alert"), row(page, "P2 ticket opened")
    expect(kpi).to_contain_text("Default: in the app + daily digest")
    expect(kpi.get_by_text("Default", exact=True)).to_be_visible()
    shot(page, "defaults")

    kpi.get_by_label("KPI alert: email").select_option(label="Immediately")
    p2.get_by_label("P2 ticket opened: in the app").uncheck()
    page.get_by_role("button", name="Save settings").click()

    expect(page.get_by_role("alert")).to_contain_text(
        "Notification settings saved (2 of your own, the rest as default)."
    )
    expect(row(page, "KPI alert").get_by_text("Your choice")).to_be_visible()
    expect(row(page, "KPI alert").get_by_label("KPI alert: email")).to_have_value(EmailDelivery.IMMEDIATE)
    expect(row(page, "P2 ticket opened").get_by_label("P2 ticket opened: in the app")).not_to_be_checked()
    expect(page.get_by_text("2 settings of your own")).to_be_visible()
    shot(page, "own-choices")
    assert set(NotificationPreference.objects.values_list("event_type", "in_app", "email")) == {
        (EventType.KPI_ALERT, None, EmailDelivery.IMMEDIATE),
        (EventType.TICKET_P2_OPENED, False, ""),
    }

    # The choice holds for the next KPI alert: mailed at once instead of waiting for the digest.
    notify(event=EventType.KPI_ALERT, recipients=[admin_user], title="KPI alert: Meridian Imaging Systems")
    assert OutboxEmail.objects.filter(to=[admin_user.email], subject="KPI alert: Meridian Imaging Systems").exists()

    row(page, "P2 ticket opened").get_by_role("button", name="Reset P2 ticket opened").click()
    expect(page.get_by_role("alert")).to_contain_text("“P2 ticket opened” is back to its default.")
    expect(row(page, "P2 ticket opened").get_by_label("P2 ticket opened: in the app")).to_be_checked()

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Reset all to defaults").click()
    expect(page.get_by_role("alert")).to_contain_text("Every notification setting is back to its default.")
    expect(page.get_by_text("All settings are the defaults")).to_be_visible()
    assert not NotificationPreference.objects.exists()


def test_an_admin_sees_a_message_being_sent_as_sending_in_the_outbox(login, live_server, admin_user, shot):
    OutboxEmailFactory(
        subject="Monthly uptime report",
        state=OutboxEmail.State.SENDING,
        attempts=1,
        claimed_until=timezone.now() + datetime.timedelta(minutes=5),
    )
    OutboxEmailFactory(subject="Contract renewal reminder", state=OutboxEmail.State.FAILED, next_attempt_at=None)
    page = login(admin_user)
    page.goto(f"{live_server.url}/notifications/outbox/")

    sending = row(page, "Monthly uptime report")
    expect(sending.get_by_text("Sending", exact=True)).to_be_visible()
    expect(sending.get_by_role("button")).to_have_count(0)
    expect(row(page, "Contract renewal reminder").get_by_role("button", name="Retry")).to_be_visible()
    shot(page, "sending")

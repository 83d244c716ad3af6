"""The daily digest: one email per user and hospital-local day, through the outbox to a real SMTP
server, listing what their preferences put in it grouped by event type; never twice a day,
however often or however concurrently it runs; nothing on a day with nothing."""

import datetime
import threading
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import connection

from accounts.tests.factories import HospitalAdminFactory, UserFactory
from notifications.event_types import EmailDelivery, EventType
from notifications.models import Digest, Notification, NotificationPreference, OutboxEmail
from notifications.services.digest import digests_send
from notifications.services.notify import notify
from notifications.tasks import outbox_flush
from pacsvendor import celery_app

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY_0900 = datetime.datetime(2027, 3, 1, 9, 0, tzinfo=BERLIN)
TUESDAY_0715 = datetime.datetime(2027, 3, 2, 7, 15, tzinfo=BERLIN)


def raise_the_day(admin, staff) -> None:
    """A Monday: two KPI alerts and a P2 for the admin's digest, an outage at once, and the
    outage also in the digest of a staff member who asked for it."""
    NotificationPreference.objects.create(
        user=staff, event_type=EventType.MONITORING_INCIDENT_OPENED, in_app=True, email=EmailDelivery.DIGEST
    )
    with time_machine.travel(MONDAY_0900, tick=False):
        notify(
            event=EventType.KPI_ALERT,
            recipients=[admin],
            title="KPI alert: Meridian",
            body="Retrieval 3.4 s.",
            url="/kpis/dashboard/1/",
        )
        notify(
            event=EventType.TICKET_P2_OPENED,
            recipients=[admin],
            title="P2 ticket opened: #7 Worklist slow",
            url="/tickets/7/",
        )
    with time_machine.travel(MONDAY_0900 + datetime.timedelta(hours=5), tick=False):
        notify(event=EventType.MONITORING_INCIDENT_OPENED, recipients=[admin, staff], title="Outage detected: INC-3")
        notify(event=EventType.KPI_ALERT, recipients=[admin], title="KPI alert: Archivault")


@pytest.mark.django_db
def test_one_digest_per_user_and_day_through_the_outbox_to_smtp(smtp_server, settings) -> None:
    settings.SITE_URL = "https://pacs-desk.hospital.example"
    admin, staff = HospitalAdminFactory(email="petra@hospital.example"), UserFactory(email="anna@hospital.example")
    bystander = HospitalAdminFactory(email="quiet@hospital.example")
    raise_the_day(admin, staff)
    with time_machine.travel(MONDAY_0900 + datetime.timedelta(hours=6), tick=False):
        assert outbox_flush() == 1  # the outage, mailed at once to the admin
    smtp_server.inbox.clear()

    with time_machine.travel(TUESDAY_0715, tick=False):
        assert digests_send().done == 2
        assert digests_send().done == 0  # the beat twice, or the command by hand: nothing more
        assert outbox_flush() == 2
    received = {mail.rcpt_tos[0]: mail for mail in smtp_server.inbox}
    assert set(received) == {"petra@hospital.example", "anna@hospital.example"}  # not the bystander
    petra = received["petra@hospital.example"]
    assert petra.subject == "PACS Vendor Desk daily digest, 02 Mar 2027: 3 notifications"
    text = petra.text
    # Grouped by event type, in the catalogue's order, each item with its time and link.
    assert text.index("P2 ticket opened (1)") < text.index("KPI alert (2)")
    assert "* 01 Mar 09:00  P2 ticket opened: #7 Worklist slow" in text
    assert "  https://pacs-desk.hospital.example/tickets/7/" in text
    assert text.index("KPI alert: Meridian") < text.index("KPI alert: Archivault")
    assert "  Retrieval 3.4 s." in text
    assert "Outage detected" not in text  # the admin had it at once
    assert "https://pacs-desk.hospital.example/notifications/settings/" in text
    anna = received["anna@hospital.example"]
    assert anna.subject.endswith(": 1 notification")
    assert "Outage detected by monitoring (1)" in anna.text

    digest = Digest.objects.get(recipient=admin)
    assert digest.day == datetime.date(2027, 3, 2)
    assert digest.outbox_email.state == OutboxEmail.State.SENT
    assert digest.entries.count() == 3
    assert not Digest.objects.filter(recipient=bystander).exists()


@pytest.mark.django_db
def test_what_comes_after_the_days_digest_waits_for_the_next_days() -> None:
    admin = HospitalAdminFactory()
    with time_machine.travel(TUESDAY_0715, tick=False):
        notify(event=EventType.KPI_ALERT, recipients=[admin], title="Early")
        assert digests_send().done == 1
    with time_machine.travel(TUESDAY_0715 + datetime.timedelta(hours=3), tick=False):
        notify(event=EventType.KPI_ALERT, recipients=[admin], title="Late")
        assert digests_send().done == 0  # Tuesday's went out already
    with time_machine.travel(TUESDAY_0715 + datetime.timedelta(days=1), tick=False):
        assert digests_send().done == 1
        assert digests_send().done == 0

    first, second = Digest.objects.order_by("day")
    assert [e.title for e in first.entries.all()] == ["Early"]
    assert [e.title for e in second.entries.all()] == ["Late"]
    assert OutboxEmail.objects.count() == 2


@pytest.mark.django_db
def test_no_digest_on_a_day_with_nothing_or_for_users_who_cannot_receive_one() -> None:
    admin = HospitalAdminFactory()
    notify(event=EventType.KPI_ALERT, recipients=[admin], title="Read in the app only")
    Notification.objects.update(email_delivery=EmailDelivery.OFF)
    no_address, leaver = HospitalAdminFactory(email=""), HospitalAdminFactory()
    notify(event=EventType.KPI_ALERT, recipients=[no_address, leaver], title="KPI alert")
    leaver.is_active = False
    leaver.save()

    assert digests_send().done == 0
    assert not Digest.objects.exists()
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_users_digest_once() -> None:
    admins = HospitalAdminFactory.create_batch(8)
    for admin in admins:
        notify(event=EventType.KPI_ALERT, recipients=[admin], title=f"KPI alert for {admin.username}")
    start, results, errors = threading.Barrier(2), [], []

    def run() -> None:
        try:
            start.wait()
            results.append(digests_send().done)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert sum(results) == len(admins)
    assert Digest.objects.count() == len(admins)
    assert sorted(e.to[0] for e in OutboxEmail.objects.all()) == sorted(a.email for a in admins)


@pytest.mark.django_db
def test_the_command_sends_the_digests_and_says_how_many() -> None:
    notify(event=EventType.KPI_ALERT, recipients=[HospitalAdminFactory()], title="KPI alert")
    out = StringIO()
    call_command("send_digests", stdout=out)
    assert out.getvalue().strip() == "Sent 1 digest(s)."
    assert OutboxEmail.objects.count() == 1


def test_the_beat_sends_digests_daily_at_the_configured_hospital_time(settings) -> None:
    from pacsvendor.celery import _schedule_daily_digest

    original = celery_app.conf.beat_schedule["notifications-daily-digest"]
    try:
        entry = celery_app.conf.beat_schedule["notifications-daily-digest"]
        assert entry["task"] == "notifications.tasks.send_digests"
        assert (entry["schedule"].hour, entry["schedule"].minute) == ({7}, {15})  # the default
        assert str(celery_app.timezone) == settings.TIME_ZONE == "Europe/Berlin"

        settings.NOTIFICATIONS_DIGEST_TIME = "18:30"
        _schedule_daily_digest(celery_app)
        schedule = celery_app.conf.beat_schedule["notifications-daily-digest"]["schedule"]
        assert (schedule.hour, schedule.minute, schedule.day_of_week) == ({18}, {30}, set(range(7)))
    finally:
        celery_app.conf.beat_schedule["notifications-daily-digest"] = original


@pytest.mark.django_db
def test_a_digest_that_cannot_be_sent_is_reported_and_the_others_go_out(monkeypatch) -> None:
    from notifications.services import digest

    admin, staff = HospitalAdminFactory(email="petra@hospital.example"), UserFactory(email="anna@hospital.example")
    raise_the_day(admin, staff)
    real_send = digest.digest_send

    def failing_for_the_admin(*, recipient_id: int, **kwargs: object) -> Digest | None:
        if recipient_id == admin.pk:
            raise ValueError("a body no mail can carry")
        return real_send(recipient_id=recipient_id, **kwargs)

    monkeypatch.setattr(digest, "digest_send", failing_for_the_admin)
    with time_machine.travel(TUESDAY_0715, tick=False):
        report = digests_send()
    assert report.done == 1
    assert report.failed == [f"user {admin.pk}: ValueError: a body no mail can carry"]
    assert list(Digest.objects.values_list("recipient_id", flat=True)) == [staff.pk]
    assert Notification.objects.filter(recipient=admin, digest__isnull=True, email_delivery="digest").count() == 3

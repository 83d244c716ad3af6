"""``notify``: each recipient hears of an event as their preferences say (defaults per role,
stored deviations), in a fixed number of queries; ``silenced()`` tells nobody; marking read."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.roles import hospital_admins, hospital_users
from notifications.event_types import EmailDelivery, EventType
from notifications.models import Notification, NotificationPreference, OutboxEmail
from notifications.services.notify import (
    ExternalMail,
    Notice,
    notifications_mark_read,
    notifications_silenced,
    notify,
    notify_bulk,
    silenced,
)
from notifications.tests.factories import NotificationFactory

OUTAGE = EventType.MONITORING_INCIDENT_OPENED


def delivery(user) -> tuple[bool, str] | None:
    """How ``user`` was told of the one notification they have: (in app, email delivery)."""
    row = Notification.objects.filter(recipient=user).first()
    return None if row is None else (row.in_app, row.email_delivery)


def mailed_to() -> list[str]:
    return sorted(address for email in OutboxEmail.objects.all() for address in email.to)


# --- defaults and stored choices ----------------------------------------------------------------


@pytest.mark.django_db
def test_an_outage_reaches_admins_in_the_app_and_by_email_and_staff_not_by_default(settings) -> None:
    settings.SITE_URL = "https://pacs-desk.hospital.example"
    admin, staff, vendor_user = HospitalAdminFactory(), UserFactory(), VendorUserFactory()

    created = notify(
        event=OUTAGE,
        recipients=[admin, staff, vendor_user],
        title="Outage detected: INC-7 Archive not answering",
        body="Down since 2026-12-07 09:00.",
        url="/sla/incidents/7/",
        level=Notification.Level.DANGER,
    )

    assert {n.recipient for n in created} == {admin, vendor_user}
    assert delivery(admin) == (True, EmailDelivery.IMMEDIATE)
    assert delivery(vendor_user) == (True, EmailDelivery.IMMEDIATE)
    assert delivery(staff) is None  # staff choose to hear of outages; by default they do not
    row = Notification.objects.get(recipient=admin)
    assert (row.event_type, row.title, row.level, row.url) == (
        OUTAGE,
        "Outage detected: INC-7 Archive not answering",
        Notification.Level.DANGER,
        "/sla/incidents/7/",
    )
    assert mailed_to() == sorted([admin.email, vendor_user.email])
    mail = OutboxEmail.objects.get(to=[admin.email])
    assert mail.subject == "Outage detected: INC-7 Archive not answering"
    assert mail.body.startswith("Down since 2026-12-07 09:00.\n\nhttps://pacs-desk.hospital.example/sla/incidents/7/")
    assert "“Outage detected by monitoring”" in mail.body
    assert "https://pacs-desk.hospital.example/notifications/settings/" in mail.body


@pytest.mark.django_db
def test_stored_choices_override_the_default_channel_by_channel() -> None:
    admin, quiet_admin, staff = HospitalAdminFactory(), HospitalAdminFactory(), UserFactory()
    # Staff opted in to outages in the daily digest; one admin wants them in the app only.
    NotificationPreference.objects.create(user=staff, event_type=OUTAGE, in_app=True, email=EmailDelivery.DIGEST)
    NotificationPreference.objects.create(user=quiet_admin, event_type=OUTAGE, email=EmailDelivery.OFF)

    notify(event=OUTAGE, recipients=[admin, quiet_admin, staff], title="Outage")

    assert delivery(admin) == (True, EmailDelivery.IMMEDIATE)
    assert delivery(quiet_admin) == (True, EmailDelivery.OFF)  # in_app kept its default
    assert delivery(staff) == (True, EmailDelivery.DIGEST)
    assert mailed_to() == [admin.email]  # the digest is mailed later, once a day


@pytest.mark.django_db
def test_kpi_alerts_go_to_the_admins_digest_and_nobody_who_chose_nothing_gets_a_row() -> None:
    admin, muted = HospitalAdminFactory(), HospitalAdminFactory()
    NotificationPreference.objects.create(
        user=muted, event_type=EventType.KPI_ALERT, in_app=False, email=EmailDelivery.OFF
    )

    created = notify(event=EventType.KPI_ALERT, recipients=[admin, muted], title="KPI alert: Meridian")

    assert [n.recipient for n in created] == [admin]
    assert delivery(admin) == (True, EmailDelivery.DIGEST)
    assert not Notification.objects.filter(recipient=muted).exists()
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db
def test_email_only_notifications_are_mailed_but_not_listed_in_the_app() -> None:
    admin = HospitalAdminFactory()
    NotificationPreference.objects.create(user=admin, event_type=OUTAGE, in_app=False)

    notify(event=OUTAGE, recipients=[admin], title="Outage")

    assert delivery(admin) == (False, EmailDelivery.IMMEDIATE)
    assert mailed_to() == [admin.email]
    assert not Notification.objects.for_user(admin).exists()  # not in the list or the badge


@pytest.mark.django_db
def test_no_address_no_mail_inactive_users_nothing() -> None:
    without_email, inactive = HospitalAdminFactory(email=""), HospitalAdminFactory(is_active=False)

    notify(event=OUTAGE, recipients=[without_email, inactive], title="Outage")

    assert delivery(without_email) == (True, EmailDelivery.OFF)
    assert delivery(inactive) is None
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db
def test_in_app_only_events_are_never_mailed_whatever_is_stored() -> None:
    admin = HospitalAdminFactory()
    NotificationPreference.objects.create(user=admin, event_type=EventType.EMAIL_FAILED, email=EmailDelivery.IMMEDIATE)

    notify(event=EventType.EMAIL_FAILED, recipients=[admin], title="Email could not be delivered")

    assert delivery(admin) == (True, EmailDelivery.OFF)
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db
def test_a_role_the_event_is_not_for_hears_nothing_of_it() -> None:
    staff = UserFactory()
    NotificationPreference.objects.create(user=staff, event_type=EventType.CREDIT_DISPUTED, in_app=True)

    assert notify(event=EventType.CREDIT_DISPUTED, recipients=[staff], title="Disputed") == []


@pytest.mark.django_db
def test_the_actor_is_not_told_of_what_they_did_and_nobody_is_told_twice() -> None:
    actor, other = HospitalAdminFactory(), HospitalAdminFactory()

    created = notify(event=OUTAGE, recipients=[actor, other, other], title="Outage", actor=actor)

    assert [n.recipient for n in created] == [other]
    assert mailed_to() == [other.email]


@pytest.mark.django_db
def test_the_same_dedupe_key_is_told_once_per_recipient(django_capture_on_commit_callbacks) -> None:
    first, second = HospitalAdminFactory(), HospitalAdminFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        assert len(notify(event=OUTAGE, recipients=[first], title="Outage", dedupe_key="inc:1")) == 1
    assert len(callbacks) == 1

    again = notify(event=OUTAGE, recipients=[first, second], title="Outage (again)", dedupe_key="inc:1")

    assert [n.recipient for n in again] == [second]
    assert Notification.objects.get(recipient=first).title == "Outage"
    assert notify(event=OUTAGE, recipients=[first, second], title="Outage", dedupe_key="inc:1") == []
    assert Notification.objects.count() == 2
    assert mailed_to() == sorted([first.email, second.email])


@pytest.mark.django_db
def test_a_key_raised_at_the_same_moment_elsewhere_is_kept_and_the_rest_is_told(monkeypatch) -> None:
    first, second = HospitalAdminFactory(), HospitalAdminFactory()
    notify(event=OUTAGE, recipients=[first], title="Theirs", dedupe_key="inc:9")
    OutboxEmail.objects.all().delete()
    # As if another process inserted the key between this call's check and its insert.
    monkeypatch.setattr("notifications.services.notify._fresh", list)

    created = notify(event=OUTAGE, recipients=[first, second], title="Ours", dedupe_key="inc:9")

    assert [n.recipient for n in created] == [second]
    assert Notification.objects.get(recipient=first).title == "Theirs"
    assert mailed_to() == [second.email]


@pytest.mark.django_db
def test_without_a_dedupe_key_every_raise_is_told() -> None:
    admin = HospitalAdminFactory()
    notify(event=EventType.INCIDENT_RECORDED, recipients=[admin], title="New incident")
    notify(event=EventType.INCIDENT_RECORDED, recipients=[admin], title="New incident")
    assert Notification.objects.filter(recipient=admin).count() == 2
    assert not OutboxEmail.objects.exists()  # admins see recorded incidents in the app only


@pytest.mark.django_db
def test_external_mail_goes_at_once_to_people_without_an_account() -> None:
    notify_bulk(
        notices=[],
        external=[
            ExternalMail(event=EventType.SLA_BREACH, to=["desk@vendor.example"], title="P1 breached", body="Ticket 4"),
            ExternalMail(event=EventType.SLA_BREACH, to=[], title="nobody"),
        ],
    )
    (mail,) = OutboxEmail.objects.all()
    assert (mail.to, mail.subject, mail.body) == (["desk@vendor.example"], "P1 breached", "Ticket 4")


# --- silenced -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_silenced_tells_nobody_and_ends_with_its_block(django_capture_on_commit_callbacks) -> None:
    admin = HospitalAdminFactory()
    with django_capture_on_commit_callbacks() as callbacks, silenced():
        assert notifications_silenced()
        assert notify(event=OUTAGE, recipients=[admin], title="Replayed outage", dedupe_key="old:1") == []
        external = ExternalMail(event=EventType.SLA_BREACH, to=["desk@vendor.example"], title="Old breach")
        assert notify_bulk(notices=[], external=[external]) == []
    assert callbacks == []
    assert not Notification.objects.exists()
    assert not OutboxEmail.objects.exists()

    with pytest.raises(RuntimeError), silenced():
        raise RuntimeError("the replay failed")
    assert not notifications_silenced()
    assert len(notify(event=OUTAGE, recipients=[admin], title="Live outage", dedupe_key="old:1")) == 1


# --- queries --------------------------------------------------------------------------------------


def _queries_to_tell(count: int) -> int:
    users = HospitalAdminFactory.create_batch(count // 2) + UserFactory.create_batch(count // 2)
    for user in users[::3]:  # a third chose something of their own
        NotificationPreference.objects.create(user=user, event_type=OUTAGE, in_app=True, email=EmailDelivery.DIGEST)
    notices = [
        Notice(event=event, recipient=user, title=f"{event} {user.pk}", dedupe_key=f"{event}:{user.pk}")
        for user in users
        for event in (OUTAGE, EventType.TICKET_P1_OPENED, EventType.KPI_ALERT)
    ]
    with CaptureQueriesContext(connection) as queries:
        created = notify_bulk(notices=notices)
    assert len(created) >= count  # enough people hear of enough events for the test to mean something
    return len(queries)


@pytest.mark.django_db
def test_telling_many_recipients_takes_as_many_queries_as_telling_a_few() -> None:
    few = _queries_to_tell(6)
    Notification.objects.all().delete()
    OutboxEmail.objects.all().delete()
    many = _queries_to_tell(120)
    assert few == many
    assert many <= 10


# --- who: selectors --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_hospital_admins_and_hospital_users_are_the_active_ones() -> None:
    admin, staff = HospitalAdminFactory(), UserFactory()
    HospitalAdminFactory(is_active=False)
    UserFactory(is_active=False)
    VendorUserFactory()
    assert list(hospital_admins()) == [admin]
    assert set(hospital_users()) == {admin, staff}


# --- marking read ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_mark_read_marks_only_the_given_notifications_of_that_user() -> None:
    user, other = UserFactory(), UserFactory()
    mine, also_mine = NotificationFactory(recipient=user), NotificationFactory(recipient=user)
    theirs = NotificationFactory(recipient=other)

    assert notifications_mark_read(user=user, ids=[mine.pk, theirs.pk]) == 1

    for notification in (mine, also_mine, theirs):
        notification.refresh_from_db()
    assert mine.read_at is not None
    assert also_mine.read_at is None
    assert theirs.read_at is None  # another user's id is ignored


@pytest.mark.django_db
def test_mark_read_without_ids_marks_all_of_the_users_unread_and_keeps_earlier_read_times() -> None:
    user, other = UserFactory(), UserFactory()
    earlier = timezone.now() - datetime.timedelta(days=3)
    already_read = NotificationFactory(recipient=user, read_at=earlier)
    unread = NotificationFactory.create_batch(3, recipient=user)
    mail_only = NotificationFactory(recipient=user, in_app=False)
    theirs = NotificationFactory(recipient=other)

    assert notifications_mark_read(user=user) == 3

    assert Notification.objects.for_user(user).unread().count() == 0
    already_read.refresh_from_db()
    assert already_read.read_at == earlier
    assert all(Notification.objects.get(pk=n.pk).read_at for n in unread)
    mail_only.refresh_from_db()
    assert mail_only.read_at is None  # never shown, so never read
    theirs.refresh_from_db()
    assert theirs.read_at is None


@pytest.mark.django_db
def test_mark_read_for_an_anonymous_user_changes_nothing() -> None:
    from django.contrib.auth.models import AnonymousUser

    notification = NotificationFactory()
    assert notifications_mark_read(user=AnonymousUser()) == 0
    assert notifications_mark_read(user=AnonymousUser(), ids=[notification.pk]) == 0
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.django_db
def test_titles_from_long_or_multi_line_input_are_put_on_one_line_and_shortened_to_fit() -> None:
    admin = HospitalAdminFactory(email="admin@hospital.example")
    typed = "Archive\r\nBcc: someone@elsewhere.example " + "x" * 300  # e.g. an incident title of 200
    notify_bulk(
        notices=[Notice(event=OUTAGE, recipient=admin, title=f"Outage detected: {typed}")],
        external=[ExternalMail(event=OUTAGE, to=["desk@vendor.example"], title=f"Outage detected: {typed}")],
    )

    notification = Notification.objects.get()
    assert len(notification.title) == 200
    assert notification.title.startswith("Outage detected: Archive Bcc: someone@elsewhere.example xxx")
    assert notification.title.endswith("x…")
    assert sorted(email.subject for email in OutboxEmail.objects.all()) == [notification.title] * 2

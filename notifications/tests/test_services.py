"""The outbox as Django's mail backend, the retry schedule, ``notify`` and marking read."""

import datetime

import pytest
from django.conf import settings
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from notifications.models import Notification, OutboxEmail
from notifications.services import (
    hospital_admins,
    notifications_mark_read,
    notify,
    outbox_due_ids,
    retry_delay,
)
from notifications.tests.factories import NotificationFactory, OutboxEmailFactory
from notifications.tests.support import PDF_BYTES, QueuedTask

DELIVER_TASK = "notifications.tasks.deliver_email"


# --- the outbox backend --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_send_mail_queues_one_email_and_dispatches_delivery_only_after_commit(broker, smtp_server) -> None:
    with transaction.atomic():
        count = send_mail(
            "Contract C-0001 renewed", "It runs until 2029.", "desk@hospital.example", ["a@hospital.example"]
        )
        email = OutboxEmail.objects.get()
        assert count == 1
        assert (email.state, email.attempts, email.sent_at) == (OutboxEmail.State.QUEUED, 0, None)
        assert broker.tasks() == []  # nothing is handed to Celery inside the transaction

    assert broker.tasks() == [QueuedTask(name=DELIVER_TASK, args=[email.pk])]
    assert OutboxEmail.objects.count() == 1
    assert smtp_server.inbox == []  # never sent inline, only by the task


@pytest.mark.django_db(transaction=True)
def test_mail_of_a_rolled_back_transaction_is_neither_stored_nor_dispatched(broker) -> None:
    @transaction.atomic
    def work_that_fails_after_mailing() -> None:
        send_mail("Never", "Rolled back.", None, ["a@hospital.example"])
        raise RuntimeError("the surrounding work failed")

    with pytest.raises(RuntimeError):
        work_that_fails_after_mailing()

    assert OutboxEmail.objects.count() == 0
    assert broker.tasks() == []


@pytest.mark.django_db
def test_outbox_keeps_recipients_subject_bodies_headers_and_attachments(django_capture_on_commit_callbacks) -> None:
    message = EmailMultiAlternatives(
        subject="Quarterly SLA report",
        body="Please find the report attached.",
        from_email=None,
        to=["a@hospital.example", "b@hospital.example"],
        cc=["c@hospital.example"],
        bcc=["audit@hospital.example"],
        reply_to=["desk@hospital.example"],
        headers={"X-Report": "sla-2026-q1"},
    )
    message.attach_alternative("<p>Please find the report <b>attached</b>.</p>", "text/html")
    message.attach("report.pdf", PDF_BYTES, "application/pdf")
    message.attach("notes.txt", "plain text notes", "text/plain")

    with django_capture_on_commit_callbacks() as callbacks:
        before = timezone.now()
        assert message.send() == 1

    email = OutboxEmail.objects.get()
    assert email.to == ["a@hospital.example", "b@hospital.example"]
    assert email.cc == ["c@hospital.example"]
    assert email.bcc == ["audit@hospital.example"]
    assert email.reply_to == ["desk@hospital.example"]
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.subject == "Quarterly SLA report"
    assert email.body == "Please find the report attached."
    assert email.html_body == "<p>Please find the report <b>attached</b>.</p>"
    assert email.headers == {"X-Report": "sla-2026-q1"}
    assert email.state == OutboxEmail.State.QUEUED
    assert before <= email.next_attempt_at <= timezone.now()  # due at once
    attachments = {a.filename: (a.mimetype, bytes(a.content)) for a in email.attachments.all()}
    assert attachments == {
        "report.pdf": ("application/pdf", PDF_BYTES),
        "notes.txt": ("text/plain", b"plain text notes"),
    }
    assert len(callbacks) == 1  # one delivery dispatch, registered for the commit


# --- retry schedule and due emails ---------------------------------------------------------


@pytest.mark.parametrize(("attempts", "seconds"), [(1, 60), (2, 120), (3, 240), (4, 480), (5, 960)])
def test_retry_delay_doubles_from_the_configured_base(attempts: int, seconds: int) -> None:
    assert settings.EMAIL_OUTBOX_RETRY_SECONDS == 60
    assert retry_delay(attempts) == datetime.timedelta(seconds=seconds)


def test_retry_delay_follows_the_setting(settings) -> None:
    settings.EMAIL_OUTBOX_RETRY_SECONDS = 5
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]


@pytest.mark.django_db
def test_outbox_due_ids_lists_queued_emails_that_are_due_oldest_first() -> None:
    now = timezone.now()
    later_due = OutboxEmailFactory(next_attempt_at=now - datetime.timedelta(seconds=5))
    first_due = OutboxEmailFactory(next_attempt_at=now - datetime.timedelta(minutes=5))
    OutboxEmailFactory(next_attempt_at=now + datetime.timedelta(minutes=1))  # not yet due
    OutboxEmailFactory(state=OutboxEmail.State.SENT, next_attempt_at=None, sent_at=now)
    OutboxEmailFactory(state=OutboxEmail.State.FAILED, next_attempt_at=None, attempts=6)
    OutboxEmailFactory(state=OutboxEmail.State.SENT, next_attempt_at=now - datetime.timedelta(hours=1))

    assert outbox_due_ids() == [first_due.pk, later_due.pk]
    assert outbox_due_ids(limit=1) == [first_due.pk]


# --- notify ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notify_creates_one_notification_per_recipient_and_mails_those_with_an_address(settings) -> None:
    settings.SITE_URL = "https://pacs-desk.hospital.example"
    with_email = UserFactory(email="anna@hospital.example")
    without_email = UserFactory(email="")

    created = notify(
        recipients=[with_email, without_email],
        title="Ticket T-17 escalated",
        body="Level 2 is now responsible.",
        url="/tickets/17/",
        level=Notification.Level.WARNING,
    )

    assert len(created) == 2
    assert {n.recipient for n in created} == {with_email, without_email}
    for notification in created:
        notification.refresh_from_db()
        assert notification.title == "Ticket T-17 escalated"
        assert notification.body == "Level 2 is now responsible."
        assert notification.url == "/tickets/17/"
        assert notification.level == Notification.Level.WARNING
        assert notification.read_at is None
    email = OutboxEmail.objects.get()
    assert email.to == ["anna@hospital.example"]
    assert email.subject == "Ticket T-17 escalated"
    assert email.body == "Level 2 is now responsible.\n\nhttps://pacs-desk.hospital.example/tickets/17/"
    assert email.state == OutboxEmail.State.QUEUED


@pytest.mark.django_db
def test_notify_with_the_same_dedupe_key_raises_once_per_recipient(django_capture_on_commit_callbacks) -> None:
    first, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        assert len(notify(recipients=[first], title="Licence expires", dedupe_key="licence:1")) == 1
    assert len(callbacks) == 1

    with django_capture_on_commit_callbacks() as callbacks:
        again = notify(recipients=[first, second], title="Licence expires (again)", dedupe_key="licence:1")

    assert [n.recipient for n in again] == [second]  # only the one who had not heard of it
    assert len(callbacks) == 1
    assert Notification.objects.filter(recipient=first).count() == 1
    assert Notification.objects.get(recipient=first).title == "Licence expires"
    assert Notification.objects.filter(recipient=second).count() == 1
    assert sorted(e.to[0] for e in OutboxEmail.objects.all()) == sorted([first.email, second.email])

    with django_capture_on_commit_callbacks() as callbacks:
        assert notify(recipients=[first, second], title="Licence expires", dedupe_key="licence:1") == []
    assert callbacks == []
    assert Notification.objects.count() == 2
    assert OutboxEmail.objects.count() == 2


@pytest.mark.django_db
def test_notify_without_dedupe_key_notifies_every_time() -> None:
    user = UserFactory()
    notify(recipients=[user], title="Backup finished", email=False)
    notify(recipients=[user], title="Backup finished", email=False)
    assert Notification.objects.filter(recipient=user).count() == 2


@pytest.mark.django_db
def test_notify_with_email_false_sends_nothing(django_capture_on_commit_callbacks) -> None:
    users = [UserFactory(), HospitalAdminFactory()]
    with django_capture_on_commit_callbacks() as callbacks:
        created = notify(recipients=users, title="In the app only", email=False)
    assert len(created) == 2
    assert OutboxEmail.objects.count() == 0
    assert callbacks == []


@pytest.mark.django_db
def test_hospital_admins_are_the_active_hospital_admins_only() -> None:
    active = HospitalAdminFactory()
    HospitalAdminFactory(is_active=False)
    UserFactory()
    VendorUserFactory()
    assert list(hospital_admins()) == [active]


# --- marking read ------------------------------------------------------------------------------


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
    theirs = NotificationFactory(recipient=other)

    assert notifications_mark_read(user=user) == 3

    assert Notification.objects.for_user(user).unread().count() == 0
    already_read.refresh_from_db()
    assert already_read.read_at == earlier
    assert all(Notification.objects.get(pk=n.pk).read_at for n in unread)
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

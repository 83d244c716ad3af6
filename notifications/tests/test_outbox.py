"""The outbox as Django's mail backend and the retry schedule."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail import EmailMultiAlternatives, send_mail
from django.db import transaction
from django.utils import timezone

from notifications.models import OutboxEmail
from notifications.services.outbox import outbox_deliver, outbox_due_ids, retry_delay
from notifications.tests.factories import OutboxEmailFactory
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


# --- what users typed, made safe for mail --------------------------------------------------------


@pytest.mark.django_db
def test_subjects_headers_and_file_names_are_put_on_one_line_and_made_to_fit() -> None:
    message = EmailMultiAlternatives(
        subject="Maintenance to approve: MW-1: Firmware\r\nBcc: someone@elsewhere.example " + "x" * 600,
        body="Body",
        to=["a@hospital.example"],
        headers={"X-Window": "MW-1\nBcc: someone@elsewhere.example"},
    )
    message.attach("log\r\n" + "y" * 300 + ".txt", "text", "text/plain")
    message.send()

    email = OutboxEmail.objects.get()
    assert email.subject.startswith("Maintenance to approve: MW-1: Firmware Bcc: someone@elsewhere.example xxx")
    assert len(email.subject) == 500
    assert email.headers == {"X-Window": "MW-1 Bcc: someone@elsewhere.example"}
    [attachment] = email.attachments.all()
    assert attachment.filename == "log " + "y" * 92 + ".txt"

    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
    [sent] = mail.outbox
    assert sent.recipients() == ["a@hospital.example"]
    assert "\n" not in sent.message()["Subject"].replace("\n ", "")  # folded, never broken into headers

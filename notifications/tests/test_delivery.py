"""Delivering the outbox through a real SMTP server (aiosmtpd on loopback), with retries, giving
up, requeueing, and end to end through a real Celery worker."""

import datetime

import pytest
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from notifications.models import Notification, OutboxEmail
from notifications.services.outbox import outbox_deliver, outbox_due_ids, outbox_retry, retry_delay
from notifications.tasks import deliver_email, outbox_flush
from notifications.tests.support import PDF_BYTES, wait_for


def queue_report_email() -> OutboxEmail:
    message = EmailMessage(
        subject="Monthly uptime report",
        body="Uptime was 99.97 % in March.",
        from_email="desk@hospital.example",
        to=["petra@hospital.example", "anna@hospital.example"],
        cc=["it-lead@hospital.example"],
    )
    message.attach("uptime-march.pdf", PDF_BYTES, "application/pdf")
    message.send()
    return OutboxEmail.objects.get(subject="Monthly uptime report")


def make_due(email: OutboxEmail) -> None:
    OutboxEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())


# --- delivery in process, real SMTP --------------------------------------------------------


@pytest.mark.django_db
def test_deliver_sends_the_message_with_recipients_subject_body_and_attachment(smtp_server) -> None:
    email = queue_report_email()
    before = timezone.now()

    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT

    email.refresh_from_db()
    assert email.state == OutboxEmail.State.SENT
    assert email.attempts == 1
    assert before <= email.sent_at <= timezone.now()
    assert email.next_attempt_at is None
    assert email.last_error == ""
    [received] = smtp_server.inbox
    assert received.mail_from == "desk@hospital.example"
    assert sorted(received.rcpt_tos) == ["anna@hospital.example", "it-lead@hospital.example", "petra@hospital.example"]
    assert received.message["To"] == "petra@hospital.example, anna@hospital.example"
    assert received.subject == "Monthly uptime report"
    assert received.text.strip() == "Uptime was 99.97 % in March."
    assert received.attachments() == [("uptime-march.pdf", "application/pdf", PDF_BYTES)]


@pytest.mark.django_db
def test_delivering_the_same_email_again_sends_nothing_more(smtp_server) -> None:
    email = queue_report_email()
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT

    assert outbox_deliver(email_id=email.pk) is None
    assert outbox_deliver(email_id=email.pk) is None

    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.SENT, 1)
    assert len(smtp_server.inbox) == 1


@pytest.mark.django_db
def test_html_alternative_and_bcc_are_delivered(smtp_server) -> None:
    from django.core.mail import EmailMultiAlternatives

    message = EmailMultiAlternatives(
        "Password reset", "Open the link.", None, ["u@hospital.example"], bcc=["audit@hospital.example"]
    )
    message.attach_alternative("<p>Open the <a href='https://x.example/'>link</a>.</p>", "text/html")
    message.send()
    email = OutboxEmail.objects.get()

    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT

    [received] = smtp_server.inbox
    assert sorted(received.rcpt_tos) == ["audit@hospital.example", "u@hospital.example"]
    assert "Bcc" not in received.message  # a blind copy stays blind
    assert received.text.strip() == "Open the link."
    assert "<a href='https://x.example/'>link</a>" in received.html


@pytest.mark.django_db
def test_a_failed_attempt_is_recorded_and_retried_later(smtp_sink) -> None:
    """SMTP down (nothing listens on the port): the email stays queued with a backoff."""
    email = queue_report_email()
    before = timezone.now()

    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.QUEUED

    after = timezone.now()
    email.refresh_from_db()
    assert email.state == OutboxEmail.State.QUEUED
    assert email.attempts == 1
    assert email.sent_at is None
    assert email.last_error.startswith("ConnectionRefusedError:")
    assert before + retry_delay(1) <= email.next_attempt_at <= after + retry_delay(1)
    assert retry_delay(1) == datetime.timedelta(seconds=60)
    assert smtp_sink.inbox == []


@pytest.mark.django_db
def test_an_email_that_is_not_yet_due_is_skipped_and_not_listed(smtp_sink) -> None:
    email = queue_report_email()
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.QUEUED
    smtp_sink.start()  # the server is back, but the retry is not due yet

    assert outbox_deliver(email_id=email.pk) is None
    assert email.pk not in outbox_due_ids()

    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.QUEUED, 1)
    assert smtp_sink.inbox == []

    make_due(email)
    assert outbox_due_ids() == [email.pk]
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error) == (OutboxEmail.State.SENT, 2, "")
    assert len(smtp_sink.inbox) == 1


@pytest.mark.django_db
def test_each_failure_doubles_the_wait(smtp_sink) -> None:
    email = queue_report_email()
    waits = []
    for _ in range(4):
        make_due(email)
        before = timezone.now()
        outbox_deliver(email_id=email.pk)
        email.refresh_from_db()
        waits.append(email.next_attempt_at - before)
    # Each wait is the backoff plus the (sub-second) time the attempt took.
    for wait, expected in zip(waits, (60, 120, 240, 480), strict=True):
        assert datetime.timedelta(seconds=expected) <= wait < datetime.timedelta(seconds=expected + 5)


@pytest.mark.django_db
def test_after_the_last_attempt_the_email_fails_and_admins_are_told_in_the_app(
    smtp_sink, django_capture_on_commit_callbacks
) -> None:
    admins = [HospitalAdminFactory(), HospitalAdminFactory()]
    HospitalAdminFactory(is_active=False)
    staff, vendor_user = UserFactory(), VendorUserFactory()
    email = queue_report_email()
    assert settings.EMAIL_OUTBOX_MAX_ATTEMPTS == 6

    for attempt in range(1, 6):
        make_due(email)
        with django_capture_on_commit_callbacks(execute=True):
            assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.QUEUED
        email.refresh_from_db()
        assert email.attempts == attempt
    assert Notification.objects.count() == 0  # retries are not worth a notification

    make_due(email)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.FAILED

    email.refresh_from_db()
    assert email.state == OutboxEmail.State.FAILED
    assert email.attempts == 6
    assert email.next_attempt_at is None
    assert email.last_error.startswith("ConnectionRefusedError:")
    for admin in admins:
        [notification] = Notification.objects.filter(recipient=admin)
        assert notification.level == Notification.Level.DANGER
        assert notification.title == "Email could not be delivered: Monthly uptime report"
        assert "petra@hospital.example" in notification.body
        assert "ConnectionRefusedError" in notification.body
        assert notification.url == "/notifications/outbox/?state=failed"
    assert Notification.objects.count() == len(admins)
    assert not Notification.objects.filter(recipient__in=[staff, vendor_user]).exists()
    assert list(OutboxEmail.objects.all()) == [email]  # no mail about the failed mail

    # Given up: neither a direct delivery nor the flush touches it again.
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(email_id=email.pk) is None
    assert email.pk not in outbox_due_ids()
    email.refresh_from_db()
    assert email.attempts == 6


@pytest.mark.django_db
def test_the_attempt_limit_follows_the_setting(settings, smtp_sink, django_capture_on_commit_callbacks) -> None:
    settings.EMAIL_OUTBOX_MAX_ATTEMPTS = 2
    admin = HospitalAdminFactory()
    email = queue_report_email()
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.QUEUED
    make_due(email)
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.FAILED
    assert Notification.objects.filter(recipient=admin, level=Notification.Level.DANGER).count() == 1


@pytest.mark.django_db
def test_retry_requeues_a_failed_email_which_goes_out_once_smtp_is_up(
    smtp_sink, django_capture_on_commit_callbacks
) -> None:
    email = queue_report_email()
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=OutboxEmail.State.FAILED, attempts=6, next_attempt_at=None, last_error="SMTPServerDisconnected: x"
    )
    email.refresh_from_db()

    with django_capture_on_commit_callbacks() as callbacks:
        before = timezone.now()
        outbox_retry(email=email)

    email.refresh_from_db()
    assert (email.state, email.attempts) == (OutboxEmail.State.QUEUED, 0)
    assert before <= email.next_attempt_at <= timezone.now()
    assert len(callbacks) == 1  # delivery is dispatched on commit
    assert outbox_due_ids() == [email.pk]

    smtp_sink.start()
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
    email.refresh_from_db()
    assert (email.state, email.attempts, email.last_error) == (OutboxEmail.State.SENT, 1, "")
    [received] = smtp_sink.inbox
    assert received.subject == "Monthly uptime report"
    assert received.attachments() == [("uptime-march.pdf", "application/pdf", PDF_BYTES)]


@pytest.mark.django_db
def test_retry_leaves_a_sent_email_alone(smtp_server, django_capture_on_commit_callbacks) -> None:
    email = queue_report_email()
    outbox_deliver(email_id=email.pk)
    email.refresh_from_db()
    sent_at = email.sent_at

    with django_capture_on_commit_callbacks() as callbacks:
        outbox_retry(email=email)

    email.refresh_from_db()
    assert (email.state, email.attempts, email.sent_at) == (OutboxEmail.State.SENT, 1, sent_at)
    assert callbacks == []
    assert len(smtp_server.inbox) == 1


@pytest.mark.django_db
def test_flush_task_delivers_every_due_email_and_skips_the_rest(smtp_server) -> None:
    due = [queue_report_email()]
    send_mail("Second", "Body", None, ["b@hospital.example"])
    due.append(OutboxEmail.objects.get(subject="Second"))
    send_mail("Later", "Body", None, ["c@hospital.example"])
    later = OutboxEmail.objects.get(subject="Later")
    OutboxEmail.objects.filter(pk=later.pk).update(next_attempt_at=timezone.now() + datetime.timedelta(minutes=5))

    assert outbox_flush() == 2  # the task body, run in process

    assert sorted(m.subject for m in smtp_server.inbox) == ["Monthly uptime report", "Second"]
    assert set(OutboxEmail.objects.filter(state=OutboxEmail.State.SENT)) == set(due)
    later.refresh_from_db()
    assert (later.state, later.attempts) == (OutboxEmail.State.QUEUED, 0)
    assert outbox_flush() == 0
    assert len(smtp_server.inbox) == 2


# --- through a real Celery worker ------------------------------------------------------------


def _email_state(pk: int) -> OutboxEmail | None:
    return OutboxEmail.objects.filter(pk=pk).first()


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_committed_mail_exactly_once(celery_worker, smtp_server, broker) -> None:
    worker = celery_worker(smtp_server.port)

    with transaction.atomic():
        send_mail("Worker delivery", "Sent by the worker.", "desk@hospital.example", ["petra@hospital.example"])
        pk = OutboxEmail.objects.get().pk

    email = wait_for(
        lambda: (e := _email_state(pk)) and e.state == OutboxEmail.State.SENT and e,
        timeout=30,
        what=f"the worker to send the email\n{worker.log()}",
    )
    assert email.attempts == 1
    assert email.sent_at is not None
    wait_for(lambda: smtp_server.inbox, timeout=5, what="the SMTP server to have the message")
    [received] = smtp_server.inbox
    assert received.rcpt_tos == ["petra@hospital.example"]
    assert received.subject == "Worker delivery"
    assert received.text.strip() == "Sent by the worker."

    # A duplicate task message for the same email is harmless: the worker runs it (we wait for
    # its result) and sends nothing.
    assert deliver_email.apply_async((pk,), ignore_result=False).get(timeout=30) is None
    assert outbox_flush.apply_async(ignore_result=False).get(timeout=30) == 0
    assert len(smtp_server.inbox) == 1
    assert _email_state(pk).attempts == 1
    assert broker.tasks() == []


@pytest.mark.django_db(transaction=True)
def test_worker_records_a_failure_and_the_flush_delivers_once_smtp_is_up(celery_worker, smtp_sink) -> None:
    worker = celery_worker(smtp_sink.port)  # nothing listens on the port yet

    with transaction.atomic():
        send_mail("Retry me", "First try fails.", None, ["anna@hospital.example"])
        pk = OutboxEmail.objects.get().pk

    # The claim counts the attempt (state "sending") before SMTP is tried: wait for its outcome.
    email = wait_for(
        lambda: (e := _email_state(pk)) and e.attempts == 1 and e.state != OutboxEmail.State.SENDING and e,
        timeout=60,
        what=f"the worker's failed attempt\n{worker.log()}",
    )
    assert email.state == OutboxEmail.State.QUEUED
    assert email.last_error.startswith("ConnectionRefusedError:")
    assert email.next_attempt_at > timezone.now()

    smtp_sink.start()
    # Not due yet: the flush leaves it alone even though SMTP is back.
    assert outbox_flush.apply_async(ignore_result=False).get(timeout=30) == 0
    assert smtp_sink.inbox == []

    make_due(_email_state(pk))
    assert outbox_flush.apply_async(ignore_result=False).get(timeout=30) == 1

    email = _email_state(pk)
    assert (email.state, email.attempts, email.last_error) == (OutboxEmail.State.SENT, 2, "")
    [received] = smtp_sink.inbox
    assert received.rcpt_tos == ["anna@hospital.example"]
    assert received.subject == "Retry me"
    assert outbox_flush.apply_async(ignore_result=False).get(timeout=30) == 0
    assert len(smtp_sink.inbox) == 1


@pytest.mark.django_db
def test_retry_reads_the_row_afresh_so_an_email_sent_meanwhile_is_not_sent_again(
    smtp_server, django_capture_on_commit_callbacks
) -> None:
    email = queue_report_email()
    make_due(email)
    stale = OutboxEmail.objects.get(pk=email.pk)  # what the retry page loaded: still queued
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
    with django_capture_on_commit_callbacks(execute=True):
        result = outbox_retry(email=stale)
    assert result.state == OutboxEmail.State.SENT
    assert outbox_deliver(email_id=email.pk) is None
    assert len(smtp_server.inbox) == 1


@pytest.mark.django_db
def test_an_email_stored_without_a_due_time_is_due_at_once(smtp_server) -> None:
    email = OutboxEmail.objects.create(to=["a@h.example"], from_email="desk@h.example", subject="Stored by hand")
    assert email.pk in outbox_due_ids()
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT


# --- mail that can never be sent ----------------------------------------------------------------------


@pytest.mark.django_db
def test_a_message_that_can_never_be_sent_fails_at_its_first_attempt_with_the_reason(
    django_capture_on_commit_callbacks,
) -> None:
    admin = HospitalAdminFactory()
    # Queued before subjects were sanitised: a line break in the subject, which Django refuses.
    email = OutboxEmail.objects.create(
        to=["admin@hospital.example"], from_email="desk@hospital.example", subject="Maintenance\r\nBcc: x@evil.example"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.FAILED

    email.refresh_from_db()
    assert (email.state, email.attempts, email.next_attempt_at) == (OutboxEmail.State.FAILED, 1, None)
    assert email.last_error.startswith("Cannot be sent: BadHeaderError: Header values can't contain newlines")
    [notification] = Notification.objects.filter(recipient=admin)
    assert notification.title == "Email could not be delivered: Maintenance Bcc: x@evil.example"
    assert email.pk not in outbox_due_ids()


class RefusingTransport:
    """An SMTP server's answer we cannot provoke from the sink: these recipients do not exist."""

    def __init__(self, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: list) -> int:
        import smtplib

        raise smtplib.SMTPRecipientsRefused({"nobody@hospital.example": (550, b"5.1.1 No such user")})


@pytest.mark.django_db
def test_recipients_refused_for_good_fail_at_once_and_a_passing_fault_is_retried(settings, smtp_sink) -> None:
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.RefusingTransport"
    send_mail("Hello", "Body", None, ["nobody@hospital.example"])
    email = OutboxEmail.objects.get()
    assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.FAILED
    email.refresh_from_db()
    assert email.last_error.startswith("Cannot be sent: SMTPRecipientsRefused:")
    assert email.attempts == 1

    settings.OUTBOX_TRANSPORT_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # the sink is down
    send_mail("Later", "Body", None, ["u@hospital.example"])
    assert outbox_deliver(email_id=OutboxEmail.objects.get(subject="Later").pk) == OutboxEmail.State.QUEUED

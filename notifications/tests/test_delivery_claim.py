"""Delivery narrowed to the SMTP conversation: the row is claimed (committed) before SMTP is
contacted and the result recorded right after, so a worker killed mid-send leaves a claimed row
that is sent again once its lease ends, and nothing else is sent twice or lost."""

import datetime

import psycopg2
import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.mail.backends.smtp import EmailBackend
from django.utils import timezone

from notifications.models import OutboxEmail
from notifications.services.outbox import LOST_SEND_ERROR, outbox_deliver, outbox_due_ids, outbox_retry
from notifications.tests.support import SmtpSink, worker_database_url

from .test_delivery import queue_report_email


class DyingAfterSendBackend(EmailBackend):
    """The SMTP transport of a worker that is killed right after the server accepted the mail:
    the message is out, the process never gets to record it."""

    def send_messages(self, email_messages: list) -> int:
        super().send_messages(email_messages)
        raise SystemExit("killed")


class TakenOverDuringSendBackend(EmailBackend):
    """The SMTP transport of a worker so slow that its lease ended and another worker claimed
    the row (a new lease) while this one was still sending."""

    def send_messages(self, email_messages: list) -> int:
        sent = super().send_messages(email_messages)
        OutboxEmail.objects.filter(state=OutboxEmail.State.SENDING).update(
            claimed_until=timezone.now() + datetime.timedelta(hours=1)
        )
        return sent


class _StateSeenBySmtp:
    """An SMTP handler that, while a message arrives, reads the outbox row from a connection of
    its own: what another worker (or a restarted one) would see at that moment."""

    def __init__(self, email_id: int) -> None:
        self.email_id = email_id
        self.seen: list[tuple[str, int, datetime.datetime | None]] = []

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        with psycopg2.connect(worker_database_url()) as connection, connection.cursor() as cursor:
            cursor.execute(
                "SELECT state, attempts, claimed_until FROM notifications_outboxemail WHERE id = %s", [self.email_id]
            )
            self.seen.append(cursor.fetchone())
        connection.close()
        return "250 Message accepted for delivery"


@pytest.mark.django_db(transaction=True)
def test_the_claim_is_committed_before_smtp_is_contacted_and_cleared_when_sent(smtp_sink: SmtpSink, settings) -> None:
    email = queue_report_email()
    handler = _StateSeenBySmtp(email.pk)
    controller = Controller(handler, hostname="127.0.0.1", port=smtp_sink.port, server_hostname="localhost")
    controller.start()
    try:
        before = timezone.now()
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT
    finally:
        controller.stop()

    [(state, attempts, claimed_until)] = handler.seen
    assert (state, attempts) == ("sending", 1)
    lease = datetime.timedelta(seconds=settings.EMAIL_OUTBOX_LEASE_SECONDS)
    assert before + lease <= claimed_until <= timezone.now() + lease
    email.refresh_from_db()
    assert (email.state, email.attempts, email.claimed_until) == (OutboxEmail.State.SENT, 1, None)


@pytest.mark.django_db
def test_a_worker_killed_mid_send_leaves_a_claim_that_is_sent_again_once_its_lease_ends(
    smtp_server: SmtpSink, settings
) -> None:
    email = queue_report_email()
    smtp_transport = settings.OUTBOX_TRANSPORT_BACKEND
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.DyingAfterSendBackend"
    with pytest.raises(SystemExit):
        outbox_deliver(email_id=email.pk)
    settings.OUTBOX_TRANSPORT_BACKEND = smtp_transport

    email.refresh_from_db()
    assert (email.state, email.attempts, email.sent_at) == (OutboxEmail.State.SENDING, 1, None)
    assert len(smtp_server.inbox) == 1
    # While the lease runs, nobody else sends it (the worker could still be alive and slow).
    assert email.pk not in outbox_due_ids()
    assert outbox_deliver(email_id=email.pk) is None
    assert len(smtp_server.inbox) == 1

    with time_machine.travel(email.claimed_until + datetime.timedelta(seconds=1), tick=False):
        assert outbox_due_ids() == [email.pk]
        assert outbox_deliver(email_id=email.pk) == OutboxEmail.State.SENT

    email.refresh_from_db()
    assert (email.state, email.attempts, email.claimed_until) == (OutboxEmail.State.SENT, 2, None)
    # The documented window: the one message SMTP accepted as the worker died goes out twice.
    assert [mail.subject for mail in smtp_server.inbox] == ["Monthly uptime report"] * 2


@pytest.mark.django_db
def test_a_message_lost_mid_send_on_its_last_attempt_is_marked_failed_not_resent(
    smtp_server: SmtpSink, settings, django_capture_on_commit_callbacks
) -> None:
    email = queue_report_email()
    expired = timezone.now() - datetime.timedelta(seconds=1)
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=OutboxEmail.State.SENDING, attempts=settings.EMAIL_OUTBOX_MAX_ATTEMPTS, claimed_until=expired
    )

    with django_capture_on_commit_callbacks(execute=True):
        assert outbox_deliver(email_id=email.pk) is None

    email.refresh_from_db()
    assert (email.state, email.claimed_until, email.next_attempt_at) == (OutboxEmail.State.FAILED, None, None)
    assert email.last_error == LOST_SEND_ERROR
    assert email.pk not in outbox_due_ids()
    assert smtp_server.inbox == []


@pytest.mark.django_db
def test_retry_leaves_an_email_being_sent_alone(smtp_server: SmtpSink, django_capture_on_commit_callbacks) -> None:
    email = queue_report_email()
    claimed_until = timezone.now() + datetime.timedelta(minutes=5)
    OutboxEmail.objects.filter(pk=email.pk).update(
        state=OutboxEmail.State.SENDING, attempts=1, claimed_until=claimed_until
    )

    with django_capture_on_commit_callbacks(execute=True):
        result = outbox_retry(email=email)

    assert (result.state, result.attempts, result.claimed_until) == (OutboxEmail.State.SENDING, 1, claimed_until)
    assert smtp_server.inbox == []


@pytest.mark.django_db
def test_the_outcome_of_a_send_whose_claim_was_taken_over_is_dropped(smtp_server: SmtpSink, settings) -> None:
    """A worker slower than its lease: another took the row over; the late one records nothing."""
    email = queue_report_email()
    settings.OUTBOX_TRANSPORT_BACKEND = f"{__name__}.TakenOverDuringSendBackend"

    assert outbox_deliver(email_id=email.pk) is None

    email.refresh_from_db()
    assert (email.state, email.sent_at, email.attempts) == (OutboxEmail.State.SENDING, None, 1)
    assert email.claimed_until > timezone.now() + datetime.timedelta(minutes=30)
    assert len(smtp_server.inbox) == 1

"""The management commands behind the beat schedule: ``outbox_flush`` and ``send_reminders``."""

import datetime
from io import StringIO

import pytest
from django.core.mail import send_mail
from django.core.management import call_command
from django.utils import timezone

from accounts.tests.factories import HospitalAdminFactory
from notifications.models import Notification, OutboxEmail
from vendors.tests.factories import ContractFactory


def run(command: str) -> str:
    out = StringIO()
    call_command(command, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_outbox_flush_delivers_due_mail_and_prints_the_count(smtp_server) -> None:
    for n in range(3):
        send_mail(f"Due {n}", "Body", None, [f"u{n}@hospital.example"])
    send_mail("Not yet", "Body", None, ["later@hospital.example"])
    OutboxEmail.objects.filter(subject="Not yet").update(next_attempt_at=timezone.now() + datetime.timedelta(hours=1))

    assert run("outbox_flush") == "Attempted delivery of 3 email(s).\n"

    assert sorted(m.subject for m in smtp_server.inbox) == ["Due 0", "Due 1", "Due 2"]
    assert OutboxEmail.objects.filter(state=OutboxEmail.State.SENT).count() == 3
    assert OutboxEmail.objects.get(subject="Not yet").state == OutboxEmail.State.QUEUED
    assert run("outbox_flush") == "Attempted delivery of 0 email(s).\n"
    assert len(smtp_server.inbox) == 3


@pytest.mark.django_db
def test_outbox_flush_counts_attempts_that_fail(smtp_sink) -> None:
    send_mail("Undeliverable for now", "Body", None, ["u@hospital.example"])

    assert run("outbox_flush") == "Attempted delivery of 1 email(s).\n"

    email = OutboxEmail.objects.get()
    assert (email.state, email.attempts) == (OutboxEmail.State.QUEUED, 1)
    assert run("outbox_flush") == "Attempted delivery of 0 email(s).\n"  # backing off


@pytest.mark.django_db
def test_send_reminders_raises_todays_reminders_and_prints_the_count() -> None:
    admin = HospitalAdminFactory()
    today = timezone.localdate()
    contract = ContractFactory(start_date=today - datetime.timedelta(days=300), end_date=today + datetime.timedelta(7))

    assert run("send_reminders") == "Raised 1 reminder notification(s).\n"

    [notification] = Notification.objects.filter(recipient=admin)
    assert contract.reference in notification.title
    assert run("send_reminders") == "Raised 0 reminder notification(s).\n"


@pytest.mark.django_db
def test_send_reminders_with_nothing_due() -> None:
    HospitalAdminFactory()
    assert run("send_reminders") == "Raised 0 reminder notification(s).\n"


@pytest.mark.django_db
def test_send_reminders_lists_the_contracts_it_had_to_skip(monkeypatch) -> None:
    from notifications import reminders

    HospitalAdminFactory()
    today = timezone.localdate()
    ContractFactory(reference="BROKEN", start_date=today - datetime.timedelta(days=300), end_date=today)

    def failing(contract: object, today: datetime.date) -> list:
        raise OverflowError("date value out of range")

    monkeypatch.setattr(reminders, "_reminders_for", failing)
    out, err = StringIO(), StringIO()
    call_command("send_reminders", stdout=out, stderr=err)
    assert out.getvalue() == "Raised 0 reminder notification(s).\n"
    assert err.getvalue() == (
        "Contract reminders: 0 done, 1 row(s) failed.\n  BROKEN: OverflowError: date value out of range\n"
    )

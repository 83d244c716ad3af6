"""The ticket lifecycle services and their SLA clocks (DESIGN.md, "Time and SLA clocks").

Instants are Europe/Berlin wall-clock times. The template SLA (slas/defaults.py) gives P1
15 min / 1 h / 4 h round the clock and P3 4 h / 10 h / 30 h on business hours Mon-Fri
08:00-18:00. The services refuse instants in the future, so "now" is pinned after the events
each test records.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from accounts.tests.factories import UserFactory, VendorUserFactory
from slas.models import Agreement
from slas.services.agreements import agreement_new_version
from slas.services.calendars import holiday_add
from tickets.models import SatisfactionRating, SlaClock, Status, Ticket, TicketEvent
from tickets.services import ratings, thread
from tickets.services import tickets as lifecycle
from tickets.tests.support import PinnedNow
from vendors.models import Vendor
from vendors.tests.factories import VendorFactory

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)
Kind = TicketEvent.Kind


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


FRIDAY_1655 = berlin(2026, 11, 27, 16, 55)


def open_at(vendor: Vendor, at: dt.datetime, severity: str = "P3", **details: object) -> Ticket:
    return lifecycle.ticket_open(
        vendor_id=vendor.pk, severity=severity, title="Prior studies do not load", at=at, **details
    )


def clock(ticket: Ticket, metric: str) -> SlaClock:
    return SlaClock.objects.get(ticket=ticket, metric=metric)


def local(instant: dt.datetime | None) -> dt.datetime | None:
    return instant.astimezone(BERLIN) if instant else None


# --- opening -----------------------------------------------------------------------------


def test_p3_opened_friday_afternoon_is_due_monday_and_wednesday(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P3")

    # Response 4 h of business time: Fri 16:55-18:00 (1 h 05), Mon 08:00 + 2 h 55 = 10:55.
    response = clock(ticket, "response")
    assert local(response.due_at) == berlin(2026, 11, 30, 10, 55)
    # Resolution 30 h: Fri 1 h 05, Mon 10 h, Tue 10 h, Wed 08:00 + 8 h 55 = 16:55.
    resolution = clock(ticket, "resolution")
    assert local(resolution.due_at) == berlin(2026, 12, 2, 16, 55)
    for running in (response, resolution):
        assert running.state == SlaClock.State.RUNNING
        assert running.started_at == FRIDAY_1655
        assert running.consumed_seconds == 0
        assert running.agreement == agreement
        assert not running.calendar.always_open
    assert (response.target_seconds, resolution.target_seconds) == (4 * 3600, 30 * 3600)
    assert not ticket.clocks.filter(metric="update").exists()  # starts with the first answer
    assert ticket.agreement == agreement
    assert ticket.status == Status.NEW
    assert list(ticket.events.values_list("kind", "at")) == [(Kind.OPENED, FRIDAY_1655)]


def test_p1_opened_at_the_same_instant_runs_round_the_clock(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P1")

    response, resolution = clock(ticket, "response"), clock(ticket, "resolution")
    assert local(response.due_at) == berlin(2026, 11, 27, 17, 10)
    assert local(resolution.due_at) == berlin(2026, 11, 27, 20, 55)
    assert response.calendar.always_open
    assert resolution.calendar.always_open


def test_a_vendor_without_an_agreement_gets_a_ticket_without_clocks(now: PinnedNow) -> None:
    vendor = VendorFactory(name="No SLA Ltd")
    ticket = open_at(vendor, FRIDAY_1655, "P1")

    assert ticket.pk
    assert ticket.agreement is None
    assert not ticket.clocks.exists()
    assert ticket.events.get().kind == Kind.OPENED


def test_the_sla_version_in_force_on_the_opening_date_applies(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    second = agreement_new_version(agreement=agreement, effective_from=dt.date(2026, 6, 1))
    agreement.refresh_from_db()
    assert agreement.effective_to == dt.date(2026, 5, 31)

    # The last evening of v1 in Berlin (21:30 UTC) and the first hour of v2 (22:30 UTC the
    # same UTC day): the date that counts is the hospital's.
    under_first = open_at(vendor, berlin(2026, 5, 31, 23, 30), "P1")
    under_second = open_at(vendor, berlin(2026, 6, 1, 0, 30), "P1")

    assert under_first.agreement == agreement
    assert {c.agreement_id for c in under_first.clocks.all()} == {agreement.pk}
    assert under_second.agreement == second
    assert {c.agreement_id for c in under_second.clocks.all()} == {second.pk}


def test_a_holiday_added_to_the_calendar_counts_for_tickets_opened_after(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    before = open_at(vendor, FRIDAY_1655, "P3")
    office = clock(before, "response").calendar

    now.set(now.value + H)  # the calendar is edited later than the first ticket was opened
    holiday_add(calendar=office, name="Hospital staff day", date=dt.date(2026, 11, 30))
    after = open_at(vendor, FRIDAY_1655, "P3")

    # Monday is closed now: Fri 1 h 05, Tue 08:00 + 2 h 55 = Tue 10:55.
    assert local(clock(after, "response").due_at) == berlin(2026, 12, 1, 10, 55)
    # A ticket already open keeps the due instant it was given.
    assert local(clock(before, "response").due_at) == berlin(2026, 11, 30, 10, 55)


# --- answers -----------------------------------------------------------------------------


def test_first_vendor_reply_meets_response_and_starts_update_clock(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    engineer = VendorUserFactory(vendor=vendor)
    ticket = open_at(vendor, FRIDAY_1655, "P3")

    answered = FRIDAY_1655 + 5 * MIN
    thread.ticket_reply(ticket=ticket, by=engineer, body="Looking at the archive logs.", at=answered)

    ticket.refresh_from_db()
    assert ticket.status == Status.ACKNOWLEDGED
    assert ticket.responded_at == answered
    response = clock(ticket, "response")
    assert response.state == SlaClock.State.MET
    assert response.met_at == answered
    assert response.consumed_seconds == 300
    assert not response.actions.filter(fired_at__isnull=True, fire_at__isnull=False).exists()
    update = clock(ticket, "update")
    assert update.state == SlaClock.State.RUNNING
    assert update.started_at == answered
    # 10 business hours from Fri 17:00: Fri 1 h, Mon 08:00 + 9 h = 17:00.
    assert local(update.due_at) == berlin(2026, 11, 30, 17, 0)
    responded = ticket.events.get(kind=Kind.RESPONDED)
    assert (responded.at, responded.actor, responded.data["outcome"]) == (answered, engineer, "met")


def test_a_later_reply_meets_the_update_clock_and_starts_the_next_interval(
    now: PinnedNow, agreement: Agreement
) -> None:
    vendor = agreement.contract.vendor
    engineer = VendorUserFactory(vendor=vendor)
    ticket = open_at(vendor, FRIDAY_1655, "P3")
    thread.ticket_reply(ticket=ticket, by=engineer, body="Looking into it.", at=FRIDAY_1655 + 5 * MIN)

    second = berlin(2026, 11, 30, 9, 0)
    thread.ticket_reply(ticket=ticket, by=engineer, body="Index rebuild running.", at=second)

    update_event = ticket.events.get(kind=Kind.UPDATED)
    assert (update_event.at, update_event.data["outcome"]) == (second, "met")
    update = clock(ticket, "update")
    assert update.state == SlaClock.State.RUNNING
    assert update.started_at == second
    assert update.consumed_seconds == 0
    # Mon 09:00 + 10 business hours: Mon 9 h, Tue 08:00 + 1 h = 09:00.
    assert local(update.due_at) == berlin(2026, 12, 1, 9, 0)
    # The response clock keeps its first outcome.
    assert clock(ticket, "response").met_at == FRIDAY_1655 + 5 * MIN
    ticket.refresh_from_db()
    assert ticket.responded_at == FRIDAY_1655 + 5 * MIN


def test_the_update_clock_runs_again_after_a_reply_sent_while_waiting(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P1")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 5 * MIN)
    lifecycle.ticket_pause(ticket=ticket, by=None, reason="Need the logs", at=FRIDAY_1655 + 10 * MIN)
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 20 * MIN)  # "still waiting for logs"

    lifecycle.ticket_resume(ticket=ticket, by=None, at=FRIDAY_1655 + 30 * MIN)

    update = clock(ticket, "update")
    assert update.state == SlaClock.State.RUNNING
    assert update.due_at is not None


# --- pause and resume --------------------------------------------------------------------


def test_pausing_over_the_weekend_resumes_with_the_remaining_budget(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P3")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=berlin(2026, 11, 27, 17, 0))
    old_due = clock(ticket, "resolution").due_at  # Wed 2026-12-02 16:55

    paused_at = berlin(2026, 11, 27, 17, 30)
    lifecycle.ticket_pause(ticket=ticket, by=None, reason="Waiting for the modality log export", at=paused_at)

    resolution = clock(ticket, "resolution")
    assert resolution.state == SlaClock.State.PAUSED
    assert resolution.consumed_seconds == 35 * 60  # Fri 16:55-17:30
    assert resolution.due_at is None
    assert not resolution.actions.filter(fire_at__isnull=False, fired_at__isnull=True).exists()
    assert clock(ticket, "update").state == SlaClock.State.PAUSED
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING_ON_HOSPITAL

    resumed_at = berlin(2026, 11, 30, 9, 0)
    lifecycle.ticket_resume(ticket=ticket, by=None, at=resumed_at)

    # Remaining budget: 30 h - 35 min = 29 h 25 min of business time from Mon 09:00:
    # Mon 09:00-18:00 9 h (20 h 25 left), Tue 10 h (10 h 25 left), Wed 10 h (25 min left),
    # Thu 08:00 + 25 min = Thu 2026-12-03 08:25.
    resolution = clock(ticket, "resolution")
    assert resolution.state == SlaClock.State.RUNNING
    assert resolution.last_resumed_at == resumed_at
    assert resolution.consumed_seconds == 35 * 60
    assert local(resolution.due_at) == berlin(2026, 12, 3, 8, 25)
    # Never "old due + pause length" (Wed 16:55 + 63 h 30 = Sat 08:25, a closed day).
    assert resolution.due_at != old_due + (resumed_at - paused_at)
    # The update clock likewise: 10 h - 30 min (Fri 17:00-17:30) from Mon 09:00 = Tue 08:30.
    update = clock(ticket, "update")
    assert update.state == SlaClock.State.RUNNING
    assert local(update.due_at) == berlin(2026, 12, 1, 8, 30)
    # Its actions are due again from the remaining budget: 100 % at the new due instant.
    assert resolution.actions.get(threshold_percent=100).fire_at == resolution.due_at
    paused_event = ticket.events.get(kind=Kind.PAUSED)
    assert paused_event.data == {"reason": "Waiting for the modality log export"}
    assert ticket.events.filter(kind=Kind.RESUMED, at=resumed_at).exists()


# --- severity ----------------------------------------------------------------------------


def test_severity_change_keeps_consumed_business_time_and_retargets(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P3")

    changed_at = berlin(2026, 11, 30, 8, 30)
    lifecycle.ticket_change_severity(ticket=ticket, by=None, severity="P1", at=changed_at)

    # Business time consumed under P3: Fri 16:55-18:00 and Mon 08:00-08:30 = 1 h 35 min (not
    # the 63 h 35 min of wall-clock time since the opening).
    consumed = 95 * 60
    resolution = clock(ticket, "resolution")
    assert resolution.consumed_seconds == consumed
    assert resolution.target_seconds == 4 * 3600
    assert resolution.calendar.always_open
    assert resolution.last_resumed_at == changed_at
    # 4 h - 1 h 35 = 2 h 25 left, counted round the clock from the change: Mon 10:55.
    assert local(resolution.due_at) == berlin(2026, 11, 30, 10, 55)
    assert resolution.actions.get(threshold_percent=100).fire_at == resolution.due_at
    # The response clock has used more than P1's 15 min already: due at the change itself.
    response = clock(ticket, "response")
    assert response.consumed_seconds == consumed
    assert response.target_seconds == 15 * 60
    assert response.due_at == changed_at
    assert response.state == SlaClock.State.RUNNING
    ticket.refresh_from_db()
    assert ticket.severity == "P1"
    event = ticket.events.get(kind=Kind.SEVERITY_CHANGED)
    assert (event.at, event.data) == (changed_at, {"previous": "P3", "severity": "P1"})


def test_raising_a_p4_starts_the_resolution_clock_it_lacked(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P4")
    assert not ticket.clocks.filter(metric="resolution").exists()

    lifecycle.ticket_change_severity(ticket=ticket, by=None, severity="P1", at=berlin(2026, 11, 30, 8, 30))

    assert clock(ticket, "resolution").target_seconds == 4 * 3600


# --- resolve, reopen, close --------------------------------------------------------------


def test_resolving_in_time_freezes_met_outcomes(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P3")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 5 * MIN)

    resolved_at = berlin(2026, 11, 30, 10, 0)
    lifecycle.ticket_resolve(ticket=ticket, by=None, at=resolved_at, summary="Index rebuilt")

    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at) == (Status.RESOLVED, resolved_at)
    resolution = clock(ticket, "resolution")
    assert (resolution.state, resolution.met_at, resolution.breached_at) == ("met", resolved_at, None)
    assert resolution.consumed_seconds == (65 + 120) * 60  # Fri 1 h 05 + Mon 2 h
    assert clock(ticket, "update").state == SlaClock.State.MET
    event = ticket.events.get(kind=Kind.RESOLVED)
    assert event.data == {
        "summary": "Index rebuilt",
        "outcomes": {"response": "met", "resolution": "met", "update": "met"},
    }
    # Nothing is due any more: the outcome stays, however late the sweep looks.
    assert not SlaClock.objects.filter(ticket=ticket, actions__fire_at__isnull=False, actions__fired_at=None).exists()


def test_resolving_after_the_due_instant_freezes_a_breach(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P1")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 10 * MIN)

    lifecycle.ticket_resolve(ticket=ticket, by=None, at=berlin(2026, 11, 27, 21, 0))

    resolution = clock(ticket, "resolution")
    assert resolution.state == SlaClock.State.BREACHED
    assert local(resolution.breached_at) == berlin(2026, 11, 27, 20, 55)  # when it was due
    assert resolution.met_at is None
    assert clock(ticket, "response").state == SlaClock.State.MET

    # A frozen breach stays one: reopening does not turn it into a running clock.
    lifecycle.ticket_reopen(ticket=ticket, by=None, at=berlin(2026, 11, 28, 9, 0), reason="Came back")
    resolution = clock(ticket, "resolution")
    assert resolution.state == SlaClock.State.BREACHED
    assert local(resolution.breached_at) == berlin(2026, 11, 27, 20, 55)


def test_reopening_within_the_window_resumes_the_resolution_clock(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P3")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 5 * MIN)
    lifecycle.ticket_resolve(ticket=ticket, by=None, at=berlin(2026, 11, 30, 10, 0))

    reopened_at = berlin(2026, 12, 1, 9, 0)
    lifecycle.ticket_reopen(ticket=ticket, by=None, at=reopened_at, reason="Priors missing again")

    ticket.refresh_from_db()
    assert (ticket.status, ticket.resolved_at) == (Status.IN_PROGRESS, None)
    resolution = clock(ticket, "resolution")
    assert resolution.state == SlaClock.State.RUNNING
    assert resolution.met_at is None
    assert resolution.consumed_seconds == 185 * 60  # 3 h 05 consumed before the resolution
    # 30 h - 3 h 05 = 26 h 55 from Tue 09:00: Tue 9 h (17 h 55 left), Wed 10 h (7 h 55 left),
    # Thu 08:00 + 7 h 55 = 15:55.
    assert local(resolution.due_at) == berlin(2026, 12, 3, 15, 55)
    assert resolution.actions.get(threshold_percent=100).fire_at == resolution.due_at
    assert ticket.events.get(kind=Kind.REOPENED).data == {"reason": "Priors missing again"}


def test_reopening_after_the_window_is_refused(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P1")
    resolved_at = berlin(2026, 11, 27, 18, 0)
    lifecycle.ticket_resolve(ticket=ticket, by=None, at=resolved_at)
    window = dt.timedelta(days=settings.TICKET_REOPEN_DAYS)
    now.set(resolved_at + window + 2 * MIN)

    with pytest.raises(ValidationError) as refused:
        lifecycle.ticket_reopen(ticket=ticket, by=None, at=resolved_at + window + MIN)
    assert refused.value.messages == [
        f"Tickets can be reopened within {settings.TICKET_REOPEN_DAYS} days of resolution."
    ]
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED

    # On the last minute of the window it is still possible.
    lifecycle.ticket_reopen(ticket=ticket, by=None, at=resolved_at + window)
    ticket.refresh_from_db()
    assert ticket.status == Status.IN_PROGRESS


# --- refused transitions and instants ----------------------------------------------------


def _resolved(vendor: Vendor) -> Ticket:
    ticket = open_at(vendor, FRIDAY_1655, "P1")
    lifecycle.ticket_resolve(ticket=ticket, by=None, at=FRIDAY_1655 + H)
    return ticket


def _closed(vendor: Vendor) -> Ticket:
    ticket = _resolved(vendor)
    lifecycle.ticket_close(ticket=ticket, by=None, at=FRIDAY_1655 + 2 * H)
    return ticket


def _open(vendor: Vendor) -> Ticket:
    return open_at(vendor, FRIDAY_1655, "P1")


def _rated(vendor: Vendor) -> Ticket:
    ticket = _resolved(vendor)
    ratings.ticket_rate(ticket=ticket, by=UserFactory(), score=4)
    return ticket


@pytest.mark.parametrize(
    ("make", "attempt", "message"),
    [
        (_open, lambda t: lifecycle.ticket_pause(ticket=t, by=None, reason="Logs"), "A new ticket cannot be paused."),
        (_closed, lambda t: lifecycle.ticket_resolve(ticket=t, by=None), "A closed ticket cannot be resolved."),
        (_open, lambda t: lifecycle.ticket_close(ticket=t, by=None), "A new ticket cannot be closed."),
        (_closed, lambda t: lifecycle.ticket_reopen(ticket=t, by=None), "A closed ticket cannot be reopened."),
        (
            _rated,
            lambda t: ratings.ticket_rate(ticket=t, by=t.reporter or UserFactory(), score=2),
            "This ticket has already been rated.",
        ),
        (
            _open,
            lambda t: ratings.ticket_rate(ticket=t, by=UserFactory(), score=5),
            "A ticket can be rated once it is resolved.",
        ),
        (_resolved, lambda t: lifecycle.ticket_respond(ticket=t, by=None), "A resolved ticket cannot be answered."),
        (
            _open,
            lambda t: lifecycle.ticket_set_in_progress(ticket=t, by=None),
            "Answer or acknowledge the ticket before setting it in progress.",
        ),
    ],
    ids=[
        "pause-new",
        "resolve-closed",
        "close-open",
        "reopen-closed",
        "rate-twice",
        "rate-open",
        "answer-resolved",
        "progress-unanswered",
    ],
)
def test_invalid_transitions_are_refused_with_clear_messages(
    now: PinnedNow, agreement: Agreement, make, attempt, message: str
) -> None:
    ticket = make(agreement.contract.vendor)
    before = (ticket.events.count(), Ticket.objects.values_list("status", flat=True).get(pk=ticket.pk))

    with pytest.raises(ValidationError) as refused:
        attempt(ticket)

    assert refused.value.messages == [message]
    assert (ticket.events.count(), Ticket.objects.values_list("status", flat=True).get(pk=ticket.pk)) == before
    assert SatisfactionRating.objects.filter(ticket=ticket).count() <= 1


def test_pausing_needs_a_reason(now: PinnedNow, agreement: Agreement) -> None:
    ticket = _open(agreement.contract.vendor)
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + MIN)

    with pytest.raises(ValidationError) as refused:
        lifecycle.ticket_pause(ticket=ticket, by=None, reason="  ")
    assert refused.value.message_dict == {"reason": ["Say what the vendor is waiting for."]}


def test_refusals_read_as_english(now: PinnedNow, agreement: Agreement) -> None:
    ticket = _open(agreement.contract.vendor)
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + MIN)

    with pytest.raises(ValidationError) as refused:
        lifecycle.ticket_close(ticket=ticket, by=None)
    assert refused.value.messages == ["An acknowledged ticket cannot be closed."]


def test_an_instant_in_the_future_is_refused(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    with pytest.raises(ValidationError) as refused:
        open_at(vendor, now.value + H)
    # The error names the instant the ticket opens at.
    assert refused.value.message_dict == {"opened_at": ["This instant is in the future."]}
    assert not Ticket.objects.exists()

    ticket = open_at(vendor, FRIDAY_1655, "P1")
    with pytest.raises(ValidationError) as refused:
        lifecycle.ticket_respond(ticket=ticket, by=None, at=now.value + 10 * MIN)
    assert refused.value.message_dict == {"at": ["This instant is in the future."]}


def test_an_instant_before_the_last_event_is_refused(now: PinnedNow, agreement: Agreement) -> None:
    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P1")
    lifecycle.ticket_respond(ticket=ticket, by=None, at=FRIDAY_1655 + 10 * MIN)

    with pytest.raises(ValidationError) as refused:
        lifecycle.ticket_resolve(ticket=ticket, by=None, at=FRIDAY_1655 + 5 * MIN)

    (message,) = refused.value.message_dict["at"]
    assert message.startswith("This instant is before the ticket's last event (2026-11-27T16:05:00")
    ticket.refresh_from_db()
    assert ticket.status == Status.ACKNOWLEDGED
    # The same instant as the last event is fine.
    lifecycle.ticket_resolve(ticket=ticket, by=None, at=FRIDAY_1655 + 10 * MIN)


def test_a_naive_instant_is_refused(now: PinnedNow, agreement: Agreement) -> None:
    naive = dt.datetime(2026, 11, 27, 16, 55)
    with pytest.raises(ValidationError) as refused:
        open_at(agreement.contract.vendor, naive)
    (message,) = refused.value.message_dict["opened_at"]
    assert "UTC offset" in message

    ticket = open_at(agreement.contract.vendor, FRIDAY_1655, "P1")
    with pytest.raises(ValidationError) as refused:
        lifecycle.ticket_respond(ticket=ticket, by=None, at=naive + H)
    assert list(refused.value.message_dict) == ["at"]
    assert not ticket.events.filter(kind=Kind.RESPONDED).exists()

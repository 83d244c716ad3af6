"""The SLA sweep: due clock actions fire once each, whoever runs it and however often.

In-process tests move time forward by passing ``now=`` to ``sweep_due_actions``. The
concurrency tests commit their data and run the sweep from separate OS processes against the
test database, as beat and several Celery workers would.
"""

import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connection, connections

from accounts.models import User
from accounts.tests.factories import HospitalAdminFactory
from core.testing.clock import subprocess_clock_env
from notifications.models import Notification, OutboxEmail
from notifications.services.notify import silenced
from slas.models import Agreement, BusinessCalendar
from slas.models.agreements import SupportTier
from slas.services.agreements import RuleInput, agreement_save
from slas.tests.factories import office_calendar, round_the_clock_calendar, template_targets
from tickets.models import ClockAction, SlaClock, Ticket, TicketEvent
from tickets.services import tickets as lifecycle
from tickets.services.sweep import BATCH_SIZE, sweep_due_actions
from tickets.tests.support import PinnedNow
from vendors.models import Contact, Vendor
from vendors.tests.factories import ContactFactory, ContractFactory, VendorFactory

BERLIN = ZoneInfo("Europe/Berlin")
MIN = dt.timedelta(minutes=1)
Kind = TicketEvent.Kind


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=BERLIN)


# P1 opened Friday 2026-11-27 16:55 (template, 24x7): response 50 % 17:02:30, 100 % 17:10,
# 150 % 17:17:30; resolution 50 % 18:55, 75 % 19:55, 100 % 20:55, 150 % 22:55.
OPENED = berlin(2026, 11, 27, 16, 55)


@pytest.fixture
def contacts(vendor: Vendor) -> dict[str, Contact]:
    """The vendor's escalation path (the template escalates by role and by level)."""
    return {
        "account": ContactFactory(
            vendor=vendor, role=Contact.Role.ACCOUNT_MANAGER, escalation_level=1, email="am@meridian.example"
        ),
        "account2": ContactFactory(
            vendor=vendor, role=Contact.Role.ACCOUNT_MANAGER, escalation_level=2, email="am2@meridian.example"
        ),
        "desk": ContactFactory(
            vendor=vendor, role=Contact.Role.SUPPORT_DESK, escalation_level=1, email="desk@meridian.example"
        ),
        "escalation": ContactFactory(
            vendor=vendor, role=Contact.Role.ESCALATION_MANAGER, escalation_level=2, email="esc@meridian.example"
        ),
        "level3": ContactFactory(
            vendor=vendor, role=Contact.Role.ENGINEER, escalation_level=3, email="l3@meridian.example"
        ),
        "level4": ContactFactory(
            vendor=vendor, role=Contact.Role.EXECUTIVE, escalation_level=4, email="l4@meridian.example"
        ),
        "elsewhere": ContactFactory(role=Contact.Role.ACCOUNT_MANAGER, escalation_level=3, email="am@other.example"),
    }


def open_p1(vendor: Vendor, **details: object) -> Ticket:
    # Opening a P1 announces it (tickets/tests/test_notices.py); these tests are about the sweep.
    with silenced():
        return lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title="Viewer hangs", at=OPENED, **details)


def action(ticket: Ticket, metric: str, percent: int) -> ClockAction:
    return ClockAction.objects.get(clock__ticket=ticket, clock__metric=metric, threshold_percent=percent)


def mails_to(*addresses: str) -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(to=list(addresses)))


def escalations(ticket: Ticket) -> list[tuple[str, int]]:
    return [
        (e.data["metric"], e.data["threshold_percent"])
        for e in ticket.events.filter(kind=Kind.ESCALATED).order_by("at", "id")
    ]


# --- in-process ------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_half_time_warning_fires_once_to_the_assignee(now: PinnedNow, agreement: Agreement, staff_user) -> None:
    ticket = open_p1(agreement.contract.vendor, assignee_user=staff_user)
    half = action(ticket, "response", 50)
    assert half.fire_at == berlin(2026, 11, 27, 17, 2, 30)

    assert sweep_due_actions(now=berlin(2026, 11, 27, 17, 2)) == 0  # not yet
    at = berlin(2026, 11, 27, 17, 5)
    assert sweep_due_actions(now=at) == 1

    half.refresh_from_db()
    assert half.fired_at == at
    (note,) = Notification.objects.all()
    assert note.recipient == staff_user
    assert note.level == Notification.Level.WARNING
    assert note.title == f"P1 ticket #{ticket.pk} (Meridian Imaging Systems) is at 50 % of its response target"
    assert note.url == f"/tickets/{ticket.pk}/"
    assert len(mails_to(staff_user.email)) == 1
    assert escalations(ticket) == [("response", 50)]
    assert SlaClock.objects.get(ticket=ticket, metric="response").state == SlaClock.State.RUNNING

    # Again: nothing more. Even if the action were put back, its dedupe key holds.
    assert sweep_due_actions(now=at) == 0
    ClockAction.objects.filter(pk=half.pk).update(fired_at=None)
    assert sweep_due_actions(now=at) == 1
    assert Notification.objects.count() == 1
    assert len(mails_to(staff_user.email)) == 1


@pytest.mark.django_db
def test_a_warning_without_an_assignee_tells_nobody(now: PinnedNow, agreement: Agreement, admin_user) -> None:
    ticket = open_p1(agreement.contract.vendor)

    assert sweep_due_actions(now=berlin(2026, 11, 27, 17, 5)) == 1

    assert escalations(ticket) == [("response", 50)]
    assert not Notification.objects.exists()  # admins hear of breaches, not of warnings
    assert not OutboxEmail.objects.exists()


@pytest.mark.django_db
def test_the_breach_marks_the_clock_and_notifies_hospital_admins(
    now: PinnedNow, agreement: Agreement, contacts: dict[str, Contact], admin_user, staff_user
) -> None:
    other_admin = HospitalAdminFactory(username="second-admin")
    HospitalAdminFactory(username="inactive-admin", is_active=False)
    ticket = open_p1(agreement.contract.vendor)

    at = berlin(2026, 11, 27, 17, 12)
    assert sweep_due_actions(now=at) == 2  # response 50 % and 100 %

    response = SlaClock.objects.get(ticket=ticket, metric="response")
    assert response.state == SlaClock.State.BREACHED
    assert response.breached_at == berlin(2026, 11, 27, 17, 10)  # when it was due, not when seen
    breach = ticket.events.get(kind=Kind.BREACHED)
    assert (breach.at, breach.data) == (berlin(2026, 11, 27, 17, 10), {"metric": "response"})
    assert escalations(ticket) == [("response", 50), ("response", 100)]
    notified = Notification.objects.filter(level=Notification.Level.DANGER)
    assert {n.recipient for n in notified} == {admin_user, other_admin}
    assert all("breached its response target (100 %)" in n.title for n in notified)
    assert not Notification.objects.filter(recipient=staff_user).exists()
    assert len(mails_to(admin_user.email)) == 1
    # The template's 100 % response rule also tells the vendor's account managers, in one mail.
    (vendor_mail,) = mails_to("am2@meridian.example", "am@meridian.example")
    assert "breached its response target" in vendor_mail.subject
    # The resolution clock runs on.
    assert SlaClock.objects.get(ticket=ticket, metric="resolution").state == SlaClock.State.RUNNING


@pytest.mark.django_db
def test_escalation_emails_the_vendor_contacts_of_the_role_and_level(
    now: PinnedNow, agreement: Agreement, contacts: dict[str, Contact]
) -> None:
    ticket = open_p1(agreement.contract.vendor)
    lifecycle.ticket_respond(ticket=ticket, by=None, at=OPENED + 5 * MIN)

    # Resolution 75 % (19:55): the account managers of this vendor only.
    sweep_due_actions(now=berlin(2026, 11, 27, 20, 0))
    assert mails_to("am2@meridian.example", "am@meridian.example")
    # Resolution 100 % (20:55): the escalation manager.
    sweep_due_actions(now=berlin(2026, 11, 27, 21, 0))
    (escalation_mail,) = mails_to("esc@meridian.example")
    assert (
        escalation_mail.subject
        == f"P1 ticket #{ticket.pk} (Meridian Imaging Systems) breached its resolution target (100 %)"
    )
    assert "Viewer hangs" in escalation_mail.body
    every_address = {address for mail in OutboxEmail.objects.all() for address in mail.to}
    assert "am@other.example" not in every_address
    assert "desk@meridian.example" not in every_address

    # A response escalation at level 3 goes to the level-3 contacts (same sweep as the breach).
    second = open_p1(agreement.contract.vendor)
    sweep_due_actions(now=berlin(2026, 11, 27, 17, 20))
    assert escalations(second) == [("response", 50), ("response", 100), ("response", 150)]
    (level_mail,) = mails_to("l3@meridian.example")
    assert "breached its response target (150 %)" in level_mail.subject


@pytest.mark.django_db
def test_escalation_past_the_breach_fires_in_a_later_sweep(
    now: PinnedNow, agreement: Agreement, contacts: dict[str, Contact]
) -> None:
    ticket = open_p1(agreement.contract.vendor)
    sweep_due_actions(now=berlin(2026, 11, 27, 17, 12))  # the breach, as beat runs every minute
    sweep_due_actions(now=berlin(2026, 11, 27, 17, 20))  # 150 %

    assert escalations(ticket) == [("response", 50), ("response", 100), ("response", 150)]
    assert mails_to("l3@meridian.example")


@pytest.mark.django_db
def test_raise_tier_to_only_raises_the_tier(now: PinnedNow, agreement: Agreement) -> None:
    vendor = agreement.contract.vendor
    help_desk = open_p1(vendor)
    on_site = open_p1(vendor, tier=SupportTier.ON_SITE)
    for ticket in (help_desk, on_site):
        lifecycle.ticket_respond(ticket=ticket, by=None, at=OPENED + 5 * MIN)

    sweep_due_actions(now=berlin(2026, 11, 27, 19, 0))  # resolution 50 %: no tier change
    help_desk.refresh_from_db()
    assert help_desk.tier == SupportTier.HELP_DESK

    sweep_due_actions(now=berlin(2026, 11, 27, 21, 0))  # resolution 100 %: raise to remote
    help_desk.refresh_from_db()
    on_site.refresh_from_db()
    assert help_desk.tier == SupportTier.REMOTE_DIAGNOSTICS
    assert on_site.tier == SupportTier.ON_SITE  # never lowered


def _agreement_with_rules(vendor: Vendor, rules: list[RuleInput]) -> Agreement:
    office = BusinessCalendar.objects.filter(always_open=False).first() or office_calendar()
    always = BusinessCalendar.objects.filter(always_open=True).first() or round_the_clock_calendar()
    contract = ContractFactory(vendor=vendor, start_date=dt.date(2025, 1, 1))
    return agreement_save(
        agreement=Agreement(contract=contract, version=1, effective_from=contract.start_date),
        targets=template_targets(office, always),
        rules=rules,
    )


@pytest.mark.django_db
def test_the_tier_is_never_lowered_within_one_sweep(now: PinnedNow, vendor: Vendor) -> None:
    _agreement_with_rules(
        vendor,
        [
            RuleInput("response", 100, notify_assignee=False, raise_tier_to=SupportTier.ON_SITE),
            RuleInput("resolution", 50, notify_assignee=False, raise_tier_to=SupportTier.REMOTE_DIAGNOSTICS),
        ],
    )
    ticket = open_p1(vendor)

    # A backlog (the sweep did not run for two hours): response 100 % at 17:10 raises to on
    # site, then resolution 50 % at 18:55 asks for remote diagnostics, a lower tier.
    sweep_due_actions(now=berlin(2026, 11, 27, 19, 0))

    ticket.refresh_from_db()
    assert ticket.tier == SupportTier.ON_SITE


@pytest.mark.django_db
def test_a_paused_clocks_actions_do_not_fire(now: PinnedNow, agreement: Agreement) -> None:
    ticket = lifecycle.ticket_open(vendor_id=agreement.contract.vendor_id, severity="P3", title="Worklist", at=OPENED)
    lifecycle.ticket_respond(ticket=ticket, by=None, at=OPENED + 5 * MIN)
    lifecycle.ticket_pause(ticket=ticket, by=None, reason="Waiting for VPN access", at=OPENED + 10 * MIN)

    assert sweep_due_actions(now=berlin(2026, 12, 18, 12, 0)) == 0  # three weeks later

    assert not ticket.events.filter(kind__in=[Kind.ESCALATED, Kind.BREACHED]).exists()
    for paused in SlaClock.objects.filter(ticket=ticket, metric__in=["resolution", "update"]):
        assert paused.state == SlaClock.State.PAUSED
        assert not paused.actions.filter(fired_at__isnull=False).exists()

    lifecycle.ticket_resume(ticket=ticket, by=None, at=berlin(2026, 11, 30, 9, 0))
    # Resolution 50 % is 15 business hours; 10 min were used on Friday: 14 h 50 from Mon 09:00
    # = Mon 9 h, Tue 08:00 + 5 h 50 = Tue 13:50.
    assert action(ticket, "resolution", 50).fire_at == berlin(2026, 12, 1, 13, 50)
    # The update clock had used 5 min (17:00-17:05): 9 h 55 from Mon 09:00 = Tue 08:55.
    assert action(ticket, "update", 100).fire_at == berlin(2026, 12, 1, 8, 55)
    assert sweep_due_actions(now=berlin(2026, 12, 1, 13, 49)) == 1
    assert escalations(ticket) == [("update", 100)]
    assert sweep_due_actions(now=berlin(2026, 12, 1, 13, 51)) == 1
    assert escalations(ticket) == [("update", 100), ("resolution", 50)]


@pytest.mark.django_db
def test_running_the_sweep_twice_fires_nothing_more(
    now: PinnedNow, agreement: Agreement, contacts: dict[str, Contact], admin_user, staff_user
) -> None:
    vendor = agreement.contract.vendor
    for _ in range(3):
        open_p1(vendor, assignee_user=staff_user)
    at = berlin(2026, 11, 28, 9, 0)

    first = sweep_due_actions(now=at, batch_size=5)
    assert first == 3 * 7  # every threshold of both clocks, across several batches

    def state() -> tuple:
        return (
            TicketEvent.objects.count(),
            Notification.objects.count(),
            OutboxEmail.objects.count(),
            list(ClockAction.objects.order_by("pk").values_list("fired_at", flat=True)),
        )

    before = state()
    assert sweep_due_actions(now=at) == 0
    assert sweep_due_actions(now=at + dt.timedelta(days=30)) == 0
    assert state() == before


# --- separate processes ----------------------------------------------------------------

BASE_DIR = Path(settings.BASE_DIR)
BARRIER_KEY = 7_401_117


def _database_url() -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"] or "", safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(db["PASSWORD"], safe="")
    host = db.get("HOST") or "127.0.0.1"
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{quote(db['NAME'], safe='')}"


def _environment() -> dict[str, str]:
    # NAME is the test database while the test runs: the subprocesses sweep the rows committed here.
    return {
        **os.environ,
        "DJANGO_ENV": "test",
        "DATABASE_URL": _database_url(),
        "PYTHONUNBUFFERED": "1",
        **subprocess_clock_env(),
    }


def _manage(*args: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - this interpreter and manage.py, arguments from this module
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=_environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _wait_until(condition, what: str, limit: float = 120) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def _scalar(sql: str, params: list | None = None) -> object:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchone()[0]


ACTIONS_PER_TICKET = 8  # response and resolution at 25, 50, 75 and 100 %


def _due_actions(tickets: int) -> int:
    """P1 tickets opened on 2026-11-02 (long past): every action of theirs is due now. Rules
    stop at the breach here; escalations past 100 % are tested on their own above."""
    vendor = VendorFactory(name="Concurrent Imaging")
    _agreement_with_rules(
        vendor,
        [RuleInput(metric, percent) for metric in ("response", "resolution") for percent in (25, 50, 75)],
    )
    HospitalAdminFactory(username="sweep-admin")
    opened = berlin(2026, 11, 2, 9, 0)
    with silenced():  # their opening is not what these tests count
        for n in range(tickets):
            lifecycle.ticket_open(vendor_id=vendor.pk, severity="P1", title=f"Ticket {n}", at=opened + n * MIN)
    return ClockAction.objects.count()


def _assert_every_action_fired_exactly_once(total: int) -> None:
    assert not ClockAction.objects.filter(fired_at__isnull=True).exists()
    fired = Counter(
        (e.ticket_id, e.data["metric"], e.data["threshold_percent"])
        for e in TicketEvent.objects.filter(kind=Kind.ESCALATED)
    )
    expected = {
        (ticket_id, metric, percent)
        for ticket_id, metric, percent in ClockAction.objects.values_list(
            "clock__ticket_id", "clock__metric", "threshold_percent"
        )
    }
    assert set(fired) == expected
    assert set(fired.values()) == {1}
    assert sum(fired.values()) == total
    breaches = Counter((e.ticket_id, e.data["metric"]) for e in TicketEvent.objects.filter(kind=Kind.BREACHED))
    assert set(breaches.values()) == {1}
    assert len(breaches) == SlaClock.objects.count()
    assert not SlaClock.objects.exclude(state=SlaClock.State.BREACHED).exists()
    # One danger notification per breach for the one hospital admin (dedupe key per action).
    assert Notification.objects.count() == SlaClock.objects.count()


SWEEP_AFTER_BARRIER = f"""
from django.core.management import call_command
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_advisory_lock_shared({BARRIER_KEY})")
    cursor.execute("SELECT pg_advisory_unlock_shared({BARRIER_KEY})")
call_command("sla_sweep")
"""


@pytest.mark.django_db(transaction=True)
def test_two_processes_sweeping_at_once_fire_each_action_exactly_once() -> None:
    # More than two of the command's batches (of clocks; two clocks a ticket), so both
    # processes have batches to claim.
    total = _due_actions(tickets=BATCH_SIZE + 5)
    assert SlaClock.objects.count() > 2 * BATCH_SIZE

    # Both processes start, then wait on a lock this test holds, so their sweeps overlap.
    _scalar("SELECT pg_advisory_lock(%s)", [BARRIER_KEY])
    try:
        sweepers = [_manage("shell", "-c", SWEEP_AFTER_BARRIER) for _ in range(2)]
        _wait_until(
            lambda: (
                _scalar(
                    "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = %s AND NOT granted",
                    [BARRIER_KEY],
                )
                == 2
                or any(p.poll() is not None for p in sweepers)
            ),
            "both sweepers to reach the barrier",
        )
    finally:
        _scalar("SELECT pg_advisory_unlock(%s)", [BARRIER_KEY])
    outputs = [p.communicate(timeout=240) for p in sweepers]

    counts = []
    for process, (stdout, stderr) in zip(sweepers, outputs, strict=True):
        assert process.returncode == 0, stderr
        (count,) = re.findall(r"Fired (\d+) SLA action\(s\)\.", stdout)
        counts.append(int(count))
    assert sum(counts) == total, counts
    # Both claimed batches: the sweeps really overlapped (they started together at the barrier,
    # and one batch takes far longer than the other's first claim).
    assert all(counts), counts
    _assert_every_action_fired_exactly_once(total)
    # A third run, as the next minute's beat would, finds nothing.
    rerun = _manage("sla_sweep")
    stdout, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr
    assert "Fired 0 SLA action(s)." in stdout


SWEEP_IN_BATCHES_OF_100 = """
from django.db import connection
from tickets.services.sweep import sweep_due_actions
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_backend_pid()")
    print("BACKEND", cursor.fetchone()[0], flush=True)
print("Fired", sweep_due_actions(batch_size=100), flush=True)
"""


@pytest.mark.django_db(transaction=True)
def test_a_sweep_killed_mid_batch_loses_nothing_and_fires_nothing_twice() -> None:
    total = _due_actions(tickets=100)
    # The sweeper claims 100 clocks a batch (by id). It must notify the admin of the breach of a
    # clock in its second batch; another connection has inserted that notification and not
    # committed, so the sweeper waits on the unique index there: batch 1 committed, batch 2
    # half done in an open transaction.
    clock_ids = list(SlaClock.objects.order_by("pk").values_list("pk", flat=True))
    held_clock = clock_ids[150]
    held_action = ClockAction.objects.get(clock_id=held_clock, threshold_percent=100).pk
    admin_id = User.objects.get(username="sweep-admin").pk
    holder = connections.create_connection(DEFAULT_DB_ALIAS)
    holder.set_autocommit(False)
    doomed = None
    try:
        with holder.cursor() as cursor:
            cursor.execute(
                "INSERT INTO notifications_notification (recipient_id, level, title, body, url, dedupe_key, created_at)"
                " VALUES (%s, 'danger', 'held', '', '', %s, now())",
                [admin_id, f"clock-action:{held_action}"],
            )
        doomed = _manage("shell", "-c", SWEEP_IN_BATCHES_OF_100)
        backend = next((int(line.split()[1]) for line in doomed.stdout if line.startswith("BACKEND")), None)
        assert backend is not None, doomed.communicate(timeout=60)[1]
        _wait_until(
            lambda: (
                _scalar("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", [backend]) == "Lock"
                or doomed.poll() is not None
            ),
            "the sweeper to wait on the held notification",
        )
        assert doomed.poll() is None, doomed.communicate(timeout=60)
        os.kill(doomed.pid, signal.SIGKILL)
        doomed.communicate(timeout=60)
        assert doomed.returncode == -signal.SIGKILL
    finally:
        if doomed is not None and doomed.poll() is None:
            doomed.kill()
            doomed.communicate(timeout=60)
        holder.rollback()
        holder.close()
    # Its server process notices the client gone once the lock is free, and rolls back.
    _wait_until(
        lambda: not _scalar("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [backend]),
        "the killed sweeper's connection to end",
    )

    # The first batch (the actions of the first 100 clocks) was committed with its effects; the
    # half-fired second one left no trace.
    first_batch = ClockAction.objects.filter(clock_id__in=clock_ids[:100])
    assert ClockAction.objects.filter(fired_at__isnull=False).count() == first_batch.count()
    assert not first_batch.filter(fired_at__isnull=True).exists()
    assert TicketEvent.objects.filter(kind=Kind.ESCALATED).count() == first_batch.count()
    assert SlaClock.objects.get(pk=held_clock).state == SlaClock.State.RUNNING

    assert sweep_due_actions() == total - first_batch.count()
    _assert_every_action_fired_exactly_once(total)


@pytest.mark.django_db
def test_a_clock_whose_actions_fail_is_left_for_the_next_sweep_and_the_others_fire(
    now: PinnedNow, agreement: Agreement, staff_user, monkeypatch, caplog
) -> None:
    from tickets.services import sweep

    bad = open_p1(agreement.contract.vendor, assignee_user=staff_user)
    good = open_p1(agreement.contract.vendor, assignee_user=staff_user)
    real_effects = sweep._effects_of

    def failing_for_one_ticket(action: ClockAction, *args: object) -> None:
        if action.clock.ticket_id == bad.pk:
            raise ValueError("a ticket no notification can describe")
        real_effects(action, *args)

    monkeypatch.setattr(sweep, "_effects_of", failing_for_one_ticket)
    at = berlin(2026, 11, 27, 17, 5)
    assert sweep_due_actions(now=at) == 1

    assert action(good, "response", 50).fired_at == at
    assert action(bad, "response", 50).fired_at is None  # tried again by the next sweep
    assert [n.title for n in Notification.objects.all()] == [
        f"P1 ticket #{good.pk} (Meridian Imaging Systems) is at 50 % of its response target"
    ]
    assert escalations(bad) == []
    assert f"SLA sweep: skipped clock {action(bad, 'response', 50).clock_id} after an error" in caplog.text

    monkeypatch.setattr(sweep, "_effects_of", real_effects)  # the cause fixed
    assert sweep_due_actions(now=at) == 1
    assert action(bad, "response", 50).fired_at == at

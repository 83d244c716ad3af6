"""Demo tickets: a year of history per vendor, replayed through the real services with past
instants, so clocks, events and outcomes are what the product would have recorded. A seeded
random mix gives mostly met targets, some breaches, pauses, reopenings and a few open tickets."""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from devtools.demo import slas_availability
from devtools.seeding import DemoSeeder
from slas.models import Impact, Incident, Severity
from tickets.models import Ticket
from tickets.services import ratings, thread
from tickets.services import tickets as lifecycle
from tickets.services.sweep import sweep_due_actions
from vendors.models import Component, Contact, Vendor

TITLES = {
    "pacs": [
        "Prior studies do not load in the diagnostic viewer",
        "Archive rejects studies from CT 2 (association refused)",
        "Worklist empty on MR 1 after HL7 upgrade",
        "Hanging protocols lost after viewer update",
        "Slow image retrieval from long-term archive",
        "Key images not sent to the RIS report",
    ],
    "vna": [
        "Replication to data centre 2 lagging",
        "Cardiology studies not indexed after migration",
        "Lifecycle job deleted studies still on hold",
        "Query/retrieve from VNA times out for large studies",
    ],
    "ai": [
        "Nodule detection results missing for night shift CTs",
        "Fracture triage flags not shown in the worklist",
        "AI results arrive after the report is signed",
    ],
}
SEVERITIES = ["P1"] * 1 + ["P2"] * 3 + ["P3"] * 10 + ["P4"] * 6
TICKETS_PER_VENDOR = 40
OPEN_PER_VENDOR = 6
H = datetime.timedelta(hours=1)


def _business_instant(rng: random.Random, day: datetime.date) -> datetime.datetime:
    hour = rng.choice([7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 22])
    naive = datetime.datetime.combine(day, datetime.time(hour, rng.randrange(60)))
    return timezone.make_aware(naive)


def _share_of(clock_due: datetime.datetime | None, start: datetime.datetime, rng: random.Random) -> datetime.timedelta:
    """A delay as a share of the time to the clock's due instant: mostly within, sometimes late."""
    if clock_due is None:
        return H * rng.randrange(1, 24)
    share = rng.uniform(1.1, 2.5) if rng.random() < 0.12 else rng.uniform(0.15, 0.9)
    return (clock_due - start) * share


def _due(ticket: Ticket, metric: str) -> datetime.datetime | None:
    clock = ticket.clocks.filter(metric=metric).first()
    return clock.due_at if clock else None


def _replay(rng: random.Random, ticket: Ticket, vendor_user: User, admin: User, now: datetime.datetime) -> None:
    """Answer, sometimes wait on the hospital, update, resolve, close and rate, at plausible delays."""
    at = ticket.opened_at + _share_of(_due(ticket, "response"), ticket.opened_at, rng)
    if at >= now:
        return
    # The vendor's first answer meets (or misses) the response clock.
    thread.ticket_reply(ticket=ticket, by=vendor_user, body="We are looking into it; logs requested.", at=at)
    if rng.random() < 0.3:
        at += H * rng.randrange(1, 4)
        if at >= now:
            return
        lifecycle.ticket_pause(ticket=ticket, by=vendor_user, reason="Waiting for logs from the hospital", at=at)
        at += H * rng.randrange(2, 30)
        if at >= now:
            return
        lifecycle.ticket_resume(ticket=ticket, by=admin, at=at)
    update_due = _due(ticket, "update")
    if update_due is not None:
        at = max(at, at + _share_of(update_due, at, rng) * 0.8)
        if at >= now:
            return
        thread.ticket_reply(ticket=ticket, by=vendor_user, body="Update: fix identified, testing it now.", at=at)
    resolution_due = _due(ticket, "resolution")
    at = max(at + H, ticket.opened_at + _share_of(resolution_due, ticket.opened_at, rng))
    if at >= now:
        return
    lifecycle.ticket_resolve(ticket=ticket, by=vendor_user, summary="Fixed and verified with the hospital.", at=at)
    at += H * rng.randrange(1, 48)
    if at >= now:
        return
    ratings.ticket_rate(ticket=ticket, by=ticket.reporter, score=rng.choice([3, 4, 4, 5, 5, 2]), at=at)
    lifecycle.ticket_close(ticket=ticket, by=admin, at=at)


def _work_in_progress(rng: random.Random, ticket: Ticket, vendor_user: User, now: datetime.datetime) -> None:
    """A ticket of the last days: usually answered, with status updates in time, sometimes waiting
    on the hospital, now and then left unanswered; so the open list shows every SLA state."""
    if rng.random() < 0.15:
        return  # not answered yet
    at = ticket.opened_at + datetime.timedelta(minutes=rng.randrange(5, 40))
    while at < now:
        thread.ticket_reply(ticket=ticket, by=vendor_user, body="Working on it; next update soon.", at=at)
        update_due = _due(ticket, "update")
        if update_due is None or rng.random() < 0.1:
            return
        at += (update_due - at) * rng.uniform(0.5, 0.95)
    if rng.random() < 0.2 and ticket.status != "waiting_on_hospital":
        lifecycle.ticket_pause(
            ticket=ticket,
            by=vendor_user,
            reason="Waiting for a test study from the hospital",
            at=now - datetime.timedelta(minutes=5),
        )


def seed(demo: DemoSeeder) -> None:
    rng = random.Random(20261127)  # noqa: S311 - reproducible demo data
    now = timezone.now()
    admin = User.objects.filter(username="admin").first()
    reporters = list(User.objects.filter(username__in=["radiologist", "technologist"]))
    if admin is None or not reporters:
        return
    for vendor in Vendor.objects.filter(
        name__in=["Meridian Imaging Systems", "Archivault Health", "Lumen Diagnostics AI"]
    ):
        if Ticket.objects.filter(vendor=vendor).exists():
            continue
        vendor_user = User.objects.filter(vendor=vendor).first()
        components = list(Component.objects.filter(vendor=vendor))
        engineers = list(Contact.objects.filter(vendor=vendor, role=Contact.Role.ENGINEER))
        # A year of history, and a handful from the last days that are still being worked on.
        openings = sorted(
            [
                _business_instant(rng, (now - datetime.timedelta(days=rng.randrange(15, 365))).date())
                for _ in range(TICKETS_PER_VENDOR)
            ]
            + [now - datetime.timedelta(minutes=rng.randrange(20, 3 * 24 * 60)) for _ in range(OPEN_PER_VENDOR)]
        )
        for opened_at in openings:
            if opened_at >= now:
                continue
            ticket = lifecycle.ticket_open(
                vendor_id=vendor.pk,
                severity=rng.choice(SEVERITIES),
                title=rng.choice(TITLES[vendor.kind]),
                description="Reported by the reading room; screenshots and study UIDs in the thread.",
                reporter=rng.choice(reporters),
                component=rng.choice(components) if components else None,
                assignee_contact=rng.choice(engineers) if engineers else None,
                studies_delayed=rng.choice([0, 0, 3, 12, 40]),
                at=opened_at,
            )
            if (now - opened_at).days >= 15:
                _replay(rng, ticket, vendor_user, admin, now)
            else:
                _work_in_progress(rng, ticket, vendor_user, now)
            demo.count_created("tickets", True)
        demo.created["tickets"] = demo.created.get("tickets", 0) + _incident_tickets(
            rng, vendor, reporters, vendor_user, admin, now
        )
    if demo.created.get("tickets"):
        # The warnings and breaches the demo's history has passed already fire now (seed_demo
        # tells nobody), so the running sweep announces only what happens from here on.
        sweep_due_actions(now=now)
    slas_availability.seed_statements(demo)


def _incident_tickets(
    rng: random.Random, vendor: Vendor, reporters: list[User], vendor_user: User, admin: User, now: datetime.datetime
) -> int:
    """A P1 ticket for each outage of an hour or more, opened by the reading room minutes after
    it began and linked to the incident."""
    opened = 0
    outages = Incident.objects.filter(vendor=vendor, impact=Impact.DOWN, ended_at__isnull=False).prefetch_related(
        "components"
    )
    for incident in outages:
        if incident.ended_at - incident.started_at < datetime.timedelta(hours=1):
            continue
        ticket = lifecycle.ticket_open(
            vendor_id=vendor.pk,
            severity=Severity.P1,
            title=incident.title,
            description="Reading rooms cannot work; downtime procedures started.",
            reporter=rng.choice(reporters),
            component=incident.components.first(),
            incident=incident,
            studies_delayed=rng.choice([12, 40, 85]),
            downtime_procedure_invoked=True,
            at=incident.started_at + datetime.timedelta(minutes=rng.randrange(3, 12)),
        )
        _replay(rng, ticket, vendor_user, admin, now)
        opened += 1
    return opened

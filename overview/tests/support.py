"""A hospital's morning, built through the services at a fixed instant: one vendor with
something in every panel of the overview, repeatable to grow the database."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

from accounts.models import User
from governance.models import ActionItem, ActionStatus, Side
from governance.tests.factories import meeting_for
from kpis.models import Kpi, KpiRollup, Source
from kpis.tests.probe_support import make_probe, record_run
from slas.models import FollowUpAction, Impact, MaintenanceWindow
from slas.services.incidents import follow_up_save
from slas.tests.factories import incident_for, maintenance_for, statement_for
from tickets.models import Ticket
from tickets.services.sweep import sweep_due_actions
from tickets.tests.factories import open_ticket
from vendors.models import Vendor
from vendors.tests.factories import ComponentFactory, ContractFactory, InterfaceFactory, VendorFactory

# A Wednesday morning in December, 08:00 in Berlin: tickets open now and the clock moves on.
OPENED = datetime.datetime(2026, 12, 9, 8, 0, tzinfo=ZoneInfo("Europe/Berlin"))
MORNING = OPENED + datetime.timedelta(minutes=50)


@dataclass
class Morning:
    vendor: Vendor
    p1: Ticket
    p2: Ticket
    p3: Ticket


def a_morning(admin: User, name: str = "Meridian Imaging Systems") -> Morning:
    """At ``OPENED``: a P1, a P2 and a P3 ticket (the P3 assigned to ``admin``); by
    ``MORNING`` (where the clock is left) the P1's 15-minute response has breached and the
    P2's hour has 10 minutes left. Around them: an ongoing outage and one that ended, a
    probe with a failing check (on an interface, which fails with it), maintenance in two days
    and in ten, contract dates, an owed credit, a follow-up ``admin`` owns, two open meeting
    actions of theirs (and one done) and a red KPI."""
    vendor = VendorFactory(name=name)
    with time_machine.travel(OPENED, tick=False) as clock:
        p1 = open_ticket(vendor, severity="P1", title=f"{name}: archive down")
        p2 = open_ticket(vendor, severity="P2", title=f"{name}: slow viewer")
        p3 = open_ticket(vendor, severity="P3", title=f"{name}: printer mapping")
        Ticket.objects.filter(pk=p3.pk).update(assignee_user=admin)
        clock.move_to(MORNING)
        sweep_due_actions()
        archive = ComponentFactory(vendor=vendor, name=f"{name} archive")
        outage = incident_for(
            vendor, title=f"{name}: archive unreachable", started_at=OPENED - datetime.timedelta(hours=1)
        )
        incident_for(
            vendor,
            title=f"{name}: resolved glitch",
            started_at=OPENED - datetime.timedelta(days=2),
            ended_at=OPENED - datetime.timedelta(days=2) + datetime.timedelta(minutes=5),
            impact=Impact.DEGRADED,
        )
        follow_up_save(
            action=FollowUpAction(
                incident=outage,
                description=f"{name}: test the failover",
                owner=admin,
                due_date=MORNING.date() - datetime.timedelta(days=1),
            )
        )
        meeting = meeting_for(vendor, starts_at=MORNING - datetime.timedelta(days=3))
        for description, status, due in (
            ("send the downtime list to radiology", ActionStatus.IN_PROGRESS, 2),
            ("book the upgrade rehearsal", ActionStatus.OPEN, -1),
            ("circulate the minutes", ActionStatus.DONE, 1),
        ):
            ActionItem.objects.create(
                meeting=meeting,
                vendor=vendor,
                description=f"{name}: {description}",
                owner_user=admin,
                side=Side.HOSPITAL,
                status=status,
                due_date=MORNING.date() + datetime.timedelta(days=due),
            )
        # The failing archive probe watches the study forward from the RIS (an interface failing);
        # the viewer probe passes on the viewer's retrieval from the archive (a healthy interface).
        ris = ComponentFactory(vendor=vendor, name=f"{name} RIS")
        viewer = ComponentFactory(vendor=vendor, name=f"{name} viewer probe component")
        forward = InterfaceFactory(name=f"{name} study forward", source=ris, target=archive)
        retrieval = InterfaceFactory(name=f"{name} viewer retrieval", source=viewer, target=archive)
        archive_probe = make_probe(vendor, archive, name=f"{name} archive probe", interface=forward)
        record_run(archive_probe, MORNING, retrieve_ok=False)
        record_run(make_probe(vendor, viewer, name=f"{name} viewer probe", interface=retrieval), MORNING)
        make_probe(vendor, name=f"{name} retired probe", active=False)
        maintenance_for(
            vendor,
            title=f"{name}: firmware update",
            planned_start=MORNING + datetime.timedelta(days=2),
            state=MaintenanceWindow.State.PROPOSED,
        )
        maintenance_for(vendor, title=f"{name}: far-off upgrade", planned_start=MORNING + datetime.timedelta(days=10))
        today = timezone.localdate()
        ContractFactory(
            vendor=vendor,
            reference=f"{name[:4]}-ENDS",
            start_date=today - datetime.timedelta(days=700),
            end_date=today + datetime.timedelta(days=60),
            renewal_notice_days=90,
        )
        ContractFactory(
            vendor=vendor,
            reference=f"{name[:4]}-NOTICE",
            start_date=today - datetime.timedelta(days=700),
            end_date=today + datetime.timedelta(days=150),
            renewal_notice_days=30,
        )
        ContractFactory(
            vendor=vendor,
            reference=f"{name[:4]}-FAR",
            start_date=today - datetime.timedelta(days=700),
            end_date=today + datetime.timedelta(days=900),
        )
        statement_for(vendor, month=datetime.date(2026, 11, 1), claim_deadline=today + datetime.timedelta(days=5))
        for code, value in (("prior_availability", "90"), ("ingest_latency", "1")):
            KpiRollup.objects.create(
                kpi=Kpi.objects.get(code=code),
                vendor=vendor,
                source=Source.VENDOR,
                period="month",
                period_start=today.replace(day=1),
                value=Decimal(value),
                samples=1,
                minimum=Decimal(value),
                maximum=Decimal(value),
            )
    return Morning(vendor, p1, p2, p3)


def section(page: str, panel: str) -> str:
    """The text of one panel of the overview (``<section id=...>``), tags stripped."""
    match = re.search(rf'<section[^>]*id="{panel}"[^>]*>(.*?)</section>', page, re.S)
    assert match, f"no panel {panel!r} on the page"
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", match.group(1))).strip()

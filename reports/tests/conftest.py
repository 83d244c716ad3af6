"""Fixtures of the report tests: a vendor under an SLA with a finished month of incidents,
tickets, KPI samples and credits to report on, and the people who receive its report.

The real SMTP server (aiosmtpd on loopback), the Redis broker and the real Celery worker are the
notification tests' fixtures, shared here as they are."""

import datetime
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.tests.factories import HospitalAdminFactory, UserFactory, VendorUserFactory
from core.testing.clock import subprocess_clock_env
from kpis.catalogue import catalogue_ensure
from kpis.models import Kpi, Source
from kpis.services.computations import kpis_compute
from kpis.services.samples import SampleInput, samples_ingest
from notifications.services.notify import silenced
from notifications.tests.conftest import broker, celery_worker, smtp_server, smtp_sink  # noqa: F401 - shared fixtures
from notifications.tests.support import worker_database_url
from reports.models import ReportRecipient
from slas.models import Agreement, Impact
from slas.tests.factories import agreement_for, incident_for, statement_for
from tickets.services.tickets import ticket_open, ticket_resolve, ticket_respond
from vendors.models import Contact, Contract, Vendor
from vendors.tests.factories import ComponentFactory, ContactFactory, ContractFactory, VendorFactory

BERLIN = ZoneInfo("Europe/Berlin")
# A month that has ended (the tests run after it), with fixed dates so they never age.
MONTH = datetime.date(2026, 10, 1)
MONTH_ARG = "2026-10"
SEPTEMBER = datetime.date(2026, 9, 1)


def at(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, minute, tzinfo=BERLIN)


def command_env() -> dict[str, str]:
    """The environment of a ``manage.py`` process on the test database and the tests' Redis."""
    return {
        **os.environ,
        "DJANGO_ENV": "test",
        "DJANGO_SETTINGS_MODULE": "pacsvendor.settings",
        "DATABASE_URL": worker_database_url(),
        "DATABASE_CONN_MAX_AGE": "0",
        "REDIS_URL": settings.REDIS_URL,
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND,
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
        **subprocess_clock_env(),
    }


def send_command(*args: str, **kwargs: object) -> subprocess.Popen:
    argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "send_monthly_reports", *args]
    return subprocess.Popen(argv, cwd=settings.BASE_DIR, env=command_env(), **kwargs)  # noqa: S603


@dataclass
class ReportWorld:
    vendor: Vendor
    contract: Contract
    agreement: Agreement
    admin: object
    staff: object
    vendor_user: object
    contact: Contact
    recipients: list[ReportRecipient] = field(default_factory=list)

    @property
    def addresses(self) -> list[str]:
        """Who gets the report: one address per active recipient."""
        return sorted(r.email.lower() for r in self.recipients)


def month_of_activity(vendor: Vendor) -> None:
    """October 2026 of ``vendor``: an outage of 2 h 30 min and a degraded hour; four tickets (one
    response late, one still open); computed KPIs for September and October beside a value the
    vendor reported; and an August credit still owed."""
    catalogue_ensure(Kpi)  # a transactional test starts from an emptied database
    archive = ComponentFactory(vendor=vendor, name="Main archive")
    viewer = ComponentFactory(vendor=vendor, name="Diagnostic viewer")
    incident_for(
        vendor,
        title="Archive unreachable after storage controller failure",
        started_at=at(14, 10),
        ended_at=at(14, 12, 30),
        impact=Impact.DOWN,
        components=[archive],
    )
    incident_for(
        vendor,
        title="Slow prior retrieval",
        started_at=at(20, 9),
        ended_at=at(20, 10),
        impact=Impact.DEGRADED,
        components=[viewer],
    )
    # P1: answered in 10 min, restored in 2 h (both met).
    ticket = ticket_open(vendor_id=vendor.pk, severity="P1", title="Archive down for CT", at=at(5, 9))
    ticket = ticket_respond(ticket=ticket, by=None, at=at(5, 9, 10))
    ticket_resolve(ticket=ticket, by=None, at=at(5, 11))
    # P2: answered after 2 h against a 1 h target (breached), resolved in 6 h (met).
    ticket = ticket_open(vendor_id=vendor.pk, severity="P2", title="Hanging protocol lost", at=at(12, 8))
    ticket = ticket_respond(ticket=ticket, by=None, at=at(12, 10))
    ticket_resolve(ticket=ticket, by=None, at=at(12, 14))
    # P3: answered in an hour, resolved next day (both met).
    ticket = ticket_open(vendor_id=vendor.pk, severity="P3", title="Worklist sorts wrongly", at=at(20, 9))
    ticket = ticket_respond(ticket=ticket, by=None, at=at(20, 10))
    ticket_resolve(ticket=ticket, by=None, at=at(21, 12))
    # P3 answered in time and still open at the month's end.
    ticket = ticket_open(vendor_id=vendor.pk, severity="P3", title="Export to CD fails", at=at(27, 9))
    ticket_respond(ticket=ticket, by=None, at=at(27, 9, 30))

    for month in (SEPTEMBER, MONTH):
        kpis_compute(month=month, now=at(2, 12, month=11))
    samples_ingest(
        samples=[
            SampleInput("uptime", vendor.pk, at(30, 12, month=9), "99.99"),
            SampleInput("uptime", vendor.pk, at(31, 12), "99.98"),
            SampleInput("prior_availability", vendor.pk, at(15, 12), "96.5"),
        ],
        user=None,
        source=Source.VENDOR,
        reporter="Vendor monitoring",
    )


def make_world(vendor: Vendor, *, with_recipients: bool = True) -> ReportWorld:
    contract = ContractFactory(
        vendor=vendor,
        reference=f"PACS-{vendor.pk}-2025",
        title="PACS operation and support",
        start_date=datetime.date(2025, 1, 1),
        annual_fee=Decimal("120000.00"),
    )
    agreement = agreement_for(contract)
    with silenced():  # a past month replayed: nobody is told of it (as in the demo seed)
        month_of_activity(vendor)
        statement_for(vendor, month=datetime.date(2026, 8, 1), agreement=agreement)
    world = ReportWorld(
        vendor=vendor,
        contract=contract,
        agreement=agreement,
        admin=HospitalAdminFactory(first_name="Petra", last_name="Admin"),
        staff=UserFactory(first_name="Anna", last_name="Staff"),
        vendor_user=VendorUserFactory(vendor=vendor, first_name="Tobias", last_name="Vendor"),
        contact=ContactFactory(vendor=vendor, name="Sam Account", role=Contact.Role.ACCOUNT_MANAGER),
    )
    if with_recipients:
        world.recipients = [
            ReportRecipient.objects.create(vendor=vendor, user=world.admin),
            ReportRecipient.objects.create(vendor=vendor, user=world.staff),
            ReportRecipient.objects.create(vendor=vendor, user=world.vendor_user),
            ReportRecipient.objects.create(vendor=vendor, contact=world.contact),
        ]
    return world


@pytest.fixture
def world(vendor: Vendor) -> ReportWorld:
    """The vendor with a contract and its SLA, a finished month of activity, and four recipients
    (a hospital admin, a staff member, a vendor user and a vendor contact)."""
    return make_world(vendor)


@pytest.fixture
def make_report_world(db: None) -> Callable[..., ReportWorld]:
    """``make_report_world(name)``: another vendor with its own month and recipients."""

    def make(name: str, **kwargs: object) -> ReportWorld:
        return make_world(VendorFactory(name=name), **kwargs)

    return make

"""The morning screen: what a hospital user opens the day with, read through each app's
selectors: open P1/P2 tickets and tickets about to breach with their countdown, ongoing
incidents, every probe's state, the interfaces whose latest probe run failed or that have an
incident open, this month's uptime against target per vendor, red KPIs,
maintenance in the next days, dates coming due and the user's own open actions (meeting actions of
`governance` among them).

Each panel holds its first rows and how many there are, so the page costs the same fixed
number of queries with ten tickets or a million. This app sits above every app it reads
(docs/architecture.md), and nothing here writes."""

import datetime
from dataclasses import dataclass
from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from core.db import first_with_total
from core.months import month_bounds, month_start, previous_months
from core.permissions import can
from governance.models import ActionItem, SlaReview
from governance.selectors.actions import meeting_actions_owned
from governance.selectors.reviews import reviews_due
from kpis.models import Probe
from kpis.selectors.dashboard import KpiView, red_kpis
from kpis.selectors.interfaces import FAILING, INCIDENT, InterfaceHealth, interface_health
from kpis.selectors.probes import STATUS_FAILING, STATUS_NEVER, STATUS_PARTIAL, ProbeStatus, probe_list, probe_status
from operations.models import HealthAssessment
from operations.selectors.health import assessments_overdue
from slas.models import CreditStatement, FollowUpAction, Incident, MaintenanceWindow
from slas.selectors.agreements import vendors_under_agreement
from slas.selectors.availability import Availability, vendors_month_availability
from slas.selectors.credits import claims_coming_due
from slas.selectors.incidents import follow_ups_owned, ongoing_incidents
from slas.selectors.maintenance import maintenance_coming, maintenance_to_decide
from tickets.countdown import Countdown
from tickets.selectors import priority_tickets, ticket_list, tickets_assigned, tickets_near_breach
from vendors.models import Contract, Vendor
from vendors.selectors import contracts_ending

T = TypeVar("T")

ROWS = 8  # per panel; each links to the full list
PROBE_ROWS = 12
MAINTENANCE_DAYS = 7
CONTRACT_HORIZON_DAYS = 180
CLAIM_HORIZON_DAYS = 30
OVERDUE_ASSESSMENT_ROWS = ROWS  # the longest-overdue health assessments; the list has them all
KPI_MONTHS = 2  # a KPI is red on its latest value of this month or the last
PROBE_ORDER = {STATUS_FAILING: 0, STATUS_PARTIAL: 1, STATUS_NEVER: 2}


@dataclass(frozen=True)
class Listing(Generic[T]):
    """The first rows of a panel and how many rows there are in all."""

    rows: list[T]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.rows)


def _listing(queryset: QuerySet, limit: int = ROWS) -> Listing:
    return Listing(*first_with_total(queryset, limit))


@dataclass(frozen=True)
class ProbeState:
    probe: Probe
    status: ProbeStatus


@dataclass(frozen=True)
class VendorName:
    """A vendor as a panel row names and links it: a thousand of them cost no model instances."""

    pk: int
    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class VendorUptime:
    vendor: VendorName
    availability: Availability


@dataclass(frozen=True)
class RedKpi:
    vendor: VendorName
    view: KpiView


@dataclass(frozen=True)
class DueDate:
    """A date by which something must happen: a contract's renewal notice or end, a credit claim."""

    day: datetime.date
    what: str
    subject: str
    vendor: Vendor
    url: str
    days_left: int  # negative once passed
    note: str = ""


@dataclass(frozen=True)
class MyActions:
    meeting_actions: Listing[ActionItem]
    follow_ups: Listing[FollowUpAction]
    tickets: Listing[Countdown]
    approvals: Listing[MaintenanceWindow]  # hospital admins only

    @property
    def total(self) -> int:
        return self.meeting_actions.total + self.follow_ups.total + self.tickets.total + self.approvals.total


@dataclass(frozen=True)
class MorningScreen:
    now: datetime.datetime
    today: datetime.date
    vendor_count: int
    priority_tickets: Listing[Countdown]
    near_breach: Listing[Countdown]
    incidents: Listing[Incident]
    probes: Listing[ProbeState]
    probes_failing: int
    interfaces: Listing[InterfaceHealth]
    uptime: Listing[VendorUptime]
    red_kpis: Listing[RedKpi]
    maintenance: Listing[MaintenanceWindow]
    dates: list[DueDate]
    my_actions: MyActions


def morning_screen(*, user: User, now: datetime.datetime | None = None) -> MorningScreen:
    """Everything on the morning screen that ``user`` may see, as of ``now``."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    rows = Vendor.objects.visible_to(user).order_by("name").values_list("pk", "name")
    vendors = {pk: VendorName(pk, name) for pk, name in rows}
    tickets = ticket_list().visible_to(user)
    probes = _probes(user)
    return MorningScreen(
        now=now,
        today=today,
        vendor_count=len(vendors),
        priority_tickets=Listing(*priority_tickets(tickets, now=now, limit=ROWS)),
        near_breach=Listing(*tickets_near_breach(tickets, now=now, limit=ROWS)),
        incidents=_listing(ongoing_incidents().visible_to(user)),
        probes=probes,
        probes_failing=sum(1 for state in probes.rows if state.status.key in (STATUS_FAILING, STATUS_PARTIAL)),
        interfaces=_interfaces(user),
        uptime=_uptime(vendors, today, now),
        red_kpis=_red_kpis(vendors, today),
        maintenance=_listing(maintenance_coming(now=now, days=MAINTENANCE_DAYS).visible_to(user)),
        dates=_dates(user, today),
        my_actions=_my_actions(user, tickets, now),
    )


def _probes(user: User) -> Listing[ProbeState]:
    """Every active probe, failing ones first; the reachable ones beyond ``PROBE_ROWS`` are
    only counted (a failing probe is never left out)."""
    states = [ProbeState(probe, probe_status(probe)) for probe in probe_list().visible_to(user).filter(active=True)]
    states.sort(key=lambda state: PROBE_ORDER.get(state.status.key, len(PROBE_ORDER)))
    shown = max(PROBE_ROWS, sum(1 for state in states if state.status.key in PROBE_ORDER))
    return Listing(states[:shown], len(states))


def _interfaces(user: User) -> Listing[InterfaceHealth]:
    """The interfaces needing attention: an incident one of their probes opened is still going,
    or their latest probe run failed; incidents first (``kpis.selectors.interfaces``, one query)."""
    rows = [row for row in interface_health(user=user) if row.state in (INCIDENT, FAILING)]
    return Listing(rows[:ROWS], len(rows))


def _uptime(vendors: dict[int, VendorName], today: datetime.date, now: datetime.datetime) -> Listing[VendorUptime]:
    """This month's uptime of each vendor under an SLA: below target first, then by the share
    of the downtime budget used."""
    start, end = month_bounds(month_start(today))
    under_agreement = set(vendors_under_agreement(start.date(), (end - datetime.timedelta(days=1)).date()))
    ids = [pk for pk in vendors if pk in under_agreement]
    figures = vendors_month_availability(ids, today, now=now) if ids else {}
    rows = sorted(
        (VendorUptime(vendors[pk], figures[pk]) for pk in ids),
        key=lambda row: (row.availability.meets_target is not False, -(row.availability.budget_used_percent or 0)),
    )
    return Listing(rows[:ROWS], len(rows))


def _red_kpis(vendors: dict[int, VendorName], today: datetime.date) -> Listing[RedKpi]:
    first_month = previous_months(today, KPI_MONTHS)[0]
    rows = [RedKpi(vendors[pk], view) for pk, view in red_kpis(list(vendors), first_month, today)]
    return Listing(rows[:ROWS], len(rows))


def _dates(user: User, today: datetime.date) -> list[DueDate]:
    """Contracts' next renewal-notice deadline or end, owed credits' claim deadlines, SLA annual
    reviews due within 60 days or overdue and the longest-overdue health assessments, in date
    order. A contract shows once: its notice deadline while that is ahead, else its end."""
    dates = [
        _contract_date(contract, today)
        for contract in contracts_ending(today=today, within_days=CONTRACT_HORIZON_DAYS).visible_to(user)
    ]
    dates += [
        _claim_date(statement, today)
        for statement in claims_coming_due(today=today, within_days=CLAIM_HORIZON_DAYS).visible_to(user)
    ]
    dates += [_review_date(review, today) for review in reviews_due(today=today).visible_to(user)]
    dates += [
        _assessment_date(assessment, today)
        for assessment in assessments_overdue(today=today).visible_to(user)[:OVERDUE_ASSESSMENT_ROWS]
    ]
    return sorted(dates, key=lambda due: (due.day, due.subject))


def _assessment_date(assessment: HealthAssessment, today: datetime.date) -> DueDate:
    return DueDate(
        assessment.next_due_on,
        "Health assessment overdue",
        str(assessment),
        assessment.vendor,
        assessment.get_absolute_url(),
        (assessment.next_due_on - today).days,
        f"Every {assessment.every_months} months; not recorded since it fell due",
    )


def _contract_date(contract: Contract, today: datetime.date) -> DueDate:
    subject = f"{contract.reference} {contract.title}".strip()
    renewal = "Renews automatically" if contract.auto_renew else "Renewal by hand"
    notice = contract.renewal_notice_date
    if notice >= today:
        what, day, note = "Renewal notice due", notice, f"{renewal}; the contract ends {contract.end_date:%Y-%m-%d}"
    else:
        what, day, note = "Contract ends", contract.end_date, f"{renewal}; notice was due {notice:%Y-%m-%d}"
    return DueDate(day, what, subject, contract.vendor, contract.get_absolute_url(), (day - today).days, note)


def _review_date(review: SlaReview, today: datetime.date) -> DueDate:
    return DueDate(
        review.due_on,
        "SLA annual review due",
        str(review.agreement),
        review.vendor,
        review.get_absolute_url(),
        (review.due_on - today).days,
        f"The year {review.period_start:%Y-%m-%d} to {review.period_end:%Y-%m-%d}; not concluded yet",
    )


def _claim_date(statement: CreditStatement, today: datetime.date) -> DueDate:
    amount = f"{statement.credit_amount:,.2f} {statement.currency}"
    return DueDate(
        statement.claim_deadline,
        "Credit claim deadline",
        f"Service credit for {statement.month:%B %Y}",
        statement.vendor,
        statement.get_absolute_url(),
        (statement.claim_deadline - today).days,
        f"{amount} owed, not claimed yet",
    )


def _my_actions(user: User, tickets: QuerySet, now: datetime.datetime) -> MyActions:
    """The user's open meeting actions and follow-up actions, open tickets assigned to them
    and, for hospital admins, the maintenance windows waiting for their approval."""
    approvals = (
        _listing(maintenance_to_decide(now=now).visible_to(user)) if can(user, "maintenance.decide") else Listing([], 0)
    )
    return MyActions(
        meeting_actions=_listing(meeting_actions_owned(user).visible_to(user)),
        follow_ups=_listing(follow_ups_owned(user).visible_to(user)),
        tickets=Listing(*tickets_assigned(tickets, user=user, now=now, limit=ROWS)),
        approvals=approvals,
    )

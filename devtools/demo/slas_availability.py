"""Demo availability: a year of incidents and Sunday maintenance per demo vendor, reviews and
follow-ups for the larger outages, and the credit statements of the finished months in every
state of a claim. Deterministic (seeded) and written through the services."""

import datetime
import random

from django.utils import timezone

from accounts.models import User
from core.months import month_bounds, previous_months
from devtools.seeding import DemoSeeder
from slas import defaults
from slas.models import (
    Agreement,
    BusinessCalendar,
    CreditBand,
    CreditStatement,
    FollowUpAction,
    Incident,
    TicketCreditRule,
)
from slas.services import credits, incidents, maintenance
from vendors.models import Component, Vendor

Cause = Incident.Cause
MAINTENANCE_CALENDAR = "Maintenance window Sunday 00:00-06:00"

# vendor name: (incidents a month, typical minutes, share degraded)
PROFILES = {
    "Meridian Imaging Systems": (2, 35, 0.4),
    "Archivault Health": (1, 25, 0.3),
    "Lumen Diagnostics AI": (2, 60, 0.6),
}
CAUSES = [Cause.SOFTWARE, Cause.STORAGE, Cause.NETWORK, Cause.CONFIGURATION, Cause.CAPACITY, Cause.HARDWARE]
TITLES = {
    "archive": ["Archive not accepting studies", "Archive query timeouts", "Prior studies not retrieving"],
    "viewer": ["Viewer fails to open studies", "Slow image loading in viewer", "Viewer login failures"],
    "worklist": ["Modality worklist empty", "Worklist broker restarts"],
    "ris_hl7": ["HL7 orders not reaching PACS", "Report messages queued"],
    "vna": ["VNA ingest stalled", "VNA replication lag"],
    "other": ["Lifecycle jobs failing"],
    "ai": ["AI results not returned", "AI inference queue backlog"],
}


def _terms(agreement: Agreement, window: BusinessCalendar) -> None:
    """Give demo agreements the template's credit terms and maintenance window once."""
    if agreement.maintenance_calendar_id is None:
        agreement.maintenance_calendar = window
        agreement.save(update_fields=["maintenance_calendar", "updated_at"])
    if not agreement.credit_bands.exists():
        CreditBand.objects.bulk_create(CreditBand(agreement=agreement, **b.__dict__) for b in defaults.TEMPLATE_BANDS)
    if not agreement.ticket_credit_rules.exists():
        TicketCreditRule.objects.bulk_create(
            TicketCreditRule(agreement=agreement, **c.__dict__) for c in defaults.TEMPLATE_TICKET_CREDITS
        )


def _sundays(month: datetime.date) -> list[datetime.date]:
    first_sunday = month + datetime.timedelta(days=(6 - month.weekday()) % 7)
    return [d for d in (first_sunday + datetime.timedelta(weeks=n) for n in range(5)) if d.month == month.month]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _incidents(vendor: Vendor, components: list[Component], admin: User, months: list[datetime.date]) -> int:
    per_month, typical, degraded_share = PROFILES.get(vendor.name, (1, 30, 0.5))
    rng = random.Random(f"incidents-{vendor.name}")  # noqa: S311 - reproducible demo data
    now = timezone.now()
    created = 0
    for index, month in enumerate(months):
        start, end = month_bounds(month)
        count = per_month + rng.choice([-1, 0, 0, 1])
        for _ in range(max(count, 0)):
            began = start + datetime.timedelta(seconds=rng.randrange(int((end - start).total_seconds())))
            minutes = max(4, int(rng.expovariate(1 / typical)))
            if vendor.name == "Meridian Imaging Systems" and index == len(months) - 4:
                minutes = 380  # the bad month: an archive outage of over six hours
            if began + datetime.timedelta(minutes=minutes) >= now:
                continue
            component = rng.choice(components)
            incident = Incident(
                vendor=vendor,
                title=rng.choice(TITLES.get(component.kind, ["Service unavailable"])),
                impact="degraded" if rng.random() < degraded_share else "down",
                started_at=began,
                ended_at=began + datetime.timedelta(minutes=minutes),
                detected_by=rng.choice(list(Incident.DetectedBy.values)),
                cause_category=rng.choice(CAUSES),
                vendor_attributable=rng.choices(["yes", "no", "disputed"], weights=[85, 10, 5])[0],
                summary="Clinicians reported the problem; the vendor's support restored service.",
            )
            incidents.incident_save(incident=incident, components=[component], actor=admin)
            created += 1
            if minutes >= 60:
                _review(incident, admin, rng)
    return created


def _review(incident: Incident, admin: User, rng: random.Random) -> None:
    incidents.review_save(
        incident=incident,
        root_cause=f"{incident.get_cause_category_display()}: a fault in the {incident.components.first().name} "
        "that failover did not catch.",
        what_worked="Downtime procedures were started within 15 minutes; the vendor's duty engineer joined quickly.",
        what_to_change="Alert on the failing check before users notice; test failover quarterly.",
        status="completed",
    )
    ended = timezone.localdate(incident.ended_at)
    # Old actions are done by now; those of the last weeks are still open, one now overdue.
    settled = ended < timezone.localdate() - datetime.timedelta(days=75)
    for description, days, done in (
        ("Add monitoring for the failed health check", 14, settled or rng.random() < 0.5),
        ("Run a failover test with the vendor", 45, settled),
    ):
        incidents.follow_up_save(
            action=FollowUpAction(
                incident=incident,
                description=description,
                owner=admin if "failover" in description else None,
                owner_name="" if "failover" in description else "Vendor duty engineer",
                due_date=ended + datetime.timedelta(days=days),
                status="done" if done else "open",
            )
        )


def _maintenance(vendor: Vendor, components: list[Component], admin: User, months: list[datetime.date]) -> int:
    """Security updates on the second Sunday of every month, and at Meridian (the PACS) a viewer
    release on the fourth. Mostly by the book: Meridian's viewer release overran by 40 minutes
    last month, and Archivault announced one window at short notice four months ago; Lumen kept
    every rule. Ahead: an approved window this coming Sunday and one awaiting approval a week
    later."""
    created = 0
    now = timezone.now()
    for index, month in enumerate(months):
        sundays = _sundays(month)
        planned = [(sundays[1], "Quarterly patching" if month.month % 3 == 0 else "Monthly security updates")]
        if vendor.name == "Meridian Imaging Systems" and len(sundays) > 3:
            planned.append((sundays[3], "Viewer release"))
        for sunday, title in planned:
            start, end = _at(sunday, 1), _at(sunday, 4)
            if end >= now:
                continue
            short_notice = vendor.name == "Archivault Health" and index == len(months) - 5
            overran = title == "Viewer release" and index == len(months) - 2
            plan = maintenance.MaintenancePlan(
                vendor_id=vendor.pk,
                title=title,
                description="Rolling restart of application servers; image storage stays online.",
                planned_start=start,
                planned_end=end,
                components=tuple(components[:2]),
                announced_at=start - (datetime.timedelta(hours=20) if short_notice else datetime.timedelta(days=6)),
            )
            window = maintenance.maintenance_save(window=None, plan=plan, actor=admin)
            actual_end = end + datetime.timedelta(minutes=40) if overran else end - datetime.timedelta(minutes=25)
            maintenance.maintenance_record_actuals(window=window, actual_start=start, actual_end=actual_end)
            created += 1
    next_sunday = timezone.localdate(now) + datetime.timedelta(days=(6 - timezone.localdate(now).weekday()) % 7 or 7)
    for weeks, state_by_admin in ((0, True), (1, False)):
        sunday = next_sunday + datetime.timedelta(weeks=weeks)
        actor = admin if state_by_admin else vendor.users.filter(is_active=True).first() or admin
        plan = maintenance.MaintenancePlan(
            vendor_id=vendor.pk,
            title="Database upgrade" if state_by_admin else "Storage firmware update",
            description="Planned with the vendor's change board.",
            planned_start=_at(sunday, 0, 30),
            planned_end=_at(sunday, 3),
            components=tuple(components[:1]),
            announced_at=now if actor.is_hospital_admin else None,
        )
        maintenance.maintenance_save(window=None, plan=plan, actor=actor)
        created += 1
    return created


def _statements(vendor: Vendor, months: list[datetime.date], admin: User) -> None:
    """Statements of the finished months; older credits claimed and settled, one disputed."""
    vendor_user = vendor.users.filter(is_active=True).first()
    owed = []
    for month in months[:-1]:
        outcome = credits.statement_compute(vendor_id=vendor.pk, month=month, actor=admin)
        if outcome.statement is not None and outcome.statement.state == CreditStatement.State.OWED:
            owed.append(outcome.statement)
    for position, statement in enumerate(owed[:-1]):
        statement = credits.statement_claim(
            statement=statement, actor=admin, note="Claimed per the SLA's credit schedule."
        )
        if vendor_user is None:
            continue
        if position == len(owed) - 2:
            credits.statement_dispute(
                statement=statement,
                actor=vendor_user,
                reason="Part of this downtime was caused by the hospital's network change; see our incident notes.",
            )
            continue
        credits.statement_acknowledge(statement=statement, actor=vendor_user)
        if position < len(owed) - 3:
            credits.statement_apply(
                statement=statement, actor=admin, invoice_reference=f"CN-{statement.month:%Y%m}-{vendor.pk:02d}"
            )


def seed_statements(demo: DemoSeeder) -> None:
    """Credit statements of the demo vendors' finished months. Run after the demo tickets exist,
    since missed ticket targets earn credits too."""
    admin = User.objects.filter(username="admin").first()
    months = previous_months(timezone.localdate(), 12)
    for vendor in Vendor.objects.filter(name__in=PROFILES).order_by("name"):
        if CreditStatement.objects.filter(vendor=vendor).exists():
            continue
        _statements(vendor, months, admin)
        demo.created["credit statements"] = demo.created.get("credit statements", 0) + vendor.credit_statements.count()


def seed(demo: DemoSeeder) -> None:
    window = BusinessCalendar.objects.filter(name=MAINTENANCE_CALENDAR).first()
    if window is None:
        window = defaults.maintenance_window_calendar(name=MAINTENANCE_CALENDAR)
        demo.count_created("calendars", True)
    for agreement in Agreement.objects.all():
        _terms(agreement, window)
    admin = User.objects.filter(username="admin").first()
    months = previous_months(timezone.localdate(), 12)
    for vendor in Vendor.objects.filter(name__in=PROFILES).order_by("name"):
        if Incident.objects.filter(vendor=vendor).exists():
            continue
        components = list(vendor.components.order_by("pk"))
        if not components:
            continue
        demo.created["incidents"] = demo.created.get("incidents", 0) + _incidents(vendor, components, admin, months)
        demo.created["maintenance windows"] = demo.created.get("maintenance windows", 0) + _maintenance(
            vendor, components, admin, months
        )
        ongoing = Incident(
            vendor=vendor,
            title="Slow prior retrieval from the archive"
            if vendor.name.startswith("Meridian")
            else "Intermittent timeouts",
            impact="degraded",
            started_at=timezone.now() - datetime.timedelta(minutes=47),
            detected_by=Incident.DetectedBy.MONITORING,
            cause_category=Cause.UNKNOWN,
            summary="Retrieval of prior studies takes over 20 s; the vendor is investigating.",
        )
        if vendor.name.startswith("Meridian"):
            incidents.incident_save(incident=ongoing, components=components[:1], actor=admin)
            demo.count_created("incidents", True)

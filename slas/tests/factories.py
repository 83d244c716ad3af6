import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from core.testing.registry import register_test_object
from slas import defaults
from slas.models import (
    Agreement,
    BusinessCalendar,
    CreditStatement,
    CreditStatementEvent,
    FollowUpAction,
    Holiday,
    Impact,
    Incident,
    IncidentComment,
    IncidentReview,
    MaintenanceWindow,
)
from slas.services.agreements import TargetInput
from slas.services.calendars import calendar_save
from slas.services.incidents import incident_save


def office_calendar(name: str = "Business hours", timezone: str = "Europe/Berlin") -> BusinessCalendar:
    return defaults.office_hours_calendar(name=name, timezone=timezone)


def round_the_clock_calendar(name: str = "24x7") -> BusinessCalendar:
    return calendar_save(calendar=BusinessCalendar(name=name, always_open=True), windows=[])


def template_targets(office: BusinessCalendar, always: BusinessCalendar) -> list[TargetInput]:
    return [
        TargetInput(severity, (always if every_hour else office).pk, response, update, resolution)
        for severity, (response, update, resolution, every_hour) in defaults.TEMPLATE_TARGETS.items()
    ]


def agreement_for(contract: object, *, version: int = 1, effective_from: datetime.date | None = None) -> Agreement:
    office = BusinessCalendar.objects.filter(always_open=False).first() or office_calendar()
    always = BusinessCalendar.objects.filter(always_open=True).first() or round_the_clock_calendar()
    return defaults.template_agreement(
        contract=contract,
        office=office,
        round_the_clock=always,
        version=version,
        effective_from=effective_from,
        name=f"SLA of {contract}",
    )


class HolidayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Holiday

    name = factory.Sequence(lambda n: f"Holiday {n}")
    date = datetime.date(2026, 12, 25)


# Calendars are shared reference data, not any vendor's: their test objects carry no marker.
@register_test_object(BusinessCalendar)
def make_calendar(*, vendor: object, user: object, marker: str) -> BusinessCalendar:
    return office_calendar(name=f"Shared calendar {BusinessCalendar.objects.count()}")


@register_test_object(Holiday)
def make_holiday(*, vendor: object, user: object, marker: str) -> Holiday:
    return HolidayFactory(calendar=make_calendar(vendor=vendor, user=user, marker=marker))


@register_test_object(Agreement)
def make_agreement(*, vendor: object, user: object, marker: str) -> Agreement:
    from vendors.tests.factories import ContractFactory

    return agreement_for(ContractFactory(vendor=vendor, reference=f"{marker}-sla-contract"))


def _component(vendor: object, marker: str) -> object:
    from vendors.tests.factories import ComponentFactory

    return ComponentFactory(vendor=vendor, name=f"{marker} archive {ComponentFactory._meta.model.objects.count()}")


def incident_for(
    vendor: object,
    *,
    title: str = "Archive unreachable",
    started_at: datetime.datetime | None = None,
    ended_at: datetime.datetime | None = None,
    impact: str = Impact.DOWN,
    components: list | None = None,
    **fields: object,
) -> Incident:
    """An incident saved through the service (with its review row)."""
    started_at = started_at or timezone.now() - datetime.timedelta(hours=3)
    incident = Incident(vendor=vendor, title=title, started_at=started_at, ended_at=ended_at, impact=impact, **fields)
    return incident_save(incident=incident, components=components or [_component(vendor, title)])


def maintenance_for(
    vendor: object,
    *,
    title: str = "Archive firmware upgrade",
    planned_start: datetime.datetime | None = None,
    duration: datetime.timedelta = datetime.timedelta(hours=4),
    announced_at: datetime.datetime | None = None,
    state: str = MaintenanceWindow.State.APPROVED,
    **fields: object,
) -> MaintenanceWindow:
    """A maintenance window written directly (services are tested on their own)."""
    planned_start = planned_start or timezone.now() + datetime.timedelta(days=7)
    return MaintenanceWindow.objects.create(
        vendor=vendor,
        title=title,
        planned_start=planned_start,
        planned_end=planned_start + duration,
        announced_at=announced_at or min(planned_start - datetime.timedelta(days=5), timezone.now()),
        state=state,
        **fields,
    )


def statement_for(
    vendor: object, *, month: datetime.date = datetime.date(2026, 1, 1), **fields: object
) -> CreditStatement:
    """A credit statement written directly, with the figures of a month at 99.64 %."""
    from vendors.tests.factories import ContractFactory

    agreement = fields.pop("agreement", None) or agreement_for(
        ContractFactory(vendor=vendor, reference=f"{vendor.pk}-{month:%Y%m}-credit")
    )
    values = {
        "agreement": agreement,
        "state": CreditStatement.State.OWED,
        "uptime_percent": Decimal("99.6401"),
        "target_percent": Decimal("99.900"),
        "downtime_minutes": Decimal("160.0"),
        "excluded_minutes": Decimal("240.0"),
        "availability_credit_percent": Decimal("5.00"),
        "credit_percent": Decimal("5.00"),
        "monthly_fee": Decimal("10000.00"),
        "credit_amount": Decimal("500.00"),
        "currency": "EUR",
        "lines": [
            {"kind": "availability", "description": "Uptime 99.640 % is below 99.9 %: 5 % credit.", "percent": "5"}
        ],
        "claim_deadline": month + datetime.timedelta(days=40),
        "computed_at": timezone.now(),
    }
    values.update(fields)
    return CreditStatement.objects.create(vendor=vendor, month=month, **values)


@register_test_object(Incident)
def make_incident(*, vendor: object, user: object, marker: str) -> Incident:
    return incident_for(vendor, title=f"{marker} outage", summary=marker)


@register_test_object(IncidentReview)
def make_incident_review(*, vendor: object, user: object, marker: str) -> IncidentReview:
    review = make_incident(vendor=vendor, user=user, marker=marker).review
    review.root_cause = f"{marker} root cause"
    review.save()
    return review


@register_test_object(FollowUpAction)
def make_follow_up(*, vendor: object, user: object, marker: str) -> FollowUpAction:
    incident = make_incident(vendor=vendor, user=user, marker=marker)
    return FollowUpAction.objects.create(incident=incident, description=f"{marker} follow-up", owner_name=marker)


@register_test_object(IncidentComment)
def make_incident_comment(*, vendor: object, user: object, marker: str) -> IncidentComment:
    incident = make_incident(vendor=vendor, user=user, marker=marker)
    return IncidentComment.objects.create(incident=incident, author=user, body=f"{marker} comment")


@register_test_object(MaintenanceWindow)
def make_maintenance(*, vendor: object, user: object, marker: str) -> MaintenanceWindow:
    return maintenance_for(
        vendor, title=f"{marker} maintenance", description=marker, state=MaintenanceWindow.State.PROPOSED
    )


@register_test_object(CreditStatement)
def make_statement(*, vendor: object, user: object, marker: str) -> CreditStatement:
    # Applied: visible to the vendor and past every step, so the proof's own-row POSTs change nothing.
    month = datetime.date(2025, 1 + CreditStatement.objects.count() % 12, 1)
    return statement_for(
        vendor, month=month, invoice_reference=f"{marker}-invoice", state=CreditStatement.State.APPLIED
    )


@register_test_object(CreditStatementEvent)
def make_statement_event(*, vendor: object, user: object, marker: str) -> CreditStatementEvent:
    statement = make_statement(vendor=vendor, user=user, marker=marker)
    return CreditStatementEvent.objects.create(
        statement=statement,
        kind=CreditStatementEvent.Kind.DISPUTED,
        actor=user,
        note=f"{marker} dispute",
        at=timezone.now(),
    )

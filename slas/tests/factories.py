import datetime

import factory

from core.testing.registry import register_test_object
from slas import defaults
from slas.models import Agreement, BusinessCalendar, Holiday
from slas.services.agreements import TargetInput
from slas.services.calendars import calendar_save


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

"""KPIs computed from our own records: ticket compliance, response times, reopen rate and
satisfaction from the tickets; uptime, outages, MTTR, MTBF and maintenance compliance from the
availability records; and those that apps above register (``kpis.computed_sources``). Run
hourly; each run replaces the month's computed values."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from core.months import month_bounds, month_start, previous_months
from kpis.computed_sources import computed_sources, source_values
from kpis.models import Kpi, KpiSample, Source
from kpis.services.samples import SampleInput, samples_ingest
from slas.selectors.availability import (
    Availability,
    MaintenanceOutcome,
    vendors_maintenance_outcomes,
    vendors_month_availability,
)
from slas.uptime import shown_percent
from tickets.selectors import TicketFigures, ticket_figures
from vendors.models import Vendor

REPORTER = "hourly computation"
COMPUTED = (
    "ticket_volume",
    "response_within_sla",
    "resolution_within_sla",
    "median_response",
    "reopen_rate",
    "satisfaction",
    "uptime",
    "outages",
    "mttr",
    "mtbf",
    "maintenance_compliance",
)


def _share(part: int, whole: int) -> Decimal:
    return (Decimal(100) * part / whole).quantize(Decimal("0.0001"))


def ticket_values(figures: TicketFigures) -> dict[str, Decimal]:
    """The ticket KPIs a vendor's figures give; a KPI without data that month is left out."""
    values = {"ticket_volume": Decimal(figures.opened)}
    if figures.responses_decided:
        values["response_within_sla"] = _share(figures.responses_met, figures.responses_decided)
    if figures.resolutions_decided:
        values["resolution_within_sla"] = _share(figures.resolutions_met, figures.resolutions_decided)
    if figures.median_response_minutes is not None:
        values["median_response"] = Decimal(str(round(figures.median_response_minutes, 4)))
    if figures.resolved:
        values["reopen_rate"] = _share(figures.reopened, figures.resolved)
    if figures.rating_mean is not None:
        values["satisfaction"] = Decimal(str(round(figures.rating_mean, 4)))
    return values


def availability_values(availability: Availability, outcomes: list[MaintenanceOutcome]) -> dict[str, Decimal]:
    figures = availability.figures
    values = {"uptime": shown_percent(figures.uptime_percent, 4), "outages": Decimal(figures.outages)}
    if figures.mttr is not None:
        values["mttr"] = Decimal(figures.mttr.total_seconds() / 60).quantize(Decimal("0.0001"))
    if figures.mtbf is not None:
        values["mtbf"] = Decimal(figures.mtbf.total_seconds() / 86400).quantize(Decimal("0.0001"))
    worked = [outcome for outcome in outcomes if outcome.assessment.planned or outcome.assessment.unplanned]
    if worked:
        compliant = sum(1 for outcome in worked if outcome.assessment.compliant)
        values["maintenance_compliance"] = _share(compliant, len(worked))
    return values


def kpis_compute(*, month: datetime.date, now: datetime.datetime | None = None) -> int:
    """Replace every vendor's computed KPI values of ``month`` (one sample per KPI, at the end of
    the month or now). Returns the samples written."""
    now = now or timezone.now()
    month = month_start(month)
    start, end = month_bounds(month)
    if start >= now:
        return 0
    vendor_ids = list(Vendor.objects.order_by("pk").values_list("pk", flat=True))
    tickets = ticket_figures(vendor_ids, start, end)
    availability = vendors_month_availability(vendor_ids, month, now=now)
    maintenance = vendors_maintenance_outcomes(vendor_ids, start, end, now=now)
    values = {
        vendor_id: {
            **ticket_values(tickets[vendor_id]),
            **availability_values(availability[vendor_id], maintenance[vendor_id]),
        }
        for vendor_id in vendor_ids
    }
    sources = computed_sources()
    for source in sources:
        for vendor_id, vendor_values in source_values(source, vendor_ids, start, end, now).items():
            values[vendor_id].update(vendor_values)
    measured_at = min(now, end - datetime.timedelta(seconds=1))
    samples = [
        SampleInput(code, vendor_id, measured_at, value)
        for vendor_id, vendor_values in values.items()
        for code, value in vendor_values.items()
    ]
    codes = COMPUTED + tuple(code for source in sources for code in source.codes)
    with transaction.atomic():
        kpi_ids = list(Kpi.objects.filter(code__in=codes).values_list("pk", flat=True))
        KpiSample.objects.filter(
            kpi_id__in=kpi_ids, source=Source.COMPUTED, measured_at__gte=start, measured_at__lt=end
        ).delete()
        if samples:
            samples_ingest(samples=samples, user=None, source=Source.COMPUTED, reporter=REPORTER)
    return len(samples)


def kpis_compute_recent(*, now: datetime.datetime | None = None) -> int:
    """This month and the last (which may still change on its first days): what beat runs hourly."""
    now = now or timezone.now()
    return sum(kpis_compute(month=month, now=now) for month in previous_months(timezone.localdate(now), 2))

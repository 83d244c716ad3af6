"""Scorecard benchmarks: computing one vendor's draft evaluation live from its records (every
measure of the demo template: availability, ticket clocks and times, incidents, maintenance,
credits, KPI roll-ups) with the bench tickets and KPI samples in the database, and the
side-by-side page for many vendors' finalised evaluations.

The vendor is the availability bench's (ten years of incidents on 50 components, monthly
maintenance, an SLA) with the report bench's heavy month of tickets (decided clocks, events,
ratings) on top of its share of the bench tickets; the period is the year of that month, scored
up to now. The side-by-side rows are that vendor's snapshot copied to
``--scorecard-vendors`` bench vendors: the page reads snapshots only, so their contents do not
change its cost."""

import argparse
import datetime
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from bench import kpi_dashboard
from bench.data.slas import bench_vendor
from bench.reports import ensure_month_tickets
from core.months import previous_months
from devtools.demo.scorecards import criteria
from kpis.models import KpiSample
from scorecards.models import Evaluation, EvaluationTemplate, Method
from scorecards.selectors.evaluations import live_scorecard
from scorecards.services.evaluations import evaluation_create, evaluation_finalise, evaluation_score_manual
from scorecards.services.templates import template_save
from tickets.models import Ticket
from vendors.models import Vendor

TEMPLATE = "Bench evaluation"


def _template(admin: object) -> EvaluationTemplate:
    template = EvaluationTemplate.objects.filter(name=TEMPLATE).first()
    return template or template_save(template=EvaluationTemplate(name=TEMPLATE), criteria=criteria(), by=admin)


def _draft(vendor: Vendor, template: EvaluationTemplate, start: datetime.date, admin: object) -> Evaluation:
    evaluation = Evaluation.objects.filter(vendor=vendor, period_kind="annual", period_start=start).first()
    if evaluation is None:
        evaluation = evaluation_create(
            vendor=vendor, template=template, period_kind="annual", period_start=start, by=admin
        )
    return Evaluation.objects.select_related("vendor", "template").get(pk=evaluation.pk)


def _side_by_side(finalised: Evaluation, count: int) -> int:
    """``count`` vendors with a finalised evaluation of the period (copies of ``finalised``)."""
    have = set(Evaluation.objects.filter(period_start=finalised.period_start).values_list("vendor_id", flat=True))
    missing = list(Vendor.objects.exclude(pk__in=have).order_by("pk")[: max(count - len(have), 0)])
    Evaluation.objects.bulk_create(
        Evaluation(
            vendor=vendor,
            template=finalised.template,
            period_kind="annual",
            period_start=finalised.period_start,
            state=Evaluation.State.FINALISED,
            snapshot={**finalised.snapshot, "vendor": {"id": vendor.pk, "name": vendor.name}},
            snapshot_sha256=finalised.snapshot_sha256,
            total=finalised.total,
            standing=finalised.standing,
            finalised_at=finalised.finalised_at,
        )
        for vendor in missing
    )
    return Evaluation.objects.filter(period_start=finalised.period_start).count()


def _busiest_year(vendor: Vendor) -> datetime.date:
    """Last year or this year, whichever holds more of the vendor's tickets: the bench data are
    recent, and a draft of the running year is scored up to now."""
    this_year = timezone.localdate().year
    opened = {
        year: Ticket.objects.filter(vendor=vendor, opened_at__year=year).count() for year in (this_year - 1, this_year)
    }
    return datetime.date(max(opened, key=opened.get), 1, 1)


def rows(client: Client, args: argparse.Namespace) -> tuple[list[tuple[str, str, str]], str]:
    from bench.run import count_queries, measure

    prepared = kpi_dashboard.prepare(args)
    call_command("bench_data", incidents=args.incidents)
    admin = get_user_model().objects.get(username="bench-admin")
    vendor = bench_vendor()  # incidents, maintenance and an SLA of its own
    month = previous_months(timezone.localdate(), 2)[0]
    heavy = ensure_month_tickets(vendor.pk, month)  # decided clocks, events, ratings
    start = month.replace(month=1)
    template = _template(admin)
    draft = _draft(vendor, template, start, admin)
    now = timezone.now()
    live_scorecard(draft, now=now)  # warm-up: imports, calendars, the clock caches
    timings = []
    for _ in range(args.scorecard_runs):
        started = time.perf_counter()
        card = live_scorecard(draft, now=now)
        timings.append(time.perf_counter() - started)
    measured = sum(1 for result in card.results if result.method != Method.MANUAL and result.value is not None)
    tickets = Ticket.objects.count()
    vendor_tickets = Ticket.objects.filter(vendor=vendor).count()
    samples = KpiSample.objects.count()

    last_year = datetime.date(timezone.localdate().year - 1, 1, 1)
    finalised = _draft(vendor, template, last_year, admin)
    if finalised.state == Evaluation.State.DRAFT:
        for criterion in template.criteria.filter(method=Method.MANUAL):
            evaluation_score_manual(
                evaluation=finalised, criterion=criterion, score=70, justification="Bench", by=admin
            )
        finalised = evaluation_finalise(evaluation=finalised, by=admin)
    shown = _side_by_side(finalised, args.scorecard_vendors)
    path = f"/scorecards/compare/?period=annual-{last_year:%Y-%m}"
    p50, p95 = measure(client, path, args.requests)
    queries = count_queries(client, path)
    result = [
        (
            f"draft evaluation of {start.year} computed live, one vendor ({vendor_tickets:,} of {tickets:,} tickets, "
            f"{heavy:,} in {month:%Y-%m}; "
            f"{measured} of {len(card.results)} criteria measured)",
            f"median {statistics.median(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms",
            "< 1 s",
        ),
        (
            f"side-by-side page, {shown} vendors' finalised evaluations",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms, {queries} queries",
            "p95 < 200 ms",
        ),
    ]
    for measure_label, figure, goal in result:
        print(f"{measure_label:<100} {figure:<40} goal {goal}")
    caption = f"Scorecards: {tickets:,} tickets and {samples:,} KPI samples ({prepared})."
    return result, caption

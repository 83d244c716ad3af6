"""Reads of SLA annual reviews: lists, the reviews due or overdue (the overview's dates and the
agenda flag them), and the year's figures gathered from the lower apps through their selectors
(attainment per target, breaches, uptime month by month, credits, chronic failures, incidents,
satisfaction), JSON-ready so the same shape is frozen into the review when it is concluded."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from core.formatting import format_elapsed, format_money, format_percent
from core.months import month_start, next_month
from governance.models import SlaReview
from slas.models import Metric
from slas.selectors.availability import monthly_availability, range_availability
from slas.selectors.credits import credits_earned, statement_list
from slas.selectors.incidents import incident_figures
from slas.uptime import shown_percent
from tickets.selectors import clock_outcomes, rating_scores

REMIND_DAYS_AHEAD = (60, 14)  # reminders before the due date; flagged from the first of them
ATTAINMENT_WARNING = Decimal(95)  # below it a target's attainment is amber, below its breaches red
COMPLAINT_SCORES = (1, 2)  # satisfaction ratings counted as complaints


def review_list() -> QuerySet[SlaReview]:
    return SlaReview.objects.select_related("vendor", "agreement__contract", "new_agreement")


def review_detail() -> QuerySet[SlaReview]:
    return review_list().prefetch_related("findings__author", "agreement__targets")


def reviews_due(*, today: datetime.date, within_days: int = REMIND_DAYS_AHEAD[0]) -> QuerySet[SlaReview]:
    """Open reviews due within ``within_days`` days or overdue, soonest first."""
    horizon = today + datetime.timedelta(days=within_days)
    return review_list().filter(status=SlaReview.Status.OPEN, due_on__lte=horizon).order_by("due_on", "pk")


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=timezone.get_default_timezone())


def _level(share: Decimal | None, *, target: Decimal | None = None) -> str:
    if share is None:
        return "secondary"
    if target is not None:
        return "success" if share >= target else "danger"
    return "success" if share >= 100 else ("warning" if share >= ATTAINMENT_WARNING else "danger")


def _targets(review: SlaReview, start: datetime.datetime, end: datetime.datetime) -> list[dict[str, Any]]:
    """Each target of the agreement with how often it was met in the year."""
    outcomes = {(o.severity, o.metric): o for o in clock_outcomes(review.vendor_id, start, end)}
    rows = []
    for target in review.agreement.targets.all():
        for metric in Metric:
            duration = target.duration_for(metric)
            if duration is None:
                continue
            outcome = outcomes.get((target.severity, metric.value))
            met, breached = (outcome.met, outcome.breached) if outcome else (0, 0)
            share = Decimal(met) * 100 / (met + breached) if met + breached else None
            rows.append(
                {
                    "subject": f"{target.severity} {metric.label.lower()}",
                    "target": format_elapsed(duration),
                    "met": met,
                    "breached": breached,
                    "attainment": format_percent(share, 1) if share is not None else "no tickets",
                    "level": _level(share),
                }
            )
    return rows


def _months(review: SlaReview, now: datetime.datetime) -> list[dict[str, Any]]:
    months, month = [], month_start(review.period_start)
    while month < review.period_end:
        months.append(month)
        month = next_month(month)
    rows = []
    for period in monthly_availability(review.vendor_id, months, now=now):
        target = period.target_percent
        rows.append(
            {
                "month": f"{timezone.localtime(period.start):%b %Y}",
                "uptime": f"{shown_percent(period.figures.uptime_percent)} %",
                "target": format_percent(target) if target is not None else "no target",
                "level": _level(period.figures.uptime_percent, target=target),
                "partial": period.is_partial,
            }
        )
    return rows


def _satisfaction(review: SlaReview, start: datetime.datetime, end: datetime.datetime) -> dict[str, Any]:
    scores = rating_scores(review.vendor_id, start, end)
    count = sum(scores.values())
    mean = Decimal(sum(score * n for score, n in scores.items())) / count if count else None
    return {
        "ratings": count,
        "mean": f"{mean:.1f} of 5" if mean is not None else "no ratings",
        "complaints": sum(scores.get(score, 0) for score in COMPLAINT_SCORES),
    }


def review_figures(review: SlaReview, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """The year's figures of the review's vendor under its agreement, measured up to ``now``
    while the year runs. A year that has not begun has none."""
    now = now or timezone.now()
    start, end = _day_start(review.period_start), _day_start(review.period_end)
    figures: dict[str, Any] = {
        "built_at": now.isoformat(),
        "period": f"{review.period_start:%d %b %Y} to {review.period_end - datetime.timedelta(days=1):%d %b %Y}",
    }
    if start >= now:
        return {**figures, "begun": False}
    until = min(end, now)
    year = range_availability(review.vendor_id, start, end, now=now)
    target = review.agreement.uptime_target_percent
    targets = _targets(review, start, until)
    credits = credits_earned(review.vendor_id, month_start(review.period_start), month_start(review.period_end))
    incidents = incident_figures(review.vendor_id, start, until)
    chronic = (
        statement_list()
        .filter(
            vendor_id=review.vendor_id,
            month__gte=month_start(review.period_start),
            month__lt=review.period_end,
            chronic_failure=True,
        )
        .count()
    )
    percent_of_fees = credits.percent_of_fees
    return {
        **figures,
        "begun": True,
        "partial": now < end,
        "uptime": {
            "value": f"{shown_percent(year.figures.uptime_percent)} %",
            "target": format_percent(target),
            "level": _level(year.figures.uptime_percent, target=target),
            "downtime": format_elapsed(year.figures.downtime),
            "outages": year.figures.outages,
        },
        "months": _months(review, now),
        "targets": targets,
        "breaches": sum(row["breached"] for row in targets),
        "credits": {
            "months": credits.months,
            "amount": format_money(credits.credit_amount),
            "of_fees": f"{format_percent(percent_of_fees, 2)} of the fees"
            if percent_of_fees is not None
            else "no credit statement in the year",
        },
        "chronic_months": chronic,
        "incidents": {
            "count": incidents.count,
            "restored": incidents.restored,
            "mean_time_to_restore": format_elapsed(incidents.mean_time_to_restore),
        },
        "satisfaction": _satisfaction(review, start, until),
    }


def figures_of(review: SlaReview, *, now: datetime.datetime | None = None) -> dict[str, Any]:
    """What the review page shows: the figures as concluded, else live ones."""
    return review.figures if not review.is_open and review.figures else review_figures(review, now=now)


def finding_subjects(review: SlaReview) -> list[str]:
    """What a finding may be about: each target of the agreement, the uptime, the whole."""
    subjects = [
        f"{target.severity} {metric.label.lower()}"
        for target in review.agreement.targets.all()
        for metric in Metric
        if target.duration_for(metric) is not None
    ]
    return ["Uptime", *subjects, "The agreement as a whole"]

"""The training KPIs of the catalogue, computed per vendor for a month and registered in
``kpis.computed_sources`` from ``TrainingConfig.ready()`` (``kpis`` never imports training):

- ``training_coverage``: of the mandatory requirements that fall on the vendor's courses, the
  share people hold (completed, not expired), judged on the month's last day (today for the
  running month); ``training_overdue``: those past their due date that day;
- ``session_feedback``: the mean of every rating given (content, trainer, usefulness: each part
  of each answer counts once) on the vendor's sessions that started in the month;
- ``vendor_sessions_delivered``: the vendor's sessions, not cancelled, that started in the month
  (up to now).

A vendor without courses in the matrix, answers or sessions has no value that month. A few
queries for all vendors at once: coverage grouped by course (``training.selectors.coverage``),
one aggregate for feedback, one for sessions."""

import datetime
from decimal import Decimal

from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from training.models import Course, Level, Session, SessionFeedback
from training.selectors.coverage import CoverageFilters, coverage

CODES = ("training_coverage", "training_overdue", "session_feedback", "vendor_sessions_delivered")
TWO_PLACES = Decimal("0.01")


def _coverage(vendor_ids: list[int], day: datetime.date) -> dict[int, dict[str, Decimal]]:
    result = coverage(filters=CoverageFilters(level=Level.MANDATORY), today=day, grouping="course")
    vendor_of = dict(
        Course.objects.filter(pk__in=[int(row.key) for row in result.groups], vendor_id__in=vendor_ids).values_list(
            "pk", "vendor_id"
        )
    )
    totals: dict[int, list[int]] = {}
    for row in result.groups:
        if (vendor_id := vendor_of.get(int(row.key))) is not None:
            total = totals.setdefault(vendor_id, [0, 0, 0])
            total[0] += row.required
            total[1] += row.compliant
            total[2] += row.overdue
    return {
        vendor_id: {
            "training_coverage": (Decimal(100 * compliant) / required).quantize(TWO_PLACES),
            "training_overdue": Decimal(overdue),
        }
        for vendor_id, (required, compliant, overdue) in totals.items()
        if required
    }


def _feedback(vendor_ids: list[int], start: datetime.datetime, end: datetime.datetime) -> dict[int, Decimal]:
    parts = ("content_rating", "trainer_rating", "usefulness_rating")
    rows = (
        SessionFeedback.objects.filter(
            answered_at__isnull=False,
            enrolment__session__course__vendor_id__in=vendor_ids,
            enrolment__session__starts_at__gte=start,
            enrolment__session__starts_at__lt=end,
        )
        .values(vendor_id=F("enrolment__session__course__vendor_id"))
        .annotate(
            total=sum((Coalesce(Sum(part), 0) for part in parts[1:]), Coalesce(Sum(parts[0]), 0)),
            given=sum((Count(part) for part in parts[1:]), Count(parts[0])),
        )
    )
    return {
        row["vendor_id"]: (Decimal(row["total"]) / row["given"]).quantize(TWO_PLACES) for row in rows if row["given"]
    }


def _sessions(
    vendor_ids: list[int], start: datetime.datetime, end: datetime.datetime, now: datetime.datetime
) -> dict[int, Decimal]:
    rows = (
        Session.objects.filter(
            course__vendor_id__in=vendor_ids,
            status=Session.Status.SCHEDULED,
            starts_at__gte=start,
            starts_at__lt=min(end, now),
        )
        .values("course__vendor_id")
        .annotate(held=Count("pk"))
    )
    return {row["course__vendor_id"]: Decimal(row["held"]) for row in rows}


def training_kpis(
    vendor_ids: list[int], start: datetime.datetime, end: datetime.datetime, now: datetime.datetime
) -> dict[int, dict[str, Decimal]]:
    """The month's training KPIs per vendor (``kpis.computed_sources.Computation``)."""
    day = timezone.localtime(min(now, end - datetime.timedelta(seconds=1))).date()
    values: dict[int, dict[str, Decimal]] = {}
    for vendor_id, found in _coverage(vendor_ids, day).items():
        values.setdefault(vendor_id, {}).update(found)
    for vendor_id, mean in _feedback(vendor_ids, start, end).items():
        values.setdefault(vendor_id, {})["session_feedback"] = mean
    for vendor_id, held in _sessions(vendor_ids, start, end, now).items():
        values.setdefault(vendor_id, {})["vendor_sessions_delivered"] = held
    return values

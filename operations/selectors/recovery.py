"""Reads of backup and DR tests: the list (with the last run's result and date), one test's runs,
what is overdue on a day, what the reminders look at, and the DR test compliance KPI."""

import datetime
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone

from operations.models import RecoveryTest, RecoveryTestRun


def recovery_list() -> QuerySet[RecoveryTest]:
    """Tests with their vendor and component, the last run's start and result, soonest due first."""
    last = RecoveryTestRun.objects.filter(test=OuterRef("pk")).order_by("-started_at", "-id")
    return (
        RecoveryTest.objects.select_related("vendor", "component")
        .annotate(
            last_run_at=Subquery(last.values("started_at")[:1]),
            last_result=Subquery(last.values("result")[:1]),
        )
        .order_by("next_due_on", "id")
    )


def recovery_detail() -> QuerySet[RecoveryTest]:
    return recovery_list().prefetch_related(
        Prefetch("runs", queryset=RecoveryTestRun.objects.select_related("recorded_by").order_by("-started_at", "-id"))
    )


def recovery_due_by(day: datetime.date) -> QuerySet[RecoveryTest]:
    """Active tests due on or before ``day`` (overdue ones included), for the reminders."""
    return (
        RecoveryTest.objects.filter(active=True, next_due_on__lte=day)
        .select_related("vendor", "component")
        .order_by("next_due_on", "id")
    )


DR_TEST_COMPLIANCE = "dr_test_compliance"
COMPLIANCE_WINDOW = relativedelta(months=12)


def recovery_compliance(vendor_ids: list[int], *, at: datetime.datetime) -> dict[int, Decimal]:
    """Per vendor, the share (%) of its backup and DR tests due in the twelve months up to ``at``
    that were done and passed. A test was due in that window when it was scheduled (active,
    created before ``at``) and either ran in the window or fell due by ``at``; it passed when its
    last run in the window succeeded. A vendor with no test due is left out."""
    window_start = at - COMPLIANCE_WINDOW
    in_window = RecoveryTestRun.objects.filter(test=OuterRef("pk"), started_at__gt=window_start, started_at__lte=at)
    last = in_window.order_by("-started_at", "-id")
    rows = (
        RecoveryTest.objects.filter(vendor_id__in=vendor_ids, active=True, created_at__lt=at)
        .annotate(ran=Exists(in_window), last_result=Subquery(last.values("result")[:1]))
        .filter(Q(ran=True) | Q(next_due_on__lte=timezone.localdate(at)))
        .values("vendor_id")
        .annotate(
            due=Count("id"),
            passed=Count("id", filter=Q(last_result=RecoveryTestRun.Result.SUCCESS)),
        )
        .order_by()
    )
    return {row["vendor_id"]: (Decimal(100) * row["passed"] / row["due"]).quantize(Decimal("0.1")) for row in rows}


def dr_test_compliance_values(
    vendor_ids: list[int], start: datetime.datetime, end: datetime.datetime, now: datetime.datetime
) -> dict[int, dict[str, Decimal]]:
    """The catalogue KPI ``dr_test_compliance`` for the month ``start``..``end``, as
    ``kpis.computed_sources`` asks for it: measured at the month's end, or now in the current month."""
    at = min(now, end)
    return {
        vendor_id: {DR_TEST_COMPLIANCE: value} for vendor_id, value in recovery_compliance(vendor_ids, at=at).items()
    }


def recovery_runs_between(start: datetime.datetime, end: datetime.datetime) -> QuerySet[RecoveryTestRun]:
    """Runs started from ``start`` up to (not including) ``end``, with their test and component."""
    return (
        RecoveryTestRun.objects.filter(started_at__gte=start, started_at__lt=end)
        .select_related("test__component")
        .order_by("started_at", "id")
    )

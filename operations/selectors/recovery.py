"""Reads of backup and DR tests: the list (with the last run's result and date), one test's runs,
what is overdue on a day, and what the reminders look at."""

import datetime

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

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

"""Reads of health assessments: templates, the schedules (with the last run's day and their open
findings counted), one schedule's runs with results and findings, what is overdue or due on a
day, and the open findings the action register lists."""

import datetime

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from operations.models import HealthAssessment, HealthCheckResult, HealthFinding, HealthRun, HealthTemplate


def template_list() -> QuerySet[HealthTemplate]:
    return HealthTemplate.objects.annotate(assessment_count=Count("assessments")).order_by("component_kind", "name")


def assessment_list() -> QuerySet[HealthAssessment]:
    """Schedules with vendor, component and template, the last run's day and open findings."""
    last = HealthRun.objects.filter(assessment=OuterRef("pk")).order_by("-performed_on", "-id")
    open_findings = (
        HealthFinding.objects.filter(run__assessment=OuterRef("pk"), status=HealthFinding.Status.OPEN)
        .order_by()
        .values("run__assessment")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        HealthAssessment.objects.select_related("vendor", "component", "template")
        .annotate(last_run_on=Subquery(last.values("performed_on")[:1]), open_findings=Subquery(open_findings))
        .order_by("next_due_on", "id")
    )


def assessment_detail() -> QuerySet[HealthAssessment]:
    runs = HealthRun.objects.select_related("recorded_by").order_by("-performed_on", "-id")
    return assessment_list().prefetch_related(
        Prefetch("runs", queryset=runs),
        Prefetch("runs__results", queryset=HealthCheckResult.objects.order_by("position")),
        Prefetch("runs__findings", queryset=HealthFinding.objects.order_by("status", "due_date", "id")),
    )


def assessments_due_by(day: datetime.date) -> QuerySet[HealthAssessment]:
    """Active schedules due on or before ``day`` (overdue ones included), for the reminders."""
    return (
        HealthAssessment.objects.filter(active=True, next_due_on__lte=day)
        .select_related("vendor", "component", "template")
        .order_by("next_due_on", "id")
    )


def assessments_overdue(*, today: datetime.date) -> QuerySet[HealthAssessment]:
    """Active schedules whose assessment was due before ``today``."""
    return assessments_due_by(today - datetime.timedelta(days=1))


def findings_open() -> QuerySet[HealthFinding]:
    """Open findings with their run, schedule and vendor: the action register's rows."""
    return HealthFinding.objects.filter(status=HealthFinding.Status.OPEN).select_related(
        "run__assessment__vendor", "run__assessment__component"
    )


def runs_between(start: datetime.date, end: datetime.date) -> QuerySet[HealthRun]:
    """Runs done from ``start`` up to (not including) ``end``, with the counts of their results."""
    return (
        HealthRun.objects.filter(performed_on__gte=start, performed_on__lt=end)
        .select_related("assessment__vendor", "assessment__component", "assessment__template")
        .annotate(
            failed_checks=Count("results", filter=Q(results__result=HealthCheckResult.Result.FAILED), distinct=True),
            attention_checks=Count(
                "results", filter=Q(results__result=HealthCheckResult.Result.ATTENTION), distinct=True
            ),
            finding_count=Count("findings", distinct=True),
        )
        .order_by("performed_on", "id")
    )

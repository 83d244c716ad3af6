"""Reads of upgrade and change plans: the list (pages, portal, API), one plan's steps and checks,
its latest integration checks."""

from django.db.models import Count, Prefetch, Q, QuerySet, Subquery

from operations.models import ChangePlan, PlanCheck, PlanIntegrationCheck, PlanStep, PlanTestCase


def plan_list() -> QuerySet[ChangePlan]:
    """Plans with what their rows show: vendor, component, window, and the count of open items."""
    return (
        ChangePlan.objects.select_related("vendor", "component", "maintenance_window")
        .annotate(open_checks=Count("checks", filter=Q(checks__signed_at__isnull=True)))
        .order_by("-window_start", "-id")
    )


def plan_detail() -> QuerySet[ChangePlan]:
    """Plans with everything their page shows, steps, checks and test cases prefetched in order."""
    return (
        plan_list()
        .select_related("approved_by", "go_decided_by", "created_by", "incident", "version_change", "lessons_review")
        .prefetch_related(
            Prefetch("steps", queryset=PlanStep.objects.order_by("position", "id")),
            Prefetch("checks", queryset=PlanCheck.objects.select_related("signed_by_user").order_by("-stage", "id")),
            Prefetch(
                "test_cases",
                queryset=PlanTestCase.objects.select_related("recorded_by", "ticket").order_by("position", "id"),
            ),
        )
    )


def latest_integration_checks(plan: ChangePlan) -> list[PlanIntegrationCheck]:
    """The plan's latest batch of integration checks, each with its probe run, probe and
    interface, by interface name (one query)."""
    latest = PlanIntegrationCheck.objects.filter(plan=plan).order_by("-checked_at").values("checked_at")[:1]
    return list(
        PlanIntegrationCheck.objects.filter(plan=plan, checked_at=Subquery(latest))
        .select_related("probe_run__probe__interface", "requested_by")
        .order_by("probe_run__probe__interface__name", "probe_run__probe__name")
    )


def check_list() -> QuerySet[PlanCheck]:
    """Check items with their plan, for the sign-off views."""
    return PlanCheck.objects.select_related("plan", "plan__vendor")


def component_plans(component_id: int) -> QuerySet[ChangePlan]:
    """The plans of one component, latest window first (its lifecycle page lists them)."""
    return ChangePlan.objects.filter(component_id=component_id).order_by("-window_start", "-id")

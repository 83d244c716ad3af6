"""Reads of test protocols: templates with their cases, the templates a plan may take, a plan's
cases, and the mandatory cases that keep a plan from being done."""

from django.db.models import Count, Prefetch, QuerySet

from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate, ProtocolTemplateCase


def template_list() -> QuerySet[ProtocolTemplate]:
    """Templates with the count of their cases (the list, the API)."""
    return ProtocolTemplate.objects.annotate(case_count=Count("cases")).order_by("component_kind", "name")


def template_detail() -> QuerySet[ProtocolTemplate]:
    """Templates with their cases in order."""
    return template_list().prefetch_related(
        Prefetch("cases", queryset=ProtocolTemplateCase.objects.order_by("position", "id"))
    )


def templates_for(plan: ChangePlan) -> QuerySet[ProtocolTemplate]:
    """The active templates for the kind of the plan's component."""
    return ProtocolTemplate.objects.filter(active=True, component_kind=plan.component.kind).order_by("name")


def plan_case_list() -> QuerySet[PlanTestCase]:
    """Plans' test cases with their plan, who recorded them and their ticket."""
    return PlanTestCase.objects.select_related("plan", "plan__vendor", "recorded_by", "ticket").order_by(
        "plan", "position", "id"
    )


def mandatory_cases_not_passed(plan: ChangePlan) -> list[str]:
    """The mandatory cases of ``plan`` whose result is not a pass, in order, as their titles."""
    return [
        str(case)
        for case in PlanTestCase.objects.filter(plan=plan, mandatory=True)
        .exclude(result=PlanTestCase.Result.PASS)
        .order_by("position", "id")
    ]

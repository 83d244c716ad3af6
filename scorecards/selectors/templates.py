"""Reads on evaluation templates."""

from django.db.models import Count, QuerySet

from scorecards.models import EvaluationTemplate


def template_list() -> QuerySet[EvaluationTemplate]:
    """Templates with how many criteria each has."""
    return EvaluationTemplate.objects.annotate(criteria_count=Count("criteria", distinct=True))


def template_detail() -> QuerySet[EvaluationTemplate]:
    return EvaluationTemplate.objects.prefetch_related("criteria__kpi")

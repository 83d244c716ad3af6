"""The FilterSets of test protocols: the template list (and its API), plans' test cases (API)."""

import django_filters

from core.filters import SearchFilterSet
from operations.models import PlanTestCase, ProtocolTemplate


class ProtocolTemplateFilterSet(SearchFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = ProtocolTemplate
        fields = ["q", "component_kind", "active"]


class PlanTestCaseFilterSet(SearchFilterSet):
    search_fields = ("title", "expected_result", "notes")

    plan = django_filters.NumberFilter(field_name="plan_id")

    class Meta:
        model = PlanTestCase
        fields = ["q", "plan", "result", "mandatory"]

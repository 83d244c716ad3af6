"""Hospital UI of the replacement schedule: the planned replacements with their budgets, a
timeline chart by year, the five-year budget forecast, and what is past end of support without
a plan. Replacement dates and budgets are lifecycle facts (``views.lifecycle``'s edit page)."""

from typing import Any

from django.utils import timezone

from core.views.generic import ObjectListView
from operations.filters.lifecycle import ReplacementFilterSet
from operations.pages.replacements import schedule_context
from operations.selectors.replacements import planned_replacements
from operations.tables.replacements import ReplacementTable


class ReplacementScheduleView(ObjectListView):
    queryset = planned_replacements()
    filterset_class = ReplacementFilterSet
    table_class = ReplacementTable
    export_filename = "replacement-schedule"
    template_name = "operations/replacement_schedule.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(schedule_context(self.request.user, timezone.localdate()))
        if not self.request.GET:
            context["table"].empty_text = (
                "No replacement planned yet. Give a component a planned replacement date and budget on its "
                "lifecycle page; the schedule and the forecast follow."
            )
        return context

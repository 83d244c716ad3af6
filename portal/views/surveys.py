"""The vendor's staff surveys: those the hospital sent about it, with the response rate and the
results per question and profession; never the free text, never who answered."""

from typing import Any

from django.views.generic import DetailView

from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalSurveyTable
from scorecards.filters.surveys import SurveyFilterSet
from scorecards.pages.surveys import survey_context
from scorecards.selectors.surveys import survey_detail, survey_list


class PortalSurveyListView(PortalListView):
    queryset = survey_list()
    filterset_class = SurveyFilterSet
    table_class = PortalSurveyTable
    title = "Staff surveys"
    export_filename = "staff-surveys"


class PortalSurveyDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = survey_detail()
    template_name = "portal/survey_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(survey_context(self.object, self.request.user))
        return context

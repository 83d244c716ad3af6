"""The decision log: every vendor's decisions, searchable."""

from core.views.generic import ObjectListView
from governance.filters.meetings import DecisionFilterSet
from governance.selectors.meetings import decision_list
from governance.tables.meetings import DecisionTable


class DecisionListView(ObjectListView):
    queryset = decision_list()
    filterset_class = DecisionFilterSet
    table_class = DecisionTable
    export_filename = "decisions"

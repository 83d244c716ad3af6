"""The requirement matrix: one row per profession and course, kept by hospital admins."""

from django.urls import reverse, reverse_lazy

from core.views.generic import ObjectCreateView, ObjectDeleteView, ObjectListView, ObjectUpdateView
from training.filters.requirements import RequirementFilterSet
from training.forms.requirements import RequirementForm
from training.models import Requirement
from training.selectors.requirements import requirement_list
from training.tables.requirements import RequirementTable


class RequirementListView(ObjectListView):
    manage_action = "requirement.manage"
    queryset = requirement_list()
    filterset_class = RequirementFilterSet
    table_class = RequirementTable
    export_filename = "training-requirements"
    add_label = "Add a requirement"


class RequirementCreateView(ObjectCreateView):
    permission_action = "requirement.manage"
    model = Requirement
    form_class = RequirementForm
    success_url = reverse_lazy("training:requirement_list")


class RequirementUpdateView(ObjectUpdateView):
    permission_action = "requirement.manage"
    model = Requirement
    form_class = RequirementForm
    success_url = reverse_lazy("training:requirement_list")

    def get_cancel_url(self) -> str:
        return reverse("training:requirement_list")


class RequirementDeleteView(ObjectDeleteView):
    permission_action = "requirement.manage"
    model = Requirement

"""Hospital pages of backup and DR tests: the list (overdue flagged), scheduling a component's
test (through ``operations.services.recovery.recovery_test_save``), its page with its runs, and
recording a run. The page's facts come from ``operations.pages.recovery``, shared with the portal."""

from typing import Any

from django.db.models import Model
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from core.permissions import require
from core.views.generic import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from operations.filters.recovery import RecoveryTestFilterSet
from operations.forms.recovery import RecoveryRunForm, RecoveryTestForm
from operations.models import RecoveryTest
from operations.pages.recovery import recovery_context, run_recovery_record
from operations.selectors.recovery import recovery_detail, recovery_list
from operations.services.recovery import recovery_test_save
from operations.tables.recovery import RecoveryTestTable


class RecoveryTestListView(ObjectListView):
    queryset = recovery_list()
    manage_action = "recovery.plan"
    filterset_class = RecoveryTestFilterSet
    table_class = RecoveryTestTable
    export_filename = "backup-dr-tests"
    add_label = "Schedule a test"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context["table"].empty_text = (
                "No backup or DR tests scheduled yet. Schedule one per component: restore a sample of studies, "
                "restore the database or fail over to the secondary site, every few months, with RTO and RPO "
                "targets."
            )
        return context


class RecoveryTestSaveMixin:
    request: HttpRequest

    def save_form(self, form: RecoveryTestForm) -> Model:
        return recovery_test_save(test=form.instance, by=self.request.user)


class RecoveryTestCreateView(RecoveryTestSaveMixin, ObjectCreateView):
    permission_action = "recovery.plan"
    model = RecoveryTest
    form_class = RecoveryTestForm
    title = "Schedule a backup or DR test"


class RecoveryTestUpdateView(RecoveryTestSaveMixin, ObjectUpdateView):
    permission_action = "recovery.plan"
    model = RecoveryTest
    form_class = RecoveryTestForm


class RecoveryTestDetailView(ObjectDetailView):
    queryset = recovery_detail()
    manage_action = "recovery.plan"
    template_name = "operations/recoverytest_detail.html"
    run_form: RecoveryRunForm | None = None

    def get_related(self) -> dict[str, Any]:
        record_url = reverse("operations:recoverytest_detail", args=[self.object.pk])
        return recovery_context(self.object, self.request.user, record_url=record_url, form=self.run_form)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Record a run (``recovery.record``); the form comes back with its errors when refused."""
        self.object = self.get_object()
        require(request.user, "recovery.record", self.object)
        answer = run_recovery_record(request, self.object, back_url=self.object.get_absolute_url())
        if isinstance(answer, HttpResponse):
            return answer
        self.run_form = answer
        return self.render_to_response(self.get_context_data(object=self.object))

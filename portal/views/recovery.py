"""The vendor's backup and DR tests in the portal: their list (overdue flagged) and a test's page,
where the vendor records a run. The page is ``operations.pages.recovery``', shared with the
hospital UI; every write goes through ``operations.services.recovery``."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.generic import DetailView

from core.permissions import require
from core.views.mixins import ScopedQuerysetMixin
from operations.filters.recovery import RecoveryTestFilterSet
from operations.forms.recovery import RecoveryRunForm
from operations.pages.recovery import recovery_context, run_recovery_record
from operations.selectors.recovery import recovery_detail, recovery_list
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalRecoveryTestTable


class PortalRecoveryListView(PortalListView):
    queryset = recovery_list()
    filterset_class = RecoveryTestFilterSet
    table_class = PortalRecoveryTestTable
    title = "Backup and DR tests"
    export_filename = "backup-dr-tests"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not self.request.GET:
            context[
                "table"
            ].empty_text = "No backup or DR tests scheduled for your components yet; the hospital schedules them."
        return context


class PortalRecoveryDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = recovery_detail()
    template_name = "portal/recovery_detail.html"
    run_form: RecoveryRunForm | None = None

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        record_url = reverse("portal:recovery_detail", kwargs={"pk": self.object.pk})
        context.update(recovery_context(self.object, self.request.user, record_url=record_url, form=self.run_form))
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Record a run; the form comes back with its errors when refused."""
        self.object = self.get_object()
        require(request.user, "recovery.record", self.object)
        back = reverse("portal:recovery_detail", kwargs={"pk": self.object.pk})
        answer = run_recovery_record(request, self.object, back_url=back)
        if isinstance(answer, HttpResponse):
            return answer
        self.run_form = answer
        return self.render_to_response(self.get_context_data(object=self.object))

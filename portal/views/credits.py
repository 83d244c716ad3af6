"""The vendor's service-credit statements: the months the hospital claimed (or that owe
nothing), why, and acknowledging or disputing a claim."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView
from django.views.generic.detail import SingleObjectMixin

from core.views.mixins import ScopedQuerysetMixin
from portal.mixins import PortalListView, PortalMixin
from portal.tables import PortalCreditStatementTable
from slas.filters.credits import CreditStatementFilterSet
from slas.models import CreditStatement
from slas.pages.credits import run_credit_action, statement_page_context
from slas.selectors import credits as credit_selectors


class PortalCreditListView(PortalListView):
    queryset = credit_selectors.statement_list()
    filterset_class = CreditStatementFilterSet
    table_class = PortalCreditStatementTable
    title = "Service credits"
    export_filename = "service-credits"
    template_name = "portal/credit_list.html"

    def get_filterset(self, filterset_class: type) -> Any:
        filterset = super().get_filterset(filterset_class)
        # Owed (unclaimed) months are the hospital's drafts: never listed here, so not a choice.
        filterset.filters.pop("overdue", None)
        state = filterset.form.fields["state"]
        state.choices = [(value, label) for value, label in state.choices if value != CreditStatement.State.OWED]
        return filterset


class PortalCreditDetailView(PortalMixin, ScopedQuerysetMixin, DetailView):
    queryset = credit_selectors.statement_detail()
    template_name = "portal/credit_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        statement = self.object
        act_url = reverse("portal:credit_act", kwargs={"pk": statement.pk})
        context.update(statement_page_context(statement, self.request.user, act_url=act_url))
        context["agreement_url"] = reverse("portal:agreement_list")
        context["availability_url"] = f"{reverse('portal:availability')}?month={statement.month:%Y-%m}"
        return context


class PortalCreditActionView(PortalMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``action`` acknowledge (optional ``note``) or dispute (``reason`` required)."""

    permission_action = "credit.respond"
    model = CreditStatement

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        statement = self.get_object()
        return run_credit_action(request, statement, back_url=reverse("portal:credit_detail", kwargs={"pk": pk}))

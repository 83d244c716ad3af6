"""Credit statements in the hospital UI: the ledger, one statement with its history and the
claim's next steps, and computing a finished month on demand."""

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import FormView
from django.views.generic.detail import SingleObjectMixin

from core.views.generic import ObjectDetailView, ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from slas.filters.credits import CreditStatementFilterSet
from slas.forms.credits import StatementComputeForm
from slas.models import CreditStatement
from slas.pages.credits import run_credit_action, statement_page_context
from slas.selectors import credits as credit_selectors
from slas.services import credits as services
from slas.tables.credits import CreditStatementTable
from vendors.models import Vendor


class CreditStatementListView(ObjectListView):
    queryset = credit_selectors.statement_list()
    filterset_class = CreditStatementFilterSet
    table_class = CreditStatementTable
    export_filename = "credit-statements"
    template_name = "slas/creditstatement_list.html"


class CreditStatementDetailView(ObjectDetailView):
    queryset = credit_selectors.statement_detail()
    template_name = "slas/creditstatement_detail.html"

    def get_related(self) -> dict[str, Any]:
        statement = self.object
        act_url = reverse("slas:creditstatement_act", kwargs={"pk": statement.pk})
        context = statement_page_context(statement, self.request.user, act_url=act_url)
        context["agreement_url"] = statement.agreement.get_absolute_url()
        availability = reverse("slas:availability_vendor", kwargs={"pk": statement.vendor_id})
        context["availability_url"] = f"{availability}?month={statement.month:%Y-%m}"
        return context


class CreditStatementActionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST one step of the claim (``action``): claim, answer, apply, recompute."""

    permission_action = "credit.manage"
    model = CreditStatement

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        statement = self.get_object()
        return run_credit_action(request, statement, back_url=statement.get_absolute_url())


RESULT_WORDING = {
    "created": "Computed",
    "replaced": "Recomputed (the unclaimed draft was replaced)",
    "kept": "Kept as they are",
    "skipped": "Skipped",
    "failed": "Could not compute (the error is logged)",
}


def _outcome_text(outcome: services.ComputeOutcome, vendor_name: str) -> str:
    statement = outcome.statement
    if outcome.result in ("created", "replaced") and statement is not None:
        if statement.credit_amount:
            return f"{vendor_name} ({statement.credit_amount} {statement.currency} owed)"
        return f"{vendor_name} (nothing owed)"
    return f"{vendor_name}: {outcome.reason.rstrip('.')}" if outcome.reason else vendor_name


def report_outcomes(request: HttpRequest, month: object, outcomes: list[services.ComputeOutcome]) -> None:
    """One message per kind of outcome, naming each vendor and why."""
    if not outcomes:
        messages.warning(request, f"No vendor had an SLA in force in {month:%Y-%m}; nothing was computed.")
        return
    names = dict(Vendor.objects.filter(pk__in=[o.vendor_id for o in outcomes]).values_list("pk", "name"))
    grouped: dict[str, list[str]] = defaultdict(list)
    for outcome in outcomes:
        grouped[outcome.result].append(_outcome_text(outcome, names.get(outcome.vendor_id, str(outcome.vendor_id))))
    levels = {
        "created": messages.SUCCESS,
        "replaced": messages.SUCCESS,
        "kept": messages.INFO,
        "failed": messages.ERROR,
    }
    for result, wording in RESULT_WORDING.items():
        if grouped[result]:
            text = f"{wording} for {month:%Y-%m}: {'; '.join(grouped[result])}."
            messages.add_message(request, levels.get(result, messages.WARNING), text)


class CreditComputeView(HospitalUserRequiredMixin, FormView):
    """Compute a finished month's statements now, for one vendor or all, instead of waiting for
    the monthly task. Claimed statements are kept as they are."""

    permission_action = "credit.manage"
    form_class = StatementComputeForm
    template_name = "slas/credit_compute.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"vendor": self.request.GET.get("vendor") or None}

    def form_valid(self, form: StatementComputeForm) -> HttpResponse:
        vendor, month = form.cleaned_data["vendor"], form.cleaned_data["month"]
        user = self.request.user
        try:
            if vendor is not None:
                outcomes = [services.statement_compute(vendor_id=vendor.pk, month=month, actor=user)]
            else:
                outcomes = services.statements_compute_month(month=month, actor=user)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        report_outcomes(self.request, month, outcomes)
        if len(outcomes) == 1 and outcomes[0].statement is not None:
            return HttpResponseRedirect(outcomes[0].statement.get_absolute_url())
        return HttpResponseRedirect(f"{reverse('slas:creditstatement_list')}?month={month:%Y-%m}")

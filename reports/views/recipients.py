"""Who receives each vendor's monthly report: the list (hospital users read it), and for
hospital admins adding people, the usual set at once, removing, and opting someone back in."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.views import View
from django.views.generic import DetailView, FormView
from django.views.generic.detail import SingleObjectMixin

from core.forms import add_service_errors
from core.permissions import can
from core.views.generic import ObjectListView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from reports.filters import RecipientFilterSet
from reports.forms import RecipientAddForm, UsualRecipientsForm
from reports.models import ReportRecipient
from reports.selectors import recipient_list
from reports.services.delivery import recipient_opt_in
from reports.services.recipients import recipient_add, recipient_remove, recipients_add_usual
from reports.tables import RecipientTable


def _list_url(vendor_id: int | None = None) -> str:
    url = reverse("reports:recipient_list")
    return f"{url}?vendor={vendor_id}" if vendor_id else url


class RecipientListView(ObjectListView):
    queryset = recipient_list()
    filterset_class = RecipientFilterSet
    table_class = RecipientTable
    export_filename = "report-recipients"
    template_name = "reports/recipient_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["can_manage"] = can(self.request.user, "report.manage")
        filterset = context["filter"]
        chosen = filterset.form.cleaned_data.get("vendor") if filterset.is_bound and filterset.is_valid() else None
        context["chosen_vendor"] = chosen
        if context["can_manage"]:
            context["usual_form"] = UsualRecipientsForm(user=self.request.user, initial={"vendor": chosen})
            context["add_url"] = reverse("reports:recipient_add") + (f"?vendor={chosen.pk}" if chosen else "")
        return context


class RecipientAddView(HospitalUserRequiredMixin, FormView):
    permission_action = "report.manage"
    form_class = RecipientAddForm
    template_name = "reports/recipient_form.html"

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_initial(self) -> dict[str, Any]:
        return {"vendor": self.request.GET.get("vendor") or None}

    def form_valid(self, form: RecipientAddForm) -> HttpResponse:
        data = form.cleaned_data
        try:
            recipient = recipient_add(
                vendor=data["vendor"], user=data["user"], contact=data["contact"], added_by=self.request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(self.request, f"{recipient.name} now receives {recipient.vendor}'s monthly report.")
        return HttpResponseRedirect(_list_url(recipient.vendor_id))

    def form_invalid(self, form: RecipientAddForm) -> HttpResponse:
        return self.render_to_response(self.get_context_data(form=form), status=400)


class RecipientAddUsualView(HospitalUserRequiredMixin, View):
    """POST ``vendor``: every hospital admin and the vendor's account managers, at once."""

    permission_action = "report.manage"

    def post(self, request: HttpRequest) -> HttpResponse:
        form = UsualRecipientsForm(request.POST, user=request.user)
        if not form.is_valid():
            messages.error(request, "Choose the vendor whose recipients to add.")
            return HttpResponseRedirect(_list_url())
        vendor = form.cleaned_data["vendor"]
        added = recipients_add_usual(vendor=vendor, added_by=request.user)
        if added:
            names = ", ".join(recipient.name for recipient in added)
            messages.success(request, f"Added to {vendor}'s recipients: {names}.")
        else:
            messages.info(
                request,
                f"Every hospital admin and account manager of {vendor} with an email address is on the list already.",
            )
        return HttpResponseRedirect(_list_url(vendor.pk))


class RecipientRemoveView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    permission_action = "report.manage"
    model = ReportRecipient
    queryset = recipient_list()

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        recipient = self.get_object()
        name, vendor, vendor_id = recipient.name, recipient.vendor, recipient.vendor_id
        recipient_remove(recipient=recipient)
        messages.success(request, f"{name} no longer receives {vendor}'s monthly report.")
        return HttpResponseRedirect(_list_url(vendor_id))


class RecipientOptInView(HospitalUserRequiredMixin, ScopedQuerysetMixin, DetailView):
    """Someone opted out through the link in an email: they are put back only after a
    confirmation that they asked for it."""

    permission_action = "report.manage"
    model = ReportRecipient
    queryset = recipient_list()
    template_name = "reports/recipient_opt_in.html"
    context_object_name = "recipient"

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        recipient = self.get_object()
        if request.POST.get("confirm") != "yes":
            messages.error(request, f"Confirm that {recipient.name} asked to receive the report again.")
            return HttpResponseRedirect(reverse("reports:recipient_opt_in", kwargs={"pk": pk}))
        recipient_opt_in(recipient=recipient)
        messages.success(request, f"{recipient.name} receives {recipient.vendor}'s monthly report again.")
        return HttpResponseRedirect(_list_url(recipient.vendor_id))

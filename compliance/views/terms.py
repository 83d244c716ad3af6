"""Hospital page to record an agreement's data-protection terms; they are shown on the
agreement's own page (``compliance.pages.terms``)."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.views.generic import FormView

from compliance.forms.terms import DataProtectionTermsForm
from compliance.selectors.terms import terms_of_agreement
from compliance.services.terms import TERMS_FIELDS, terms_save
from core.forms import add_service_errors
from core.views.mixins import HospitalUserRequiredMixin, ScopedUrlObjectMixin
from slas.models import Agreement


class TermsEditView(HospitalUserRequiredMixin, ScopedUrlObjectMixin, FormView):
    permission_action = "compliance.terms_manage"
    url_object_model = Agreement
    url_object_name = "agreement"
    url_object_kwarg = "agreement"
    form_class = DataProtectionTermsForm
    template_name = "core/object_form.html"
    agreement: Agreement

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kwargs["instance"] = terms_of_agreement(self.agreement.pk, user=self.request.user)
        return kwargs

    def form_valid(self, form: DataProtectionTermsForm) -> HttpResponse:
        try:
            terms_save(
                agreement=self.agreement,
                values={name: form.cleaned_data[name] for name in TERMS_FIELDS},
                actor=self.request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Data-protection terms of {self.agreement} saved.")
        return HttpResponseRedirect(self.agreement.get_absolute_url() + "#data-protection")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["title"] = f"Data-protection terms of {self.agreement}"
        context["submit_label"] = "Save"
        context["cancel_url"] = self.agreement.get_absolute_url()
        return context

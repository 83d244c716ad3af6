"""Agreements: versions per contract with targets per severity and escalation rules."""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from core.views import (
    HospitalAdminRequiredMixin,
    ObjectCreateView,
    ObjectDeleteView,
    ObjectDetailView,
    ObjectListView,
    ObjectUpdateView,
    ScopedQuerysetMixin,
)
from slas import defaults, filters, selectors, tables
from slas.forms import AgreementForm, RuleFormSet, TargetFormSet
from slas.models import Agreement, BusinessCalendar, Severity
from slas.services import agreements as services


class AgreementListView(ObjectListView):
    queryset = selectors.agreement_list()
    filterset_class = filters.AgreementFilterSet
    table_class = tables.AgreementTable
    export_filename = "agreements"


class AgreementDetailView(ObjectDetailView):
    queryset = selectors.agreement_detail()
    template_name = "slas/agreement_detail.html"


def _template_target_initial(user: object) -> list[dict[str, Any]]:
    calendars = BusinessCalendar.objects.visible_to(user)
    always_open = calendars.filter(always_open=True).first()
    office = calendars.filter(always_open=False).first()
    rows = []
    for severity, (response, update, resolution, round_the_clock) in defaults.TEMPLATE_TARGETS.items():
        calendar = always_open if round_the_clock else office
        rows.append(
            {
                "severity": severity,
                "calendar": calendar.pk if calendar else None,
                "response": response,
                "update": update,
                "resolution": resolution,
            }
        )
    return rows


class AgreementFormMixin:
    """The agreement, its four target rows and its escalation rules, saved by ``agreement_save``."""

    model = Agreement
    form_class = AgreementForm
    template_name = "slas/agreement_form.html"
    request: HttpRequest

    def get_formsets(self) -> tuple[TargetFormSet, RuleFormSet]:
        kwargs = {"form_kwargs": {"user": self.request.user}}
        if self.request.method == "POST":
            return (
                TargetFormSet(self.request.POST, prefix="targets", **kwargs),
                RuleFormSet(self.request.POST, prefix="rules"),
            )
        if self.object is not None:
            targets = [
                {
                    "severity": t.severity,
                    "calendar": t.calendar_id,
                    "response": t.response,
                    "update": t.update,
                    "resolution": t.resolution,
                }
                for t in self.object.targets.all()
            ]
            ordered = self.object.escalation_rules.order_by(selectors.METRIC_ORDER, "threshold_percent")
            rules = [forms.model_to_dict(r, exclude=["id", "agreement"]) for r in ordered]
        else:
            targets = _template_target_initial(self.request.user)
            rules = [rule.__dict__ for rule in defaults.TEMPLATE_RULES]
        return (
            TargetFormSet(initial=targets, prefix="targets", **kwargs),
            RuleFormSet(initial=rules, prefix="rules"),
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        if "target_formset" not in context:
            context["target_formset"], context["rule_formset"] = self.get_formsets()
        context["severity_labels"] = dict(Severity.choices)
        return context

    def save_form(self, form: AgreementForm) -> Agreement:
        target_formset, rule_formset = self.get_formsets()
        if not (target_formset.is_valid() and rule_formset.is_valid()):
            self.formsets = (target_formset, rule_formset)
            raise ValidationError("Correct the targets or escalation rules below.")
        targets = [
            services.TargetInput(
                severity=row["severity"],
                calendar_id=row["calendar"].pk,
                response=row["response"],
                update=row["update"],
                resolution=row["resolution"],
            )
            for row in target_formset.cleaned_data
        ]
        rules = [
            services.RuleInput(**{k: v for k, v in row.items() if k != "DELETE"})
            for row in rule_formset.cleaned_data
            if row and not row.get("DELETE")
        ]
        return services.agreement_save(agreement=form.instance, targets=targets, rules=rules)

    def form_invalid(self, form: AgreementForm) -> HttpResponse:
        target_formset, rule_formset = getattr(self, "formsets", None) or self.get_formsets()
        context = self.get_context_data(form=form, target_formset=target_formset, rule_formset=rule_formset)  # type: ignore[attr-defined]
        return self.render_to_response(context)  # type: ignore[attr-defined]


class AgreementCreateView(AgreementFormMixin, ObjectCreateView):
    pass


class AgreementUpdateView(AgreementFormMixin, ObjectUpdateView):
    pass


class AgreementDeleteView(ObjectDeleteView):
    model = Agreement


class NewVersionForm(forms.Form):
    effective_from = forms.DateField()


class AgreementNewVersionView(HospitalAdminRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``effective_from``: copy this version as the next one; this one ends the day before."""

    model = Agreement

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        agreement = self.get_object()
        form = NewVersionForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Give the date the new version takes effect.")
            return HttpResponseRedirect(agreement.get_absolute_url())
        try:
            successor = services.agreement_new_version(
                agreement=agreement, effective_from=form.cleaned_data["effective_from"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(agreement.get_absolute_url())
        day_before = successor.effective_from - datetime.timedelta(days=1)
        messages.success(
            request, f"Version {successor.version} created; version {agreement.version} ends {day_before}."
        )
        return HttpResponseRedirect(successor.get_absolute_url())

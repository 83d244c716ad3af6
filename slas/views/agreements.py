"""Agreements: versions per contract with targets per severity, escalation rules, and the
availability and service-credit terms (credit bands, ticket credit rules, caps)."""

import datetime
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.views import View
from django.views.generic.detail import SingleObjectMixin

from accounts.models import User
from core.views.generic import ObjectCreateView, ObjectDeleteView, ObjectDetailView, ObjectListView, ObjectUpdateView
from core.views.mixins import HospitalUserRequiredMixin, ScopedQuerysetMixin
from slas import defaults
from slas.agreement_sections import agreement_sections
from slas.filters.agreements import AgreementFilterSet
from slas.forms.agreements import AgreementForm, BandFormSet, RuleFormSet, TargetFormSet, TicketCreditFormSet
from slas.models import Agreement, BusinessCalendar, Severity
from slas.selectors import agreements as selectors
from slas.services import agreements as services
from slas.tables.agreements import AgreementTable


class AgreementListView(ObjectListView):
    manage_action = "agreement.manage"
    queryset = selectors.agreement_list()
    filterset_class = AgreementFilterSet
    table_class = AgreementTable
    export_filename = "agreements"


class AgreementDetailView(ObjectDetailView):
    manage_action = "agreement.manage"
    queryset = selectors.agreement_detail()
    template_name = "slas/agreement_detail.html"

    def get_related(self) -> dict[str, Any]:
        # Sections other apps add to the page (slas.agreement_sections): e.g. the data-protection terms.
        return {"sections": agreement_sections(self.object, self.request.user)}


def _template_target_initial(user: User) -> list[dict[str, Any]]:
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


def _template_maintenance_calendar(user: User) -> BusinessCalendar | None:
    """A calendar whose only window is the template's Sunday 00:00-06:00, if there is one."""
    candidates = (
        BusinessCalendar.objects.visible_to(user)
        .filter(
            always_open=False,
            windows__weekday=defaults.SUNDAY,
            windows__start=datetime.time(0),
            windows__end=datetime.time(6),
        )
        .prefetch_related("windows")
        .order_by("name")
    )
    return next((calendar for calendar in candidates if len(calendar.windows.all()) == 1), None)


def _template_rows(rows: list[object]) -> list[dict[str, Any]]:
    return [dict(row.__dict__) for row in rows]


class AgreementFormMixin:
    """The agreement, its four target rows, escalation rules, credit bands and ticket credit
    rules, saved together by ``agreement_save``."""

    model = Agreement
    form_class = AgreementForm
    template_name = "slas/agreement_form.html"
    request: HttpRequest

    def get_formsets(self) -> dict[str, forms.BaseFormSet]:
        kwargs = {"form_kwargs": {"user": self.request.user}}
        if self.request.method == "POST":
            data = self.request.POST
            return {
                "target_formset": TargetFormSet(data, prefix="targets", **kwargs),
                "rule_formset": RuleFormSet(data, prefix="rules"),
                "band_formset": BandFormSet(data, prefix="bands"),
                "ticket_credit_formset": TicketCreditFormSet(data, prefix="ticket_credits"),
            }
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
            bands = [forms.model_to_dict(b, exclude=["id", "agreement"]) for b in self.object.credit_bands.all()]
            ticket_credits = [
                forms.model_to_dict(c, exclude=["id", "agreement"])
                for c in self.object.ticket_credit_rules.order_by("severity", selectors.METRIC_ORDER)
            ]
        else:
            targets = _template_target_initial(self.request.user)
            rules = [rule.__dict__ for rule in defaults.TEMPLATE_RULES]
            bands = _template_rows(defaults.TEMPLATE_BANDS)
            ticket_credits = _template_rows(defaults.TEMPLATE_TICKET_CREDITS)
        return {
            "target_formset": TargetFormSet(initial=targets, prefix="targets", **kwargs),
            "rule_formset": RuleFormSet(initial=rules, prefix="rules"),
            "band_formset": BandFormSet(initial=bands, prefix="bands"),
            "ticket_credit_formset": TicketCreditFormSet(initial=ticket_credits, prefix="ticket_credits"),
        }

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)  # type: ignore[misc]
        if "target_formset" not in context:
            context.update(self.get_formsets())
        context["severity_labels"] = dict(Severity.choices)
        return context

    def save_form(self, form: AgreementForm) -> Agreement:
        formsets = self.get_formsets()
        sla_valid = formsets["target_formset"].is_valid() & formsets["rule_formset"].is_valid()
        credits_valid = formsets["band_formset"].is_valid() & formsets["ticket_credit_formset"].is_valid()
        if not (sla_valid and credits_valid):
            self.formsets = formsets
            problems = []
            if not sla_valid:
                problems.append("Correct the targets or escalation rules below.")
            if not credits_valid:
                problems.append("Correct the credit bands or ticket credit rules below.")
            raise ValidationError(problems)
        targets = [
            services.TargetInput(
                severity=row["severity"],
                calendar_id=row["calendar"].pk,
                response=row["response"],
                update=row["update"],
                resolution=row["resolution"],
            )
            for row in formsets["target_formset"].cleaned_data
        ]
        rules = [services.RuleInput(**_without_delete(row)) for row in _kept_rows(formsets["rule_formset"])]
        bands = [services.BandInput(**_without_delete(row)) for row in _kept_rows(formsets["band_formset"])]
        ticket_credits = [
            services.TicketCreditInput(**_without_delete(row)) for row in _kept_rows(formsets["ticket_credit_formset"])
        ]
        return services.agreement_save(
            agreement=form.instance, targets=targets, rules=rules, bands=bands, ticket_credits=ticket_credits
        )

    def form_invalid(self, form: AgreementForm) -> HttpResponse:
        formsets = getattr(self, "formsets", None) or self.get_formsets()
        context = self.get_context_data(form=form, **formsets)  # type: ignore[attr-defined]
        return self.render_to_response(context)  # type: ignore[attr-defined]


def _kept_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """Rows filled in and not ticked for removal (untouched extra rows post nothing)."""
    return [row for row in formset.cleaned_data if row and not row.get("DELETE")]


def _without_delete(row: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key != "DELETE"}


class AgreementCreateView(AgreementFormMixin, ObjectCreateView):
    permission_action = "agreement.manage"

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        if "maintenance_calendar" not in initial:
            initial["maintenance_calendar"] = _template_maintenance_calendar(self.request.user)
        return initial


class AgreementUpdateView(AgreementFormMixin, ObjectUpdateView):
    permission_action = "agreement.manage"


class AgreementDeleteView(ObjectDeleteView):
    permission_action = "agreement.manage"
    model = Agreement


class NewVersionForm(forms.Form):
    effective_from = forms.DateField()


class AgreementNewVersionView(HospitalUserRequiredMixin, ScopedQuerysetMixin, SingleObjectMixin, View):
    """POST ``effective_from``: copy this version as the next one; this one ends the day before."""

    permission_action = "agreement.manage"
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

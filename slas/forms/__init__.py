import datetime

from django import forms
from django.forms.utils import pretty_name

from core.forms import DateInput, HumanDurationField, ScopedModelForm
from core.widgets import FastSelect
from slas.models import Agreement, BusinessCalendar, CalendarWindow, Holiday, Metric, Severity
from slas.models.agreements import SupportTier
from slas.models.calendars import timezone_choices
from slas.services.agreements import AVAILABILITY_TERMS
from vendors.models import Contact

TIME_INPUT = forms.TimeInput(attrs={"type": "time", "class": "form-control form-control-sm"}, format="%H:%M")


class TableRowForm(forms.Form):
    """A form shown as one table row: compact inputs labelled for screen readers, not on screen."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            widget.attrs.setdefault("aria-label", str(field.label or pretty_name(name)))
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select form-select-sm")
            elif not isinstance(widget, forms.HiddenInput):
                widget.attrs.setdefault("class", "form-control form-control-sm")


class CalendarForm(ScopedModelForm):
    timezone = forms.ChoiceField(choices=timezone_choices, widget=FastSelect, initial="Europe/Berlin")

    class Meta:
        model = BusinessCalendar
        fields = ["name", "timezone", "always_open", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class TableRowFormSet(forms.BaseFormSet):
    """Rows of a table: the Remove box is labelled for screen readers too."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].widget.attrs.update({"aria-label": "Remove this row", "class": "form-check-input"})


# Choice lists of table rows start empty, so an untouched extra row posts nothing and is skipped.
EMPTY_CHOICE = [("", "—")]


class WindowForm(TableRowForm):
    weekday = forms.TypedChoiceField(choices=EMPTY_CHOICE + CalendarWindow.Weekday.choices, coerce=int, label="Day")
    start = forms.TimeField(widget=TIME_INPUT)
    end = forms.TimeField(widget=TIME_INPUT, help_text="00:00 is midnight at the end of the day.")


WindowFormSet = forms.formset_factory(WindowForm, formset=TableRowFormSet, extra=2, can_delete=True)

OFFICE_HOURS = [{"weekday": day, "start": datetime.time(8), "end": datetime.time(18)} for day in range(5)]


class HolidayForm(ScopedModelForm):
    class Meta:
        model = Holiday
        fields = ["name", "date", "end_date"]
        widgets = {"date": DateInput(), "end_date": DateInput()}


class PublicHolidayQueryForm(forms.Form):
    country = forms.CharField(max_length=3, help_text="ISO country code, e.g. DE, US, GB.")
    subdivision = forms.CharField(max_length=10, required=False, help_text="Optional region, e.g. BE (Berlin), NY.")
    years = forms.CharField(max_length=40, help_text="One or more years, e.g. 2026 2027.")

    def clean_years(self) -> list[int]:
        try:
            years = sorted({int(part) for part in self.cleaned_data["years"].replace(",", " ").split()})
        except ValueError as error:
            raise forms.ValidationError("Give years as numbers, e.g. 2026 2027.") from error
        if not years or any(year < 1990 or year > 2100 for year in years) or len(years) > 5:
            raise forms.ValidationError("Give one to five years between 1990 and 2100.")
        return years


class AgreementForm(ScopedModelForm):
    """The version's identity, then its availability and service-credit terms (a section of
    their own on the page: ``version_fields`` and ``terms_groups``)."""

    VERSION_FIELDS = ("contract", "version", "name", "effective_from", "effective_to", "notes")
    TERMS_GROUPS = {
        "Measuring uptime": (
            "uptime_target_percent",
            "degraded_counting",
            "retrieval_degraded_seconds",
            "maintenance_notice_hours",
            "maintenance_calendar",
        ),
        "Credits and claims": ("credit_cap_percent", "ticket_credit_cap_percent", "claim_deadline_days"),
        "Chronic failure": ("chronic_threshold_percent", "chronic_months", "chronic_window_months"),
    }

    class Meta:
        model = Agreement
        fields = [
            "contract",
            "version",
            "name",
            "effective_from",
            "effective_to",
            "notes",
            *AVAILABILITY_TERMS,
        ]
        widgets = {
            "effective_from": DateInput(),
            "effective_to": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def version_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.VERSION_FIELDS]

    def terms_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """The availability terms in the groups the page shows them in."""
        return [(title, [self[name] for name in names]) for title, names in self.TERMS_GROUPS.items()]


class TargetForm(TableRowForm):
    severity = forms.ChoiceField(choices=Severity.choices, widget=forms.HiddenInput)
    calendar = forms.ModelChoiceField(queryset=BusinessCalendar.objects.all())
    response = HumanDurationField()
    update = HumanDurationField(required=False, label="Status update")
    resolution = HumanDurationField(required=False)

    def __init__(self, *args: object, user: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["calendar"].queryset = BusinessCalendar.objects.visible_to(user)


TargetFormSet = forms.formset_factory(TargetForm, extra=0, min_num=4, max_num=4, validate_min=True)


class RuleForm(TableRowForm):
    metric = forms.ChoiceField(choices=EMPTY_CHOICE + Metric.choices)
    threshold_percent = forms.IntegerField(min_value=1, max_value=500, label="At % of target")
    notify_assignee = forms.BooleanField(required=False)
    notify_contact_role = forms.ChoiceField(choices=[("", "—"), *Contact.Role.choices], required=False)
    notify_escalation_level = forms.IntegerField(min_value=1, max_value=5, required=False)
    notify_hospital_admins = forms.BooleanField(required=False)
    raise_tier_to = forms.ChoiceField(choices=[("", "—"), *SupportTier.choices], required=False)


RuleFormSet = forms.formset_factory(RuleForm, formset=TableRowFormSet, extra=2, can_delete=True)


class BandForm(TableRowForm):
    below_percent = forms.DecimalField(
        min_value=0, max_value=100, max_digits=6, decimal_places=3, label="Uptime below %"
    )
    credit_percent = forms.DecimalField(min_value=0, max_value=100, max_digits=5, decimal_places=2, label="Credit %")


BandFormSet = forms.formset_factory(BandForm, formset=TableRowFormSet, extra=2, can_delete=True)


class TicketCreditForm(TableRowForm):
    severity = forms.ChoiceField(choices=EMPTY_CHOICE + Severity.choices)
    metric = forms.ChoiceField(choices=EMPTY_CHOICE + Metric.choices)
    credit_percent = forms.DecimalField(
        min_value=0, max_value=100, max_digits=5, decimal_places=2, label="Credit % per miss"
    )


TicketCreditFormSet = forms.formset_factory(TicketCreditForm, formset=TableRowFormSet, extra=2, can_delete=True)

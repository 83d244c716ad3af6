"""Forms of the business-calendar pages: the calendar, its weekly windows (a table of rows),
holidays, and the public-holiday import."""

import datetime

from django import forms

from core.forms import (
    EMPTY_CHOICE,
    TIME_INPUT,
    DateInput,
    ScopedModelForm,
    TableRowForm,
    TableRowFormSet,
)
from core.widgets import FastSelect
from slas.models import BusinessCalendar, CalendarWindow, Holiday
from slas.models.calendars import timezone_choices


class CalendarForm(ScopedModelForm):
    timezone = forms.ChoiceField(choices=timezone_choices, widget=FastSelect, initial="Europe/Berlin")

    class Meta:
        model = BusinessCalendar
        fields = ["name", "timezone", "always_open", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


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

"""Starting an evaluation, scoring a manual criterion, answering an appeal, choosing a period."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from core import limits
from core.forms import ScopedForm, TableRowForm, TableRowFormSet
from scorecards.models import EvaluationTemplate, PeriodKind, Standing
from scorecards.models.evaluations import SCORE
from vendors.models import Vendor

QUARTERS = [
    (1, "Q1 (January to March)"),
    (4, "Q2 (April to June)"),
    (7, "Q3 (July to September)"),
    (10, "Q4 (October to December)"),
]


class EvaluationStartForm(ScopedForm):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.order_by("name"))
    template = forms.ModelChoiceField(queryset=EvaluationTemplate.objects.all())
    period_kind = forms.ChoiceField(label="Period", choices=PeriodKind.choices, initial=PeriodKind.ANNUAL)
    year = forms.IntegerField(min_value=limits.EARLIEST_DATE.year, max_value=limits.LATEST_DATE.year)
    quarter = forms.TypedChoiceField(choices=QUARTERS, coerce=int, required=False, help_text="Quarterly only.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def period_start(self) -> datetime.date:
        data = self.cleaned_data
        month = data["quarter"] if data["period_kind"] == PeriodKind.QUARTERLY and data["quarter"] else 1
        return datetime.date(data["year"], month, 1)


class ManualScoreForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.DecimalField(min_value=SCORE.low, max_value=SCORE.high, decimal_places=1)
    justification = forms.CharField(max_length=limits.NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class RecognitionForm(forms.Form):
    recognition = forms.CharField(
        label="What went well", max_length=limits.NOTE_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    response = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.CharField(max_length=limits.NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))


class RespondForm(forms.Form):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=[("acknowledge", "Acknowledge"), ("appeal", "Appeal")])
    comment = forms.CharField(max_length=limits.NOTE_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class PeriodForm(forms.Form):
    """The period the side-by-side page shows: ``annual-2025`` or ``quarterly-2025-04``."""

    period = forms.ChoiceField()

    def __init__(self, *args: Any, periods: list[tuple[str, datetime.date]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(period_key(kind, start), period_name(kind, start)) for kind, start in periods]


def period_key(kind: str, start: datetime.date) -> str:
    return f"{kind}-{start:%Y-%m}"


def period_name(kind: str, start: datetime.date) -> str:
    return str(start.year) if kind == PeriodKind.ANNUAL else f"{start.year} Q{(start.month - 1) // 3 + 1}"


def parse_period(key: str) -> tuple[str, datetime.date]:
    kind, _, month = key.partition("-")
    return kind, datetime.datetime.strptime(month, "%Y-%m").date()


class StandingRowForm(TableRowForm):
    name = forms.CharField(max_length=60, required=False)
    minimum = forms.DecimalField(
        label="From total", min_value=SCORE.low, max_value=SCORE.high, decimal_places=1, required=False
    )
    requires_plan = forms.BooleanField(label="Plan required", required=False)
    consequence = forms.CharField(max_length=200, required=False)
    colour = forms.ChoiceField(choices=Standing.Colour.choices, initial=Standing.Colour.PRIMARY)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and data.get("minimum") is None:
            raise forms.ValidationError("A standing needs the total it starts at.")
        return data


StandingFormSet = forms.formset_factory(StandingRowForm, formset=TableRowFormSet, extra=2)

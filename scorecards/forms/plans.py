"""Opening a plan by hand, adding an item, recording an item's progress."""

from django import forms

from core import limits
from core.forms import DateInput, ScopedForm
from kpis.selectors.catalogue import kpi_list
from scorecards.models import PlanItem
from scorecards.models.plans import KPI_PERIODS, KPI_TARGET
from vendors.models import Vendor


class PlanStartForm(ScopedForm):
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.order_by("name"))
    title = forms.CharField(max_length=200)


class PlanItemForm(forms.Form):
    description = forms.CharField(max_length=300)
    owner_side = forms.ChoiceField(label="Owner side", choices=PlanItem.Side.choices)
    owner = forms.CharField(max_length=120)
    milestone = forms.DateField(widget=DateInput)
    consequence = forms.CharField(max_length=200, required=False, help_text="If missed.")
    kpi = forms.ModelChoiceField(
        label="KPI",
        queryset=kpi_list().filter(active=True),
        required=False,
        help_text="The item closes itself once it holds.",
    )
    kpi_target = forms.DecimalField(
        label="KPI target", required=False, min_value=KPI_TARGET.low, max_value=KPI_TARGET.high, decimal_places=4
    )
    kpi_periods = forms.IntegerField(
        label="Months to hold", required=False, min_value=KPI_PERIODS.low, max_value=KPI_PERIODS.high
    )

    def clean_milestone(self) -> object:
        milestone = self.cleaned_data["milestone"]
        if milestone not in limits.DATES:
            raise forms.ValidationError(f"A milestone lies {limits.DATES}.")
        return milestone


class ItemProgressForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=PlanItem.Status.choices)
    progress = forms.CharField(max_length=limits.NOTE_LENGTH, required=False)

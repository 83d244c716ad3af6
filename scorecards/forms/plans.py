"""Opening a plan by hand, adding an item, recording an item's progress."""

from django import forms

from core import limits
from core.forms import DateInput, ScopedForm
from scorecards.models import PlanItem
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

    def clean_milestone(self) -> object:
        milestone = self.cleaned_data["milestone"]
        if milestone not in limits.DATES:
            raise forms.ValidationError(f"A milestone lies {limits.DATES}.")
        return milestone


class ItemProgressForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(choices=PlanItem.Status.choices)
    progress = forms.CharField(max_length=limits.NOTE_LENGTH, required=False)

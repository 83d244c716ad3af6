import datetime

from django import forms
from django.utils import timezone

from core import limits
from core.forms import ScopedForm
from training.selectors.effectiveness import Period
from vendors.models import Vendor

# The period shown unless another is chosen: the last twelve months up to today.
DEFAULT_DAYS = 365
LONGEST_DAYS = 3 * 366


class EffectivenessFilterForm(ScopedForm):
    """The period (both days included) and, for the hospital, the vendor."""

    vendor = forms.ModelChoiceField(queryset=Vendor.objects.order_by("name"), required=False, empty_label="Any")
    start = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="From")
    end = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}), label="To")

    def __init__(self, *args: object, vendor_field: bool = True, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if not vendor_field:
            del self.fields["vendor"]

    def clean(self) -> dict:
        data = super().clean()
        today = timezone.localdate()
        end = data.get("end") or today
        start = data.get("start") or end - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if start not in limits.DATES or end not in limits.DATES:
            raise forms.ValidationError(f"Choose days {limits.DATES}.")
        if start > end:
            self.add_error("end", "The period ends on or after its first day.")
        elif (end - start).days >= LONGEST_DAYS:
            self.add_error("start", "Choose a period of at most three years.")
        data["start"], data["end"] = start, end
        return data

    def period(self) -> Period:
        return Period(start=self.cleaned_data["start"], end=self.cleaned_data["end"])

    def vendor_id(self) -> int | None:
        vendor = self.cleaned_data.get("vendor")
        return vendor.pk if vendor else None

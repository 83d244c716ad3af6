"""Forms of the samples pages: one sample typed in by a hospital admin, and a CSV to import."""

from typing import Any

from django import forms
from django.utils import timezone

from core.forms import InstantFormField, ScopedForm
from kpis.models import Kpi
from kpis.models.catalogue import KPI_VALUE
from kpis.services.samples import SampleInput
from vendors.forms import VendorChoices, VendorDependentChoicesMixin
from vendors.models import Component, Vendor
from vendors.selectors import component_options

WHOLE_VENDOR = "— the vendor as a whole —"


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (to the second); the value is hospital local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"step": 1, **(attrs or {})}, format="%Y-%m-%dT%H:%M:%S")

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return super().format_value(value)


class SampleForm(VendorDependentChoicesMixin, ScopedForm):
    """One sample typed by a person; the instant is hospital local time."""

    vendor_choices = {"component": VendorChoices(component_options, blank=WHOLE_VENDOR, before_vendor=None)}

    kpi = forms.ModelChoiceField(queryset=Kpi.objects.filter(active=True).order_by("name"), label="KPI")
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.only("pk", "name").order_by("name"))
    component = forms.ModelChoiceField(
        queryset=Component.objects.only("pk", "name", "site", "vendor_id"),
        required=False,
        help_text="Required for KPIs measured per component; only the chosen vendor's are offered.",
    )
    measured_at = InstantFormField(label="Measured at", widget=LocalDateTimeInput())
    value = forms.DecimalField(max_digits=18, decimal_places=4, min_value=KPI_VALUE.low, max_value=KPI_VALUE.high)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kpi"].label_from_instance = lambda kpi: f"{kpi.name} ({kpi.unit})"
        if not self.is_bound and "measured_at" not in self.initial:
            self.initial["measured_at"] = timezone.localtime().replace(microsecond=0)

    def sample(self) -> SampleInput:
        data = self.cleaned_data
        component = data.get("component")
        return SampleInput(
            kpi=data["kpi"].code,
            vendor_id=data["vendor"].pk,
            measured_at=data["measured_at"],
            value=data["value"],
            component_id=component.pk if component else None,
        )


class SampleImportForm(forms.Form):
    file = forms.FileField(label="CSV file", widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}))

"""Forms of the samples pages: one sample typed in by a hospital admin, and a CSV to import."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils import timezone

from core.forms import InstantFormField, scope_choice_fields
from core.roles import ScopedUser
from kpis.models import Kpi
from kpis.services.samples import SampleInput
from vendors.models import Component, Vendor


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker (to the second); the value is hospital local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"step": 1, **(attrs or {})}, format="%Y-%m-%dT%H:%M:%S")

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return super().format_value(value)


def component_choices(vendor_id: int | None, user: ScopedUser | None) -> list[tuple[int | str, str]]:
    """The components offered for a sample of that vendor (none until a vendor is chosen)."""
    choices: list[tuple[int | str, str]] = [("", "— the vendor as a whole —")]
    if not vendor_id:
        return choices
    components = Component.objects.visible_to(user).filter(vendor_id=vendor_id).order_by("name", "site")
    return choices + [(c.pk, str(c)) for c in components.only("id", "name", "site")]


class SampleForm(forms.Form):
    """One sample typed by a person; the instant is hospital local time."""

    kpi = forms.ModelChoiceField(queryset=Kpi.objects.filter(active=True).order_by("name"), label="KPI")
    vendor = forms.ModelChoiceField(queryset=Vendor.objects.only("pk", "name").order_by("name"))
    component = forms.ModelChoiceField(
        queryset=Component.objects.only("pk", "name", "site", "vendor_id"),
        required=False,
        help_text="Required for KPIs measured per component; only the chosen vendor's are offered.",
    )
    measured_at = InstantFormField(label="Measured at", widget=LocalDateTimeInput())
    value = forms.DecimalField(max_digits=18, decimal_places=4)

    def __init__(self, *args: Any, user: ScopedUser | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        scope_choice_fields(self.fields, user)
        self.fields["kpi"].label_from_instance = lambda kpi: f"{kpi.name} ({kpi.unit})"
        self.fields["vendor"].widget.attrs.update(
            {
                "hx-get": reverse("kpis:sample_components"),
                "hx-target": "#id_component",
                "hx-trigger": "change",
                "hx-swap": "innerHTML",
            }
        )
        # Any component the user may see is accepted, so a mismatch reaches the service and is
        # refused there with its message; the list offers only the chosen vendor's.
        self.fields["component"].widget.choices = component_choices(self._chosen_vendor_id(), user)
        if not self.is_bound and "measured_at" not in self.initial:
            self.initial["measured_at"] = timezone.localtime().replace(microsecond=0)

    def _chosen_vendor_id(self) -> int | None:
        value = self.data.get(self.add_prefix("vendor")) if self.is_bound else self.initial.get("vendor")
        value = getattr(value, "pk", value)
        try:
            return int(value) if value else None
        except (TypeError, ValueError):
            return None

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

"""Maintenance-window forms: the plan (hospital and portal), the decision, the actual times.
Times are typed in hospital local time."""

from typing import Any

from django import forms
from django.utils import timezone

from core import limits
from core.forms import InstantFormField, ScopedModelForm
from slas.models import MaintenanceWindow
from vendors.forms import SEVERAL_COMPONENTS, VendorDependentChoicesMixin


class LocalDateTimeInput(forms.DateTimeInput):
    """The browser's date-and-time picker; the value is hospital local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")

    def format_value(self, value: Any) -> str | None:
        if hasattr(value, "tzinfo") and value.tzinfo is not None:
            value = timezone.localtime(value)
        return super().format_value(value)


def _local_datetime_field(label: str, *, required: bool = True, help_text: str = "") -> InstantFormField:
    return InstantFormField(label=label, required=required, help_text=help_text, widget=LocalDateTimeInput())


class MaintenanceWindowForm(VendorDependentChoicesMixin, ScopedModelForm):
    """What the hospital records: any vendor (fixed once saved), the plan, and when the vendor
    gave notice. ``maintenance_save`` checks that the components are the vendor's own."""

    vendor_choices = {"components": SEVERAL_COMPONENTS}

    planned_start = _local_datetime_field("Planned start")
    planned_end = _local_datetime_field("Planned end")
    announced_at = _local_datetime_field(
        "Announced at",
        help_text="When the vendor gave written notice; the contractual notice is counted from here.",
    )

    class Meta:
        model = MaintenanceWindow
        fields = ["vendor", "title", "components", "planned_start", "planned_end", "announced_at", "description"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "components": forms.SelectMultiple(attrs={"size": 8}),
        }
        help_texts = {"components": "Only the chosen vendor's components are offered. None selected: all of them."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "vendor" in self.fields and self.instance.pk is not None:
            self.fields["vendor"].disabled = True
            self.fields["vendor"].help_text = "A window stays with the vendor it was announced for."
        if "announced_at" in self.fields and self.instance.pk is None:
            self.fields["announced_at"].initial = timezone.localtime().replace(second=0, microsecond=0)


class PortalMaintenanceWindowForm(MaintenanceWindowForm):
    """What a vendor announces: its own vendor (from the account), the plan. The announcement
    time is the moment of saving."""

    announced_at = None

    class Meta(MaintenanceWindowForm.Meta):
        fields = ["title", "components", "planned_start", "planned_end", "description"]
        help_texts = {"components": "None selected: all of your components."}


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")], widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note to the vendor",
        required=False,
        max_length=limits.NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Required when rejecting: say why.",
    )


class ActualsForm(forms.Form):
    actual_start = _local_datetime_field("Actual start", required=False)
    actual_end = _local_datetime_field(
        "Actual end", required=False, help_text="Leave empty while the work is still running."
    )

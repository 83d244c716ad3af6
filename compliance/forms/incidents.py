"""Forms of security incidents. They parse input only; every rule is in
``compliance.services.incidents``."""

from typing import Any

from django import forms

from compliance.models import SecurityIncident
from core import limits
from core.forms import InstantFormField, ScopedModelForm
from vendors.forms import SEVERAL_COMPONENTS, VendorDependentChoicesMixin

REPORT_FIELDS = [
    "title",
    "kind",
    "severity",
    "components",
    "description",
    "data_affected",
    "patients_affected",
    "occurred_at",
    "vendor_aware_at",
]


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker, in hospital local time."""

    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


WIDGETS = {
    "components": forms.SelectMultiple(attrs={"size": 5}),
    "description": forms.Textarea(attrs={"rows": 4}),
    "data_affected": forms.Textarea(attrs={"rows": 2}),
    "occurred_at": DateTimeLocalInput(),
    "vendor_aware_at": DateTimeLocalInput(),
    "reported_at": DateTimeLocalInput(),
    "hospital_aware_at": DateTimeLocalInput(),
}
HELP = {"components": "Only the vendor's components are offered. Hold Ctrl (⌘ on a Mac) to choose several."}


class IncidentReportForm(VendorDependentChoicesMixin, ScopedModelForm):
    """A hospital admin records an incident: when we knew, and when (if yet) the vendor told us."""

    vendor_choices = {"components": SEVERAL_COMPONENTS}

    class Meta:
        model = SecurityIncident
        fields = ["vendor", *REPORT_FIELDS, "reported_at", "hospital_aware_at"]
        widgets = WIDGETS
        help_texts = {**HELP, "hospital_aware_at": "Our own awareness (empty: now); the regulator's 72 h start here."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "hospital_aware_at" in self.fields:
            self.fields["hospital_aware_at"].required = False

    def reported(self) -> dict[str, Any]:
        """The service's arguments from the cleaned form (the vendor is the caller's to pass)."""
        data = self.cleaned_data
        names = [name for name in self._meta.fields if name in self.fields and name != "vendor"]
        return {name: (list(data[name]) if name == "components" else data[name]) for name in names}


class PortalIncidentReportForm(IncidentReportForm):
    """A vendor user reports an incident of their own vendor: they tell us now."""

    class Meta(IncidentReportForm.Meta):
        fields = REPORT_FIELDS
        help_texts = {**HELP, "vendor_aware_at": "When you noticed it: your notification deadline counts from here."}


class IncidentUpdateForm(forms.Form):
    body = forms.CharField(
        label="Update",
        max_length=limits.MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Forensic findings, containment, remediation steps, what is still unknown.",
    )


class IncidentStatusUpdateForm(IncidentUpdateForm):
    """The hospital's update may also confirm the incident, or set it back to suspected."""

    status = forms.ChoiceField(
        required=False,
        choices=[
            ("", "Keep the status"),
            (SecurityIncident.Status.CONFIRMED, "Confirmed"),
            (SecurityIncident.Status.SUSPECTED, "Suspected"),
        ],
    )


class IncidentNotifiedForm(forms.Form):
    at = InstantFormField(label="When", widget=DateTimeLocalInput())
    reference = forms.CharField(
        required=False, max_length=120, label="Authority's reference", help_text="The case number it gave."
    )


class IncidentCloseForm(forms.Form):
    root_cause = forms.CharField(
        label="Root cause", max_length=limits.MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    lessons_learned = forms.CharField(
        required=False,
        label="Lessons learned",
        max_length=limits.MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

"""Forms of remote access. They parse input only; every rule is in
``compliance.services.remote_access``."""

from typing import Any

from django import forms

from compliance.forms.incidents import DateTimeLocalInput
from compliance.models import RemoteAccessSession
from compliance.selectors.remote_access import ticket_options
from core import limits
from core.forms import InstantFormField, ScopedModelForm
from vendors.forms import SEVERAL_COMPONENTS, VendorChoices, VendorDependentChoicesMixin

REQUEST_FIELDS = ["engineer", "reason", "components", "ticket", "change_link", "method", "planned_start", "planned_end"]


class SessionRequestForm(VendorDependentChoicesMixin, ScopedModelForm):
    """A hospital admin records a request for a vendor (the portal's leaves the vendor out)."""

    vendor_choices = {"components": SEVERAL_COMPONENTS, "ticket": VendorChoices(ticket_options)}

    class Meta:
        model = RemoteAccessSession
        fields = ["vendor", *REQUEST_FIELDS]
        widgets = {
            "components": forms.SelectMultiple(attrs={"size": 5}),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "planned_start": DateTimeLocalInput(),
            "planned_end": DateTimeLocalInput(),
        }
        help_texts = {"ticket": "The ticket the work is for; or give the approved change's link."}

    def requested(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: (list(data[name]) if name == "components" else data[name]) for name in REQUEST_FIELDS}


class PortalSessionRequestForm(SessionRequestForm):
    class Meta(SessionRequestForm.Meta):
        fields = REQUEST_FIELDS


class SessionDecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "Approve"), ("reject", "Reject")], widget=forms.RadioSelect)
    note = forms.CharField(
        required=False, max_length=limits.NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), label="Note"
    )


class SessionStartForm(forms.Form):
    at = InstantFormField(label="Started", widget=DateTimeLocalInput())
    source_ip = forms.GenericIPAddressField(required=False, label="From address")


class SessionEndForm(forms.Form):
    at = InstantFormField(label="Ended", widget=DateTimeLocalInput())
    summary = forms.CharField(
        max_length=limits.MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), label="What was done"
    )

from functools import partial

from django import forms

from core import limits
from core.forms import ScopedModelForm
from slas.selectors.incidents import recent_incident_options
from tickets.models import TICKET_INPUT_FIELDS, Ticket
from vendors.forms import COMPONENTS, CONTACTS, VendorChoices, VendorDependentChoicesMixin

# Incidents offered for linking: ongoing ones and those of the last weeks, not years of history.
INCIDENT_CHOICE_DAYS = 30


class TicketForm(VendorDependentChoicesMixin, ScopedModelForm):
    vendor_choices = {
        "component": COMPONENTS,
        "assignee_contact": CONTACTS,
        "incident": VendorChoices(partial(recent_incident_options, days=INCIDENT_CHOICE_DAYS)),
    }

    class Meta:
        model = Ticket
        fields = TICKET_INPUT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "component": "Only the chosen vendor's components are offered.",
            "assignee_contact": "One of the chosen vendor's contacts.",
            "incident": f"The chosen vendor's ongoing incidents and those of the last {INCIDENT_CHOICE_DAYS} days.",
        }

    def clean(self) -> dict:
        cleaned = super().clean()
        vendor = cleaned.get("vendor")
        for name in ("component", "assignee_contact", "incident"):
            related = cleaned.get(name)
            if vendor and related is not None and related.vendor_id != vendor.pk:
                self.add_error(name, "This belongs to another vendor.")
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(max_length=limits.MESSAGE_LENGTH, widget=forms.Textarea(attrs={"rows": 3}), label="Message")
    internal = forms.BooleanField(required=False, label="Internal note (never shown to the vendor)")


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[
            (n, f"{n} – {label}") for n, label in enumerate(["poor", "fair", "good", "very good", "excellent"], 1)
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(max_length=limits.NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}), required=False)

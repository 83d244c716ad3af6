from django import forms

from core.forms import ScopedModelForm
from tickets.models import TICKET_INPUT_FIELDS, Ticket


class TicketForm(ScopedModelForm):
    class Meta:
        model = Ticket
        fields = TICKET_INPUT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict:
        cleaned = super().clean()
        vendor = cleaned.get("vendor")
        for name in ("component", "assignee_contact", "incident"):
            related = cleaned.get(name)
            if vendor and related is not None and related.vendor_id != vendor.pk:
                self.add_error(name, "This belongs to another vendor.")
        return cleaned


class ReplyForm(forms.Form):
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label="Message")
    internal = forms.BooleanField(required=False, label="Internal note (never shown to the vendor)")


class ReasonForm(forms.Form):
    reason = forms.CharField(required=False, max_length=500)


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[
            (n, f"{n} – {label}") for n, label in enumerate(["poor", "fair", "good", "very good", "excellent"], 1)
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

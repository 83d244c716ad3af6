from datetime import timedelta
from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone

from core.forms import ScopedModelForm
from tickets.models import TICKET_INPUT_FIELDS, Ticket

# Incidents offered for linking: ongoing ones and those of the last weeks, not years of history.
INCIDENT_CHOICE_DAYS = 30


class TicketForm(ScopedModelForm):
    class Meta:
        model = Ticket
        fields = TICKET_INPUT_FIELDS
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["incident"]
        recent = Q(ended_at__isnull=True) | Q(started_at__gte=timezone.now() - timedelta(days=INCIDENT_CHOICE_DAYS))
        if self.instance.incident_id:
            recent |= Q(pk=self.instance.incident_id)
        field.queryset = field.queryset.filter(recent).select_related("vendor").order_by("-started_at")
        field.help_text = f"Ongoing incidents and those of the last {INCIDENT_CHOICE_DAYS} days."

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


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        choices=[
            (n, f"{n} – {label}") for n, label in enumerate(["poor", "fair", "good", "very good", "excellent"], 1)
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), required=False)

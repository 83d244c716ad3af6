"""Forms of an SLA annual review: a finding about one target, and concluding the review."""

from typing import Any

from django import forms

from core import limits
from core.forms import DateInput
from governance.models import ReviewOutcome


class FindingForm(forms.Form):
    subject = forms.ChoiceField(label="About")
    finding = forms.CharField(
        label="Finding", max_length=limits.DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )
    proposed_change = forms.CharField(
        label="Proposed change",
        required=False,
        max_length=limits.DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="e.g. P2 resolution from 8 h to 12 h business time.",
    )

    def __init__(self, *args: Any, subjects: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [(subject, subject) for subject in subjects]


class ConcludeForm(forms.Form):
    outcome = forms.ChoiceField(choices=ReviewOutcome.choices, widget=forms.RadioSelect)
    decisions = forms.CharField(
        label="Decisions", max_length=limits.DESCRIPTION_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_version_from = forms.DateField(
        label="New version takes effect on",
        required=False,
        widget=DateInput(),
        help_text="Only for a new version: the current version ends the day before.",
    )

from django import forms

from compliance.models import Assessment, Finding
from core import limits
from core.forms import DateInput, ScopedModelForm


class AssessmentForm(ScopedModelForm):
    class Meta:
        model = Assessment
        fields = [
            "vendor",
            "kind",
            "title",
            "planned_on",
            "performed_on",
            "scope",
            "hospital_participants",
            "vendor_participants",
            "report",
        ]
        widgets = {"planned_on": DateInput(), "performed_on": DateInput(), "scope": forms.Textarea(attrs={"rows": 3})}


class FindingForm(ScopedModelForm):
    prefix = "finding"

    class Meta:
        model = Finding
        fields = ["title", "severity", "cvss_score", "reported_on", "remediation_owner", "description"]
        widgets = {"reported_on": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}


class FindingAnswerForm(forms.Form):
    response = forms.CharField(
        max_length=limits.MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Your answer",
        help_text="How and when it is fixed, or why it stands.",
    )


class FindingRetestForm(forms.Form):
    result = forms.ChoiceField(choices=[("passed", "Passed: fixed"), ("failed", "Failed: still found")])
    notes = forms.CharField(required=False, max_length=limits.NOTE_LENGTH, widget=forms.Textarea(attrs={"rows": 2}))

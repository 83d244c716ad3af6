"""The forms of upgrade and change plans: the plan itself, a step, a check item, signing an item,
and the forms of the plan's moves (go/no-go, outcome, cancel). Times are hospital local time."""

from typing import Any

from django import forms

from core import limits
from core.forms import InstantFormField, ScopedForm, ScopedModelForm
from operations.models import ChangePlan, PlanCheck, PlanStep
from slas.forms.maintenance import LocalDateTimeInput
from slas.models import Incident
from vendors.forms import VendorNamedChoiceField
from vendors.models import Component


class ChangePlanForm(ScopedModelForm):
    component = VendorNamedChoiceField(
        queryset=Component.objects.select_related("vendor").order_by("vendor__name", "name")
    )
    window_start = InstantFormField(label="Window start", widget=LocalDateTimeInput())
    window_end = InstantFormField(label="Window end", widget=LocalDateTimeInput())

    class Meta:
        model = ChangePlan
        fields = [
            "component",
            "title",
            "kind",
            "to_version",
            "to_patch_level",
            "window_start",
            "window_end",
            "description",
            "rollback_plan",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "rollback_plan": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["component"].disabled = True
            self.fields["component"].help_text = "A plan stays with its component."


class PlanStepForm(forms.ModelForm):
    class Meta:
        model = PlanStep
        fields = ["description", "side", "owner"]


class PlanCheckForm(forms.ModelForm):
    class Meta:
        model = PlanCheck
        fields = ["stage", "description"]


# The largest id a PostgreSQL integer key holds: a larger one is a form error, not a database error.
MAX_ID = 2_147_483_647


class CheckSignForm(forms.Form):
    check = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    signed_by_name = forms.CharField(label="Signed by", max_length=120, help_text="The person who vouches for it.")


class NoteForm(forms.Form):
    """Why the plan is cancelled (the service insists on a reason)."""

    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.NOTE_LENGTH,
        required=False,
        label="Why cancel",
    )


class GoDecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("go", "Go"), ("no_go", "No-go")])
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.NOTE_LENGTH,
        required=False,
        help_text="For a no-go, why.",
    )


class OutcomeForm(ScopedForm):
    outcome = forms.ChoiceField(choices=ChangePlan.Outcome.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=limits.NOTE_LENGTH,
        required=False,
        help_text="For a rollback, what made you roll back.",
    )
    incident = forms.ModelChoiceField(
        queryset=Incident.objects.order_by("-started_at"), required=False, help_text="The incident it caused, if any."
    )

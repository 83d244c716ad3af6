"""The forms of test protocols: a template and its cases (hospital admins), and on a plan's page
adding a case, applying a template, recording a result and opening a ticket for a failure."""

from typing import Any

from django import forms

from core import limits
from operations.forms.plans import MAX_ID
from operations.models import ChangePlan, PlanTestCase, ProtocolTemplate, ProtocolTemplateCase
from operations.selectors.protocols import templates_for
from slas.models import Severity


class ProtocolTemplateForm(forms.ModelForm):
    class Meta:
        model = ProtocolTemplate
        fields = ["name", "component_kind", "description", "active"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class TemplateCaseForm(forms.ModelForm):
    class Meta:
        model = ProtocolTemplateCase
        fields = ["title", "expected_result", "mandatory"]


class PlanCaseForm(forms.ModelForm):
    class Meta:
        model = PlanTestCase
        fields = ["title", "expected_result", "mandatory"]


class ApplyTemplateForm(forms.Form):
    """The templates offered for the plan's component kind (any active template is accepted on
    POST; the service refuses one of another kind, with the reason)."""

    template = forms.ModelChoiceField(queryset=ProtocolTemplate.objects.filter(active=True).order_by("name"))

    def __init__(self, *args: Any, plan: ChangePlan | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["template"].queryset = templates_for(plan)


class CaseResultForm(forms.Form):
    case = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    result = forms.ChoiceField(choices=PlanTestCase.Result.choices)
    notes = forms.CharField(max_length=limits.NOTE_LENGTH, required=False)


class CaseTicketForm(forms.Form):
    case = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.P3)

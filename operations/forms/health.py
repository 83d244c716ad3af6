"""The forms of health assessments: a checklist template, a component's schedule, a run with a
result and measurement per check of its template, a finding, and marking one done."""

from typing import Any

from django import forms

from core.forms import DateInput, ScopedModelForm
from operations.forms.plans import MAX_ID
from operations.models import HealthAssessment, HealthCheckResult, HealthFinding, HealthRun, HealthTemplate
from vendors.forms import VendorNamedChoiceField
from vendors.models import Component


class HealthTemplateForm(forms.ModelForm):
    class Meta:
        model = HealthTemplate
        fields = ["name", "component_kind", "checks", "active"]
        widgets = {"checks": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args: Any, user: object = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class HealthAssessmentForm(ScopedModelForm):
    component = VendorNamedChoiceField(
        queryset=Component.objects.select_related("vendor").order_by("vendor__name", "name")
    )

    class Meta:
        model = HealthAssessment
        fields = ["component", "template", "every_months", "next_due_on", "active"]
        widgets = {"next_due_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = HealthTemplate.objects.filter(active=True)
        self.fields["template"].help_text = "A checklist for the component's kind."
        if self.instance.pk is not None:
            self.fields["component"].disabled = True
            self.fields["template"].disabled = True


class HealthRunForm(forms.ModelForm):
    """The run's day, engineer and summary, and a result and measurement for each of ``checks``
    (``result_1``, ``measurement_1``, ...)."""

    class Meta:
        model = HealthRun
        fields = ["performed_on", "engineer_name", "summary"]
        widgets = {"performed_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args: Any, checks: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checks = checks
        for position, check in enumerate(checks, start=1):
            self.fields[f"result_{position}"] = forms.ChoiceField(
                label=check, choices=[("", "—"), *HealthCheckResult.Result.choices]
            )
            self.fields[f"measurement_{position}"] = forms.CharField(
                label="Measurement", max_length=200, required=False
            )

    @property
    def check_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [
            (check, self[f"result_{position}"], self[f"measurement_{position}"])
            for position, check in enumerate(self.checks, start=1)
        ]

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        results = [
            (data[f"result_{position}"], data[f"measurement_{position}"]) for position in range(1, len(self.checks) + 1)
        ]
        return {
            "performed_on": data["performed_on"],
            "engineer_name": data["engineer_name"],
            "summary": data["summary"],
            "results": results,
        }


class HealthFindingForm(forms.ModelForm):
    run_id = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

    class Meta:
        model = HealthFinding
        fields = ["description", "side", "owner_name", "due_date"]
        widgets = {"due_date": DateInput()}


class FindingDoneForm(forms.Form):
    finding_id = forms.IntegerField(min_value=1, max_value=MAX_ID, widget=forms.HiddenInput)

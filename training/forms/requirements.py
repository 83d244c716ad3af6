from django import forms

from core.forms import DateInput, ScopedModelForm
from training.models import Requirement


class RequirementForm(ScopedModelForm):
    class Meta:
        model = Requirement
        fields = [
            "profession",
            "course",
            "level",
            "due_within_days",
            "refresher_months",
            "deadline",
            "effective_from",
            "note",
        ]
        widgets = {"deadline": DateInput(), "effective_from": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

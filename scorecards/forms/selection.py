"""Vendor selection forms: a project, a candidate, an evaluator's scores (one table row per
criterion), a candidate's five years of cost, and the decision."""

from typing import Any

from django import forms

from core import limits
from core.forms import ScopedForm, ScopedModelForm, TableRowForm
from scorecards.models import Candidate, CandidateCost, CandidateScore, SelectionProject
from scorecards.models.selection import COST, COST_PARTS, SCORE
from scorecards.services.selection import CostInput, ScoreInput


class SelectionProjectForm(ScopedModelForm):
    class Meta:
        model = SelectionProject
        fields = ["name", "template", "vendor_kind", "currency", "requirements"]
        widgets = {"requirements": forms.Textarea(attrs={"rows": 4})}


class CandidateForm(ScopedModelForm):
    class Meta:
        model = Candidate
        fields = ["project", "name", "website", "contact_name", "contact_email", "contact_phone", "summary"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"contact_name": "Becomes the vendor's account manager if the candidate is chosen."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        projects = self.fields["project"].queryset
        self.fields["project"].queryset = projects.filter(state=SelectionProject.State.OPEN)
        self.fields["project"].label = "Selection"


class ScoreRowForm(TableRowForm):
    criterion = forms.IntegerField(widget=forms.HiddenInput)
    score = forms.IntegerField(min_value=SCORE.low, max_value=SCORE.high, required=False)
    note = forms.CharField(max_length=limits.NOTE_LENGTH, required=False, widget=forms.Textarea(attrs={"rows": 1}))

    def as_input(self) -> ScoreInput:
        data = self.cleaned_data
        return ScoreInput(criterion_id=data["criterion"], score=data["score"], note=data["note"])


ScoreFormSet = forms.formset_factory(ScoreRowForm, extra=0)


def score_initial(criteria: list[Any], mine: dict[int, CandidateScore]) -> list[dict[str, Any]]:
    return [
        {
            "criterion": criterion.pk,
            "score": mine[criterion.pk].score if criterion.pk in mine else None,
            "note": mine[criterion.pk].note if criterion.pk in mine else "",
        }
        for criterion in criteria
    ]


class CostRowForm(TableRowForm):
    year = forms.IntegerField(widget=forms.HiddenInput)
    licence = forms.DecimalField(min_value=COST.low, max_value=COST.high, decimal_places=2, required=False)
    support = forms.DecimalField(min_value=COST.low, max_value=COST.high, decimal_places=2, required=False)
    hardware = forms.DecimalField(min_value=COST.low, max_value=COST.high, decimal_places=2, required=False)
    services = forms.DecimalField(min_value=COST.low, max_value=COST.high, decimal_places=2, required=False)

    @property
    def is_blank(self) -> bool:
        return all(self.cleaned_data.get(part) is None for part in COST_PARTS)

    def as_input(self) -> CostInput:
        data = self.cleaned_data
        return CostInput(year=data["year"], **{part: data[part] or 0 for part in COST_PARTS})


CostFormSet = forms.formset_factory(CostRowForm, extra=0)


def cost_initial(costs: list[CandidateCost], years: list[int]) -> list[dict[str, Any]]:
    by_year = {cost.year: cost for cost in costs}
    return [
        {"year": year, **({part: getattr(by_year[year], part) for part in COST_PARTS} if year in by_year else {})}
        for year in years
    ]


class DecisionForm(ScopedForm):
    chosen = forms.ModelChoiceField(queryset=Candidate.objects.none(), label="Chosen candidate")
    decided_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Decided on")
    rationale = forms.CharField(
        max_length=limits.DESCRIPTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this candidate: what the scores, references and costs showed.",
    )

    def __init__(self, *args: Any, project: SelectionProject, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chosen"].queryset = project.candidates.order_by("name")

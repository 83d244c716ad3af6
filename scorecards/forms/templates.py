"""The template form and its criteria, one table row each (weights summing to 100 is the
service's rule, shown above the rows)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms

from core import limits
from core.forms import EMPTY_CHOICE, ScopedModelForm, TableRowForm, TableRowFormSet
from kpis.selectors.catalogue import kpi_list
from scorecards.models import Area, Criterion, EvaluationTemplate, Measure, Method, Rule
from scorecards.models.templates import RULE_VALUE, WEIGHT
from scorecards.services.templates import CriterionInput
from slas.models import Severity


class TemplateForm(ScopedModelForm):
    class Meta:
        model = EvaluationTemplate
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


def bands_text(bands: list[dict[str, Any]]) -> str:
    return "; ".join(f"{band['threshold']}={band['score']}" for band in bands)


class BandsField(forms.CharField):
    """Bands written ``threshold=score`` separated by semicolons: ``99.9=100; 99.5=70; 99=40``."""

    def to_python(self, value: Any) -> list[dict[str, str]]:
        text = super().to_python(value)
        bands = []
        for part in filter(None, (piece.strip() for piece in text.split(";"))):
            threshold, _, score = part.partition("=")
            try:
                bands.append({"threshold": str(Decimal(threshold.strip())), "score": str(Decimal(score.strip()))})
            except InvalidOperation as error:
                raise forms.ValidationError("Write bands as threshold=score; threshold=score.") from error
        return bands


class CriterionRowForm(TableRowForm):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    area = forms.ChoiceField(choices=EMPTY_CHOICE + Area.choices, required=False)
    name = forms.CharField(max_length=120, required=False)
    weight = forms.IntegerField(min_value=WEIGHT.low, max_value=WEIGHT.high, required=False)
    method = forms.ChoiceField(choices=Method.choices, initial=Method.MEASURE)
    measure = forms.ChoiceField(choices=EMPTY_CHOICE + Measure.choices, required=False)
    severity = forms.ChoiceField(choices=[("", "All"), *Severity.choices], required=False)
    kpi = forms.ModelChoiceField(queryset=kpi_list().filter(active=True), required=False, empty_label="All KPIs")
    rule = forms.ChoiceField(choices=Rule.choices, initial=Rule.LINEAR, required=False)
    floor = forms.DecimalField(min_value=RULE_VALUE.low, max_value=RULE_VALUE.high, required=False)
    target = forms.DecimalField(min_value=RULE_VALUE.low, max_value=RULE_VALUE.high, required=False)
    bands = BandsField(required=False, max_length=limits.NOTE_LENGTH)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and (not data.get("area") or not data.get("weight")):
            raise forms.ValidationError("A criterion needs an area and a weight.")
        return data

    @property
    def is_blank(self) -> bool:
        return not self.cleaned_data.get("name")

    def as_input(self) -> CriterionInput:
        data = self.cleaned_data
        return CriterionInput(
            id=data["id"],
            area=data["area"],
            name=data["name"].strip(),
            weight=data["weight"],
            method=data["method"],
            measure=data["measure"],
            severity=data["severity"],
            kpi_id=data["kpi"].pk if data["kpi"] else None,
            rule=data["rule"] or Rule.LINEAR,
            floor=data["floor"],
            target=data["target"],
            bands=data["bands"],
        )


CriterionFormSet = forms.formset_factory(CriterionRowForm, formset=TableRowFormSet, extra=3, can_delete=True)


def criterion_initial(criterion: Criterion) -> dict[str, Any]:
    return {
        "id": criterion.pk,
        "area": criterion.area,
        "name": criterion.name,
        "weight": criterion.weight,
        "method": criterion.method,
        "measure": criterion.measure,
        "severity": criterion.severity,
        "kpi": criterion.kpi_id,
        "rule": criterion.rule,
        "floor": criterion.floor,
        "target": criterion.target,
        "bands": bands_text(criterion.bands),
    }

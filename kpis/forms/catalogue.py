"""The KPI form of the catalogue (hospital admins add and edit KPIs; what a KPI measures is
fixed once it exists)."""

from typing import Any

from django import forms

from core.forms import ScopedModelForm
from kpis.models import Kpi

# What a KPI is stays fixed once it exists: computations, probes and API clients rely on its
# code, and its past samples were measured in its unit, direction, source and scope. The API's
# catalogue route keeps the same ones read-only.
KPI_FIXED_FIELDS = ("code", "unit", "direction", "source", "scope")
KPI_EDITABLE_FIELDS = ("name", "area", "description", "target", "warning", "aggregation", "period", "active")


class KpiForm(ScopedModelForm):
    class Meta:
        model = Kpi
        fields = [
            "code",
            "name",
            "area",
            "description",
            "unit",
            "direction",
            "source",
            "scope",
            "aggregation",
            "period",
            "target",
            "warning",
            "active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "target": "Red when the period's value misses it.",
            "aggregation": "How a period's samples become its value.",
            "period": "The period a value is judged over.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            for name in KPI_FIXED_FIELDS:
                self.fields[name].disabled = True
            self.fields["code"].help_text = "Fixed: computations, probes and API clients use it."

import django_tables2 as tables

from scorecards.models import EvaluationTemplate


class TemplateTable(tables.Table):
    name = tables.Column(linkify=True)
    criteria_count = tables.Column(verbose_name="Criteria", attrs={"td": {"class": "text-end"}})
    updated_at = tables.DateTimeColumn(verbose_name="Changed", format="Y-m-d")

    class Meta:
        model = EvaluationTemplate
        fields = ("name", "description", "criteria_count", "updated_at")
        empty_text = "No templates yet. A template's weighted criteria say how a vendor is scored."

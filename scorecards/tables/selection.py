import django_tables2 as tables

from scorecards.models import SelectionProject


class SelectionProjectTable(tables.Table):
    name = tables.Column(linkify=True)
    template = tables.Column(verbose_name="Template")
    vendor_kind = tables.Column(verbose_name="Kind")
    candidate_count = tables.Column(verbose_name="Candidates", attrs={"td": {"class": "text-end"}})
    state = tables.TemplateColumn(
        '<span class="badge text-bg-{% if record.state == "decided" %}success{% else %}primary{% endif %}">'
        "{{ record.get_state_display }}</span>"
    )
    chosen = tables.Column(verbose_name="Chosen", default="—")
    decided_on = tables.DateColumn(verbose_name="Decided", format="Y-m-d", default="—")

    class Meta:
        model = SelectionProject
        fields = ("name", "template", "vendor_kind", "candidate_count", "state", "chosen", "decided_on")
        empty_text = (
            "No vendor selections yet. A selection compares candidate vendors side by side before any contract."
        )

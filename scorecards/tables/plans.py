import django_tables2 as tables

from scorecards.models import ImprovementPlan


class ImprovementPlanTable(tables.Table):
    title = tables.Column(linkify=True)
    vendor = tables.Column(order_by="vendor__name")
    state = tables.Column()
    open_items = tables.Column(verbose_name="Open items", attrs={"td": {"class": "text-end"}})
    next_milestone = tables.DateColumn(verbose_name="Next milestone", format="Y-m-d")

    class Meta:
        model = ImprovementPlan
        fields = ("title", "vendor", "state", "open_items", "next_milestone")
        empty_text = (
            "No improvement plans. An evaluation whose standing requires one opens a draft here; "
            "hospital admins can also open one by hand."
        )

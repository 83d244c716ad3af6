import django_tables2 as tables
from django.utils.html import format_html

from training.models import Level, Requirement


class RequirementTable(tables.Table):
    profession = tables.Column(linkify=True)
    course = tables.Column(linkify=lambda record: record.course.get_absolute_url())
    level = tables.Column()
    due_within_days = tables.Column(verbose_name="Due within (days)")
    refresher_months = tables.Column(verbose_name="Refresher (months)", default="once")
    deadline = tables.DateColumn(format="Y-m-d")

    class Meta:
        model = Requirement
        fields = ("profession", "course", "level", "due_within_days", "refresher_months", "deadline")
        order_by = ("profession", "course")

    def render_level(self, record: Requirement) -> str:
        colour = "danger" if record.level == Level.MANDATORY else "info"
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, record.get_level_display())

    def value_level(self, record: Requirement) -> str:
        return record.get_level_display()

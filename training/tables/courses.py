import django_tables2 as tables
from django.utils.html import format_html

from core.tables import StatusColumn
from training.models import Course


class CourseTable(tables.Table):
    title = tables.Column(linkify=True)
    vendor = tables.Column(default="Internal", linkify=False)
    release = tables.Column()
    delivery = tables.Column()
    audience = tables.Column(empty_values=(), orderable=False, verbose_name="For")
    duration_minutes = tables.Column(verbose_name="Minutes")
    material_count = tables.Column(verbose_name="Materials")
    completion_count = tables.Column(verbose_name="Completions")
    active = StatusColumn(verbose_name="Status")

    class Meta:
        model = Course
        fields = (
            "title",
            "vendor",
            "release",
            "delivery",
            "audience",
            "duration_minutes",
            "material_count",
            "completion_count",
            "active",
        )
        order_by = ("title",)

    def render_audience(self, record: Course) -> str:
        return ", ".join(record.audience_labels()) or format_html('<span class="text-muted">{}</span>', "anyone")

    def value_audience(self, record: Course) -> str:
        return ", ".join(record.audience_labels())

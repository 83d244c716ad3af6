"""The replacement schedule's table: each planned replacement with its budget and the dates
that make it due. Flags are text badges, never colour alone."""

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.formatting import format_money
from operations.models import ComponentLifecycle
from operations.selectors.lifecycle import lifecycle_record_flags
from operations.tables.lifecycle import NOWRAP, NUMBER, flag_badges, shown_date


class ReplacementTable(tables.Table):
    component = tables.Column(order_by=("component__name",))
    vendor = tables.Column(accessor="component__vendor", order_by=("component__vendor__name",))
    replacement_planned_on = tables.Column(verbose_name="Planned replacement", attrs=NOWRAP)
    replacement_budget = tables.Column(verbose_name="Budget", attrs=NUMBER)
    support_ends_on = tables.Column(verbose_name="End of support", attrs=NOWRAP)
    warranty_ends_on = tables.Column(verbose_name="Warranty end", attrs=NOWRAP)
    flags = tables.Column(empty_values=(), orderable=False)

    class Meta:
        model = ComponentLifecycle
        fields = (
            "component",
            "vendor",
            "replacement_planned_on",
            "replacement_budget",
            "support_ends_on",
            "warranty_ends_on",
            "flags",
        )
        order_by = ("replacement_planned_on",)
        empty_text = "No replacement matches these filters."

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = timezone.localdate()

    def render_component(self, record: ComponentLifecycle) -> SafeString:
        return format_html(
            '<a href="{}">{}</a>', reverse("operations:lifecycle_detail", args=[record.pk]), record.component
        )

    def value_component(self, record: ComponentLifecycle) -> str:
        return str(record.component)

    def render_replacement_planned_on(self, record: ComponentLifecycle) -> str:
        return shown_date(record.replacement_planned_on)

    def render_replacement_budget(self, value: object) -> str:
        return format_money(value)

    def render_support_ends_on(self, value: object) -> str:
        return shown_date(value)

    def render_warranty_ends_on(self, value: object) -> str:
        return shown_date(value)

    def render_flags(self, record: ComponentLifecycle) -> SafeString:
        return flag_badges(lifecycle_record_flags(record, self.today))

    def value_flags(self, record: ComponentLifecycle) -> str:
        return "; ".join(flag.label for flag in lifecycle_record_flags(record, self.today))

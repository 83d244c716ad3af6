"""Table bases for django-tables2."""

import django_tables2 as tables
from django.utils.html import format_html


class StatusColumn(tables.BooleanColumn):
    """A yes/no shown as a text badge, not colour alone."""

    def __init__(self, true_label: str = "Active", false_label: str = "Inactive", **kwargs: object) -> None:
        self.true_label = true_label
        self.false_label = false_label
        super().__init__(**kwargs)

    def render(self, value: object, record: object, bound_column: object) -> str:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', self.true_label)
        return format_html('<span class="badge text-bg-secondary">{}</span>', self.false_label)

    def value(self, value: object, record: object, bound_column: object) -> str:
        return self.true_label if value else self.false_label

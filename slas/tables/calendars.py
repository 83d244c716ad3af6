"""The business-calendar table of the hospital list."""

import django_tables2 as tables

from core.tables import StatusColumn
from slas.models import BusinessCalendar


class CalendarTable(tables.Table):
    name = tables.Column(linkify=True)
    timezone = tables.Column()
    always_open = StatusColumn("24x7", "Windows", verbose_name="Hours")
    windows = tables.Column(empty_values=(), orderable=False, verbose_name="Weekly windows")

    class Meta:
        model = BusinessCalendar
        fields = ("name", "timezone", "always_open", "windows")

    def render_windows(self, record: BusinessCalendar) -> str:
        if record.always_open:
            return "always open"
        return ", ".join(str(window) for window in record.windows.all()) or "—"

    def value_windows(self, record: BusinessCalendar) -> str:
        return self.render_windows(record)

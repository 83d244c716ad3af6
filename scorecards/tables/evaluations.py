"""The evaluations table: the hospital list, its CSV export and (linked to its own pages) the portal."""

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.formatting import format_number
from scorecards.models import Evaluation

STATE_COLOURS = {"draft": "secondary", "finalised": "primary", "shared": "info", "closed": "success"}


def state_badge(evaluation: Evaluation) -> SafeString:
    colour = STATE_COLOURS[evaluation.state]
    return format_html('<span class="badge text-bg-{}">{}</span>', colour, evaluation.get_state_display())


class EvaluationTable(tables.Table):
    period_start = tables.Column(verbose_name="Period", linkify=True, attrs={"td": {"class": "text-nowrap"}})
    vendor = tables.Column(order_by="vendor__name")
    template = tables.Column(order_by="template__name")
    state = tables.Column()
    total = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    standing = tables.Column()

    class Meta:
        model = Evaluation
        fields = ("period_start", "vendor", "template", "state", "total", "standing")
        empty_text = (
            "No evaluations yet. Start one per vendor and year (or quarter): its draft scores itself from "
            "uptime, tickets, incidents and KPIs as they are recorded."
        )

    def render_period_start(self, record: Evaluation) -> str:
        return f"{record.period_label} ({record.get_period_kind_display().lower()})"

    def value_period_start(self, record: Evaluation) -> str:
        return record.period_label

    def render_state(self, record: Evaluation) -> SafeString:
        return state_badge(record)

    def value_state(self, record: Evaluation) -> str:
        return record.get_state_display()

    def render_total(self, value: object) -> str:
        return format_number(value, 1)

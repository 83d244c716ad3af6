"""The agreement table of the hospital list."""

import django_tables2 as tables
from django.utils.html import format_html

from slas.models import Agreement


class AgreementTable(tables.Table):
    agreement = tables.Column(accessor="pk", verbose_name="Agreement", linkify=lambda record: record.get_absolute_url())
    vendor = tables.Column(accessor="contract__vendor", verbose_name="Vendor", order_by="contract__vendor__name")
    contract = tables.Column(linkify=True)
    version = tables.Column()
    effective_from = tables.DateColumn(verbose_name="In force from")
    effective_to = tables.DateColumn(verbose_name="until")
    uptime_target_percent = tables.Column(verbose_name="Uptime target")

    class Meta:
        model = Agreement
        fields = (
            "agreement",
            "vendor",
            "contract",
            "version",
            "effective_from",
            "effective_to",
            "uptime_target_percent",
        )

    def render_agreement(self, record: Agreement) -> str:
        return record.name or str(record)

    def value_agreement(self, record: Agreement) -> str:
        return record.name or str(record)

    def render_uptime_target_percent(self, value: object) -> str:
        return format_html("{} %", value)

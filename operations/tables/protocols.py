"""The table of test-protocol templates (hospital list and CSV)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from operations.models import ProtocolTemplate
from operations.tables.lifecycle import NUMBER


class ProtocolTemplateTable(tables.Table):
    name = tables.Column(verbose_name="Template")
    component_kind = tables.Column(verbose_name="Component kind")
    case_count = tables.Column(verbose_name="Cases", attrs=NUMBER)
    active = tables.Column(verbose_name="Offered")

    class Meta:
        model = ProtocolTemplate
        fields = ("name", "component_kind", "case_count", "active")
        order_by = ("component_kind", "name")
        empty_text = "No template matches these filters."

    def render_name(self, record: ProtocolTemplate) -> SafeString:
        url = reverse("operations:protocoltemplate_detail", args=[record.pk])
        return format_html('<a href="{}">{}</a>', url, record.name)

    def value_name(self, record: ProtocolTemplate) -> str:
        return record.name

    def render_active(self, value: bool) -> SafeString:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', "Offered")
        return format_html('<span class="badge text-bg-secondary">{}</span>', "Retired")

    def value_active(self, value: bool) -> str:
        return "yes" if value else "no"

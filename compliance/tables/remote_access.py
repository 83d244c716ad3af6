"""The tables of remote access: sessions with their flags (the portal's subclass links to its own
pages), and the vendor access log."""

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from compliance.models import AccessLogEntry, RemoteAccessSession
from compliance.remote_access_rules import FLAG_LABELS
from compliance.selectors.remote_access import flags_of

STATUS_BADGES = {"requested": "text-bg-secondary", "approved": "text-bg-success", "rejected": "text-bg-dark"}


class RemoteAccessSessionTable(tables.Table):
    detail_url_name = "compliance:remoteaccesssession_detail"

    engineer = tables.Column(linkify=lambda table, record: table.detail_url(record))
    vendor = tables.Column(linkify=True)
    planned_start = tables.DateTimeColumn(verbose_name="Window from", format="Y-m-d H:i")
    planned_end = tables.DateTimeColumn(verbose_name="to", format="Y-m-d H:i")
    started_at = tables.DateTimeColumn(verbose_name="Started", format="Y-m-d H:i")
    ended_at = tables.DateTimeColumn(verbose_name="Ended", format="Y-m-d H:i")
    flags = tables.Column(verbose_name="Flags", empty_values=(), orderable=False)

    class Meta:
        model = RemoteAccessSession
        fields = ("engineer", "vendor", "method", "status", "planned_start", "planned_end", "started_at", "ended_at")
        empty_text = "No remote-access sessions yet: vendor engineers request them in the portal or the API."

    def detail_url(self, record: RemoteAccessSession) -> str:
        return reverse(self.detail_url_name, kwargs={"pk": record.pk})

    def render_status(self, record: RemoteAccessSession) -> SafeString:
        return format_html(
            '<span class="badge {}">{}</span>', STATUS_BADGES[record.status], record.get_status_display()
        )

    def render_flags(self, record: RemoteAccessSession) -> SafeString:
        flags = flags_of(record, now=timezone.now())
        if not flags:
            return format_html('<span class="text-body-secondary">{}</span>', "none")
        return format_html_join(" ", '<span class="badge text-bg-danger">{}</span>', ((FLAG_LABELS[f],) for f in flags))

    def value_flags(self, record: RemoteAccessSession) -> str:
        return "; ".join(FLAG_LABELS[f] for f in flags_of(record, now=timezone.now()))


class AccessLogTable(tables.Table):
    at = tables.DateTimeColumn(verbose_name="When", format="Y-m-d H:i:s")
    vendor = tables.Column(linkify=True)
    source_ip = tables.Column(verbose_name="From")
    detail = tables.Column(verbose_name="What", empty_values=(), orderable=False)

    class Meta:
        model = AccessLogEntry
        fields = ("at", "vendor", "actor", "system", "action", "source_ip", "detail")
        order_by = ("-at",)
        empty_text = "Nothing logged for these filters."

    def render_detail(self, record: AccessLogEntry) -> str:
        """A request: its method, path and the answer (text and colour); else what was logged."""
        if not record.path:
            return record.detail
        status = record.status or 0
        badge = "text-bg-success" if status < 400 else "text-bg-warning" if status < 500 else "text-bg-danger"
        return format_html(
            '<code>{} {}</code> <span class="badge {}">{}</span>', record.method, record.path, badge, status
        )

    def value_detail(self, record: AccessLogEntry) -> str:
        return f"{record.method} {record.path} {record.status}" if record.path else record.detail

import django_tables2 as tables
from django.utils.html import format_html

from notifications.models import Notification, OutboxEmail

LEVEL_BADGES = {"info": "info", "warning": "warning", "danger": "danger"}
STATE_BADGES = {"queued": "info", "sending": "warning", "sent": "success", "failed": "danger"}


class NotificationTable(tables.Table):
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="When")
    level = tables.Column()
    title = tables.TemplateColumn(
        '{% if record.url %}<a href="{{ record.url }}">{{ record.title }}</a>{% else %}{{ record.title }}{% endif %}'
    )
    body = tables.Column(orderable=False)
    read_at = tables.Column(verbose_name="Status", empty_values=())
    actions = tables.TemplateColumn(
        template_name="notifications/notification_actions.html", orderable=False, verbose_name=""
    )

    class Meta:
        model = Notification
        fields = ("created_at", "level", "title", "body", "read_at", "actions")
        row_attrs = {"class": lambda record: "" if record.read_at else "fw-semibold"}
        empty_text = "No notifications here. What you hear of, and how, is yours to choose in Notification settings."

    def render_level(self, record: Notification) -> str:
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', LEVEL_BADGES[record.level], record.get_level_display()
        )

    def render_read_at(self, record: Notification) -> str:
        return "Read" if record.read_at else "Unread"

    def value_title(self, record: Notification) -> str:
        return record.title


class OutboxEmailTable(tables.Table):
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Queued")
    to = tables.Column(accessor="recipients_display", verbose_name="To", orderable=False)
    subject = tables.Column()
    state = tables.Column()
    attempts = tables.Column(attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}})
    sent_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Sent")
    last_error = tables.Column(verbose_name="Last error", orderable=False)
    actions = tables.TemplateColumn(template_name="notifications/outbox_actions.html", orderable=False, verbose_name="")

    class Meta:
        model = OutboxEmail
        fields = ("created_at", "to", "subject", "state", "attempts", "sent_at", "last_error", "actions")

    def render_state(self, record: OutboxEmail) -> str:
        return format_html(
            '<span class="badge text-bg-{}">{}</span>', STATE_BADGES[record.state], record.get_state_display()
        )

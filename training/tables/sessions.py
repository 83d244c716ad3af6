import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html

from training.models import Session


def seats_label(record: Session) -> str:
    return f"{record.taken} of {record.capacity}"


class SessionTable(tables.Table):
    starts_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Starts", linkify=True)
    course = tables.Column(order_by=("course__title",))
    where = tables.Column(accessor="location", verbose_name="Where", empty_values=(), orderable=False)
    trainer = tables.Column(accessor="pk", verbose_name="Trainer", orderable=False)
    seats = tables.Column(accessor="taken", verbose_name="Seats taken")
    waiting = tables.Column(verbose_name="Waiting")
    status = tables.Column(accessor="pk", verbose_name="Status", orderable=False)

    class Meta:
        model = Session
        fields = ("starts_at", "course", "where", "trainer", "seats", "waiting", "status")
        order_by = ("starts_at",)

    def render_where(self, record: Session) -> str:
        parts = [record.location] if record.location else []
        if record.link:
            parts.append("remote")
        return " · ".join(parts)

    def value_where(self, record: Session) -> str:
        return self.render_where(record)

    def render_trainer(self, record: Session) -> str:
        return str(record.trainer or record.vendor_trainer or "—")

    def value_trainer(self, record: Session) -> str:
        return self.render_trainer(record)

    def render_seats(self, record: Session) -> str:
        return seats_label(record)

    def value_seats(self, record: Session) -> str:
        return seats_label(record)

    def _state(self, record: Session) -> tuple[str, str]:
        if record.is_cancelled:
            return "secondary", "Cancelled"
        if record.ends_at <= timezone.now():
            return "light", "Held"
        if record.taken >= record.capacity:
            return "warning", "Full"
        return "success", "Open"

    def render_status(self, record: Session) -> str:
        colour, label = self._state(record)
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)

    def value_status(self, record: Session) -> str:
        return self._state(record)[1]

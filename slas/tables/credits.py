"""The credit statements table: the hospital list, its CSV export and (linked to its own pages)
the vendor portal."""

import datetime

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.formatting import format_money as money
from core.formatting import format_percent as percent
from slas.models import CreditStatement
from slas.selectors.credits import claim_overdue
from slas.templatetags.credit_format import state_badge, target_badge, target_met, uptime


class CreditStatementTable(tables.Table):
    month = tables.Column(linkify=True, attrs={"td": {"class": "text-nowrap"}})
    vendor = tables.Column(order_by="vendor__name")
    uptime_percent = tables.Column(verbose_name="Uptime / target")
    downtime_minutes = tables.Column(verbose_name="Downtime", attrs={"td": {"class": "text-end text-nowrap"}})
    credit_amount = tables.Column(verbose_name="Credit", attrs={"td": {"class": "text-end text-nowrap"}})
    state = tables.Column()
    claim_deadline = tables.Column(verbose_name="Claim by", attrs={"td": {"class": "text-nowrap"}})
    chronic_failure = tables.Column(verbose_name="Chronic failure")

    class Meta:
        model = CreditStatement
        fields = (
            "month",
            "vendor",
            "uptime_percent",
            "downtime_minutes",
            "credit_amount",
            "state",
            "claim_deadline",
            "chronic_failure",
        )
        empty_text = (
            "No credit statements match. Statements are computed for each vendor after a month ends; "
            "hospital admins can compute a finished month now."
        )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.today: datetime.date = timezone.localdate()

    def render_month(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"

    def value_month(self, value: datetime.date) -> str:
        return f"{value:%Y-%m}"

    def render_uptime_percent(self, record: CreditStatement) -> SafeString:
        return format_html(
            '<span class="text-nowrap">{} <span class="text-body-secondary">/ {}</span></span> {}',
            uptime(record.uptime_percent),
            percent(record.target_percent),
            target_badge(record),
        )

    def value_uptime_percent(self, record: CreditStatement) -> str:
        verdict = "met" if target_met(record) else "missed"
        return f"{uptime(record.uptime_percent)} / {percent(record.target_percent)} ({verdict})"

    def render_downtime_minutes(self, value: object) -> str:
        return f"{value} min"

    def value_downtime_minutes(self, value: object) -> str:
        return str(value)

    def render_credit_amount(self, record: CreditStatement) -> SafeString:
        return format_html(
            '{} <span class="text-body-secondary">({})</span>',
            money(record.credit_amount, record.currency),
            percent(record.credit_percent),
        )

    def value_credit_amount(self, record: CreditStatement) -> str:
        return f"{record.credit_amount} {record.currency} ({percent(record.credit_percent)})"

    def render_state(self, record: CreditStatement) -> SafeString:
        return state_badge(record)

    def value_state(self, record: CreditStatement) -> str:
        return record.get_state_display()

    def render_claim_deadline(self, record: CreditStatement) -> SafeString:
        if claim_overdue(record, self.today):
            return format_html(
                '{} <span class="badge text-bg-danger">overdue</span>', f"{record.claim_deadline:%Y-%m-%d}"
            )
        return format_html("{}", f"{record.claim_deadline:%Y-%m-%d}")

    def value_claim_deadline(self, record: CreditStatement) -> str:
        overdue = " (overdue)" if claim_overdue(record, self.today) else ""
        return f"{record.claim_deadline:%Y-%m-%d}{overdue}"

    def render_chronic_failure(self, value: bool) -> SafeString:
        if value:
            return format_html('<span class="badge text-bg-danger">{}</span>', "Chronic failure")
        return format_html('<span class="text-body-secondary">{}</span>', "no")

    def value_chronic_failure(self, value: bool) -> str:
        return "yes" if value else "no"

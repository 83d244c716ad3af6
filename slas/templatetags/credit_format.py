"""How credit statements show their uptime and badges, the same in tables, pages and the portal
(amounts and percentages: ``core.formatting``)."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from slas.models import CreditStatement
from slas.uptime import shown_percent

register = template.Library()

State = CreditStatement.State

STATE_BADGES = {
    State.NONE: "secondary",
    State.OWED: "warning",
    State.CLAIMED: "info",
    State.ACKNOWLEDGED: "primary",
    State.DISPUTED: "danger",
    State.APPLIED: "success",
}


@register.filter
def uptime(value: Decimal | None) -> str:
    """Uptime to three decimals, cut rather than rounded: 99.8996 never shows as 99.900."""
    if value is None:
        return "—"
    return f"{shown_percent(Decimal(value))} %"


def target_met(statement: CreditStatement) -> bool:
    return statement.uptime_percent >= statement.target_percent


@register.simple_tag
def target_badge(statement: CreditStatement) -> SafeString:
    if target_met(statement):
        return format_html('<span class="badge text-bg-success">{}</span>', "Target met")
    return format_html('<span class="badge text-bg-danger">{}</span>', "Target missed")


@register.simple_tag
def state_badge(statement: CreditStatement) -> SafeString:
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', STATE_BADGES[statement.state], statement.get_state_display()
    )

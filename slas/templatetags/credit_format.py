"""How credit statements show their figures, the same in tables, pages and the portal."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
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


@register.filter
def percent(value: Decimal | None) -> str:
    """A contractual percentage without trailing zeros: 99.900 -> 99.9 %, 5.00 -> 5 %."""
    if value is None:
        return "—"
    text = f"{Decimal(value).normalize():f}"
    return f"{text} %"


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


@register.filter
def money(value: Decimal | None, currency: str = "") -> str:
    """An amount with thousands separators and cents, and its currency: 10,000.00 EUR."""
    if value is None:
        return "—"
    amount = floatformat(value, "2g")
    return f"{amount} {currency}".strip()

"""Service-credit rules: what a month's uptime and ticket misses earn under an agreement.

Pure over the agreement's prefetched bands and rules: the availability band the uptime falls in,
plus a percentage per missed ticket target (capped on its own), all capped by the agreement's
overall cap, as a share of the monthly support fee (the contract's annual fee / 12).
"""

from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal

from slas.models import Agreement, Metric, Severity
from slas.uptime import shown_percent

CENT = Decimal("0.01")


@dataclass(frozen=True)
class CreditLine:
    kind: str  # "availability", "tickets" or "cap"
    description: str
    percent: Decimal

    def as_json(self) -> dict[str, str]:
        return {key: str(value) for key, value in asdict(self).items()}


@dataclass(frozen=True)
class Credit:
    availability_percent: Decimal
    ticket_percent: Decimal
    percent: Decimal
    monthly_fee: Decimal
    amount: Decimal
    currency: str
    lines: tuple[CreditLine, ...]


def _percent(value: Decimal) -> str:
    return f"{value.normalize():f}"


def availability_credit(agreement: Agreement, uptime_percent: Decimal) -> tuple[Decimal, CreditLine | None]:
    bands = [band for band in agreement.credit_bands.all() if uptime_percent < band.below_percent]
    if not bands:
        return Decimal(0), None
    band = max(bands, key=lambda b: (b.credit_percent, -b.below_percent))
    shown = shown_percent(uptime_percent)
    line = CreditLine(
        "availability",
        f"Uptime {shown} % is below {_percent(band.below_percent)} %: {_percent(band.credit_percent)} % credit.",
        band.credit_percent,
    )
    return band.credit_percent, line


def ticket_credit(agreement: Agreement, misses: dict[tuple[str, str], int]) -> tuple[Decimal, list[CreditLine]]:
    lines = []
    for rule in agreement.ticket_credit_rules.all():
        count = misses.get((rule.severity, rule.metric), 0)
        if count and rule.credit_percent:
            percent = rule.credit_percent * count
            what = f"{Severity(rule.severity).label} {Metric(rule.metric).label.lower()}"
            plural = "target" if count == 1 else "targets"
            description = f"{count} missed {what} {plural} × {_percent(rule.credit_percent)} %."
            lines.append(CreditLine("tickets", description, percent))
    earned = sum((line.percent for line in lines), Decimal(0))
    cap = agreement.ticket_credit_cap_percent
    if earned > cap:
        lines.append(CreditLine("cap", f"Ticket credits capped at {_percent(cap)} %.", cap - earned))
        earned = cap
    return earned, lines


def credit_assess(agreement: Agreement, uptime_percent: Decimal, misses: dict[tuple[str, str], int]) -> Credit:
    availability_percent, band_line = availability_credit(agreement, uptime_percent)
    ticket_percent, ticket_lines = ticket_credit(agreement, misses)
    lines = ([band_line] if band_line else []) + ticket_lines
    percent = availability_percent + ticket_percent
    if percent > agreement.credit_cap_percent:
        cap = agreement.credit_cap_percent
        lines.append(CreditLine("cap", f"Credits capped at {_percent(cap)} % a month.", cap - percent))
        percent = cap
    contract = agreement.contract
    monthly_fee = (contract.annual_fee / 12).quantize(CENT, rounding=ROUND_HALF_UP)
    amount = (monthly_fee * percent / 100).quantize(CENT, rounding=ROUND_HALF_UP)
    return Credit(
        availability_percent=availability_percent,
        ticket_percent=ticket_percent,
        percent=percent,
        monthly_fee=monthly_fee,
        amount=amount,
        currency=contract.currency,
        lines=tuple(lines),
    )

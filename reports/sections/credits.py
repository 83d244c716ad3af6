"""Service credits: what the month owes and why (the credit statement, or the figures as computed
now when the statement is not made yet), and every earlier credit still outstanding."""

from typing import Any

from django.db.models import Q

from reports.sections.base import ReportPeriod, decimal_text, instant_text
from slas.models import CreditStatement
from slas.selectors import availability
from slas.selectors.credits import statement_list

KEY = "credits"
TITLE = "Service credits"
TEMPLATE = "reports/pdf/credits.html"

OUTSTANDING = [
    CreditStatement.State.OWED,
    CreditStatement.State.CLAIMED,
    CreditStatement.State.ACKNOWLEDGED,
    CreditStatement.State.DISPUTED,
]


def _statement(statement: CreditStatement) -> dict[str, Any]:
    return {
        "id": statement.pk,
        "month": f"{statement.month:%Y-%m}",
        "state": statement.state,
        "state_label": statement.get_state_display(),
        "uptime_percent": decimal_text(statement.uptime_percent),
        "target_percent": decimal_text(statement.target_percent),
        "availability_credit_percent": decimal_text(statement.availability_credit_percent),
        "ticket_credit_percent": decimal_text(statement.ticket_credit_percent),
        "credit_percent": decimal_text(statement.credit_percent),
        "monthly_fee": decimal_text(statement.monthly_fee),
        "credit_amount": decimal_text(statement.credit_amount),
        "currency": statement.currency,
        "lines": [dict(line) for line in statement.lines],
        "claim_deadline": statement.claim_deadline.isoformat(),
        "chronic_failure": statement.chronic_failure,
        "computed_at": instant_text(statement.computed_at),
        "invoice_reference": statement.invoice_reference,
    }


def _computed(period: ReportPeriod) -> dict[str, Any] | None:
    """The month's credit as the SLA arithmetic gives it now, when no statement exists yet."""
    credit = availability.month_availability(period.vendor_id, period.month, now=period.now).credit
    if credit is None:
        return None
    return {
        "id": None,
        "month": f"{period.month:%Y-%m}",
        "state": "computed",
        "state_label": "Computed for this report (no statement yet)",
        "availability_credit_percent": decimal_text(credit.availability_percent),
        "ticket_credit_percent": decimal_text(credit.ticket_percent),
        "credit_percent": decimal_text(credit.percent),
        "monthly_fee": decimal_text(credit.monthly_fee),
        "credit_amount": decimal_text(credit.amount),
        "currency": credit.currency,
        "lines": [line.as_json() for line in credit.lines],
        "claim_deadline": None,
        "chronic_failure": False,
        "computed_at": None,
        "invoice_reference": "",
    }


def build(period: ReportPeriod, built: dict[str, Any]) -> dict[str, Any]:
    statements = list(
        statement_list()
        .filter(vendor_id=period.vendor_id)
        .filter(Q(month=period.month) | Q(month__lt=period.month, state__in=OUTSTANDING))
        .order_by("-month")
    )
    this_month = next((s for s in statements if s.month == period.month), None)
    outstanding = [_statement(s) for s in statements if s.month != period.month]
    month = _statement(this_month) if this_month else _computed(period)
    currency = month["currency"] if month else (outstanding[0]["currency"] if outstanding else "")
    return {
        "month": month,
        "outstanding": outstanding,
        "outstanding_amount": decimal_text(sum((s.credit_amount for s in statements if s.month != period.month), 0)),
        "currency": currency,
    }

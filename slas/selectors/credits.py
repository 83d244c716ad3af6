"""Reads on credit statements shared by the hospital pages, the vendor portal and the API.
Vendor users see a statement once it is claimed or owes nothing (``CreditStatement.vendor_visible_q``)."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from slas.models import CreditStatement, CreditStatementEvent

State = CreditStatement.State


def statement_list() -> QuerySet[CreditStatement]:
    return CreditStatement.objects.select_related("vendor", "agreement__contract")


def with_history(queryset: QuerySet[CreditStatement]) -> QuerySet[CreditStatement]:
    """Statements with their history (who did what, disputes and answers with their notes)."""
    events = CreditStatementEvent.objects.select_related("actor").order_by("at", "pk")
    return queryset.prefetch_related(Prefetch("events", queryset=events))


def statement_detail() -> QuerySet[CreditStatement]:
    return with_history(statement_list())


def claim_overdue(statement: CreditStatement, today: datetime.date | None = None) -> bool:
    """An owed credit not claimed by its deadline: many contracts forfeit it."""
    today = today or timezone.localdate()
    return statement.state == State.OWED and statement.claim_deadline < today


def overdue_q(today: datetime.date | None = None) -> Q:
    return Q(state=State.OWED, claim_deadline__lt=today or timezone.localdate())


def claims_coming_due(*, today: datetime.date, within_days: int) -> QuerySet[CreditStatement]:
    """Owed credits whose claim deadline falls in the next ``within_days`` days or has passed
    unclaimed, the earliest deadline first."""
    horizon = today + datetime.timedelta(days=within_days)
    return statement_list().filter(state=State.OWED, claim_deadline__lte=horizon).order_by("claim_deadline", "pk")


@dataclass(frozen=True)
class CreditsEarned:
    """What a vendor's statements of a run of months owed: months computed, credit against fees."""

    months: int
    credit_amount: Decimal
    monthly_fees: Decimal

    @property
    def percent_of_fees(self) -> Decimal | None:
        if not self.monthly_fees:
            return None
        return self.credit_amount / self.monthly_fees * 100


def credits_earned(vendor_id: int, first_month: datetime.date, end_month: datetime.date) -> CreditsEarned:
    """Service credits of the vendor's statements from ``first_month`` up to ``end_month``
    (excluded), whatever the claim's state: what the SLA owed, not what was claimed. One query."""
    row = CreditStatement.objects.filter(vendor_id=vendor_id, month__gte=first_month, month__lt=end_month).aggregate(
        months=Count("pk"), amount=Sum("credit_amount"), fees=Sum("monthly_fee")
    )
    return CreditsEarned(row["months"], row["amount"] or Decimal(0), row["fees"] or Decimal(0))

# Django discovers an app's models in ``<app>.models``: this package re-exports its modules' model
# classes (and their choices) so ``from slas.models import Incident`` keeps working. The one place in
# the project where ``__init__.py`` holds code (docs/architecture.md).
from slas.models.agreements import (
    Agreement,
    AgreementTarget,
    DegradedCounting,
    EscalationRule,
    Metric,
    Severity,
    SupportTier,
)
from slas.models.calendars import BusinessCalendar, CalendarWindow, Holiday
from slas.models.credits import CreditBand, CreditStatement, CreditStatementEvent, TicketCreditRule
from slas.models.incidents import FollowUpAction, Impact, Incident, IncidentComment, IncidentReview
from slas.models.maintenance import FeedToken, MaintenanceWindow

__all__ = [
    "Agreement",
    "AgreementTarget",
    "BusinessCalendar",
    "CalendarWindow",
    "CreditBand",
    "CreditStatement",
    "CreditStatementEvent",
    "DegradedCounting",
    "EscalationRule",
    "FeedToken",
    "FollowUpAction",
    "Holiday",
    "Impact",
    "Incident",
    "IncidentComment",
    "IncidentReview",
    "MaintenanceWindow",
    "Metric",
    "Severity",
    "SupportTier",
    "TicketCreditRule",
]

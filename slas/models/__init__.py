from slas.models.agreements import Agreement, AgreementTarget, EscalationRule, Metric, Severity
from slas.models.calendars import BusinessCalendar, CalendarWindow, Holiday

__all__ = [
    "Agreement",
    "AgreementTarget",
    "BusinessCalendar",
    "CalendarWindow",
    "EscalationRule",
    "Holiday",
    "Metric",
    "Severity",
]

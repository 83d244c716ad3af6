from core.audit import register_audited
from slas.models import (
    Agreement,
    AgreementTarget,
    BusinessCalendar,
    CalendarWindow,
    CreditBand,
    CreditStatement,
    EscalationRule,
    FollowUpAction,
    Holiday,
    Incident,
    IncidentReview,
    MaintenanceWindow,
    TicketCreditRule,
)

for model in (
    BusinessCalendar,
    CalendarWindow,
    Holiday,
    Agreement,
    AgreementTarget,
    EscalationRule,
    CreditBand,
    TicketCreditRule,
    Incident,
    IncidentReview,
    FollowUpAction,
    MaintenanceWindow,
):
    register_audited(model)
# The statement's reasons are recomputed as a whole; its history shows the figures, not the JSON.
register_audited(CreditStatement, exclude=("lines",))
